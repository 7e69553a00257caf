"""A real Celery worker process, on the configured broker, runs a task end to end."""

import time
import uuid

import pytest
from django.conf import settings

from lms.celery import app
from lms.models import WorkerPing
from lms.tasks import ping, record_ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_queues_and_grading_settings() -> None:
    """Are there grading and default queues, grading routed, acks late, prefetch 1 and time limits?"""
    assert {q.name for q in app.conf.task_queues} == {"default", "grading"}
    assert app.conf.task_routes["grading.tasks.*"] == {"queue": "grading"}
    assert app.conf.task_acks_late is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)


def test_worker_runs_a_task_through_the_broker(celery_worker_process) -> None:
    """Does a task sent through the broker come back from a separate worker process with its result?"""
    token = uuid.uuid4().hex
    result = ping.delay(token)
    assert result.get(timeout=60) == {"token": token, "database": True}


def test_worker_writes_to_the_test_database(celery_worker_process) -> None:
    """Does the worker write to the same database the web process reads?"""
    token = uuid.uuid4().hex
    record_ping.apply_async(args=[token], queue="default")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not WorkerPing.objects.filter(token=token).exists():
        time.sleep(0.1)
    assert WorkerPing.objects.filter(token=token).exists(), celery_worker_process.log()[-3000:]
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    assert broker in {"filesystem", "redis", "amqp"}
