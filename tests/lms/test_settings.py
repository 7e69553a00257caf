"""Configuration: every variable read in one place; a bad one stops start-up with one line naming it."""

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT, env={**clean_env, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value"),
    [("DATABASE_URL", "nonsense"), ("DEBUG", "maybe"), ("CELERY_BROKER_URL", "kafka://x"),
     ("CELERY_TASK_TIME_LIMIT", "soon")],
)  # fmt: skip
def test_malformed_variable_stops_start_up_naming_it(name: str, value: str) -> None:
    """Does a malformed variable stop `manage.py check` with one line that names it, and no traceback?"""
    result = run_manage("check", DJANGO_SETTINGS_MODULE="lms.settings.dev", **{name: value})
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    """Does production refuse a missing SECRET_KEY instead of falling back to a built-in one?"""
    result = run_manage("check", DJANGO_SETTINGS_MODULE="lms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deployment_checklist() -> None:
    """With a real secret key, does `check --deploy` report nothing?"""
    result = run_manage(
        "check", "--deploy", "--fail-level", "DEBUG",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY="x7#kP2qL9vN4mR8tW1yZ5bC3dF6gH0jK-production-like-secret",
        ALLOWED_HOSTS="manabi.example.jp",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
