"""Celery tasks of certification: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .reminders import send_due_reminders


@shared_task(name="certification.send_expiry_reminders", acks_late=True)
def send_expiry_reminders() -> dict:
    """The daily beat job: sends the 90/30/7-day expiry reminders that are due and not yet sent.

    It also discards roster previews left open for a week (lms.reports.roster.retention): the one
    daily job there is, so that personal data of an abandoned upload does not wait for the next one.
    """
    from lms.reports.roster.retention import discard_stale_previews

    run = send_due_reminders(timezone.localdate())
    discarded = discard_stale_previews()
    return {
        "sent": run.sent,
        "skipped": run.skipped,
        "failed": run.failed,
        "roster_previews_discarded": discarded,
    }
