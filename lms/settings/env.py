"""Every setting that comes from the environment is read here, once.

A missing or malformed variable stops start-up with one line naming it (see ``docs/settings.md``).
Values are taken literally from ``os.environ``: django-environ's ``$VAR`` proxying is not used, so a
secret or password that starts with ``$`` is not replaced by another variable's value.
"""

from __future__ import annotations

import os
import re
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import environ
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


class ConfigurationError(SystemExit):
    """Raised at import time; ``SystemExit`` so Django prints one line and no traceback."""

    def __init__(self, name: str, problem: str) -> None:
        # SystemExit prints its message as the process's single line on stderr.
        super().__init__(f"Configuration error: {name} {problem} (see docs/settings.md)")


DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")
DATABASE_CONNECT_TIMEOUT = 5  # seconds
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _raw(name: str) -> str | None:
    """The variable exactly as set (no ``$`` expansion), or None when it is not set at all."""
    return os.environ.get(name)


def read_bool(name: str, default: bool) -> bool:
    raw = (_raw(name) or "").strip()
    if raw == "":
        return default
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(name, f"must be true or false, not {raw!r}")


def read_int(name: str, default: int, minimum: int = 0) -> int:
    raw = (_raw(name) or "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(name, f"must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ConfigurationError(name, f"must be at least {minimum}, not {value}")
    return value


def read_str(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw.strip()


def read_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name) or ""
    if raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (compared in upper case), e.g. a log level."""
    raw = read_str(name, default)
    if raw.upper() not in choices:
        raise ConfigurationError(name, f"must be one of {', '.join(choices)}, not {raw!r}")
    return raw.upper()


def read_path(name: str, default: str) -> str:
    """An absolute folder path. Set but empty is refused: it is a mistake, not a wish for the default."""
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip()
    if value == "":
        raise ConfigurationError(name, "is set but empty; unset it to use the default")
    if not Path(value).is_absolute():
        raise ConfigurationError(name, f"must be an absolute path, not {value!r}")
    return value


# A host name, ``.example.jp`` (the domain and its subdomains), ``*``, or an IPv6 address in brackets.
_HOST_PATTERN = re.compile(r"\*|\.?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?|\[[0-9A-Fa-f:.]+\]")


def read_hosts(name: str, default: list[str]) -> list[str]:
    """Host names only (``manabi.example.jp``, ``.example.jp``, ``*``): no scheme, port, path or spaces.

    Django compares the request's host without its port, so ``manabi.example.jp:8000`` (or a name
    separated by ``;``) would match no request and every page would answer 400.
    """
    if (_raw(name) or "").strip() and not read_list(name, []):
        raise ConfigurationError(name, f"lists no host name in {_raw(name)!r}")
    hosts = read_list(name, default)
    for host in hosts:
        if not _HOST_PATTERN.fullmatch(host):
            raise ConfigurationError(
                name, f"must list host names only (no scheme, port or path), not {host!r}"
            )
    return hosts


def read_origins(name: str, default: list[str]) -> list[str]:
    """Origins with their scheme (``https://manabi.example.jp``), as Django requires."""
    origins = read_list(name, default)
    for origin in origins:
        _check_web_url(name, origin)
        parts = urlsplit(origin)
        if parts.path or parts.query or parts.fragment or parts.username is not None:
            # Django compares the browser's Origin header (scheme://host[:port]) with each entry as
            # it is: with a path, even a trailing /, nothing matches and every form is refused (403).
            raise ConfigurationError(
                name,
                f"must list origins (scheme://host[:port], no path, not even /), not {origin!r}",
            )
    return origins


def read_web_url(name: str, default: str) -> str:
    url = read_str(name, default)
    _check_web_url(name, url)
    return url


def _check_web_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            name, f"must start with http:// or https:// and a host, not {url!r}"
        )
    _check_port(name, url)


def read_email_address(name: str, default: str) -> str:
    """``manabi@example.jp`` or ``Manabi <manabi@example.jp>``."""
    raw = read_str(name, default)
    address = parseaddr(raw)[1]
    local, _at, domain = address.rpartition("@")
    if not local or not domain:
        raise ConfigurationError(name, f"must be an e-mail address, not {raw!r}")
    return raw


def redacted(url: str) -> str:
    """The URL with its password replaced, so that an error message never shows a credential."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return url.split("@", 1)[-1] if "@" in url else url


def _check_port(name: str, url: str) -> None:
    try:
        urlsplit(url).port  # noqa: B018 (urllib checks the port only when it is read)
    except ValueError:
        raise ConfigurationError(
            name, f"has a port that is not a number from 0 to 65535 in {redacted(url)!r}"
        ) from None


def read_secret_key(name: str, *, required: bool) -> str:
    """The signing key. When ``required`` (DEBUG off) it must pass Django's ``check --deploy`` rules.

    The key itself never appears in a message.
    """
    key = read_str(name)
    if not required:
        return key
    if key == "":
        raise ConfigurationError(
            name,
            f"is required when DEBUG is off (at least {SECRET_KEY_MIN_LENGTH} random characters)",
        )
    if len(key) < SECRET_KEY_MIN_LENGTH:
        raise ConfigurationError(
            name, f"must be at least {SECRET_KEY_MIN_LENGTH} characters long, not {len(key)}"
        )
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        raise ConfigurationError(
            name, f"must use at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
        )
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        raise ConfigurationError(name, f"must not start with {SECRET_KEY_INSECURE_PREFIX!r}")
    return key


def read_database(name: str, default: str) -> dict:
    raw = read_str(name, default)
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in DATABASE_SCHEMES:
        allowed = ", ".join(f"{s}://" for s in DATABASE_SCHEMES)
        raise ConfigurationError(name, f"must start with one of {allowed}, not {redacted(raw)!r}")
    _check_port(name, raw)
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as error:  # django-environ raises several types for bad URLs
        raise ConfigurationError(name, f"is not a valid database URL ({error})") from None
    engine = config.get("ENGINE", "")
    if not engine:
        raise ConfigurationError(name, f"has an unsupported scheme in {redacted(raw)!r}")
    if not config.get("NAME") or config["NAME"] == ":memory:":
        raise ConfigurationError(name, f"must name a database, not {redacted(raw)!r}")
    if engine.endswith("sqlite3"):
        if not Path(config["NAME"]).is_absolute():
            # sqlite:///var/db.sqlite3 is relative to the current folder: the web server, the worker
            # and manage.py, started from different folders, would each use a database of their own.
            raise ConfigurationError(
                name, f"must give an absolute SQLite path (sqlite:////folder/file), not {raw!r}"
            )
        # WAL lets the web server read while a grading worker writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write locks.
        config.setdefault("OPTIONS", {}).update(
            {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            }
        )
    elif "postgresql" in engine:
        # A socket folder given percent-encoded as the host (postgres://%2Fvar%2Frun%2Fpostgresql/db),
        # as libpq's URIs allow; django-environ leaves it encoded.
        config["HOST"] = unquote(config.get("HOST") or "")
        config.setdefault("CONN_MAX_AGE", 60)
        config.setdefault("CONN_HEALTH_CHECKS", True)
        # libpq waits for a server that accepts but never answers as long as the kernel lets it
        # (minutes): requests, workers and /healthz would hang. ?connect_timeout=… overrides it.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    return config


def read_url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    """A broker or result-backend URL: a known scheme, a numeric port, a numeric Redis database."""
    raw = read_str(name, default)
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in schemes:
        allowed = ", ".join(f"{s}://" for s in schemes)
        raise ConfigurationError(name, f"must start with one of {allowed}, not {redacted(raw)!r}")
    _check_port(name, raw)
    if scheme in ("redis", "rediss"):
        database = urlsplit(raw).path.strip("/")
        if database and not database.isdigit():
            raise ConfigurationError(
                name, f"must end with a Redis database number, not {redacted(raw)!r}"
            )
    if scheme == "rediss":
        # Celery's Redis result backend (the broker's URL by default) refuses a rediss:// URL without
        # it when the first task is sent, long after start-up.
        reqs = dict(parse_qsl(urlsplit(raw).query)).get("ssl_cert_reqs", "")
        if reqs.upper().removeprefix("CERT_") not in ("REQUIRED", "OPTIONAL", "NONE"):
            raise ConfigurationError(
                name,
                "must end with ?ssl_cert_reqs=required (or optional, none) for rediss://,"
                f" not {redacted(raw)!r}",
            )
    if scheme == "file" and not Path(raw.removeprefix("file://")).is_absolute():
        raise ConfigurationError(name, f"must name an absolute folder (file:///…), not {raw!r}")
    return raw


EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}
EMAIL_TIMEOUT = 30  # seconds; Django's default is to wait for an SMTP server forever


def _read_flag(name: str, key: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(name, f"has ?{key}= that is not true or false, but {value!r}")


def read_email(name: str, default: str) -> dict:
    """Django's e-mail settings from one URL.

    ``smtp://user:pass@host:587/?tls=true`` (STARTTLS), ``smtp+tls://`` (the same), ``smtps://`` or
    ``smtp+ssl://`` (TLS from the first byte, port 465), ``?timeout=seconds``; ``consolemail://``,
    ``filemail:///absolute/folder``, ``memorymail://``, ``dummymail://``. User name and password may
    be percent-encoded. An option not listed here is refused rather than silently ignored.
    """
    raw = read_str(name, default)
    scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
    if scheme not in EMAIL_SCHEMES:
        allowed = ", ".join(f"{s}://" for s in EMAIL_SCHEMES)
        raise ConfigurationError(name, f"must start with one of {allowed}, not {redacted(raw)!r}")
    _check_port(name, raw)
    parts = urlsplit(raw)
    config: dict = {"EMAIL_BACKEND": EMAIL_SCHEMES[scheme]}
    if scheme == "filemail":
        folder = unquote(parts.path)
        if not Path(folder).is_absolute() or parts.netloc:
            raise ConfigurationError(
                name, f"must name an absolute folder (filemail:///folder), not {raw!r}"
            )
        config["EMAIL_FILE_PATH"] = folder
    if not scheme.startswith("smtp"):
        return config
    if not parts.hostname:
        raise ConfigurationError(name, f"must name the SMTP server's host, not {redacted(raw)!r}")
    if parts.port == 0:
        raise ConfigurationError(name, f"has port 0 in {redacted(raw)!r}")
    use_tls = scheme == "smtp+tls"
    use_ssl = scheme in ("smtps", "smtp+ssl")
    timeout = EMAIL_TIMEOUT
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        option = key.lower().removeprefix("email_")
        if option in ("tls", "use_tls"):
            use_tls = _read_flag(name, key, value)
        elif option in ("ssl", "use_ssl"):
            use_ssl = _read_flag(name, key, value)
        elif option == "timeout":
            try:
                timeout = float(value)
            except ValueError:
                timeout = 0
            if not timeout > 0:
                raise ConfigurationError(
                    name, f"has ?{key}= that is not a number of seconds, but {value!r}"
                )
        else:
            raise ConfigurationError(
                name, f"has an unknown option ?{key}= (tls, ssl and timeout are known)"
            )
    if use_tls and use_ssl:
        raise ConfigurationError(
            name, "asks for both STARTTLS (tls) and TLS from the start (ssl, smtps://); choose one"
        )
    config.update(
        {
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": use_tls,
            "EMAIL_USE_SSL": use_ssl,
            "EMAIL_TIMEOUT": timeout,
        }
    )
    return config
