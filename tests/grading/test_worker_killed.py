"""A worker killed mid-grade: the submission is graded again by another worker, not lost."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.test import override_settings

from grading.models import GradeStatus
from grading.services.submissions import submit
from tests.conftest import start_worker, stop_worker
from tests.grading.conftest import answers_file, wait_for_final_grade
from tests.grading.factories import published_exercise

pytestmark = [
    pytest.mark.worker,
    pytest.mark.kernel,
    pytest.mark.django_db(transaction=True),
]


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, read from /proc (children first)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: list[int] = []

    def walk(parent: int) -> None:
        for child in children.get(parent, []):
            walk(child)
            found.append(child)

    walk(pid)
    return [*found, pid]


def test_sigkilled_worker_loses_nothing(learner, tmp_path) -> None:
    """Kill every process of the worker grading a slow notebook; a new worker grades it."""
    queue = f"grading-kill-{uuid.uuid4().hex[:8]}"
    exercise = published_exercise("slow-source.ipynb")
    first = start_worker(tmp_path / "first.log", queues=queue)
    try:
        with override_settings(GRADING_QUEUE=queue):
            answer = {"answer": "def answer():\n    return 42"}
            submission = submit(
                exercise=exercise, learner=learner, data=answers_file(exercise, answer)
            )
        deadline = time.monotonic() + 60
        grade = submission.grades.get()
        while grade.status != GradeStatus.RUNNING and time.monotonic() < deadline:
            time.sleep(0.1)
            grade.refresh_from_db()
        assert grade.status == GradeStatus.RUNNING, first.log()[-3000:]
        time.sleep(1.0)  # inside the slow cell
        for pid in process_tree(first.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        first.process.wait(timeout=30)
    finally:
        if first.process.poll() is None:
            stop_worker(first)
    grade.refresh_from_db()
    assert grade.status == GradeStatus.RUNNING  # the dead worker left it claimed

    second = start_worker(tmp_path / "second.log", queues=f"grading,{queue}")
    try:
        final = wait_for_final_grade(submission, second)
    finally:
        stop_worker(second)
    assert final.pk == grade.pk
    assert final.status == GradeStatus.GRADED, final.error_message
    assert final.score == final.max_score == 1.0
    assert final.deliveries == 2
    assert final.claimed_by != grade.claimed_by
