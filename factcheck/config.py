"""Settings: defaults overridden by FACTCHECK_<NAME> environment variables."""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PREFIX = "FACTCHECK_"

# name -> (default, type). A default of None means "computed from the instance folder".
DEFAULTS: dict[str, tuple[Any, type]] = {
    "DATABASE_URL": (None, str),
    "SECRET_KEY": (None, str),
    "REPORT_RATE_LIMIT": ("5/minute;30/hour;100/day", str),
    "RATELIMIT_STORAGE_URL": ("memory://", str),
    "TRUSTED_PROXIES": (0, int),
    "SMTP_URL": ("", str),
    "MAIL_FROM": ("Factcheck <factcheck@localhost>", str),
    "PUBLIC_URL": ("", str),
    # Hosts webhooks and CMS connectors may reach although they are not public addresses
    # (loopback, a private network): comma-separated host or host:port. Empty: public only.
    "OUTBOUND_ALLOW": ("", str),
    # Host names this app answers to (comma-separated); a request with another Host header
    # gets 400. Empty: any (set it in production, with FACTCHECK_PUBLIC_URL).
    "TRUSTED_HOSTS": ("", str),
    # The Fernet key CMS connectors' passwords are encrypted with (README: WordPress);
    # `flask --app app new-connector-key` makes one. Empty: no connector can be attached.
    "CONNECTOR_KEY": ("", str),
    # Minutes between two syncs of a connected site's posts by the worker; 0: never.
    "CONNECTOR_SYNC_MINUTES": (10, int),
    # Days to keep a reporter's address after their outcome mail; 0 = delete once sent.
    "EMAIL_RETENTION_DAYS": (0, int),
    # Run the outbox worker in a daemon thread of the web process (`make run` sets it).
    "RUN_WORKER": (False, bool),
    # Seconds the worker sleeps when the outbox has nothing due.
    "WORKER_INTERVAL": (5, int),
    # Longest article body a CMS may push, in code points.
    "MAX_BODY_CHARS": (200_000, int),
    # Largest request body the reader-facing report endpoint accepts, in bytes.
    "MAX_REPORT_BYTES": (16 * 1024, int),
    "NOTES_POSITION": ("bottom", str),
    "FRAME_ANCESTORS": ("'self'", str),
    "HSTS": (True, bool),
    # Minutes after publishing a fix (or rejecting a group) in which "Undo" is offered; later,
    # an editor reverts from the history page.
    "UNDO_MINUTES": (10, int),
    # An editor's login ends after this many minutes without a request.
    "SESSION_IDLE_MINUTES": (120, int),
    "LOG_LEVEL": ("INFO", str),
    # The newsroom's time zone (an IANA name): editor pages show times in it.
    "TIMEZONE": ("UTC", str),
    # Bounds on waiting for the database, so an outage answers 503 instead of hanging.
    # Seconds to open a PostgreSQL connection (a dead host fails fast; a slow one gets 5 s).
    "DATABASE_CONNECT_TIMEOUT": (5, int),
    # Milliseconds one PostgreSQL statement may run; far above any query the app makes.
    "DATABASE_STATEMENT_TIMEOUT_MS": (15_000, int),
    # Seconds a request waits for a free pooled connection before giving up with 503.
    "DATABASE_POOL_TIMEOUT": (10, int),
    # Milliseconds SQLite waits for another writer's lock before answering 503.
    "SQLITE_BUSY_TIMEOUT_MS": (15_000, int),
}


def _convert(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def _secret_key(instance: Path) -> str:
    """Generate a key on first run and keep it, so sessions survive restarts."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    instance.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load(
    instance_path: str,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the Flask config mapping from defaults, the environment, then `overrides`."""
    environ = os.environ if environ is None else environ
    instance = Path(instance_path)
    settings: dict[str, Any] = {}
    for name, (default, kind) in DEFAULTS.items():
        raw = environ.get(PREFIX + name)
        settings[name] = _convert(raw, kind) if raw not in (None, "") else default
    settings.update({name: value for name, value in (overrides or {}).items() if name in DEFAULTS})
    if not settings["DATABASE_URL"]:
        instance.mkdir(parents=True, exist_ok=True)
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'factcheck.sqlite3'}"
    if not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = _secret_key(instance)
    try:
        ZoneInfo(settings["TIMEZONE"])
    except (ValueError, ZoneInfoNotFoundError):
        raise ValueError(
            f"FACTCHECK_TIMEZONE={settings['TIMEZONE']!r} is not a time zone; "
            "use an IANA name such as Europe/Kyiv or UTC."
        ) from None
    return settings
