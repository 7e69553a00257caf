"""Learner code holds its kernel's sockets and signing key: can what it sends break or strain the
worker that reads them?"""

from __future__ import annotations

import os
import threading

import pytest

from grading.sandbox import Limits

from .conftest import cell_by_grade_id, errors, hostile, status, text

pytestmark = pytest.mark.kernel

MIB = 1024 * 1024


def test_malformed_and_wrongly_signed_messages_are_ignored(executor):
    """Junk on iopub and shell (no delimiter, too few frames, unsigned, a wrong key, headers or
    contents that are not objects, unhashable ids, ill-typed output fields) sent from inside the
    test cells: is the notebook still judged, each test by its own result?"""
    result = executor.execute(hostile("forged-messages"))
    assert result.status == "ok", result.log
    passes = cell_by_grade_id(result.notebook, "passes")
    fails = cell_by_grade_id(result.notebook, "fails")
    assert status(passes) == "ok", result.log
    assert errors(passes) == []
    assert status(fails) == "error"
    assert errors(fails) == ["AssertionError"]  # not "Forged", not JudgingTamperedError
    assert text(cell_by_grade_id(result.notebook, "after")) == "after\n"
    assert "malformed or wrongly signed message(s)" in result.log


def _resident_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_growth(run):
    """Run ``run()`` while sampling this process's resident memory: (peak, baseline, result)."""
    baseline = _resident_bytes()
    peak = [baseline]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], _resident_bytes())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = run()
    finally:
        done.set()
        sampler.join()
    return peak[0], baseline, result


def test_a_raw_message_flood_is_not_queued_in_the_worker(executor):
    """300 signed 8 MiB stream messages (2.4 GB) sent straight to iopub, past the kernel's print
    cap, faster than the worker can check their signatures: does the worker's memory stay bounded
    while the grade completes, with the output cut and the cut logged?"""
    env = {"FLOOD_MESSAGES": "300", "FLOOD_MESSAGE_BYTES": str(8 * MIB)}
    peak, baseline, result = _peak_growth(
        lambda: executor.execute(hostile("raw-message-flood"), Limits(cell_timeout=60), env=env)
    )
    assert result.status == "ok", result.log  # graded, not failed
    flooded = cell_by_grade_id(result.notebook, "passes")
    assert len(text(flooded)) <= Limits().cell_output_bytes + 200
    assert "output over the limit dropped" in result.log
    # Messages past the queue are dropped in the kernel, its "idle" among them: the flooding
    # learner loses the test (tampering), nobody else loses anything.
    assert status(flooded) in ("output_truncated", "error")
    # At most 8 queued iopub messages of at most 32 MiB, one being read and one being checked.
    grown = (peak - baseline) // MIB
    assert grown < 400, f"the worker grew by {grown} MiB"


def test_one_endless_multipart_message_is_cut_off(executor):
    """One iopub message of 600 frames of 8 MiB (4.8 GB), each frame within zmq's size limit and
    none of it delivered until the last frame (so no queue limit applies): is the kernel cut off
    before the worker holds it all, with the reason in the log?"""
    peak, baseline, result = _peak_growth(
        lambda: executor.execute(
            hostile("frame-flood"), Limits(cell_timeout=60), env={"FLOOD_FRAMES": "600"}
        )
    )
    assert result.status == "kernel_died", result.log
    flooded, after = (cell for cell in result.notebook.cells if cell.cell_type == "code")
    assert status(flooded) == "kernel_died"
    assert "more data than it accepts" in flooded.outputs[-1].evalue
    assert status(after) == "not_run"
    assert "the kernel sent more than the grader accepts" in result.log
    grown = (peak - baseline) // MIB
    assert grown < 1536, f"the worker grew by {grown} MiB"
