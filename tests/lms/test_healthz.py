"""/healthz: JSON with database and broker reachability, answered to load-balancer probes as they come."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

# What production settings do to every other request, with a node IP the probe uses as Host.
PRODUCTION_LIKE = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["lms.example.jp"]}
NODE_IP = "10.0.0.5"


def test_healthz_reports_database_and_broker(client) -> None:
    """Does /healthz answer JSON naming the database and the broker, both reachable?"""
    response = client.get("/healthz")
    data = json.loads(response.content)
    assert response.status_code == 200, data
    assert response["Content-Type"] == "application/json"
    assert data["status"] == "ok"
    assert data["database"] == {"ok": True, "vendor": connection.vendor}
    assert data["broker"]["ok"] is True
    assert data["broker"]["transport"] in {"filesystem", "redis", "amqp"}


@override_settings(**PRODUCTION_LIKE)
def test_a_probe_over_http_by_node_ip_gets_the_answer(client) -> None:
    """Under production's HTTPS redirect and host list, does a plain-HTTP probe to the node's IP get 200 JSON?"""
    response = client.get("/healthz", HTTP_HOST=NODE_IP)
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["database"]["ok"] is True
    assert data["broker"]["ok"] is True
    assert "no-cache" in response["Cache-Control"]


@override_settings(**PRODUCTION_LIKE)
def test_other_paths_keep_the_redirect_and_the_host_check(client) -> None:
    """Is the exemption only for /healthz: other paths still 301 to https, and a foreign Host still gets 400?"""
    redirect = client.get("/", HTTP_HOST="lms.example.jp")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://lms.example.jp/"
    assert client.get("/", HTTP_HOST=NODE_IP, secure=True).status_code == 400
    assert client.get("/healthz/", HTTP_HOST=NODE_IP).status_code in (301, 400)


def test_healthz_refuses_other_methods(client) -> None:
    """Is /healthz read-only (POST gets 405)?"""
    assert client.post("/healthz").status_code == 405


def test_healthz_says_503_when_the_broker_is_down(client, monkeypatch) -> None:
    """Does /healthz fail loudly, not silently, when the broker cannot be reached?"""
    from lms.celery import app

    monkeypatch.setattr("lms.health.broker_url", lambda: "redis://127.0.0.1:1/0")
    # The embedded broker's transport class would otherwise be used whatever the URL says.
    monkeypatch.setitem(app.conf, "broker_transport", None)
    response = client.get("/healthz")
    assert response.status_code == 503
    data = json.loads(response.content)
    assert data["status"] == "error"
    assert data["broker"]["ok"] is False
    assert data["database"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_healthz_says_503_when_the_database_is_down(client, tmp_path) -> None:
    """With the database unreachable (a SQLite file that cannot be opened, a PostgreSQL port nobody
    listens on), does /healthz answer 503 naming the database, rather than raise?"""
    real = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(real)
    assert response.status_code == 503
    data = json.loads(response.content)
    assert data["status"] == "error"
    assert data["database"]["ok"] is False
    assert data["database"]["error"] == "OperationalError"
    assert data["broker"]["ok"] is True


AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"


def _rabbitmq_reachable() -> bool:
    from kombu import Connection

    try:
        with Connection(AMQP_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return False
    return True


def test_healthz_on_rabbitmq_agrees_with_the_workers_queue(client, monkeypatch) -> None:
    """On RabbitMQ, with the default queue declared as a worker declares it, does /healthz say 200?
    Declaring it with other arguments (auto_delete) made RabbitMQ answer PRECONDITION_FAILED: /healthz
    said 503 while workers ran, and a worker started after a probe could not declare its queue."""
    if not _rabbitmq_reachable():
        pytest.skip(f"no RabbitMQ at {AMQP_URL}")
    from lms.celery import app

    monkeypatch.setattr("lms.health.broker_url", lambda: AMQP_URL)
    monkeypatch.setitem(app.conf, "broker_transport", None)
    # What a worker consuming the default queue declares (idempotent, the same arguments every time).
    with app.connection_for_write(AMQP_URL) as conn:
        app.amqp.queues[app.conf.task_default_queue].bind(conn.default_channel).declare()
    for _probe in range(2):
        response = client.get("/healthz")
        data = json.loads(response.content)
        assert response.status_code == 200, data
        assert data["broker"] == {"ok": True, "transport": "amqp"}
    with app.connection_for_write(AMQP_URL) as conn:
        app.amqp.queues[app.conf.task_default_queue].bind(conn.default_channel).declare()


def test_healthz_does_not_hang_on_a_broker_that_never_answers(client, monkeypatch) -> None:
    """A Redis that accepts connections but never answers (a stuck server, a half-open firewall): does
    /healthz answer 503 within seconds instead of holding the load balancer's probe for minutes?"""
    import socket
    import time

    from lms.celery import app

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel accepts connections; nobody ever reads or writes them
    port = silent.getsockname()[1]
    monkeypatch.setattr("lms.health.broker_url", lambda: f"redis://127.0.0.1:{port}/0")
    monkeypatch.setitem(app.conf, "broker_transport", None)
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 503
    assert json.loads(response.content)["broker"]["ok"] is False
    assert elapsed < 15, elapsed
