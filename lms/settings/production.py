"""Production settings: DEBUG off (DEBUG=true is refused), a real SECRET_KEY, HTTPS-only cookies and HSTS.

The strength of SECRET_KEY is checked in ``base`` (any settings module with DEBUG off).
"""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: F403
from .base import DEBUG
from .env import ConfigurationError, read_bool, read_int

if DEBUG:
    raise ConfigurationError(
        "DEBUG", "must be off with lms.settings.production (use lms.settings.dev to develop)"
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
