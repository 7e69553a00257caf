"""``grade_notebook`` and ``validate_notebook`` as a trainer runs them: real processes, real sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from grading.sources import notebook_with_answers, read_valid_source
from tests.grading.factories import DEMO_NOTEBOOKS, FIXTURES, PROJECT

pytestmark = pytest.mark.kernel

NBGRADER = PROJECT.parent / "shared" / "fixtures" / "nbgrader"
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "PYTHONWARNINGS": "ignore"}


def manage(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd or PROJECT,
        timeout=600,
    )


def json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def basics_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("basics")
    source_path = DEMO_NOTEBOOKS / "python-basics.ipynb"
    source = read_valid_source(source_path.read_bytes())
    answers = {
        "right": {"unique_sorted": "def unique_sorted(n):\n    return sorted(set(n))"},
        "loop": {"average_wait": "def average_wait(t):\n    while True:\n        pass"},
        "dies": {"wait_label": "import os\nos._exit(1)"},
    }
    files = {"source": source_path}
    for name, answer in answers.items():
        files[name] = folder / f"{name}.ipynb"
        files[name].write_bytes(notebook_with_answers(source, answer))
    return files


def test_json_line_per_submission_in_order(basics_files, tmp_path) -> None:
    """One JSON object per submission, in the order given; a timeout and a dead kernel exit 0."""
    order = ["dies", "right", "loop"]
    result = manage(
        "grade_notebook",
        str(basics_files["source"]),
        *[str(basics_files[name]) for name in order],
        "--timeout",
        "2",
        "--feedback-dir",
        str(tmp_path / "feedback"),
    )
    assert result.returncode == 0, result.stderr
    lines = json_lines(result.stdout)
    assert [line["submission"] for line in lines] == [str(basics_files[n]) for n in order]
    for line in lines:
        assert set(line) == {
            "submission",
            "score",
            "max_score",
            "needs_manual_grade",
            "status",
            "cells",
        }
        assert line["max_score"] == 5.0
        assert line["needs_manual_grade"] is False
        assert [set(cell) for cell in line["cells"]] == [
            {"grade_id", "score", "max_score", "status"}
        ] * 3
    dies, right, loop = lines
    assert dies["score"] == 0.0
    # The kernel died in an answer cell, before any test: none of them ran (a status that tells
    # nothing of the hidden tests' code, so it is kept for them too).
    assert {cell["status"] for cell in dies["cells"]} == {"not_run"}
    assert dies["status"] == "graded"
    assert right["score"] == 1.0  # only unique_sorted was answered
    assert right["status"] == "graded"
    assert loop["status"] == "timed_out"
    assert loop["cells"][1] == {
        "grade_id": "test_average_wait",
        "score": 0.0,
        "max_score": 2.0,
        # A test with hidden parts never reports its error, but a timeout says nothing of its code.
        "status": "timeout",
    }
    pages = sorted(p.name for p in (tmp_path / "feedback").iterdir())
    assert pages == ["dies.html", "loop.html", "right.html"]
    page = (tmp_path / "feedback" / "right.html").read_text()
    assert "test_unique_sorted" in page
    assert "assert unique_sorted([5, 5, 5])" not in page
    assert page.startswith('<!DOCTYPE html>\n<html lang="ja">')  # the default language


def test_feedback_pages_are_in_the_language_asked_for(basics_files, tmp_path) -> None:
    """``--language en``: is the page marked English, like the feedback in it?"""
    result = manage(
        "grade_notebook",
        str(basics_files["source"]),
        str(basics_files["right"]),
        "--feedback-dir",
        str(tmp_path),
        "--language",
        "en",
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "right.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert 'class="manabi-feedback" lang="en"' in page


BAD_INPUTS = {
    "missing": None,
    "not-json.ipynb": b"this is not json",
    "nbformat3.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(),
    "junk.ipynb": bytes(range(256)),
    "other-exercise.ipynb": (DEMO_NOTEBOOKS / "small-regression.ipynb").read_bytes(),
    # valid JSON with a lone surrogate escaped in it: the sandbox failed on one in a cell (exit 1,
    # and the worker retried it to the end) instead of the file being refused
    "lone-surrogate.ipynb": (DEMO_NOTEBOOKS / "python-basics.ipynb")
    .read_text(encoding="utf-8")
    .replace("raise NotImplementedError()", 'raise NotImplementedError(\\"\\ud800\\")', 1)
    .encode(),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_file_exits_2_with_one_line(name, basics_files, tmp_path) -> None:
    """An unreadable or invalid submission: exit 2, one line on stderr, no traceback, no output."""
    path = tmp_path / name
    if BAD_INPUTS[name] is not None:
        path.write_bytes(BAD_INPUTS[name])
    result = manage(
        "grade_notebook", str(basics_files["source"]), str(basics_files["right"]), str(path)
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("bad", [["--timeout", "0"], ["--timeout", "nan"], ["--timeout", "inf"],
                                 ["--feedback-dir", "FILE"], ["--feedback-dir", "/proc/no/such"]])  # fmt: skip
def test_bad_options_exit_2_with_one_line(bad, basics_files) -> None:
    """A nonsense time limit or a feedback directory that cannot be made: exit 2, one line, no
    traceback, nothing graded."""
    bad = [str(basics_files["source"]) if arg == "FILE" else arg for arg in bad]
    result = manage("grade_notebook", str(basics_files["source"]), str(basics_files["right"]), *bad)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_source_exits_2(tmp_path, basics_files) -> None:
    source = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("assert True")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": ""}
    source.cells.append(cell)
    path = tmp_path / "blank-id.ipynb"
    path.write_text(nbformat.writes(source))
    result = manage("grade_notebook", str(path), str(basics_files["right"]))
    assert result.returncode == 2
    assert "grade id" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_nbgrader_pair_scores_like_nbgrader() -> None:
    """The CLI (workers' pipeline, sandbox) gives nbgrader 0.9.6's scores on every fixture pair."""
    expected = json.loads((NBGRADER / "expected.json").read_text())
    groups: dict[tuple, list[str]] = defaultdict(list)
    for name, pair in expected.items():
        groups[(pair["source"], pair["timeout_s"])].append(name)
    for (source, timeout), names in groups.items():
        args = ["grade_notebook", str(NBGRADER / source)]
        args += [str(NBGRADER / expected[name]["submission"]) for name in names]
        if timeout:
            args += ["--timeout", str(timeout)]
        result = manage(*args)
        assert result.returncode == 0, result.stderr
        for name, line in zip(names, json_lines(result.stdout), strict=True):
            want = expected[name]
            assert line["score"] == pytest.approx(want["score"]), name
            assert line["max_score"] == pytest.approx(want["max_score"]), name
            assert line["needs_manual_grade"] is want["needs_manual_grade"], name
            got = {cell["grade_id"]: (cell["score"], cell["max_score"]) for cell in line["cells"]}
            assert got == {gid: tuple(values) for gid, values in want["cells"].items()}, name


def test_validate_notebook_passes_a_good_source() -> None:
    result = manage("validate_notebook", str(DEMO_NOTEBOOKS / "numpy-statistics.ipynb"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout
    assert "5 / 5" in result.stdout


def test_validate_notebook_refuses_a_wrong_reference_solution() -> None:
    """The reference solution must score full marks: a wrong one is reported with its error."""
    result = manage("validate_notebook", str(FIXTURES / "broken-solution-source.ipynb"), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["passed"] is False
    failure = report["reference"]["failures"][0]
    assert failure["grade_id"] == "test_triple"
    assert "AssertionError" in failure["error"]


def test_validate_notebook_unreadable(tmp_path) -> None:
    path = tmp_path / "v3.ipynb"
    path.write_bytes(BAD_INPUTS["nbformat3.ipynb"])
    result = manage("validate_notebook", str(path))
    assert result.returncode == 2
    assert "nbformat 3" in result.stdout + result.stderr
