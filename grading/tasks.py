"""Celery tasks of the ``grading`` queue. Thin: ids in, a service call, nothing else.

Both are ``acks_late`` with ``reject_on_worker_lost``: a worker that dies mid-grade leaves the
message to be delivered again, and the claim on the grade row makes a second delivery harmless.
Where the broker itself loses the message (a whole worker killed on the file-system broker), the
stalled-grade sweep sends it again (see :mod:`grading.recovery`).
"""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from grading import recovery, runner
from grading.services.grades import Busy

DATABASE_RETRIES = 30
TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(bind=True, max_retries=None, **TASK_OPTIONS)
def grade_submission(self, submission_id: int) -> str:
    """Grade the pending grade of one submission."""
    try:
        outcome = runner.grade_pending(submission_id)
    except DatabaseError as error:
        # Nothing was claimed (a claimed grade's errors are handled by the runner), so trying
        # again is safe: for example SQLite's "database is locked" under a burst of writes.
        raise self.retry(exc=error, countdown=1, max_retries=DATABASE_RETRIES) from error
    if isinstance(outcome, Busy | runner.Retry):
        countdown = outcome.retry_after if isinstance(outcome, Busy) else outcome.countdown
        raise self.retry(countdown=countdown)
    return outcome


@shared_task(**TASK_OPTIONS)
def validate_version(version_id: int) -> str:
    """Run a source version's reference solution in the sandbox and store the report."""
    from grading.services.validation import validate_version_now

    return validate_version_now(version_id)


@shared_task(ignore_result=True)
def requeue_stalled_grades() -> int:
    return recovery.requeue_stalled()
