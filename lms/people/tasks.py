"""Daily housekeeping of staff records."""

from __future__ import annotations

from celery import shared_task

from .services import apply_due_transfers


@shared_task(name="people.apply_due_transfers", acks_late=True)
def apply_due_transfers_task() -> int:
    """Transfers entered ahead of their date take effect on it."""
    return apply_due_transfers()
