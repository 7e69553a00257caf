"""Reachability of the database and the broker, for /healthz and for `make run`'s start-up wait."""

from __future__ import annotations

from django.db import connection

from .celery import app as celery_app

# Seconds a broker probe may wait for a connection or an answer: a load balancer gives up after a few
# seconds, and a broker that accepts connections but never answers must not hold the probe for minutes.
BROKER_TIMEOUT = 2


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "not reachable"
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_url() -> str:
    return celery_app.conf.broker_write_url or celery_app.conf.broker_url or ""


def broker_status() -> dict:
    url = broker_url()
    scheme = url.split("://", 1)[0]
    # Redis: without socket timeouts a server that accepts but never answers blocks the probe forever.
    probe_options = {"socket_timeout": BROKER_TIMEOUT, "socket_connect_timeout": BROKER_TIMEOUT}
    try:
        with celery_app.connection_for_write(url, transport_options=probe_options) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
            # A channel proves more than a socket: the file-system transport checks its folders here.
            # The queue is declared exactly as the workers declare it: RabbitMQ refuses a second
            # declaration with other arguments (PRECONDITION_FAILED), which would report a healthy
            # broker as down while workers run, and stop workers starting after a probe.
            queue = celery_app.amqp.queues[celery_app.conf.task_default_queue]
            queue.bind(conn.default_channel).declare()
    except Exception as error:  # kombu raises many transport-specific errors
        return {"ok": False, "transport": scheme, "error": error.__class__.__name__}
    return {"ok": True, "transport": scheme}
