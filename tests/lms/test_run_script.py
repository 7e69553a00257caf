"""`make run` (scripts/run.sh) never reports success when start-up failed."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest

from tests.conftest import PROJECT_ROOT

# pytest's own settings must not leak into the script: it chooses lms.settings.dev itself.
CLEARED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG", "PORT", "HOST"}


def run_script(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED}
    return subprocess.run(
        ["bash", "scripts/run.sh"],
        cwd=PROJECT_ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_failure_after_the_exit_trap_is_set_keeps_its_status() -> None:
    """Does a malformed DATABASE_URL (migrate fails, the stop trap runs) end `make run` with a failure, not 0?"""
    result = run_script(DATABASE_URL="nonsense", PORT=str(free_port()))
    assert result.returncode != 0, result.stdout + result.stderr
    assert "DATABASE_URL" in result.stderr


def test_a_busy_port_fails_at_once() -> None:
    """Is a port another program listens on refused before migrating and loading the demo, with a failure status?"""
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        result = run_script(PORT=str(port))
    assert result.returncode != 0, result.stdout + result.stderr
    assert f"127.0.0.1:{port}" in result.stderr
    assert "Loading demo data" not in result.stdout


@pytest.mark.parametrize(
    ("name", "value"), [("PORT", "abc"), ("PORT", "70000"), ("PORT", "0"), ("HOST", "my host")]
)
def test_malformed_port_or_host_stops_with_one_line(name: str, value: str) -> None:
    """Do the two variables only `make run` reads stop it with one line naming them?"""
    result = run_script(**{name: value})
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {name} ")


FAKE_PYTHON = """#!/usr/bin/env bash
# Stands in for .venv/bin/python: the port check passes (the port is taken just after it), migrate and
# the demo succeed at once, and the web server dies on the busy port as runserver does.
case "$*" in
  -\\ *) exit 0 ;;
  *runserver*) echo "Error: That port is already in use." >&2; exit 1 ;;
  *) exit 0 ;;
esac
"""
FAKE_CELERY = """#!/usr/bin/env bash
echo $$ > "$(dirname "$0")/../../worker.pid"
exec sleep 300
"""


def test_a_port_taken_by_a_program_that_never_answers_fails_and_stops_the_worker(tmp_path) -> None:
    """The port is free at the check, then taken by a program that accepts and never answers, and the
    web server dies on it: does `make run` fail within seconds and stop its worker? /healthz was polled
    with no time limit, so it waited forever with the worker running and nothing said."""
    import signal
    import time

    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run.sh").write_text((PROJECT_ROOT / "scripts" / "run.sh").read_text())
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, text in [("python", FAKE_PYTHON), ("celery", FAKE_CELERY)]:
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED}
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # the kernel completes connections; nobody ever answers them
        port = silent.getsockname()[1]
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"], cwd=tmp_path, env={**clean, "PORT": str(port)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        try:
            stdout, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail("make run hung on a port whose program never answers")
    assert process.returncode != 0, stdout + stderr
    assert "Manabi is running" not in stdout
    assert "already in use" in stderr
    worker = int((tmp_path / "worker.pid").read_text())
    for _ in range(50):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived make run")
