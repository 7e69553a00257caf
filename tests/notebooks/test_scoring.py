"""Scoring by nbgrader's rules, on executed notebooks written out as an executor returns them.

These tests fix the outputs by hand to pin each rule down exactly; test_pipeline.py and
test_nbgrader_compat.py run the same rules on notebooks a real kernel executed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_output

from notebooks import CELL_STATUSES, CellScore, ScoreReport, collect_scores, prepare_submission
from notebooks.cells import grade_id
from notebooks.report import CellError

Load = Callable[[str], NotebookNode]
ANSI_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mAssertionError\x1b[0m                    Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 2\x1b[0m\n\x1b[0;32m----> 2\x1b[0m \x1b[38;5;28;01massert\x1b[39;00m x",
    "\x1b[0;31mAssertionError\x1b[0m: wrong",
]


@pytest.fixture
def prepared(squares_source: NotebookNode, scenario: Load) -> NotebookNode:
    return prepare_submission(squares_source, scenario("squares-correct.ipynb"))


def ran(nb: NotebookNode, **per_cell: tuple[str, list]) -> NotebookNode:
    """The notebook as an executor returns it: every code cell "ok" and empty unless given."""
    executed = copy.deepcopy(nb)
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        status, outputs = per_cell.get(grade_id(cell) or "", ("ok", []))
        cell.outputs = outputs
        cell.metadata["manabi"] = {"status": status, "duration_ms": 12}
    return executed


def error(ename: str, evalue: str, traceback: list[str] | None = None) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=traceback or [])


def result(text: object) -> NotebookNode:
    return new_output("execute_result", data={"text/plain": text}, execution_count=1)


def cell_scores(report: ScoreReport) -> dict[str, CellScore]:
    return {cell.grade_id: cell for cell in report.cells}


def test_all_passing(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """Do passing tests get full points, and does the report hold every grade and task cell?"""
    report = collect_scores(squares_source, ran(prepared))
    scores = cell_scores(report)
    assert list(scores) == [
        "test_squares_visible",
        "test_squares_hidden",
        "test_total",
        "explain",
        "reflection",
    ]
    assert scores["test_total"] == CellScore(
        "test_total", "autograded", "passed", 1.0, 1.0, hint=None, duration_ms=12
    )
    assert (report.score, report.max_score, report.needs_manual_grade) == (4.0, 7.0, True)


def test_an_assertion_error_fails_and_another_error_errors(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Is AssertionError "failed" and NameError "error", both zero, with name and message?"""
    executed = ran(
        prepared,
        test_squares_visible=("error", [error("AssertionError", "wrong", ANSI_TRACEBACK)]),
        test_total=("error", [error("NameError", "name 'total' is not defined")]),
    )
    scores = cell_scores(collect_scores(squares_source, executed))
    visible = scores["test_squares_visible"]
    assert (visible.status, visible.score) == ("failed", 0.0)
    assert visible.error is not None
    assert (visible.error.name, visible.error.message) == ("AssertionError", "wrong")
    assert "\x1b" not in visible.error.traceback
    assert "----> 2 assert x" in visible.error.traceback
    # test_total runs after a hidden test, so a practice run shows its message.
    practice = cell_scores(collect_scores(squares_source, executed, visible_only=True))
    assert scores["test_total"].status == practice["test_total"].status == "error"
    assert practice["test_total"].error == CellError("NameError", "name 'total' is not defined")


def test_stderr_output_scores_zero(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """Does a test that writes to stderr (a warning, say) score zero, as in nbgrader?"""
    stderr = new_output("stream", name="stderr", text="UserWarning: careful\n")
    executed = ran(prepared, test_squares_visible=("ok", [stderr]))
    visible = cell_scores(collect_scores(squares_source, executed))["test_squares_visible"]
    assert (visible.status, visible.score) == ("failed", 0.0)
    assert visible.error == CellError("", "UserWarning: careful", "")


def test_stdout_does_not_matter(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """Does printing to stdout keep full points?"""
    stdout = new_output("stream", name="stdout", text="Success!\n")
    total = cell_scores(collect_scores(squares_source, ran(prepared, test_total=("ok", [stdout]))))
    assert total["test_total"].score == 1.0


@pytest.mark.parametrize(
    ("output", "score", "status"),
    [
        (result("0.5"), 0.5, "failed"),
        (result(["0.25"]), 0.25, "failed"),
        (result("1.0"), 1.0, "passed"),
        (result("0"), 0.0, "failed"),
        (result("7"), 1.0, "passed"),
        (result("-1"), 1.0, "passed"),
        (result("'some text'"), 1.0, "passed"),
        (result(["1", "2"]), 1.0, "passed"),
        (result("nan"), 1.0, "passed"),
    ],
    ids=["half", "list", "full", "zero", "capped", "negative", "text", "two-lines", "nan"],
)
def test_partial_credit_from_a_numeric_result(
    squares_source: NotebookNode, prepared: NotebookNode, output, score: float, status: str
) -> None:
    """Does a test cell's numeric result give partial credit (capped to the points), and any
    other result full points, as nbgrader's get_partial_grade does?"""
    total = cell_scores(collect_scores(squares_source, ran(prepared, test_total=("ok", [output]))))
    assert (total["test_total"].score, total["test_total"].status) == (score, status)


def test_an_error_wins_over_a_result(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """Does an error anywhere in the outputs score zero, even after a full-credit result?"""
    outputs = [result("1.0"), error("ValueError", "late")]
    total = cell_scores(collect_scores(squares_source, ran(prepared, test_total=("ok", outputs))))
    assert total["test_total"].score == 0.0


def test_timeout_dead_kernel_and_not_run(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Are a timed-out test, the test during which the kernel died and tests never run all zero,
    with their own statuses?"""
    timeout = error("CellTimeoutError", "The cell did not finish within 2 s.")
    executed = ran(
        prepared,
        test_squares_visible=("timeout", [timeout]),
        test_squares_hidden=("kernel_died", []),
        test_total=("not_run", []),
    )
    scores = cell_scores(collect_scores(squares_source, executed))
    assert scores["test_squares_visible"].status == "timeout"
    assert scores["test_squares_hidden"].status == "failed"  # hidden: only "failed"
    assert scores["test_total"].status == "not_run"
    assert sum(scores[key].score for key in ("test_squares_visible", "test_total")) == 0.0
    assert scores["test_squares_hidden"].score == 0.0


def test_a_visible_test_during_a_kernel_death(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Does a visible test during which the kernel died report an error naming the dead kernel?"""
    executed = ran(prepared, test_total=("kernel_died", []))
    total = cell_scores(collect_scores(squares_source, executed))["test_total"]
    assert total.status == "error"
    assert total.error is not None
    assert total.error.name == "DeadKernelError"


def test_timeout_without_executor_status(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Is a CellTimeoutError output alone (an executor without statuses) a timeout?"""
    executed = ran(prepared, test_total=("ok", [error("CellTimeoutError", "")]))
    for cell in executed.cells:
        cell.metadata.pop("manabi", None)
    assert cell_scores(collect_scores(squares_source, executed))["test_total"].status == "timeout"


def test_an_error_status_without_output_scores_zero(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """When the learner hid tracebacks (no error output) but the kernel replied "error", is the
    test still zero?"""
    total = cell_scores(collect_scores(squares_source, ran(prepared, test_total=("error", []))))
    assert (total["test_total"].status, total["test_total"].score) == ("error", 0.0)


def test_missing_executed_cell_is_not_run(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """If the executed notebook lacks a test cell, is it "not_run" with zero?"""
    executed = ran(prepared)
    executed.cells = [cell for cell in executed.cells if grade_id(cell) != "test_total"]
    total = cell_scores(collect_scores(squares_source, executed))["test_total"]
    assert (total.status, total.score, total.max_score) == ("not_run", 0.0, 1.0)


def test_points_come_from_the_source(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """If the executed notebook claims other points, do the source's points still count?"""
    executed = ran(prepared)
    for cell in executed.cells:
        if "nbgrader" in cell.metadata:
            cell.metadata.nbgrader["points"] = 100
    assert collect_scores(squares_source, executed).max_score == 7.0


def test_manual_answers(squares_source: NotebookNode, scenario: Load) -> None:
    """Is an untouched manual answer zero with no manual grading needed (nbgrader's checksum rule),
    a written one pending manual grading, and a task cell always pending?"""
    unanswered = collect_scores(
        squares_source,
        ran(prepare_submission(squares_source, scenario("squares-unanswered.ipynb"))),
    )
    explain = cell_scores(unanswered)["explain"]
    assert (explain.status, explain.needs_manual_grade, explain.kind) == (
        "unanswered",
        False,
        "manual",
    )
    answered = cell_scores(
        collect_scores(
            squares_source,
            ran(prepare_submission(squares_source, scenario("squares-correct.ipynb"))),
        )
    )
    assert (answered["explain"].status, answered["explain"].needs_manual_grade) == ("manual", True)
    assert answered["reflection"].status == "manual"
    assert answered["reflection"].needs_manual_grade
    assert answered["reflection"].max_score == 1.0


def test_hidden_tests_report_nothing_but_failure_and_hint(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Does a failing hidden test carry no error name, message or traceback, only its hint?"""
    secret = error("AssertionError", "SECRET-7f3a: squares(0) must raise", ANSI_TRACEBACK)
    executed = ran(prepared, test_squares_hidden=("error", [secret]))
    report = collect_scores(squares_source, executed)
    hidden = cell_scores(report)["test_squares_hidden"]
    assert hidden.hidden
    assert hidden.error is None
    assert hidden.status == "failed"
    assert hidden.hint == "What should happen when n is 0 or negative?"
    assert "SECRET" not in repr(report.as_dict())


def test_hints_from_comment_lines(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """Is a "# HINT:" line outside hidden tests the visible test's hint?"""
    hints = {
        cell.grade_id: cell.hint for cell in collect_scores(squares_source, ran(prepared)).cells
    }
    assert hints["test_squares_visible"] == "squares(3) should be [1, 4, 9]."
    assert hints["test_total"] is None


def test_errors_after_hidden_tests_are_withheld(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Is the error text of a visible test that ran after a hidden test withheld (learner code could
    have copied the hidden test into it), while an earlier visible test's error is shown?"""
    executed = ran(
        prepared,
        test_squares_visible=("error", [error("AssertionError", "squares(3) is wrong")]),
        test_total=("error", [error("RuntimeError", "LEAK c3F1YXJlcygwKQ==")]),
    )
    scores = cell_scores(collect_scores(squares_source, executed))
    assert scores["test_squares_visible"].error == CellError(
        "AssertionError", "squares(3) is wrong"
    )
    total = scores["test_total"]
    # Only a built-in exception's name is kept; no message, no traceback.
    assert (total.status, total.withheld, total.hidden) == ("error", True, False)
    assert total.error == CellError("RuntimeError", "")


def test_an_error_that_arrives_after_its_cell_finished_is_withheld(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Is a late error (sent by learner code after its cell had finished, perhaps once hidden tests
    had run) withheld even for a visible test that ran before any hidden test?"""
    executed = ran(prepared, test_squares_visible=("error", [error("Forged", "c2VjcmV0")]))
    visible = next(c for c in executed.cells if grade_id(c) == "test_squares_visible")
    visible.metadata["manabi"]["late_error"] = True
    score = cell_scores(collect_scores(squares_source, executed))["test_squares_visible"]
    assert (score.status, score.error, score.withheld) == ("error", None, True)  # not built-in


def test_visible_only_reports(squares_source: NotebookNode, prepared: NotebookNode) -> None:
    """In a practice run, do visible parts of tests report their errors normally?"""
    failure = error("AssertionError", "squares(2) is wrong")
    executed = ran(prepared, test_squares_hidden=("error", [failure]))
    report = collect_scores(squares_source, executed, visible_only=True)
    partly_hidden = cell_scores(report)["test_squares_hidden"]
    assert report.visible_only
    assert not partly_hidden.hidden
    assert partly_hidden.error == CellError("AssertionError", "squares(2) is wrong", "")


def test_report_round_trips_through_json(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Does ScoreReport.as_dict()/from_dict() give the same report back?"""
    executed = ran(prepared, test_total=("error", [error("NameError", "x", ANSI_TRACEBACK)]))
    report = collect_scores(squares_source, executed)
    again = ScoreReport.from_dict(report.as_dict())
    assert again == report
    assert report.as_dict()["score"] == report.score
    assert {cell["status"] for cell in report.as_dict()["cells"]} <= set(CELL_STATUSES)


def test_a_hidden_or_withheld_score_cannot_carry_an_error() -> None:
    """Does building a hidden test's (or a withheld) score with error details fail loudly?"""
    with pytest.raises(ValueError, match="hidden"):
        CellScore("t", "autograded", "failed", 0, 1, hidden=True, error=CellError("E", "secret"))
    with pytest.raises(ValueError, match="withheld"):
        CellScore("t", "autograded", "failed", 0, 1, withheld=True, error=CellError("E", "secret"))
    assert CellScore(
        "t", "autograded", "error", 0, 1, withheld=True, error=CellError("NameError", "")
    )


def test_no_graded_cells() -> None:
    """Is a notebook without grade cells 0 out of 0, not needing manual grading?"""
    report = ScoreReport(cells=())
    assert (report.score, report.max_score, report.needs_manual_grade) == (0.0, 0.0, False)


def test_truncated_output_is_judged_on_what_is_left(
    squares_source: NotebookNode, prepared: NotebookNode
) -> None:
    """Is a test whose flood of output the executor truncated still passed when it raised nothing,
    and failed when an error survived the truncation?"""
    flood = new_output("stream", name="stdout", text="0\n1\n2\n… output truncated …\n")
    passed = ran(prepared, test_total=("output_truncated", [flood]))
    assert cell_scores(collect_scores(squares_source, passed))["test_total"].status == "passed"
    failed = ran(prepared, test_total=("output_truncated", [flood, error("ValueError", "boom")]))
    assert cell_scores(collect_scores(squares_source, failed))["test_total"].score == 0.0
