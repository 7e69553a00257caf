"""Values of the environment variables as an operator writes them: documented forms must do what the
docs say, and forms that would be silently ignored or wrong at run time must stop start-up instead."""

from __future__ import annotations

import socket
import time

import pytest

from lms.settings import env


def _refused(monkeypatch, reader, name: str, value: str, *args) -> str:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        reader(name, *args)
    message = str(stopped.value.code)
    assert message.startswith(f"Configuration error: {name} "), message
    assert "\n" not in message
    return message


def test_documented_smtp_url_turns_on_starttls(monkeypatch) -> None:
    """Does the EMAIL_URL of docs/settings.md and docs/deploy.md (…:587/?tls=True) use STARTTLS? It was
    put in an OPTIONS setting Django never reads, so mail and the SMTP password went unencrypted."""
    monkeypatch.setenv("EMAIL_URL", "smtp://user:pass@smtp.example.jp:587/?tls=True")
    config = env.read_email("EMAIL_URL", "consolemail://")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("smtp.example.jp", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("user", "pass")
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False
    assert "OPTIONS" not in config
    assert config["EMAIL_TIMEOUT"] == env.EMAIL_TIMEOUT  # never wait for a server forever


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtps://u:p@smtp.example.jp", {"EMAIL_USE_SSL": True, "EMAIL_PORT": 465}),
        ("smtp+ssl://u:p@smtp.example.jp:465", {"EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
        ("smtp+tls://u:p@smtp.example.jp", {"EMAIL_USE_TLS": True, "EMAIL_PORT": 587}),
        ("smtp://smtp.example.jp", {"EMAIL_USE_TLS": False, "EMAIL_PORT": 25}),
        ("smtp://smtp.example.jp/?timeout=10", {"EMAIL_TIMEOUT": 10.0}),
        ("smtp://u%40city.jp:p%2Fw%40@smtp.example.jp:25", {"EMAIL_HOST_PASSWORD": "p/w@"}),
        ("filemail:///var/mail/manabi", {"EMAIL_FILE_PATH": "/var/mail/manabi"}),
        ("consolemail://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
    ],
)
def test_valid_email_urls(monkeypatch, url: str, expected: dict) -> None:
    """Do smtps:// (TLS from the first byte, port 465), STARTTLS, percent-encoded credentials and an
    absolute filemail folder come out as Django's settings say?"""
    monkeypatch.setenv("EMAIL_URL", url)
    config = env.read_email("EMAIL_URL", "consolemail://")
    assert {key: config[key] for key in expected} == expected


@pytest.mark.parametrize(
    "url",
    [
        "smtp://:@:587",  # no host: failed only when the first reminder was sent
        "smtp://smtp.example.jp:0",
        "smtp://smtp.example.jp/?tls=maybe",
        "smtp://smtp.example.jp/?tls=true&ssl=true",
        "smtps://smtp.example.jp/?tls=true",
        "smtp://smtp.example.jp/?timeout=soon",
        "smtp://smtp.example.jp/?starttls=true",  # an unknown option was silently ignored
        "filemail://var/mail",  # was read as the relative folder var/mail… or tmp/mail
        "console://",
        "",
    ],
)
def test_malformed_email_urls_are_refused(monkeypatch, url: str) -> None:
    _refused(monkeypatch, env.read_email, "EMAIL_URL", url, "consolemail://")


def test_a_refused_email_url_does_not_print_its_password(monkeypatch) -> None:
    message = _refused(
        monkeypatch, env.read_email, "EMAIL_URL", "smtp://u:Hunter2-secret@h/?x=1", "consolemail://"
    )
    assert "Hunter2-secret" not in message


@pytest.mark.parametrize(
    "value", ["manabi.example.jp:8000", "a.example.jp;b.example.jp", "*.example.jp", " , "]
)
def test_host_lists_that_would_match_nothing_are_refused(monkeypatch, value: str) -> None:
    """Django compares hosts without their port: 'host:8000' or 'a;b' matched no request (400 for every
    page), and ' , ' gave an empty list."""
    _refused(monkeypatch, env.read_hosts, "ALLOWED_HOSTS", value, ["localhost"])


def test_usual_host_lists_are_accepted(monkeypatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " manabi.example.jp , .city.example.jp,10.0.0.5,[::1],* ")
    assert env.read_hosts("ALLOWED_HOSTS", []) == [
        "manabi.example.jp",
        ".city.example.jp",
        "10.0.0.5",
        "[::1]",
        "*",
    ]


@pytest.mark.parametrize("value", ["https://manabi.example.jp/", "https://manabi.example.jp/lms"])
def test_origins_with_a_path_are_refused(monkeypatch, value: str) -> None:
    """A trailing / made the origin never equal the browser's Origin header: every login got a 403."""
    _refused(monkeypatch, env.read_origins, "CSRF_TRUSTED_ORIGINS", value, [])


def test_origins_with_a_port_or_wildcard_are_accepted(monkeypatch) -> None:
    monkeypatch.setenv(
        "CSRF_TRUSTED_ORIGINS", "https://manabi.example.jp:8443,https://*.example.jp"
    )
    assert env.read_origins("CSRF_TRUSTED_ORIGINS", []) == [
        "https://manabi.example.jp:8443",
        "https://*.example.jp",
    ]


def test_a_relative_sqlite_path_is_refused(monkeypatch) -> None:
    """sqlite:///var/db.sqlite3 depends on the folder each process starts in (web, worker, manage.py)."""
    _refused(monkeypatch, env.read_database, "DATABASE_URL", "sqlite:///var/db.sqlite3", "")


def test_postgres_socket_folder_and_connect_timeout(monkeypatch) -> None:
    """Is a percent-encoded socket folder a folder (libpq URI syntax), and does every PostgreSQL
    connection give up after a few seconds unless the URL says otherwise?"""
    monkeypatch.setenv("DATABASE_URL", "postgres://manabi@%2Fvar%2Frun%2Fpostgresql/manabi")
    config = env.read_database("DATABASE_URL", "")
    assert config["HOST"] == "/var/run/postgresql"
    assert config["OPTIONS"]["connect_timeout"] == env.DATABASE_CONNECT_TIMEOUT
    monkeypatch.setenv(
        "DATABASE_URL", "postgresql://manabi:p%40ss@db.example.jp:5432/manabi?connect_timeout=20"
    )
    config = env.read_database("DATABASE_URL", "")
    assert (config["HOST"], config["PASSWORD"]) == ("db.example.jp", "p@ss")
    assert config["OPTIONS"]["connect_timeout"] == 20


def test_postgres_that_never_answers_fails_within_the_connect_timeout(monkeypatch) -> None:
    """A server that accepts connections but never answers: does connecting fail in seconds, not hang
    (requests, workers and /healthz waited for minutes)?"""
    psycopg = pytest.importorskip("psycopg")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    monkeypatch.setenv("DATABASE_URL", f"postgres://u@127.0.0.1:{silent.getsockname()[1]}/db")
    config = env.read_database("DATABASE_URL", "")
    started = time.monotonic()
    try:
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(
                host=config["HOST"], port=config["PORT"], user=config["USER"],
                dbname=config["NAME"], **config["OPTIONS"],
            )  # fmt: skip
    finally:
        silent.close()
    assert time.monotonic() - started < env.DATABASE_CONNECT_TIMEOUT * 3


@pytest.mark.parametrize("name", ["CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"])
def test_rediss_needs_ssl_cert_reqs(monkeypatch, name: str) -> None:
    """Celery refused rediss:// without ssl_cert_reqs only when a task was sent (every .delay() failed)."""
    schemes = ("redis", "rediss")
    _refused(monkeypatch, env.read_url, name, "rediss://:pw@redis.example.jp:6380/0", "", schemes)
    monkeypatch.setenv(name, "rediss://:pw@redis.example.jp:6380/0?ssl_cert_reqs=required")
    assert env.read_url(name, "", schemes).endswith("ssl_cert_reqs=required")
