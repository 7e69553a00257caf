"""Small housekeeping tasks on the ``default`` queue."""

from __future__ import annotations

from celery import shared_task
from django.db import connection


@shared_task(name="lms.ping", acks_late=True)
def ping(token: str) -> dict:
    """Answers with the token and proves the worker reached the database (used by /healthz tests)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"token": token, "database": one == 1}


@shared_task(name="lms.record_ping", acks_late=True)
def record_ping(token: str) -> int:
    """Writes a row that a test can read back: an end-to-end check of broker, worker and database."""
    from lms.models import WorkerPing

    ping_row, _ = WorkerPing.objects.get_or_create(token=token)
    return ping_row.pk
