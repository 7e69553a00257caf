"""Development settings: what ``make run`` and ``manage.py`` use. DEBUG defaults to on.

With DEBUG on and no SECRET_KEY, a random key is generated once and kept in var/. With DEBUG off,
``base`` requires a real SECRET_KEY here too: a generated key never signs anything outside development.
"""

from __future__ import annotations

import os
import secrets

from .env import VAR_DIR

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY


def _local_secret_key() -> str:
    """A random key kept in var/ so sessions survive restarts; never a key written in the source."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if DEBUG and not SECRET_KEY:
    SECRET_KEY = _local_secret_key()
