"""Production settings: DEBUG off, a real SECRET_KEY required, HTTPS-only cookies and HSTS."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY
from .env import ConfigurationError, read_bool, read_int

if not DEBUG and (
    not SECRET_KEY or len(SECRET_KEY) < 40 or SECRET_KEY.startswith("django-insecure")
):
    raise ConfigurationError(
        "SECRET_KEY", "must be set to a random value of at least 40 characters"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = read_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = read_int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail marks its own preview views SAMEORIGIN; everything else may not be framed.
X_FRAME_OPTIONS = "DENY"
