"""AUTOTEST notebooks through ``grade_notebook`` and ``validate_notebook``: real processes, the real
sandbox, nbgrader's fixtures with the autotests.yml beside them (nbgrader's course directory).

Expected scores are nbgrader 0.9.6's (``test_nbgrader_autograde.py``: simple 0/1 and 1/1, hashed
0/1 and 1/1, multi 0/4 and 3/4); nbgrader states none for the hidden pairs, so those are derived
from its code: the unchanged answer raises, the right one passes, the wrong one (right types,
wrong values) fails the hidden value tests.
"""

from __future__ import annotations

import shutil

import pytest

from tests.grading.test_commands import NBGRADER, json_lines, manage

pytestmark = pytest.mark.kernel

FILES = NBGRADER / "tests" / "apps" / "files"
EXPECTED = {
    "simple": {"unchanged": 0, "changed": 1},
    "hashed": {"unchanged": 0, "changed": 1},
    "multi": {"unchanged": 0, "changed": 3},
    "hidden": {"unchanged": 0, "changed-right": 1, "changed-wrong": 0},
}
MAX_SCORES = {"simple": 1, "hashed": 1, "multi": 4, "hidden": 1}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_grade_notebook_scores_every_autotest_pair_as_nbgrader(name: str) -> None:
    submissions = [str(FILES / f"autotest-{name}-{kind}.ipynb") for kind in EXPECTED[name]]
    result = manage("grade_notebook", str(FILES / f"autotest-{name}.ipynb"), *submissions)
    assert result.returncode == 0, result.stderr
    lines = json_lines(result.stdout)
    assert [line["submission"] for line in lines] == submissions
    assert [line["score"] for line in lines] == list(EXPECTED[name].values())
    assert {line["max_score"] for line in lines} == {MAX_SCORES[name]}
    assert {line["needs_manual_grade"] for line in lines} == {False}
    assert {line["status"] for line in lines} == {"graded"}


def test_without_a_yml_beside_it_nbgraders_shipped_one_is_used(tmp_path) -> None:
    """The source alone in a folder: the autotests.yml nbgrader ships generates the tests."""
    shutil.copy(FILES / "autotest-multi.ipynb", tmp_path / "source.ipynb")
    result = manage(
        "grade_notebook",
        str(tmp_path / "source.ipynb"),
        str(FILES / "autotest-multi-unchanged.ipynb"),
        str(FILES / "autotest-multi-changed.ipynb"),
    )
    assert result.returncode == 0, result.stderr
    assert [line["score"] for line in json_lines(result.stdout)] == [0, 3]


def test_the_autotests_option_wins_and_a_bad_file_stops_before_grading(tmp_path) -> None:
    """--autotests names the yml; a bad one is one clear line on stderr and exit 2, no grade."""
    bad = tmp_path / "bad.yml"
    bad.write_text("python3:\n  dispatch: 'type({{snippet}})'\n")
    result = manage(
        "grade_notebook",
        str(FILES / "autotest-simple.ipynb"),
        str(FILES / "autotest-simple-changed.ipynb"),
        "--autotests",
        str(bad),
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"error: {FILES / 'autotest-simple.ipynb'}: autotests.yml's 'python3' section has no "
        "'normalize', which AUTOTEST needs."
    ]
    missing = manage(
        "grade_notebook",
        str(FILES / "autotest-simple.ipynb"),
        str(FILES / "autotest-simple-changed.ipynb"),
        "--autotests",
        str(tmp_path / "nowhere.yml"),
    )
    assert missing.returncode == 2
    assert "nowhere.yml: cannot read the file" in missing.stderr


def test_validate_notebook_generates_then_runs_the_reference(tmp_path) -> None:
    result = manage("validate_notebook", str(FILES / "autotest-hidden.ipynb"), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"autotest_snippets": 6' in result.stdout
    assert '"passed": true' in result.stdout


def test_validate_notebook_refuses_a_snippet_that_raises(tmp_path) -> None:
    source = (
        (FILES / "autotest-simple.ipynb")
        .read_text()
        .replace("### AUTOTEST c", "### AUTOTEST c[10]")
    )
    (tmp_path / "source.ipynb").write_text(source)
    shutil.copy(FILES / "autotests.yml", tmp_path / "autotests.yml")
    result = manage("validate_notebook", str(tmp_path / "source.ipynb"))
    assert result.returncode != 0
    assert "AUTOTEST" in result.stdout
    assert "IndexError" in result.stdout
    assert "NOT publishable" in result.stdout
