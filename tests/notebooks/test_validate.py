"""Validating a trainer's source notebook: nbgrader's rules, its failing fixtures, and ours."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from notebooks import ErrorCode, NotebookError, read_source, source_problems, upgrade_metadata
from tests.notebooks.conftest import nbgrader_path, scenario_path

NBGRADER_FAILING = {
    "tests/preprocessors/files/blank-grade-id.ipynb": ErrorCode.BLANK_GRADE_ID,
    "tests/preprocessors/files/blank-points.ipynb": ErrorCode.MISSING_POINTS,
    "tests/preprocessors/files/duplicate-grade-ids.ipynb": ErrorCode.DUPLICATE_GRADE_ID,
    "tests/preprocessors/files/bad-markdown-cell-1.ipynb": ErrorCode.MARKDOWN_GRADE_NOT_SOLUTION,
    "tests/preprocessors/files/bad-markdown-cell-2.ipynb": ErrorCode.MARKDOWN_SOLUTION_NOT_GRADED,
    "tests/apps/files/too-new.ipynb": ErrorCode.SCHEMA_TOO_NEW,
    "tests/apps/files/test-v0-invalid.ipynb": ErrorCode.MISSING_GRADE_ID,
    "tests/apps/files/test-no-metadata.ipynb": ErrorCode.REGION_IN_WRONG_CELL,
    "tests/apps/files/autotest-simple.ipynb": ErrorCode.AUTOTEST_NOT_INSTANTIATED,
}
NBGRADER_VALID = [
    "tests/preprocessors/files/test.ipynb",
    "tests/preprocessors/files/test_taskcell.ipynb",
    "tests/preprocessors/files/manually-graded-code-cell.ipynb",
    "tests/preprocessors/files/no-cell-type.ipynb",
    "tests/apps/files/test.ipynb",
    "tests/apps/files/test-hidden-tests.ipynb",
    "tests/apps/files/submitted-unchanged.ipynb",
    "tests/apps/files/validation-zero-points.ipynb",
    "user_guide/source/ps1/problem1.ipynb",
    "user_guide/source/ps1/problem2.ipynb",
]


def grade(grade_id: object = "t1", points: object = 1, cell_type: str = "code", **flags: object):
    meta = {"grade": True, "solution": False, "locked": False, "schema_version": 3}
    meta.update(grade_id=grade_id, points=points, **flags)
    make = {"code": new_code_cell, "markdown": new_markdown_cell, "raw": new_raw_cell}[cell_type]
    return make("assert True", metadata={"nbgrader": meta})


def answer(grade_id: str = "a1", source: str = "x = 1", cell_type: str = "code", **flags: object):
    meta = {"grade": False, "solution": True, "locked": False, "schema_version": 3}
    meta.update(grade_id=grade_id, **flags)
    make = new_code_cell if cell_type == "code" else new_markdown_cell
    return make(source, metadata={"nbgrader": meta})


def problems(*cells: NotebookNode, language: str = "python") -> list[NotebookError]:
    kernelspec = {"name": "k", "display_name": "K", "language": language}
    nb = new_notebook(cells=list(cells), metadata={"kernelspec": kernelspec})
    return source_problems(upgrade_metadata(nb))


def codes(*cells: NotebookNode) -> list[ErrorCode]:
    return [problem.code for problem in problems(*cells)]


@pytest.mark.parametrize(("path", "code"), NBGRADER_FAILING.items(), ids=list(NBGRADER_FAILING))
def test_nbgrader_failing_fixtures_get_their_specific_error(path: str, code: ErrorCode) -> None:
    """Does each of nbgrader's invalid notebooks fail with the error it was written to show?"""
    with pytest.raises(NotebookError) as caught:
        read_source(nbgrader_path(path).read_bytes())
    assert caught.value.code == code
    assert caught.value.message


@pytest.mark.parametrize("path", NBGRADER_VALID)
def test_nbgrader_valid_fixtures_pass(path: str) -> None:
    """Do nbgrader's valid source notebooks read and validate unchanged?"""
    nb = read_source(nbgrader_path(path).read_bytes())
    assert nb.nbformat == 4


def test_the_squares_exercise_is_valid() -> None:
    """Is our own scenario source notebook valid?"""
    nb = read_source(scenario_path("squares-source.ipynb").read_bytes())
    assert len(nb.cells) == 10


@pytest.mark.parametrize("version", ["test-v0.ipynb", "test-v1.ipynb", "test-v2.ipynb"])
def test_old_schema_versions_upgrade_like_nbgrader_update(version: str) -> None:
    """Do schema 0, 1 and 2 notebooks upgrade to the same roles and points as schema 3?"""
    old = read_source(nbgrader_path(f"tests/apps/files/{version}").read_bytes())
    current = read_source(nbgrader_path("tests/apps/files/test.ipynb").read_bytes())

    def roles(nb: NotebookNode) -> list[dict]:
        keep = ("grade", "solution", "locked", "grade_id", "points", "schema_version")
        return [
            {key: cell.metadata["nbgrader"].get(key) for key in keep}
            if "nbgrader" in cell.metadata
            else None
            for cell in nb.cells
        ]

    assert roles(old) == roles(current)


def test_schema_0_points_become_floats_and_negative_points_zero() -> None:
    """Does a schema 0 grade cell get float points, "" as 0 and a negative value as 0?"""
    cells = [grade(f"g{index}", points=value) for index, value in enumerate(["2.5", "", -3])]
    for cell in cells:
        del cell.metadata["nbgrader"]["schema_version"]
    nb = upgrade_metadata(new_notebook(cells=cells))
    assert [cell.metadata["nbgrader"]["points"] for cell in nb.cells] == [2.5, 0.0, 0.0]
    assert {cell.metadata["nbgrader"]["schema_version"] for cell in nb.cells} == {3}


def test_schema_0_cells_without_a_role_lose_their_metadata() -> None:
    """Does a schema 0 cell with every flag false stop being an nbgrader cell?"""
    cell = new_code_cell("x", metadata={"nbgrader": {"grade": False, "solution": False}})
    assert "nbgrader" not in upgrade_metadata(new_notebook(cells=[cell])).cells[0].metadata


def test_upgrading_leaves_the_input_alone_and_drops_unknown_keys() -> None:
    """Is the input notebook unchanged, and are keys unknown to schema 3 dropped?"""
    cell = grade(comment="a grader's note", score=1)
    nb = new_notebook(cells=[cell])
    before = json.dumps(nb, sort_keys=True)
    upgraded = upgrade_metadata(nb)
    assert json.dumps(nb, sort_keys=True) == before
    assert "comment" not in upgraded.cells[0].metadata["nbgrader"]


@pytest.mark.parametrize(
    ("meta", "detail"),
    [
        ("not an object", "'nbgrader' must be an object"),
        ({"schema_version": "3", "grade": True}, "schema_version"),
        ({"schema_version": 3, "grade": "yes"}, "'grade' must be true or false"),
        ({"schema_version": 3, "solution": True, "grade_id": 7}, "grade_id must be text"),
    ],
)
def test_badly_typed_metadata(meta: object, detail: str) -> None:
    """Do wrongly typed metadata values get "invalid metadata" naming the field?"""
    nb = new_notebook(cells=[new_code_cell("x", metadata={"nbgrader": meta})])
    with pytest.raises(NotebookError) as caught:
        upgrade_metadata(nb)
    assert caught.value.code == ErrorCode.INVALID_METADATA
    assert detail in caught.value.message
    assert caught.value.params["cell_number"] == 1


def test_grade_ids() -> None:
    """Are missing, blank, whitespace and badly formed grade ids refused, and good ones allowed?"""
    missing = grade()
    del missing.metadata["nbgrader"]["grade_id"]
    assert codes(missing) == [ErrorCode.MISSING_GRADE_ID]
    assert codes(grade("")) == [ErrorCode.BLANK_GRADE_ID]
    assert codes(grade("   ")) == [ErrorCode.BLANK_GRADE_ID]
    assert codes(grade("a b")) == [ErrorCode.INVALID_GRADE_ID]
    assert codes(grade('a"b')) == [ErrorCode.INVALID_GRADE_ID]
    assert codes(grade("<script>")) == [ErrorCode.INVALID_GRADE_ID]
    assert codes(grade("abc-ABC_0")) == []


def test_duplicate_grade_ids_name_both_cells() -> None:
    """Does a duplicate grade id report the grade id and both cell numbers?"""
    (problem,) = problems(answer("same"), new_markdown_cell("text"), grade("same"))
    assert problem.code == ErrorCode.DUPLICATE_GRADE_ID
    assert problem.params == {"grade_id": "same", "first_cell_number": 1, "cell_number": 3}


def test_points() -> None:
    """Are missing, null, negative, textual, boolean and infinite points refused; 0 allowed?"""
    no_points = grade()
    del no_points.metadata["nbgrader"]["points"]
    assert codes(no_points) == [ErrorCode.MISSING_POINTS]
    assert codes(grade(points=None)) == [ErrorCode.MISSING_POINTS]
    assert codes(grade(points=-1)) == [ErrorCode.NEGATIVE_POINTS]
    assert codes(grade(points="1")) == [ErrorCode.INVALID_POINTS]
    assert codes(grade(points=True)) == [ErrorCode.INVALID_POINTS]
    assert codes(grade(points=float("inf"))) == [ErrorCode.INVALID_POINTS]
    assert codes(grade(points=0)) == []
    assert codes(grade(points=2.5)) == []


def test_cell_types() -> None:
    """Are raw nbgrader cells, markdown grade-only or solution-only cells and code task cells
    refused, while code and markdown manual answers are allowed?"""
    assert codes(grade(cell_type="raw")) == [ErrorCode.WRONG_CELL_TYPE]
    assert codes(grade(cell_type="markdown")) == [ErrorCode.MARKDOWN_GRADE_NOT_SOLUTION]
    assert codes(answer(cell_type="markdown")) == [ErrorCode.MARKDOWN_SOLUTION_NOT_GRADED]
    assert codes(grade(cell_type="code", task=True, grade=False)) == [ErrorCode.TASK_NOT_MARKDOWN]
    assert codes(grade(cell_type="markdown", solution=True)) == []
    assert codes(grade(cell_type="code", solution=True)) == []
    assert codes(grade(cell_type="markdown", task=True, grade=False, locked=True)) == []


def test_task_cells_need_points() -> None:
    """Does a task cell without points get "missing points"?"""
    task = grade(cell_type="markdown", task=True, grade=False)
    del task.metadata["nbgrader"]["points"]
    assert codes(task) == [ErrorCode.MISSING_POINTS]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (answer(source="### BEGIN SOLUTION\nx = 1"), ErrorCode.UNCLOSED_REGION),
        (
            answer(source="### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"),
            ErrorCode.NESTED_REGION,
        ),
        (
            new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
            ErrorCode.REGION_IN_WRONG_CELL,
        ),
        (
            answer(source="### BEGIN HIDDEN TESTS\nassert x\n### END HIDDEN TESTS"),
            ErrorCode.REGION_IN_WRONG_CELL,
        ),
        (new_markdown_cell("=== BEGIN MARK SCHEME ===\nsecret"), ErrorCode.REGION_IN_WRONG_CELL),
    ],
    ids=["unclosed", "nested", "solution-outside", "hidden-outside", "mark-scheme-outside"],
)
def test_markers(cell: NotebookNode, code: ErrorCode) -> None:
    """Are unclosed or nested regions and regions in the wrong kind of cell refused?"""
    assert codes(cell) == [code]


def test_hidden_tests_in_a_grade_cell_are_fine() -> None:
    """Is a graded test cell with a closed hidden region valid?"""
    cell = grade()
    cell.source = "assert True\n### BEGIN HIDDEN TESTS\nassert 1 == 1\n### END HIDDEN TESTS"
    assert codes(cell) == []


def test_only_python_notebooks() -> None:
    """Is a notebook for another kernel language refused (our stubs and kernels are Python)?"""
    (problem,) = problems(answer(), language="R")
    assert problem.code == ErrorCode.UNSUPPORTED_LANGUAGE


def test_source_problems_lists_every_problem_in_order() -> None:
    """Does a notebook with several problems report all of them, for a validation report?"""
    found = codes(grade(""), grade("ok", points=-1), answer("ok"), grade("x", cell_type="raw"))
    assert found == [
        ErrorCode.BLANK_GRADE_ID,
        ErrorCode.NEGATIVE_POINTS,
        ErrorCode.DUPLICATE_GRADE_ID,
        ErrorCode.WRONG_CELL_TYPE,
    ]


def test_read_source_raises_the_first_problem() -> None:
    """Does read_source raise the first problem of an invalid source file?"""
    nb = new_notebook(cells=[grade(""), grade("ok", points=-1)])
    with pytest.raises(NotebookError) as caught:
        read_source(nbformat.writes(nb))
    assert caught.value.code == ErrorCode.BLANK_GRADE_ID
