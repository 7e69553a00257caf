"""Build the notebook that is executed for a submission, trusting only the learner's answers.

The result is the trainer's source notebook (so every locked cell, test, hidden test, point value,
grade id, notebook metadata and kernelspec comes from the trainer) with each answer cell's source
replaced by the learner's answer of the same grade id. Everything else in the learner's file, cell
metadata and outputs included, is ignored; extra or forged cells are dropped. An answer missing
from the submission gets the learner version's stub (never the trainer's solution).

Like nbgrader, an answer whose cell type the learner changed is put back to the source's type with
the learner's text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nbformat import NotebookNode

from notebooks import cells
from notebooks.errors import ErrorCode, NotebookError
from notebooks.regions import HIDDEN_TESTS, MARK_SCHEME, replace_region
from notebooks.release import answer_stub_source
from notebooks.steps import Step, map_cells, run_steps, without_outputs


@dataclass(frozen=True)
class SubmissionNotice:
    """Something about the learner's file worth telling them; it never changes how it is graded.

    ``code`` is one of ``answer_missing``, ``answer_type_changed``, ``answer_duplicated``.
    """

    code: str
    grade_id: str


@dataclass(frozen=True)
class SubmissionContext:
    submitted: NotebookNode
    notices: tuple[SubmissionNotice, ...] = ()


def check_same_exercise(
    nb: NotebookNode, context: SubmissionContext
) -> tuple[NotebookNode, SubmissionContext]:
    """Refuse a notebook of another exercise: it holds none of the source's answer cells.

    Answer cells are what a learner's file is for; test ids such as ``test_1`` recur across exercises,
    so they alone do not make a file this exercise's. A source without answer cells needs any shared id.
    """
    answer_ids = {cells.grade_id(cell) for cell in nb.cells if cells.is_solution(cell)} - {None}
    source_ids = answer_ids or {cells.grade_id(cell) for cell in nb.cells} - {None}
    if source_ids and not source_ids & set(_learner_cells_by_id(context.submitted)):
        raise NotebookError(ErrorCode.WRONG_EXERCISE)
    return nb, context


def clear_outputs(
    nb: NotebookNode, context: SubmissionContext
) -> tuple[NotebookNode, SubmissionContext]:
    return map_cells(nb, without_outputs), context


def insert_answers(
    nb: NotebookNode, context: SubmissionContext
) -> tuple[NotebookNode, SubmissionContext]:
    """Each answer cell gets the learner's text (matched by grade id) or the stub."""
    learner_cells = _learner_cells_by_id(context.submitted)
    notices: list[SubmissionNotice] = []

    def answer(cell: NotebookNode) -> NotebookNode:
        grade_id = cells.grade_id(cell)
        if not cells.is_solution(cell) or grade_id is None:
            return cell
        matches = learner_cells.get(grade_id, [])
        if not matches:
            notices.append(SubmissionNotice("answer_missing", grade_id))
            cell.source = answer_stub_source(cell)
            return cell
        if len(matches) > 1:
            notices.append(SubmissionNotice("answer_duplicated", grade_id))
        # nbgrader keeps the last of cells sharing a grade id (DeduplicateIds).
        learner_cell = matches[-1]
        if learner_cell.get("cell_type") != cell.cell_type:
            notices.append(SubmissionNotice("answer_type_changed", grade_id))
        cell.source = cells.source_text(learner_cell)
        return cell

    result = map_cells(nb, answer)
    return result, dataclasses.replace(context, notices=context.notices + tuple(notices))


def strip_hidden_tests(
    nb: NotebookNode, context: SubmissionContext
) -> tuple[NotebookNode, SubmissionContext]:
    """For a practice run: only the tests a learner can see (and no mark schemes)."""

    def strip(cell: NotebookNode) -> NotebookNode:
        source = cells.source_text(cell)
        source = replace_region(source, HIDDEN_TESTS, None)[0]
        cell.source = replace_region(source, MARK_SCHEME, None)[0]
        return cell

    return map_cells(nb, strip), context


SUBMISSION_STEPS: tuple[Step[SubmissionContext], ...] = (
    check_same_exercise,
    clear_outputs,
    insert_answers,
)
VISIBLE_TEST_STEPS: tuple[Step[SubmissionContext], ...] = (*SUBMISSION_STEPS, strip_hidden_tests)


def prepare_submission(source_nb: NotebookNode, submitted_nb: NotebookNode) -> NotebookNode:
    """The notebook to execute for grading: the source with the learner's answers in it."""
    return prepare_with_notices(source_nb, submitted_nb, SUBMISSION_STEPS)[0]


def prepare_visible_test_run(source_nb: NotebookNode, submitted_nb: NotebookNode) -> NotebookNode:
    """The notebook for the "Run tests" button: like a submission, without hidden tests."""
    return prepare_with_notices(source_nb, submitted_nb, VISIBLE_TEST_STEPS)[0]


def prepare_with_notices(
    source_nb: NotebookNode,
    submitted_nb: NotebookNode,
    steps: tuple[Step[SubmissionContext], ...] = SUBMISSION_STEPS,
) -> tuple[NotebookNode, tuple[SubmissionNotice, ...]]:
    """Run submission ``steps``; also return the notices about the learner's file."""
    nb, context = run_steps(steps, source_nb, SubmissionContext(submitted=submitted_nb))
    return nb, context.notices


def _learner_cells_by_id(submitted: NotebookNode) -> dict[str, list[Mapping[str, Any]]]:
    """Learner cells by the grade id in their (untrusted) metadata; other fields are not read."""
    by_id: dict[str, list[Mapping[str, Any]]] = {}
    for cell in submitted.get("cells", []):
        if isinstance(cell, Mapping) and (grade_id := cells.grade_id(cell)) is not None:
            by_id.setdefault(grade_id, []).append(cell)
    return by_id
