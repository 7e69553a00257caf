"""Configuration: every variable read in one place; a bad one stops start-up with one line naming it."""

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

# Variables a test's own environment may carry (pytest sets some of them); each case sets what it needs.
CLEARED = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
# 55 characters, many different ones: what `check --deploy` accepts.
STRONG_KEY = "x7#kP2qL9vN4mR8tW1yZ5bC3dF6gH0jK-production-like-secret"


def clean_env(**env: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in CLEARED}, **env}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def assert_stopped_naming(result: subprocess.CompletedProcess, name: str) -> str:
    """Non-zero exit, exactly one line on stderr, which names the variable; no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {name} "), lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


# (variable, malformed value, variable the message must name). Every variable in docs/settings.md
# except PORT and HOST, which only scripts/run.sh reads (tested in test_run_script.py).
DEV_CASES = [
    ("DEBUG", "maybe", "DEBUG"),
    ("ALLOWED_HOSTS", "https://manabi.example.jp", "ALLOWED_HOSTS"),
    ("ALLOWED_HOSTS", "manabi.example.jp/lms", "ALLOWED_HOSTS"),
    ("CSRF_TRUSTED_ORIGINS", "manabi.example.jp", "CSRF_TRUSTED_ORIGINS"),
    ("DATABASE_URL", "nonsense", "DATABASE_URL"),
    ("DATABASE_URL", "postgres://manabi@db.example.jp:abc/manabi", "DATABASE_URL"),
    ("DATABASE_URL", "postgres://manabi@db.example.jp:5432/", "DATABASE_URL"),
    ("DATABASE_URL", "sqlite://", "DATABASE_URL"),
    ("CELERY_BROKER_URL", "kafka://x", "CELERY_BROKER_URL"),
    ("CELERY_BROKER_URL", "redis://h:abc/0", "CELERY_BROKER_URL"),
    ("CELERY_BROKER_URL", "redis://h:6379/zero", "CELERY_BROKER_URL"),
    ("CELERY_BROKER_URL", "amqp://guest:guest@h:99999//", "CELERY_BROKER_URL"),
    ("CELERY_RESULT_BACKEND", "mongodb://h/results", "CELERY_RESULT_BACKEND"),
    ("CELERY_RESULT_BACKEND", "redis://h:abc/1", "CELERY_RESULT_BACKEND"),
    ("CELERY_RESULT_BACKEND", "file://relative/results", "CELERY_RESULT_BACKEND"),
    ("CELERY_FILESYSTEM_DIR", "", "CELERY_FILESYSTEM_DIR"),
    ("CELERY_FILESYSTEM_DIR", "var/celery", "CELERY_FILESYSTEM_DIR"),
    ("CELERY_TASK_SOFT_TIME_LIMIT", "soon", "CELERY_TASK_SOFT_TIME_LIMIT"),
    ("CELERY_TASK_SOFT_TIME_LIMIT", "400", "CELERY_TASK_SOFT_TIME_LIMIT"),  # past the hard 360
    ("CELERY_TASK_TIME_LIMIT", "0", "CELERY_TASK_TIME_LIMIT"),
    ("MEDIA_ROOT", "", "MEDIA_ROOT"),
    ("MEDIA_ROOT", "   ", "MEDIA_ROOT"),
    ("MEDIA_ROOT", "media", "MEDIA_ROOT"),
    ("PRIVATE_STORAGE_ROOT", "", "PRIVATE_STORAGE_ROOT"),
    ("CERTIFICATION_EVIDENCE_MAX_BYTES", "ten", "CERTIFICATION_EVIDENCE_MAX_BYTES"),
    ("ROSTER_IMPORT_MAX_BYTES", "0", "ROSTER_IMPORT_MAX_BYTES"),
    ("ROSTER_IMPORT_MAX_ROWS", "-5", "ROSTER_IMPORT_MAX_ROWS"),
    ("EMAIL_URL", "nonsense", "EMAIL_URL"),
    ("EMAIL_URL", "smtp://smtp.example.jp:abc/", "EMAIL_URL"),
    ("DEFAULT_FROM_EMAIL", "manabi", "DEFAULT_FROM_EMAIL"),
    ("WAGTAILADMIN_BASE_URL", "127.0.0.1:8000", "WAGTAILADMIN_BASE_URL"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
]
# Read by lms.settings.production only.
PRODUCTION_CASES = [
    ("SECURE_SSL_REDIRECT", "sometimes", "SECURE_SSL_REDIRECT"),
    ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS"),
]


@pytest.mark.parametrize(("name", "value", "named"), DEV_CASES)
def test_malformed_variable_stops_start_up_naming_it(name: str, value: str, named: str) -> None:
    """Does a malformed variable stop `manage.py check` with one line that names it, and no traceback?"""
    result = run_manage("check", DJANGO_SETTINGS_MODULE="lms.settings.dev", **{name: value})
    assert_stopped_naming(result, named)


@pytest.mark.parametrize(("name", "value", "named"), PRODUCTION_CASES)
def test_malformed_production_variable_stops_start_up(name: str, value: str, named: str) -> None:
    """Are the variables only production reads checked the same way?"""
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="lms.settings.production", SECRET_KEY=STRONG_KEY,
        **{name: value},
    )  # fmt: skip
    assert_stopped_naming(result, named)


def test_a_password_in_a_refused_url_is_not_printed() -> None:
    """Does the one line about a bad database or broker URL leave the password out?"""
    for name, url in [
        ("DATABASE_URL", "postgress://manabi:Hunter2-secret@db.example.jp/manabi"),
        ("CELERY_BROKER_URL", "kafka://user:Hunter2-secret@broker.example.jp"),
    ]:
        line = assert_stopped_naming(
            run_manage("check", DJANGO_SETTINGS_MODULE="lms.settings.dev", **{name: url}), name
        )
        assert "Hunter2-secret" not in line


@pytest.mark.parametrize("module", ["lms.settings.dev", "lms.settings.production"])
def test_no_secret_key_with_debug_off_stops_start_up(module: str) -> None:
    """With DEBUG off and no SECRET_KEY, does every settings module refuse (dev's generated key is for DEBUG on only)?"""
    result = run_manage("check", DJANGO_SETTINGS_MODULE=module, DEBUG="false")
    assert_stopped_naming(result, "SECRET_KEY")


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("k" + "".join(chr(ord("A") + i % 26) for i in range(44)), "at least 50 characters"),
        ("ab" * 30, "at least 5 different characters"),
        ("django-insecure-" + STRONG_KEY, "django-insecure-"),
    ],
    ids=["45-characters", "2-unique-characters", "insecure-prefix"],
)
@pytest.mark.parametrize(
    "module", ["lms.settings.dev", "lms.settings.test", "lms.settings.production"]
)
def test_weak_secret_key_is_refused_as_check_deploy_would(
    key: str, problem: str, module: str
) -> None:
    """Is a key that `check --deploy` would call weak refused with DEBUG off, whatever the settings module?"""
    result = run_manage("check", DJANGO_SETTINGS_MODULE=module, DEBUG="false", SECRET_KEY=key)
    line = assert_stopped_naming(result, "SECRET_KEY")
    assert problem in line
    assert key not in line  # the key itself is never printed


def test_production_settings_refuse_debug_on() -> None:
    """Does production refuse DEBUG=true, even with a good key, in one line naming DEBUG?"""
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="lms.settings.production", DEBUG="true",
        SECRET_KEY=STRONG_KEY,
    )  # fmt: skip
    assert_stopped_naming(result, "DEBUG")


@pytest.mark.parametrize("module", ["lms.wsgi", "lms.asgi", "lms.celery"])
def test_servers_default_to_production_settings(module: str) -> None:
    """Without DJANGO_SETTINGS_MODULE, do gunicorn's, ASGI's and Celery's entry points refuse to start without a key?"""
    code = (
        f"import {module}; from django.conf import settings;"
        " print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    assert_stopped_naming(run_python(code), "SECRET_KEY")
    started = run_python(code, SECRET_KEY=STRONG_KEY)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split()[-2:] == ["lms.settings.production", "False"]


def test_manage_py_develops_with_dev_settings_and_a_generated_key() -> None:
    """Does `manage.py` still start for development with no variables at all (DEBUG on, key kept in var/)?"""
    result = run_manage(
        "shell", "-c",
        "from django.conf import settings;"
        " print(settings.SETTINGS_MODULE, settings.DEBUG, len(settings.SECRET_KEY) >= 50)",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["lms.settings.dev", "True", "True"]


@pytest.mark.parametrize(
    ("debug", "key"),
    [("true", "$HOME"), ("false", "$" + STRONG_KEY)],
    ids=["debug-on", "debug-off"],
)
def test_values_starting_with_a_dollar_are_taken_literally(debug: str, key: str) -> None:
    """Is SECRET_KEY='$HOME' the five characters given, not the value of $HOME (django-environ's proxying)?"""
    result = run_python(
        "from django.conf import settings; print(settings.SECRET_KEY)",
        DJANGO_SETTINGS_MODULE="lms.settings.dev", DEBUG=debug, SECRET_KEY=key,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_production_settings_pass_the_deployment_checklist() -> None:
    """With a real secret key, does `check --deploy` report nothing?"""
    result = run_manage(
        "check", "--deploy", "--fail-level", "DEBUG",
        DJANGO_SETTINGS_MODULE="lms.settings.production", SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="manabi.example.jp",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("module", ["lms.settings.dev", "lms.settings.production"])
def test_load_demo_refuses_to_run_with_debug_off(module: str, tmp_path) -> None:
    """Does `manage.py load_demo` (a superuser with a published password) refuse DEBUG off or production
    settings in one line naming the flag that overrides it, before touching the database?"""
    database = tmp_path / "never-created.sqlite3"
    result = run_manage(
        "load_demo", DJANGO_SETTINGS_MODULE=module, DEBUG="false", SECRET_KEY=STRONG_KEY,
        DATABASE_URL=f"sqlite:///{database}",
    )  # fmt: skip
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("CommandError: ")
    assert "--i-know-this-is-not-production" in lines[0]
    assert "Traceback" not in result.stderr
    assert not database.exists()
    logins = run_manage("load_demo", "--logins", DJANGO_SETTINGS_MODULE=module, DEBUG="false",
                        SECRET_KEY=STRONG_KEY, DATABASE_URL=f"sqlite:///{database}")  # fmt: skip
    assert logins.returncode == 0, logins.stderr
    assert "sakura-trainer" in logins.stdout


def test_japanese_and_tokyo_by_default(settings) -> None:
    """Is the site Japanese (ja) and on Tokyo time by default?"""
    import datetime as dt

    from django.utils import timezone, translation

    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.USE_TZ is True
    assert translation.get_language() == "ja"
    midnight_in_tokyo = dt.datetime(2026, 3, 31, 15, 0, tzinfo=dt.UTC)
    assert timezone.localtime(midnight_in_tokyo).date() == dt.date(2026, 4, 1)
    assert timezone.get_current_timezone_name() == "Asia/Tokyo"
