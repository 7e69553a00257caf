"""Helpers for grading tests: waiting for a real worker's grade, learner notebooks with answers."""

from __future__ import annotations

import time

import pytest

from grading.models import FINAL_STATUSES, Grade, Submission
from grading.services.exercises import load_source
from grading.sources import notebook_with_answers

WAIT_SECONDS = 120


def wait_for_final_grade(submission: Submission, worker=None, *, count: int = 1) -> Grade:
    """The newest grade of ``submission`` once ``count`` of its grades are final."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        final = submission.grades.filter(status__in=FINAL_STATUSES)
        if final.count() >= count:
            return final.order_by("-queued_at", "-id").first()
        time.sleep(0.1)
    log = worker.log()[-4000:] if worker is not None else ""
    states = list(submission.grades.values_list("status", "claimed_by", "deliveries"))
    raise AssertionError(f"no final grade for submission {submission.pk}: {states}\n{log}")


def answers_file(exercise, answers: dict[str, str]) -> bytes:
    return notebook_with_answers(load_source(exercise.published_version), answers)


@pytest.fixture
def learner():
    from tests.factories import StaffProfileFactory

    return StaffProfileFactory().user
