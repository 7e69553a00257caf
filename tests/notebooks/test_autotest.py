"""nbgrader's AUTOTEST fixtures: the tests generated in the sandbox are nbgrader's own, and every
submission pair scores what nbgrader scores.

Expected scores: ``nbgrader/tests/apps/test_nbgrader_autograde.py`` of nbgrader 0.9.6 states them for
the simple (0/1 unchanged, 1/1 changed), hashed (0/1, 1/1) and multi (0/4, 3/4) pairs. It states none
for the hidden pairs nor per-cell scores; those are derived from nbgrader's code and the notebooks
(see each case). test-no-metadata-autotest.ipynb is refused by nbgrader (AUTOTEST in a cell that is
not graded) and is refused here.
"""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grading.execution import make_limits
from notebooks import ErrorCode, NotebookError, make_learner_version, read_notebook, read_source
from notebooks.autotest import (
    Directive,
    instantiate_autotests,
    parse_cell,
    render_instantiated,
    uses_autotest,
)
from notebooks.autotest_config import parse_autotests
from notebooks.pipeline import grade_submission
from notebooks.read import read_notebook as read_any
from notebooks.schema import upgrade_metadata
from notebooks.validate import source_problems
from tests.notebooks.conftest import nbgrader_path

FILES = "tests/apps/files"
YML = nbgrader_path(f"{FILES}/autotests.yml").read_bytes()
LIMITS = make_limits(cell_timeout_s=20, notebook_timeout_s=120)

# (source, submission) → (score, max_score, per-cell scores by grade id)
PAIRS = {
    # nbgrader's test_grade_autotest
    ("simple", "unchanged"): (0, 1, {"test_simple": 0}),
    ("simple", "changed"): (1, 1, {"test_simple": 1}),
    # nbgrader's test_grade_hashed_autotest
    ("hashed", "unchanged"): (0, 1, {"test_hashed": 0}),
    ("hashed", "changed"): (1, 1, {"test_hashed": 1}),
    # nbgrader's test_grade_complex_autotest (totals); per cell derived: d is a dict of the wrong
    # keys and e a list instead of a tuple, so only the "common types" cell fails
    ("multi", "unchanged"): (
        0,
        4,
        {
            "test_multi": 0,
            "cell-f2803ba7c42d03ab": 0,
            "cell-693350420ec62f1b": 0,
            "cell-13479eb0e5fff152": 0,
        },
    ),
    ("multi", "changed"): (
        3,
        4,
        {
            "test_multi": 1,
            "cell-f2803ba7c42d03ab": 1,
            "cell-693350420ec62f1b": 0,
            "cell-13479eb0e5fff152": 1,
        },
    ),
    # not stated by nbgrader; derived: the unchanged answer raises NotImplementedError, the right
    # one passes the hidden value tests, the wrong one (a = 7, …) has the right types only, so it
    # fails the hidden value tests
    ("hidden", "unchanged"): (0, 1, {"test_hidden": 0}),
    ("hidden", "changed-right"): (1, 1, {"test_hidden": 1}),
    ("hidden", "changed-wrong"): (0, 1, {"test_hidden": 0}),
}


def fixture(name: str) -> nbformat.NotebookNode:
    return read_any(nbgrader_path(f"{FILES}/{name}.ipynb").read_bytes())


def raw_source(name: str) -> nbformat.NotebookNode:
    return upgrade_metadata(fixture(f"autotest-{name}"))


@pytest.fixture(scope="module")
def execute():
    from grading.execution import get_executor

    def run(nb, limits):
        return get_executor().execute(nb, limits).notebook

    return run


@pytest.fixture(scope="module")
def instantiated(execute):
    """Each fixture source with its tests generated once, in the sandbox, from nbgrader's yml."""
    made = {}
    for name in ("simple", "hashed", "multi", "hidden"):
        nb = raw_source(name)
        templates = parse_autotests(YML, nb.metadata.kernelspec.name)
        made[name] = instantiate_autotests(nb, templates, execute, LIMITS)
    return made


def test_sources_with_directives_are_not_gradable_as_they_are() -> None:
    """Is a source whose directives were never turned into tests refused (they would be comments,
    and their tests would always pass)?"""
    nb = raw_source("simple")
    codes = [problem.code for problem in source_problems(nb)]
    assert codes == [ErrorCode.AUTOTEST_NOT_INSTANTIATED]
    assert source_problems(nb, expect_autotests=True) == []


def test_directives_outside_test_cells_are_refused_as_nbgrader_does() -> None:
    """nbgrader refuses test-no-metadata-autotest.ipynb (AUTOTEST in cells that are not graded):
    is it refused here, naming both cells?"""
    nb = upgrade_metadata(fixture("test-no-metadata-autotest"))
    problems = source_problems(nb, expect_autotests=True)
    outside = [p.params["cell_number"] for p in problems if p.code == "autotest_outside_test_cell"]
    assert outside == [6, 12]


def test_directive_lines_are_found_by_nbgraders_rule() -> None:
    """Every spelling in nbgrader's fixtures (spacing, several '#', trailing blanks) is a directive;
    a line of code that mentions AUTOTEST is not."""
    cell = new_code_cell(
        '### AUTOTEST a; str(a); a == "5";\n#AUTOTEST a\n# # # # HASHED AUTOTEST a   \n'
        "x = 'AUTOTEST'\n## AUTOTEST"
    )
    items = parse_cell(cell, 3)
    directives = [item for item in items if isinstance(item, Directive)]
    assert [[s.code for s in d.snippets] for d in directives] == [
        ["a", "str(a)", 'a == "5"'],
        ["a"],
        ["a"],
        [],
    ]
    assert [d.hashed for d in directives] == [False, False, True, False]
    assert "x = 'AUTOTEST'" in items


def test_salts_come_from_the_cell_so_the_same_notebook_gives_the_same_tests() -> None:
    """nbgrader 0.9.6 derives salts from the cell's source and index: stable for one notebook,
    different in another cell, one more for each hashed snippet."""
    cell = new_code_cell("### HASHED AUTOTEST a; b\n### HASHED AUTOTEST c")

    def salts(index: int) -> list[str]:
        items = parse_cell(cell, index)
        return [s.salt for item in items if isinstance(item, Directive) for s in item.snippets]

    first = salts(2)
    assert first == salts(2)
    assert first != salts(3)
    assert [int(salt, 16) for salt in first] == [int(first[0], 16) + n for n in range(3)]


def test_the_pure_step_writes_nbgraders_lines() -> None:
    """From given dispatch choices and values: setup once per cell before the first directive,
    one assertion per test, a blank line after each snippet, the success code last, and a failure
    message's double quotes escaped."""
    templates = parse_autotests(YML, "python3")
    test = new_code_cell(
        '# check\n### AUTOTEST s\nprint("between")\n### AUTOTEST n',
        metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t", "points": 1}},
    )
    nb = new_notebook(cells=[new_markdown_cell("intro"), test])
    chosen = {(1, 1, 0): templates.tests_for("str"), (1, 3, 0): templates.tests_for("int")}
    values = {((1, 1, 0), i): v for i, v in enumerate(["<class 'str'>", "2", 'a"', 'a"'])}
    values |= {((1, 3, 0), i): v for i, v in enumerate(["<class 'int'>", "7"])}
    source = render_instantiated(nb, templates, chosen, values).cells[1].source
    lines = source.split("\n")
    assert lines[:2] == ["# check", templates.setup]
    assert lines[2] == (
        'assert str(type(s)) == "<class \'str\'>", "type of s is not str. s should be an str"'
    )
    assert lines[6:8] == ["", 'print("between")']
    assert lines[8] == (
        'assert str(type(n)) == "<class \'int\'>", "type of n is not int. Please make sure it '
        'is int and not np.int64, etc. You can cast your value into an int using int()"'
    )
    assert lines[9:] == [
        'assert str(n) == "7", "value of n is not correct"',
        "",
        "print('Success!')",
    ]
    assert lines.count(templates.setup) == 1


def test_hashed_directives_need_a_hash_template_before_anything_runs() -> None:
    """A yml without 'hash' and a HASHED directive: refused, and no kernel is asked for."""
    text = YML.decode().replace(
        """    hash: 'sha1({{snippet}}.encode("utf-8")+b"{{salt}}").hexdigest()'\n""", ""
    )
    templates = parse_autotests(text, "python3")
    assert templates.hash is None

    def no_kernel(nb, limits):
        raise AssertionError("nothing may run")

    with pytest.raises(NotebookError) as caught:
        instantiate_autotests(raw_source("hashed"), templates, no_kernel, LIMITS)
    assert caught.value.code == ErrorCode.AUTOTEST_HASH_MISSING
    assert caught.value.params == {"cell_number": 3, "section": "python3"}


@pytest.mark.kernel
@pytest.mark.parametrize("name", ["simple", "multi"])
def test_generated_tests_are_the_ones_nbgrader_generated(instantiated, name: str) -> None:
    """The released fixtures hold nbgrader's generated test cells: are ours the same, line for line?
    (Hashed ones used random salts in the nbgrader that made the fixtures, so they cannot match.)"""
    released = fixture(f"autotest-{name}-changed")
    theirs = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in released.cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }
    ours = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in instantiated[name].cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }
    assert theirs
    assert ours == theirs
    assert not uses_autotest(instantiated[name])


@pytest.mark.kernel
def test_hidden_autotests_never_reach_learners(instantiated, execute) -> None:
    """The learner version shows nbgrader's released visible tests and nothing of the hidden ones;
    the feedback of a submission failing them names no hidden test."""
    learner = make_learner_version(instantiated["hidden"])
    test_cell = next(c for c in learner.cells if c.metadata.get("nbgrader", {}).get("grade"))
    released = fixture("autotest-hidden-unchanged")
    released_cell = next(c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade"))
    assert test_cell.source.strip() == released_cell.source.strip()
    text = nbformat.writes(learner)
    source_cell = next(
        c for c in instantiated["hidden"].cells if c.metadata.get("nbgrader", {}).get("grade")
    )
    hidden_line = 'assert str(a) == "5", "value of a is not correct"'
    assert hidden_line in source_cell.source
    assert hidden_line not in text
    assert "HIDDEN" not in text

    result = grade_submission(
        instantiated["hidden"],
        fixture("autotest-hidden-changed-wrong"),
        execute,
        LIMITS,
        language="en",
    )
    assert result.report.score == 0
    assert "value of a is not correct" not in result.feedback_html
    assert "str(a)" not in result.feedback_html


@pytest.mark.kernel
@pytest.mark.parametrize(("pair", "expected"), PAIRS.items(), ids=["-".join(p) for p in PAIRS])
def test_each_pair_scores_what_nbgrader_scores(instantiated, execute, pair, expected) -> None:
    source_name, submission_name = pair
    score, max_score, per_cell = expected
    submission = fixture(f"autotest-{source_name}-{submission_name}")
    result = grade_submission(instantiated[source_name], submission, execute, LIMITS)
    report = result.report
    assert (report.score, report.max_score) == (score, max_score)
    assert report.needs_manual_grade is False
    assert {cell.grade_id: cell.score for cell in report.cells} == per_cell


@pytest.mark.kernel
def test_the_generated_source_is_a_valid_source(instantiated) -> None:
    """Written out and read back, the generated source passes every check as an ordinary one."""
    for nb in instantiated.values():
        again = read_source(nbformat.writes(nb))
        assert again.cells == copy.deepcopy(nb).cells


@pytest.mark.kernel
def test_a_snippet_that_raises_is_refused_naming_the_cell(execute) -> None:
    nb = raw_source("simple")
    nb.cells[2].source = "### AUTOTEST a\n### AUTOTEST undefined_name + 1"
    templates = parse_autotests(YML, "python3")
    with pytest.raises(NotebookError) as caught:
        instantiate_autotests(nb, templates, execute, LIMITS)
    error = caught.value
    assert error.code == ErrorCode.AUTOTEST_RUN_FAILED
    assert error.params["cell_number"] == 3
    assert "undefined_name" in error.params["statement"]
    assert error.params["error"].startswith("NameError")


@pytest.mark.kernel
def test_a_failing_solution_is_refused_too(execute) -> None:
    """nbgrader runs the whole source while generating; an error anywhere stops it."""
    nb = raw_source("simple")
    nb.cells[1].source = "a = 5\nb = c_is_missing"
    with pytest.raises(NotebookError) as caught:
        instantiate_autotests(nb, parse_autotests(YML, "python3"), execute, LIMITS)
    assert caught.value.params["cell_number"] == 2
    assert caught.value.params["error"].startswith("NameError")


def test_a_notebook_without_directives_is_returned_as_it_is() -> None:
    nb = read_notebook(nbgrader_path(f"{FILES}/test.ipynb").read_bytes())

    def no_kernel(nb, limits):
        raise AssertionError("nothing may run")

    assert instantiate_autotests(nb, parse_autotests(YML, "python3"), no_kernel, LIMITS) is nb
