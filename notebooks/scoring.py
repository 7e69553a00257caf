"""Scores of an executed submission by nbgrader's rules, judged against the trainer's source.

Points, grade ids, which cells are tests and which tests are hidden all come from the source; the
executed notebook only supplies outputs, the executor's per-cell status and the learner's answers.
The details of a hidden test's failure are never put in a report: a hidden test reports only its
status, score and the trainer's hint. Nor is the error text of a test that ran after hidden tests
(or that arrived after its cell had finished): learner code runs in the same kernel and can read the
hidden tests' code and messages while they call it, then write them, encoded as it likes, into a
later error. "Run tests" runs no hidden test, so it shows every visible error in full.
"""

from __future__ import annotations

import builtins
import copy
import dataclasses

from nbformat import NotebookNode

from notebooks import cells, outputs
from notebooks.regions import HIDDEN_TESTS, hint_lines, outside_region
from notebooks.release import answer_stub_source
from notebooks.report import CellError, CellScore, ScoreReport, Status

DEAD_KERNEL = "DeadKernelError"
_BUILTIN_EXCEPTIONS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)


def collect_scores(
    source_nb: NotebookNode, executed_nb: NotebookNode, *, visible_only: bool = False
) -> ScoreReport:
    """Score every grade and task cell of ``source_nb`` from its executed counterpart.

    ``visible_only`` is for a practice run prepared without hidden tests: tests that consist only of
    hidden tests are left out, and the others report their errors since only visible code ran.
    """
    executed = {
        grade_id: cell
        for cell in executed_nb.cells
        if (grade_id := cells.grade_id(cell)) is not None
    }
    scores = []
    hidden_ran = False  # cells run in notebook order, so every later cell ran after them
    for grade_id, source_cell in cells.graded_cells(source_nb):
        ran = executed.get(grade_id)
        if cells.is_manual(source_cell):
            scores.append(_manual_score(grade_id, source_cell, ran))
            continue
        text = cells.source_text(source_cell)
        visible_text = outside_region(text, HIDDEN_TESTS)
        hidden = visible_text != text
        if visible_only and hidden and not visible_text.strip():
            continue
        late = ran is not None and bool(cells.manabi_meta(ran).get("late_error"))
        show_error = visible_only or not (hidden_ran or late)
        score = _test_score(grade_id, source_cell, ran, show_error=show_error)
        if hidden and not visible_only:
            score = _without_details(score)
            hidden_ran = True
        scores.append(score)
    return ScoreReport(cells=tuple(scores), visible_only=visible_only)


def _manual_score(grade_id: str, source_cell: NotebookNode, ran: NotebookNode | None) -> CellScore:
    max_score = cells.points(source_cell)
    if cells.is_task(source_cell) or ran is None:
        return CellScore(grade_id, "manual", "manual", 0.0, max_score, needs_manual_grade=True)
    # nbgrader: an answer whose checksum equals the learner version's was not answered: zero,
    # no manual grading needed. The checksum is taken with the source's metadata and cell type.
    released = copy.deepcopy(source_cell)
    released.source = answer_stub_source(source_cell)
    answered = copy.deepcopy(source_cell)
    answered.source = cells.source_text(ran)
    if cells.compute_checksum(answered) == cells.compute_checksum(released):
        return CellScore(grade_id, "manual", "unanswered", 0.0, max_score)
    return CellScore(grade_id, "manual", "manual", 0.0, max_score, needs_manual_grade=True)


def _test_score(
    grade_id: str, source_cell: NotebookNode, ran: NotebookNode | None, *, show_error: bool
) -> CellScore:
    """``show_error``: whether the error's text (which learner code can write) may be shown."""
    max_score = cells.points(source_cell)
    hint = _hint(source_cell)

    def result(status: Status, score: float = 0.0, error: CellError | None = None) -> CellScore:
        return CellScore(
            grade_id,
            "autograded",
            status,
            score,
            max_score,
            hint=hint,
            error=error,
            duration_ms=_duration(ran),
        )

    if ran is None:
        return result("not_run")
    executor_status = cells.manabi_meta(ran).get("status")
    if executor_status == "not_run":
        return result("not_run")
    if executor_status == "kernel_died":
        message = "The kernel stopped while running this cell (it may have run out of memory)."
        return result("error", error=CellError(DEAD_KERNEL, message))
    failure = outputs.first_failure(ran)
    if executor_status == "timeout" or (failure and failure.name == "CellTimeoutError"):
        return result("timeout")
    if failure is not None:
        status: Status = "failed" if failure.name in ("AssertionError", "") else "error"
        if not show_error:
            return dataclasses.replace(result(status, error=_withheld(failure)), withheld=True)
        return result(status, error=_error(failure))
    if executor_status == "error":
        # The kernel reported an error but no traceback reached the outputs (a learner can
        # disable IPython's traceback display); nbgrader scores this zero as well.
        return result("error", error=CellError("Error", "The test raised an error (no traceback)."))
    partial = outputs.partial_credit(ran, max_score)
    score = max_score if partial is None else partial
    return result("passed" if score >= max_score else "failed", score)


def _without_details(score: CellScore) -> CellScore:
    """A hidden test: whether it passed, ran out of time or did not run, its score and the hint.

    Those three say nothing of the test's code; an error's name or message could, so it becomes "failed".
    """
    status: Status = score.status if score.status in ("passed", "timeout", "not_run") else "failed"
    return dataclasses.replace(score, status=status, hidden=True, error=None, withheld=False)


def _hint(source_cell: NotebookNode) -> str | None:
    parts = []
    hint = cells.manabi_meta(source_cell).get("hint")
    if isinstance(hint, str) and hint.strip():
        parts.append(hint.strip())
    parts.extend(hint_lines(cells.source_text(source_cell)))
    return "\n".join(parts) or None


def _duration(ran: NotebookNode | None) -> int | None:
    value = cells.manabi_meta(ran).get("duration_ms") if ran is not None else None
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _withheld(failure: outputs.Failure) -> CellError | None:
    """Only the name, and only a built-in exception's: learner code chooses it (a few bits at most)."""
    return CellError(failure.name, "") if failure.name in _BUILTIN_EXCEPTIONS else None


def _error(failure: outputs.Failure) -> CellError:
    return CellError(
        outputs.shorten(failure.name, 200),
        outputs.shorten(failure.message),
        outputs.short_traceback(failure.traceback),
    )
