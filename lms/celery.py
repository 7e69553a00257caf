"""The Celery application. Queues: ``grading`` (notebook grading, prefetch 1, acks late) and ``default``."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery

# `celery -A lms worker` on a production host gets production settings unless told otherwise; importing
# the `lms` package (gunicorn loading lms.wsgi) comes through here first, so this default must match
# wsgi.py's. manage.py and `make run` (scripts/run.sh) set lms.settings.dev themselves.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_filesystem_broker_dirs() -> None:
    """The file-system transport needs its folders to exist before the first message."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = app.conf.result_backend or ""
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(sender: Celery, **kwargs: object) -> None:
    ensure_filesystem_broker_dirs()
