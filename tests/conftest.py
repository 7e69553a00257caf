"""Fixtures every test package can use: factories' users, a logged-in client, and a real Celery worker."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (ja). Django's LocaleMiddleware leaves the language of
    the last request active in the thread, so a test client request in English (a django_language
    cookie) would otherwise make later tests' messages English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Tests never reach the internet: only loopback (our own servers, PostgreSQL, Redis) is allowed."""
    real_connect = socket.socket.connect

    def guarded_connect(sock: socket.socket, address: object) -> object:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else ""
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise RuntimeError(f"tests must not use the network (tried {address!r})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run_dir = PROJECT_ROOT / "var" / os.environ.get("MANABI_TEST_RUN", "-")
    if run_dir.name.startswith("test-") and not hasattr(session.config, "workerinput"):
        shutil.rmtree(run_dir, ignore_errors=True)


def database_url_for_workers() -> str:
    """The URL of the test database, so that worker processes write where the tests read."""
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = config.get("USER") or ""
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{config.get('HOST') or '127.0.0.1'}:{config.get('PORT') or 5432}/{config['NAME']}"


class WorkerProcess:
    def __init__(self, process: subprocess.Popen, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_worker(
    log_path: Path, queues: str = "default,grading", concurrency: int = 1
) -> WorkerProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url_for_workers(),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "lms", "worker", "-Q", queues,
        "--concurrency", str(concurrency), "--pool", "prefork", "-l", "INFO",
        "--without-mingle", "--without-gossip", "--without-heartbeat",
        "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
    ]  # fmt: skip
    log_file = log_path.open("w")
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
    )
    worker = WorkerProcess(process, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Celery worker exited during start-up:\n{worker.log()}")
        if " ready." in worker.log():
            return worker
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"Celery worker did not become ready:\n{worker.log()}")


def stop_worker(worker: WorkerProcess) -> None:
    worker.process.terminate()
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real ``celery worker`` process on the configured broker (file system or Redis), not eager mode.

    Tests using it need ``transactional_db`` so that their rows are committed and the worker sees them.
    """
    assert not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    with django_db_blocker.unblock():
        worker = start_worker(tmp_path_factory.mktemp("celery") / "worker.log")
    yield worker
    stop_worker(worker)
