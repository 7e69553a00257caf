"""Reachability of the database and the broker, for /healthz and for `make run`'s start-up wait."""

from __future__ import annotations

from django.db import connection

from .celery import app as celery_app


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
    try:
        with celery_app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            # A channel proves more than a socket: the file-system transport checks its folders here.
            conn.default_channel.queue_declare("default", passive=False, durable=True)
    except Exception as error:  # kombu raises many transport-specific errors
        return {"ok": False, "transport": scheme, "error": error.__class__.__name__}
    return {"ok": True, "transport": scheme}
