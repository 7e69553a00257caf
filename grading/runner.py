"""What a grading worker does with one submission id: claim, execute under a lease, save.

Called by the Celery task (which stays a few lines). Any executor or infrastructure failure gives
the claim back so the task can retry; after ``GRADING_MAX_RETRIES`` runs the grade is failed with the
reason, which the trainer sees (and can re-grade).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from grading import conf
from grading.execution import make_limits, run_pipeline
from grading.models import Grade, Submission
from grading.notebook_errors import describe
from grading.services.exercises import load_source
from grading.services.grades import (
    Busy,
    Claim,
    Outcome,
    claim_grade,
    mark_failed,
    release,
    renew_lease,
    save_outcome,
)
from grading.sources import read_upload
from notebooks.errors import NotebookError

logger = logging.getLogger(__name__)

NOTHING, GRADED, FAILED = "nothing", "graded", "failed"


@dataclass(frozen=True)
class Retry:
    countdown: float
    reason: str


def grade_pending(submission_id: int, executor: object = None) -> str | Busy | Retry:
    claim = claim_grade(submission_id)
    if claim is None or isinstance(claim, Busy):
        return claim or NOTHING
    try:
        with _lease_kept(claim):
            outcome = _execute(claim, executor)
    except NotebookError as error:
        mark_failed(claim, describe(error))
        return FAILED
    except Exception as error:
        logger.exception("grading submission %s failed", submission_id)
        deliveries = Grade.objects.filter(pk=claim.grade_id).values_list("deliveries", flat=True)
        if (deliveries.first() or 0) >= conf.get("GRADING_MAX_RETRIES"):
            mark_failed(claim, f"{type(error).__name__}: {error}")
            return FAILED
        release(claim)
        return Retry(countdown=2.0, reason=str(error))
    return GRADED if save_outcome(claim, outcome) is not None else NOTHING


def _execute(claim: Claim, executor: object) -> Outcome:
    submission = Submission.objects.select_related("exercise").get(pk=claim.submission_id)
    grade = Grade.objects.select_related("exercise_version").get(pk=claim.grade_id)
    data = submission.read_bytes()
    if hashlib.sha256(data).hexdigest() != submission.sha256:
        raise RuntimeError(f"stored submission {submission.pk} does not match its SHA-256")
    exercise = submission.exercise
    limits = make_limits(
        cell_timeout_s=exercise.cell_timeout_seconds,
        notebook_timeout_s=exercise.notebook_timeout_seconds,
    )
    result, record = run_pipeline(
        load_source(grade.exercise_version),
        read_upload(data),
        limits,
        visible_only=submission.is_practice,
        language=submission.language,
        executor=executor,
    )
    return Outcome(
        report=result.report,
        feedback_html=result.feedback_html,
        notices=result.notices,
        timed_out=record.timed_out,
        log=record.log,
        timings=record.timings,
        sandboxed=record.sandboxed,
        executor_version=record.executor_version,
    )


@contextlib.contextmanager
def _lease_kept(claim: Claim) -> Iterator[None]:
    """Renew the claim's lease in the background while the notebook runs."""
    stop = threading.Event()
    interval = max(1.0, conf.get("GRADING_LEASE_SECONDS") / 4)

    def renew() -> None:
        from django.db import connection

        try:
            while not stop.wait(interval):
                if not renew_lease(claim):
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=renew, name=f"lease-{claim.grade_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
