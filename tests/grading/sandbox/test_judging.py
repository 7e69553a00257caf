"""Can learner code change how the trainer's tests are judged?

Each hostile notebook's learner cell tampers with the kernel; its test cell ("fails") must still fail,
with an error output, and innocent test cells ("runs") must still pass.
"""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from .conftest import NBGRADER, cell_by_grade_id, code_cells, errors, hostile, status, text

pytestmark = pytest.mark.kernel

TAMPERING = [
    "tamper-excepthook",
    "tamper-custom-exc",
    "tamper-ast-transformer",
    "tamper-input-transformer",
    "tamper-builtins",
    "tamper-run-cell",
    "tamper-trace",
    "tamper-stdout",
    "tamper-guard-classes",
    "tamper-guard-tools",
]


@pytest.mark.parametrize("name", TAMPERING)
def test_tampering_does_not_turn_a_failing_test_into_a_pass(executor, name):
    result = executor.execute(hostile(name))
    failing = cell_by_grade_id(result.notebook, "fails")
    assert status(failing) == "error"
    assert errors(failing), "a failed test must carry an error output"
    assert status(cell_by_grade_id(result.notebook, "runs")) == "ok"
    assert text(cell_by_grade_id(result.notebook, "runs")) == "ran\n"


def test_patched_numpy_testing_is_restored_for_tests(executor):
    """numpy.testing.assert_allclose replaced by a no-op (and numpy.testing by a fake module)."""
    result = executor.execute(hostile("tamper-numpy-testing"))
    assert errors(cell_by_grade_id(result.notebook, "fails")) == ["AssertionError"]
    assert status(cell_by_grade_id(result.notebook, "fails-too")) == "ok"


@pytest.mark.parametrize("name", ["tamper-timer", "tamper-thread"])
def test_patching_while_the_test_runs_is_stopped_or_caught(executor, name):
    """A timer (stopped before the test) or a thread (caught afterwards) re-patching numpy."""
    result = executor.execute(hostile(name))
    failing = cell_by_grade_id(result.notebook, "fails")
    assert status(failing) == "error"
    assert {"AssertionError", "JudgingTamperedError"} & set(errors(failing))


def test_forged_reply_and_idle_do_not_hide_the_real_failure(executor):
    """Learner code sends the test's execute_reply ("ok") and idle status before failing."""
    result = executor.execute(hostile("forged-reply"))
    failing = cell_by_grade_id(result.notebook, "fails")
    assert status(failing) == "error"
    assert "AssertionError" in errors(failing)


def test_a_reply_the_guard_did_not_seal_is_not_believed(executor):
    """Learner code replaces the kernel's handler of execute requests and answers every test cell
    with a forged "ok" (and a made-up seal): the test counts as tampered with, not passed."""
    result = executor.execute(hostile("forged-handler"))
    failing = cell_by_grade_id(result.notebook, "fails")
    assert status(failing) == "error"
    assert "JudgingTamperedError" in errors(failing)


def test_an_error_sent_after_its_cell_ended_fails_it_and_is_marked_late(executor):
    """A learner thread sends an error for a test cell that has already finished: the cell fails,
    and is marked so that scorers show none of that error's (learner-written) text."""
    result = executor.execute(hostile("late-error"))
    early = cell_by_grade_id(result.notebook, "early")
    assert status(early) == "error"
    assert "Forged" in errors(early)
    assert early.metadata["manabi"]["late_error"] is True
    assert "late_error" not in cell_by_grade_id(result.notebook, "later").metadata["manabi"]


def test_forged_execute_result_does_not_replace_a_partial_score(executor):
    """Learner code called by a test publishes an execute_result of 1.0 before the real 0.25."""
    result = executor.execute(hostile("forged-partial-credit"))
    partial = cell_by_grade_id(result.notebook, "partial")
    assert status(partial) == "error"
    assert "JudgingTamperedError" in errors(partial)


def test_a_partial_score_is_shown_as_the_test_computed_it(executor):
    """Learner code switches off the display of a cell's result, sets ``%precision`` and registers
    formatters for floats: is the test's partial score still its result, as computed? And if learner
    code the test calls does it, does the test count as tampered with?"""
    result = executor.execute(hostile("tamper-result-display"))
    partial = cell_by_grade_id(result.notebook, "partial")
    assert status(partial) == "ok"
    shown = [o.data["text/plain"] for o in partial.outputs if o.output_type == "execute_result"]
    assert shown == ["0.25"]
    result = executor.execute(hostile("tamper-result-display-during"))
    partial = cell_by_grade_id(result.notebook, "partial")
    assert status(partial) == "error"
    assert "JudgingTamperedError" in errors(partial)


def test_outputs_stored_in_the_submission_are_never_believed(executor):
    """A submitted file claims 'all tests passed' in a test cell's saved output."""
    result = executor.execute(hostile("stale-outputs"))
    failing = cell_by_grade_id(result.notebook, "fails")
    assert "all tests passed" not in text(failing)
    assert errors(failing) == ["AssertionError"]
    assert failing.execution_count == 2


def test_unprotected_cells_see_what_learner_code_did(executor):
    """The guard runs only for the trainer's cells; other cells behave like a normal kernel."""
    nb = new_notebook(
        cells=[
            new_code_cell("import builtins\nbuiltins.answer = 42"),
            new_code_cell("print(answer)"),
        ]
    )
    result = executor.execute(nb)
    assert text(code_cells(result.notebook)[1]) == "42\n"


def test_nbgrader_execution_variable_is_set_like_nbgrader_autograde(executor):
    """nbgrader's validating-environment-variable notebook fails its test under autograde."""
    import nbformat

    nb = nbformat.read(
        NBGRADER / "tests" / "apps" / "files" / "validating-environment-variable.ipynb",
        as_version=4,
    )
    test_cell = code_cells(executor.execute(nb).notebook)[-1]
    assert errors(test_cell) == ["AssertionError"]


def trainer_cell(source: str, grade_id: str):
    meta = {"grade": True, "solution": False, "locked": True, "grade_id": grade_id, "points": 1}
    return new_code_cell(source, metadata={"nbgrader": meta})


def test_ordinary_trainer_code_is_not_mistaken_for_tampering(executor):
    """Magics, plots, and patches a test cell makes for itself must not count as tampering."""
    nb = new_notebook(
        cells=[
            trainer_cell("%matplotlib inline\nimport matplotlib.pyplot as plt", "setup"),
            new_code_cell("def ask():\n    return int(input('number? ')) * 2"),
            trainer_cell(
                "import builtins\nbuiltins.input = lambda prompt='': '21'\nassert ask() == 42",
                "input",
            ),
            trainer_cell(
                "from unittest import mock\nwith mock.patch('builtins.print') as p:\n    print('x')\nassert p.called",
                "mock",
            ),
            trainer_cell("import pandas as pd\nax = pd.Series([1, 3, 2]).plot()", "plot"),
        ]
    )
    result = executor.execute(nb)
    for cell in code_cells(result.notebook):
        assert status(cell) == "ok", cell.outputs
    plot = cell_by_grade_id(result.notebook, "plot")
    assert any("image/png" in output.get("data", {}) for output in plot.outputs)
