"""Scheduled publishing: Celery beat runs Wagtail's ``publish_scheduled`` every minute."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(name="courses.publish_scheduled", acks_late=True, ignore_result=True)
def publish_scheduled() -> None:
    # Idempotent: a revision whose time has come is published once; running twice changes nothing.
    call_command("publish_scheduled", verbosity=0)
