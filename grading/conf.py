"""Grading settings, each with its default here (override in Django settings if needed)."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # The Celery queue grading tasks are sent to.
    "GRADING_QUEUE": "grading",
    # The upload limit for notebooks (learners' and trainers').
    "GRADING_MAX_UPLOAD_BYTES": 20 * 1024 * 1024,
    # Per learner: at most this many notebooks (submissions and test runs) per window.
    "GRADING_RATE_LIMIT_COUNT": 10,
    "GRADING_RATE_LIMIT_WINDOW_SECONDS": 60,
    # A running grade's claim lasts this long unless the worker renews it (every quarter of it).
    "GRADING_LEASE_SECONDS": 60,
    # A queued grade older than this is sent to the queue again by the stalled-grade sweep.
    "GRADING_REQUEUE_AFTER_SECONDS": 600,
    # How often the worker's beat sweeps for stalled grades.
    "GRADING_SWEEP_INTERVAL_SECONDS": 60,
    # Delivery attempts before an infrastructure error marks a grade failed.
    "GRADING_MAX_RETRIES": 3,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
