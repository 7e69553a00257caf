"""Development settings: what ``make run`` uses. DEBUG defaults to on; the secret key is generated once."""

from __future__ import annotations

import os
import secrets

from .env import VAR_DIR

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import SECRET_KEY as _ENV_SECRET_KEY


def _local_secret_key() -> str:
    """A random key kept in var/ so sessions survive restarts; never a key written in the source."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _ENV_SECRET_KEY or _local_secret_key()
