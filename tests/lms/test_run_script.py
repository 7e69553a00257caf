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
