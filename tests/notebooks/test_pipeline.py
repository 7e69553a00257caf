"""The grading pipeline end to end, on scenario notebooks executed by a real kernel."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from nbformat import NotebookNode

from notebooks import (
    GRADING_STEPS,
    VISIBLE_TEST_RUN_STEPS,
    GradingResult,
    grade_submission,
    run_visible_tests,
)
from notebooks.pipeline import (
    collect_scores_step,
    execute_step,
    prepare_submission_step,
    prepare_visible_test_run_step,
    render_feedback_step,
)
from tests.notebooks.conftest import RunNotebook

Load = Callable[[str], NotebookNode]
TIMEOUT_S = 5.0


@pytest.fixture
def grade(
    squares_source: NotebookNode, scenario: Load, run_notebook: RunNotebook
) -> Callable[..., GradingResult]:
    """Grade a scenario notebook against the squares exercise with a real kernel."""

    def run(name: str, *, timeout_s: float = TIMEOUT_S, **kwargs: Any) -> GradingResult:
        grader = kwargs.pop("grader", grade_submission)
        return grader(squares_source, scenario(name), run_notebook, timeout_s, **kwargs)

    return run


def scores(result: GradingResult) -> dict[str, tuple[str, float]]:
    return {cell.grade_id: (cell.status, cell.score) for cell in result.report.cells}


def test_step_order_is_data() -> None:
    """Are the grading steps prepare → execute → collect scores → feedback, in that order (so
    protected cells are restored before anything runs)?"""
    assert (
        prepare_submission_step,
        execute_step,
        collect_scores_step,
        render_feedback_step,
    ) == GRADING_STEPS
    assert VISIBLE_TEST_RUN_STEPS[0] is prepare_visible_test_run_step
    assert VISIBLE_TEST_RUN_STEPS[1:] == GRADING_STEPS[1:]


@pytest.mark.kernel
def test_a_correct_submission(grade: Callable[..., GradingResult]) -> None:
    """Does a correct submission pass every test, leaving the manual answers pending?"""
    result = grade("squares-correct.ipynb")
    assert scores(result) == {
        "test_squares_visible": ("passed", 1.0),
        "test_squares_hidden": ("passed", 2.0),
        "test_total": ("passed", 1.0),
        "explain": ("manual", 0.0),
        "reflection": ("manual", 0.0),
    }
    assert (result.report.score, result.report.max_score) == (4.0, 7.0)
    assert result.report.needs_manual_grade
    assert "得点: 4 / 7" in result.feedback_html
    for cell in result.executed.cells:
        if cell.cell_type == "code":
            assert cell.metadata["manabi"]["status"] == "ok"


@pytest.mark.kernel
def test_a_failing_hidden_test_never_shows_its_secret(grade: Callable[..., GradingResult]) -> None:
    """When a hidden test fails with an assertion message holding a secret, do the report and the
    feedback say only that it failed (plus the hint), while the executed notebook has the error?"""
    result = grade("hidden-test-fails.ipynb", language="en")
    hidden = {cell.grade_id: cell for cell in result.report.cells}["test_squares_hidden"]
    assert (hidden.status, hidden.score, hidden.hidden, hidden.error) == ("failed", 0.0, True, None)
    assert "SECRET-7f3a" in json.dumps(result.executed)  # it really ran and failed
    for text in (result.feedback_html, json.dumps(result.report.as_dict())):
        assert "SECRET-7f3a" not in text
        assert "AssertionError" not in text
        assert "squares(0)" not in text
        assert "BEGIN HIDDEN" not in text
    assert "What should happen when n is 0 or negative?" in result.feedback_html
    assert scores(result)["test_squares_visible"] == ("passed", 1.0)


@pytest.mark.kernel
@pytest.mark.parametrize("name", ["leaks-hidden-tests.ipynb", "exfiltrates-hidden-tests.ipynb"])
def test_hidden_tests_read_by_learner_code_stay_out_of_the_feedback(
    grade: Callable[..., GradingResult], name: str
) -> None:
    """Learner code runs in the kernel while the hidden tests call it, so it can read their code and
    message; if it writes them, plainly or encoded (base64, reversed, in an exception's name), into a
    later visible test's error or stderr, does none of it reach the learner? And does "Run tests",
    which runs no hidden test, still show that visible test's error in full?"""
    result = grade(name, language="en")
    total = {cell.grade_id: cell for cell in result.report.cells}["test_total"]
    assert total.status in ("error", "failed")
    assert total.error is None or (total.error.message, total.error.traceback) == ("", "")
    assert total.withheld
    shown = result.feedback_html + json.dumps(result.report.as_dict())
    # Neither the secret nor anything the learner's code wrote (whatever its encoding) is shown.
    for text in ("SECRET-7f3a", "SECRET-7f3a"[::-1], "BEGIN HIDDEN", "LEAK", "Leak_"):
        assert text not in shown, text
    assert "Run tests" in result.feedback_html

    practice = grade(name, language="en", grader=run_visible_tests)
    visible_total = {cell.grade_id: cell for cell in practice.report.cells}["test_total"]
    assert visible_total.error is not None
    assert not visible_total.withheld


@pytest.mark.kernel
def test_edited_and_forged_cells_do_not_help(grade: Callable[..., GradingResult]) -> None:
    """Do an edited locked cell, an emptied test worth 50 points and a forged 100-point test all
    count for nothing: the source's tests run and catch the missing ValueError?"""
    for name in ("locked-cell-edited.ipynb", "test-cell-edited.ipynb", "forged-test-cell.ipynb"):
        result = grade(name)
        assert result.report.max_score == 7.0, name
        assert scores(result)["test_squares_hidden"] == ("failed", 0.0), name
        assert result.report.score == 2.0, name


@pytest.mark.kernel
def test_fake_outputs_are_not_believed(grade: Callable[..., GradingResult]) -> None:
    """Do a learner's pre-filled outputs and statuses count for nothing?"""
    result = grade("fake-outputs.ipynb")
    assert scores(result)["test_squares_visible"] == ("passed", 1.0)
    assert result.report.score == 4.0


@pytest.mark.kernel
def test_deleted_answer_scores_as_unanswered(grade: Callable[..., GradingResult]) -> None:
    """Does a deleted answer run the stub (NotImplementedError), so its test errors?"""
    result = grade("answer-cell-deleted.ipynb", language="en")
    total = {cell.grade_id: cell for cell in result.report.cells}["test_total"]
    assert (total.status, total.score) == ("error", 0.0)
    assert total.error is not None
    assert total.error.name == "NotImplementedError"  # its message is withheld: after hidden tests
    assert "The answer cell total was missing" in result.feedback_html


@pytest.mark.kernel
def test_infinite_loop_times_out(grade: Callable[..., GradingResult]) -> None:
    """Does an endless loop in an answer time out the test that calls it, score zero, and let the
    later cells run (nbgrader interrupts and carries on)?"""
    result = grade("infinite-loop.ipynb", timeout_s=1, language="en")
    assert scores(result)["test_squares_visible"] == ("timeout", 0.0)
    # The hidden test calls the endless function too: it times out as well (saying so reveals
    # nothing of its code), and execution still goes on to the last test.
    assert scores(result)["test_squares_hidden"] == ("timeout", 0.0)
    assert scores(result)["test_total"] == ("timeout", 0.0)
    assert "did not finish within the time limit" in result.feedback_html


@pytest.mark.kernel
def test_kernel_death_scores_the_rest_zero(grade: Callable[..., GradingResult]) -> None:
    """When an answer kills the kernel, do the tests before it keep their scores and the tests
    after it score zero as not run?"""
    result = grade("kernel-dies.ipynb", language="en")
    assert scores(result)["test_squares_visible"] == ("passed", 1.0)
    assert scores(result)["test_squares_hidden"] == ("passed", 2.0)
    assert scores(result)["test_total"] == ("not_run", 0.0)
    statuses = [cell.metadata.get("manabi", {}).get("status") for cell in result.executed.cells]
    assert "kernel_died" in statuses
    assert result.report.score == 3.0


@pytest.mark.kernel
def test_run_tests_button_uses_visible_tests_only(grade: Callable[..., GradingResult]) -> None:
    """Does a practice run of a submission that fails only the hidden test pass everything it
    runs, never executing the hidden test?"""
    result = grade("hidden-test-fails.ipynb", grader=run_visible_tests, language="en")
    assert result.report.visible_only
    assert scores(result)["test_squares_hidden"] == ("passed", 2.0)
    assert "SECRET-7f3a" not in json.dumps(result.executed)
    assert "visible tests only" in result.feedback_html


@pytest.mark.kernel
def test_the_learner_version_scores_zero(
    squares_source: NotebookNode, run_notebook: RunNotebook
) -> None:
    """Does the untouched learner version score zero without needing manual grading (except the
    task cell, which always does)?"""
    from notebooks import make_learner_version

    result = grade_submission(
        squares_source, make_learner_version(squares_source), run_notebook, TIMEOUT_S
    )
    assert result.report.score == 0.0
    pending = [cell.grade_id for cell in result.report.cells if cell.needs_manual_grade]
    assert pending == ["reflection"]


@pytest.mark.kernel
def test_the_reference_solution_scores_full_marks(
    squares_source: NotebookNode, run_notebook: RunNotebook
) -> None:
    """Does the trainer's own source, graded as a submission, pass every autograded test (the
    check the admin makes before publishing)?"""
    result = grade_submission(squares_source, squares_source, run_notebook, TIMEOUT_S)
    autograded = [cell for cell in result.report.cells if cell.kind == "autograded"]
    assert all(cell.status == "passed" for cell in autograded)
    assert sum(cell.score for cell in autograded) == 4.0


@pytest.mark.kernel
def test_control_characters_in_learner_errors_are_replaced(
    squares_source: NotebookNode, scenario: Load, run_notebook: RunNotebook
) -> None:
    """A learner's error text with NUL and other control characters (``ValueError("a\\x00b")``): the
    feedback page is valid HTML (no control characters may appear in it) and the report holds no NUL
    (PostgreSQL text and jsonb refuse it, so the grade could not be saved)."""
    submitted = scenario("squares-correct.ipynb")
    answer = next(
        c for c in submitted.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "squares"
    )
    answer.source = "def squares(n):\n    print('out\\x00put')\n    raise ValueError('nul\\x00 bell\\x07 c1\\x85 esc\\x1b end')\n"
    result = grade_submission(squares_source, submitted, run_notebook, TIMEOUT_S, language="en")
    visible = {cell.grade_id: cell for cell in result.report.cells}["test_squares_visible"]
    assert visible.status == "error"
    assert visible.error is not None
    assert visible.error.message == "nul\ufffd bell\ufffd c1\ufffd esc\ufffd end"
    stored = json.dumps(result.report.as_dict(), ensure_ascii=False) + result.feedback_html
    assert not any(
        (ord(ch) < 32 and ch not in "\t\n\r") or 0x7F <= ord(ch) <= 0x9F for ch in stored
    )
    assert "nul\ufffd bell" in result.feedback_html
