"""Preparing a submission: only the learner's answers are taken; everything else is the source's."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import pytest
from nbformat import NotebookNode

from notebooks import (
    SUBMISSION_STEPS,
    VISIBLE_TEST_STEPS,
    ErrorCode,
    NotebookError,
    SubmissionNotice,
    make_learner_version,
    prepare_submission,
    prepare_visible_test_run,
    prepare_with_notices,
    read_notebook,
    read_source,
)
from notebooks.cells import grade_id
from notebooks.submission import insert_answers, strip_hidden_tests
from tests.notebooks.conftest import nbgrader_path

Load = Callable[[str], NotebookNode]


def by_id(nb: NotebookNode) -> dict[str, NotebookNode]:
    return {grade_id(cell): cell for cell in nb.cells if grade_id(cell)}


def non_answer_cells(nb: NotebookNode) -> list[tuple[str, str, str]]:
    """(type, source, metadata) of every cell that is not an answer, to compare with the source."""
    return [
        (cell.cell_type, cell.source, json.dumps(cell.metadata, sort_keys=True))
        for cell in nb.cells
        if not cell.metadata.get("nbgrader", {}).get("solution")
    ]


def test_answers_come_from_the_learner(squares_source: NotebookNode, scenario: Load) -> None:
    """Are the answer cells the learner's text, in the source's cell and order?"""
    prepared = prepare_submission(squares_source, scenario("squares-correct.ipynb"))
    cells = by_id(prepared)
    assert 'raise ValueError("too small")' in cells["squares"].source
    assert cells["total"].source == "def total(n):\n    return sum(squares(n))"
    assert cells["explain"].source == "Quadratic growth."
    assert [cell.id for cell in prepared.cells] == [cell.id for cell in squares_source.cells]


@pytest.mark.parametrize(
    "name",
    [
        "squares-correct.ipynb",
        "locked-cell-edited.ipynb",
        "test-cell-edited.ipynb",
        "forged-test-cell.ipynb",
        "fake-outputs.ipynb",
        "answer-cell-deleted.ipynb",
        "answer-cell-type-changed.ipynb",
    ],
)
def test_everything_but_answers_is_the_source(
    squares_source: NotebookNode, scenario: Load, name: str
) -> None:
    """Whatever the learner did, are all non-answer cells (locked cells, tests with hidden tests,
    points, metadata, task cells) exactly the trainer's, and the notebook metadata too?"""
    prepared = prepare_submission(squares_source, scenario(name))
    expected = [
        (kind, source, meta)
        for kind, source, meta in non_answer_cells(squares_source)
        if kind != "code"
    ]
    assert [cell for cell in non_answer_cells(prepared) if cell[0] != "code"] == expected
    source_code = [cell for cell in squares_source.cells if cell.cell_type == "code"]
    prepared_code = [cell for cell in prepared.cells if cell.cell_type == "code"]
    for ours, theirs in zip(prepared_code, source_code, strict=True):
        if not theirs.metadata.get("nbgrader", {}).get("solution"):
            assert ours.source == theirs.source
            assert ours.metadata == theirs.metadata
    assert prepared.metadata == squares_source.metadata


def test_locked_cell_edits_are_undone(squares_source: NotebookNode, scenario: Load) -> None:
    """Is a locked cell the learner edited (to define squares there) restored?"""
    prepared = prepare_submission(squares_source, scenario("locked-cell-edited.ipynb"))
    assert by_id(prepared)["setup"].source == "import math\nLIMIT = 10"


def test_hidden_tests_are_put_back_and_points_restored(
    squares_source: NotebookNode, scenario: Load
) -> None:
    """Does an emptied test with 50 points come back with its hidden tests and 2 points?"""
    prepared = prepare_submission(squares_source, scenario("test-cell-edited.ipynb"))
    cell = by_id(prepared)["test_squares_hidden"]
    assert "### BEGIN HIDDEN TESTS" in cell.source
    assert "SECRET-7f3a" in cell.source
    assert cell.metadata.nbgrader["points"] == 2


def test_forged_cells_are_ignored(squares_source: NotebookNode, scenario: Load) -> None:
    """Are an extra 100-point grade cell and an answer-marked copy of a test id both dropped?"""
    prepared = prepare_submission(squares_source, scenario("forged-test-cell.ipynb"))
    assert "bonus" not in by_id(prepared)
    assert len(prepared.cells) == len(squares_source.cells)
    assert by_id(prepared)["test_total"].source == "assert total(3) == 14"
    assert "free points" not in json.dumps(prepared)


def test_learner_outputs_and_statuses_are_dropped(
    squares_source: NotebookNode, scenario: Load
) -> None:
    """Are the learner's fake outputs, execution counts and executor statuses all gone?"""
    submitted = scenario("fake-outputs.ipynb")
    assert any(cell.get("outputs") for cell in submitted.cells)
    prepared = prepare_submission(squares_source, submitted)
    for cell in prepared.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
        assert "manabi" not in cell.metadata or "status" not in cell.metadata["manabi"]
    assert "trainer output" not in json.dumps(prepared)


def test_a_deleted_answer_gets_the_stub_not_the_solution(
    squares_source: NotebookNode, scenario: Load
) -> None:
    """Is a deleted answer re-added as the learner version's stub, never the trainer's solution,
    and are deleted locked and test cells re-added in the source's order?"""
    prepared, notices = prepare_with_notices(squares_source, scenario("answer-cell-deleted.ipynb"))
    cells = by_id(prepared)
    assert (
        cells["total"].source
        == "def total(n):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    assert "sum(squares(n))" not in json.dumps(prepared)
    assert list(by_id(prepared)) == list(by_id(squares_source))
    assert SubmissionNotice("answer_missing", "total") in notices


def test_an_answer_whose_type_changed_is_changed_back(
    squares_source: NotebookNode, scenario: Load
) -> None:
    """Does a code answer turned into markdown become code again, with the learner's text?"""
    prepared, notices = prepare_with_notices(
        squares_source, scenario("answer-cell-type-changed.ipynb")
    )
    cell = by_id(prepared)["total"]
    assert cell.cell_type == "code"
    assert cell.source == "def total(n):\n    return sum(squares(n))"
    assert cell.outputs == []
    assert notices == (SubmissionNotice("answer_type_changed", "total"),)


def test_nbgraders_type_changed_submission() -> None:
    """Does nbgrader's own fixture (a code answer saved as markdown) get its code type back?"""
    source = read_source(nbgrader_path("tests/apps/files/submitted-unchanged.ipynb").read_bytes())
    path = "tests/preprocessors/files/submitted-answer-cell-type-changed.ipynb"
    submitted = read_notebook(nbgrader_path(path).read_bytes())
    cell = by_id(prepare_submission(source, submitted))["set_a"]
    assert cell.cell_type == "code"
    assert cell.source == "# YOUR CODE HERE\nraise NotImplementedError()"


def test_duplicated_answers_take_the_last(squares_source: NotebookNode) -> None:
    """When the learner duplicated an answer cell, is the last copy used (nbgrader's rule)?"""
    learner = make_learner_version(squares_source)
    first, second = copy.deepcopy(by_id(learner)["total"]), copy.deepcopy(by_id(learner)["total"])
    first.source, second.source = "first = 1", "second = 2"
    learner.cells.extend([first, second])
    prepared, notices = prepare_with_notices(squares_source, learner)
    assert by_id(prepared)["total"].source == "second = 2"
    assert SubmissionNotice("answer_duplicated", "total") in notices


def test_learner_metadata_junk_is_survived(squares_source: NotebookNode) -> None:
    """Do junk nbgrader metadata values in the learner's file (not a dict, numbers as ids) not
    break preparation?"""
    learner = make_learner_version(squares_source)
    learner.cells[0].metadata["nbgrader"] = "junk"
    learner.cells[2].metadata["nbgrader"] = {"grade_id": 12, "solution": "yes"}
    learner.metadata["kernelspec"] = {"name": "evil", "display_name": "x", "language": "bash"}
    prepared = prepare_submission(squares_source, learner)
    assert prepared.metadata == squares_source.metadata


def test_a_notebook_of_another_exercise_is_refused(
    squares_source: NotebookNode, scenario: Load
) -> None:
    """Is a notebook sharing no grade id with the exercise refused with a clear error?"""
    with pytest.raises(NotebookError) as caught:
        prepare_submission(squares_source, scenario("other-exercise.ipynb"))
    assert caught.value.code == ErrorCode.WRONG_EXERCISE


def test_a_notebook_sharing_only_a_test_id_is_still_another_exercise(
    squares_source: NotebookNode, scenario: Load
) -> None:
    """Is a file refused when its only shared grade id is a test cell's (ids like test_1 recur
    across exercises), though it holds none of this exercise's answer cells?"""
    other = scenario("other-exercise.ipynb")
    test_ids = [
        grade_id(cell)
        for cell in squares_source.cells
        if grade_id(cell)
        and cell.metadata["nbgrader"].get("grade")
        and not cell.metadata["nbgrader"].get("solution")
    ]
    assert test_ids
    borrowed = copy.deepcopy(next(c for c in squares_source.cells if grade_id(c) == test_ids[0]))
    other.cells.append(borrowed)
    with pytest.raises(NotebookError) as caught:
        prepare_submission(squares_source, other)
    assert caught.value.code == ErrorCode.WRONG_EXERCISE


def test_visible_test_run_has_no_hidden_tests(squares_source: NotebookNode, scenario: Load) -> None:
    """Does the "Run tests" notebook keep visible tests but contain no hidden test or mark scheme?"""
    prepared = prepare_visible_test_run(squares_source, scenario("squares-correct.ipynb"))
    text = json.dumps(prepared)
    assert "SECRET-7f3a" not in text
    assert "HIDDEN TESTS" not in text
    assert "MARK SCHEME" not in text
    assert by_id(prepared)["test_squares_hidden"].source == "assert squares(2) == [1, 4]"
    assert 'raise ValueError("too small")' in by_id(prepared)["squares"].source


def test_step_order() -> None:
    """Is the practice run the submission steps plus stripping hidden tests, after the answers
    are in (so no answer cell can bring hidden tests back)?"""
    assert VISIBLE_TEST_STEPS[: len(SUBMISSION_STEPS)] == SUBMISSION_STEPS
    assert VISIBLE_TEST_STEPS[-1] is strip_hidden_tests
    assert VISIBLE_TEST_STEPS.index(insert_answers) < VISIBLE_TEST_STEPS.index(strip_hidden_tests)
    assert strip_hidden_tests not in SUBMISSION_STEPS


def test_inputs_are_not_changed(squares_source: NotebookNode, scenario: Load) -> None:
    """Are the source and the submitted notebooks left unchanged?"""
    submitted = scenario("forged-test-cell.ipynb")
    before = json.dumps([squares_source, submitted], sort_keys=True)
    prepare_submission(squares_source, submitted)
    assert json.dumps([squares_source, submitted], sort_keys=True) == before
