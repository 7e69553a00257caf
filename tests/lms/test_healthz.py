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
