"""Grades nobody is working on are sent to the queue again: none is lost when a worker dies.

A running grade whose lease ran out (or whose process on this host is gone) goes back to queued; a
queued grade waiting much longer than a grading takes is sent again (the broker may have lost it).
Runs when a worker starts and periodically from the worker's beat; sending twice is harmless.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from grading import conf
from grading.models import Grade, GradeStatus
from grading.services.grades import enqueue, is_abandoned

logger = logging.getLogger(__name__)


def requeue_stalled() -> int:
    now = timezone.now()
    submission_ids: set[int] = set()
    for grade in Grade.objects.filter(status=GradeStatus.RUNNING):
        if not is_abandoned(grade, now):
            continue
        with transaction.atomic():
            reset = Grade.objects.filter(
                pk=grade.pk, status=GradeStatus.RUNNING, claim_token=grade.claim_token
            ).update(status=GradeStatus.QUEUED, claim_token="", lease_expires_at=None)
        if reset:
            logger.warning("grade %s was abandoned by %s; queued again", grade.pk, grade.claimed_by)
            submission_ids.add(grade.submission_id)
    stale = now - timedelta(seconds=conf.get("GRADING_REQUEUE_AFTER_SECONDS"))
    submission_ids.update(
        Grade.objects.filter(status=GradeStatus.QUEUED, queued_at__lt=stale).values_list(
            "submission_id", flat=True
        )
    )
    for submission_id in sorted(submission_ids):
        enqueue(submission_id)
    return len(submission_ids)
