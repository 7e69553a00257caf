"""Lesson pages under gunicorn: requests per second for an anonymous and a logged-in learner.

    .venv/bin/python bench/pages.py                     # 400 requests each, 4 client threads
    .venv/bin/python bench/pages.py --requests 1000 --concurrency 8 --workers 4

Builds a throw-away SQLite database with the demo staff and learning content, starts gunicorn on a
free port (DEBUG off: the test settings, which serve static files without a collectstatic step), warms
up, and prints figures. The logged-in view also writes progress (the "continue" bookmark) on every
request, as it does for real learners. Nothing outside a temporary folder is kept.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LESSON_COURSE, LESSON_SLUG = "information-security", "phishing"
LEARNER, PASSWORD = "sakura-learner", "manabi-demo"

LOAD_DEMO = """
import io
from lms.people.roles import sync_roles
from lms.demo.people import load as load_people
from courses.demo import load as load_courses
from courses.models import CoursePage, LessonPage
sync_roles()
out = io.StringIO()
load_people(out)
load_courses(out)
course = CoursePage.objects.get(slug=%(course)r)
print(LessonPage.objects.child_of(course).get(slug=%(lesson)r).url)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(folder: Path) -> dict[str, str]:
    run = f"bench-pages-{os.getpid()}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "MANABI_TEST_RUN": run,
        "CELERY_FILESYSTEM_DIR": str(folder / "celery"),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def prepare(env: dict[str, str]) -> str:
    """Migrates the database, loads the demo; returns the lesson's URL path."""
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    code = LOAD_DEMO % {"course": LESSON_COURSE, "lesson": LESSON_SLUG}
    result = subprocess.run(
        [*manage, "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        PYTHON, "-m", "gunicorn", "lms.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        "--error-logfile", "-", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def log_in(port: int) -> str:
    """The Cookie header of a logged-in session (CSRF token from the login page)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    html = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"username": LEARNER, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", ""))
    if response.status != 302 or session is None:
        raise RuntimeError(f"login failed ({response.status})")
    return f"csrftoken={csrf_cookie}; sessionid={session.group(1)}"


def measure(port: int, path: str, cookie: str | None, requests: int, concurrency: int) -> dict:
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    per_thread = [requests // concurrency + (1 if i < requests % concurrency else 0)
                  for i in range(concurrency)]  # fmt: skip

    def worker(count: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": cookie} if cookie else {}
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(response.status)

    threads = [threading.Thread(target=worker, args=(n,)) for n in per_thread]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "failures": len(failures),
        "rps": len(latencies) / wall,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="manabi-bench-pages-"))
    env = environment(folder)
    server = None
    try:
        print("Preparing a throw-away database with the demo content…", flush=True)
        path = prepare(env)
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        cookie = log_in(port)
        for label, session in (("anonymous", None), ("logged-in", cookie)):
            measure(port, path, session, max(20, args.requests // 10), args.concurrency)  # warm up
            figures = measure(port, path, session, args.requests, args.concurrency)
            print(
                f"{label:>10} lesson view {path}: {figures['rps']:7.1f} requests/s "
                f"(median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
                f"{figures['requests']} requests, {figures['failures']} failures; "
                f"{args.concurrency} clients, {args.workers} gunicorn workers)",
                flush=True,
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(ROOT / "var" / env["MANABI_TEST_RUN"], ignore_errors=True)


if __name__ == "__main__":
    main()
