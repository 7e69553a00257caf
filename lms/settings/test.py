"""Test settings: fast hashing, local e-mail, and a SQLite test database on disk (worker processes share it)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
# Each test session gets its own broker folder (or Redis key prefix) and SQLite file; worker processes
# the tests start inherit these variables and so share them.
os.environ.setdefault("MANABI_TEST_RUN", f"test-{os.getpid()}")
_RUN = os.environ["MANABI_TEST_RUN"]
os.environ.setdefault(
    "CELERY_FILESYSTEM_DIR", str(Path(__file__).resolve().parents[2] / "var" / _RUN / "celery")
)
# DEBUG is off, so base requires a strong key: a random one per test session (never one written in
# the source); worker processes the tests start inherit it.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from .base import *  # noqa: E402, F403
from .base import (  # noqa: E402
    CELERY_BROKER_TRANSPORT_OPTIONS,
    CELERY_BROKER_URL,
    DATABASES,
    VAR_DIR,
)

# A test database is thrown away at the end of the session: the demo may be loaded into it.
LOAD_DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Live-server threads must not keep connections open past a test, or PostgreSQL cannot drop the
# test database at the end of the session.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not :memory:, so that a real Celery worker process sees the same test database.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("MANABI_TEST_SQLITE", str(VAR_DIR / _RUN / "test.sqlite3"))
    }
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": f"{_RUN}:",
    }
MEDIA_ROOT = str(VAR_DIR / _RUN / "media")
PRIVATE_STORAGE_ROOT = str(VAR_DIR / _RUN / "private")
Path(VAR_DIR / _RUN).mkdir(parents=True, exist_ok=True)
