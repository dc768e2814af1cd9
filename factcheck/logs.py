"""Structured logs: one JSON object per line, with the request's id, and secrets redacted."""

import contextvars
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

# What the web edge knows about the current request (id, method, path, editor); services
# log through the standard logging module and get these fields without importing Flask.
request_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "factcheck_request_context", default=None
)

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# API tokens carry a prefix (services/editors.py); report tokens live in status paths.
_API_TOKEN = re.compile(r"fct_[A-Za-z0-9_-]+")
_REPORT_TOKEN = re.compile(r"(/reports/)[^/?#\s\"']+")
_TOKEN_PARAM = re.compile(r"((?:token|password)=)[^&\s\"']+", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)\S+", re.IGNORECASE)
# Every pattern above needs one of these; most log strings have none and skip the rest.
_MAYBE_SECRET = re.compile(r"@|fct_|/reports/|=|bearer", re.IGNORECASE)

# Attributes every LogRecord has; anything else was passed as `extra=` and is logged too.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_HANDLER_MARK = "_factcheck_json"


def redact(text: str) -> str:
    """Remove email addresses and tokens from a log string."""
    if not _MAYBE_SECRET.search(text):
        return text
    text = _EMAIL.sub("[email]", text)
    text = _API_TOKEN.sub("fct_[redacted]", text)
    text = _REPORT_TOKEN.sub(r"\1[token]", text)
    text = _TOKEN_PARAM.sub(r"\1[redacted]", text)
    return _BEARER.sub(r"\1[redacted]", text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return redact(str(value))


class RedactingFilter(logging.Filter):
    """Redact message, arguments and extra fields before any handler formats the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _scrub(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _scrub(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_scrub(value) for value in record.args)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request fields, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        entry.update({key: _scrub(value) for key, value in (request_context.get() or {}).items()})
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = _scrub(value)
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (test runners swap it between tests)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(level: str) -> None:
    """JSON lines on stderr for the `factcheck` loggers; safe to call once per app."""
    logger = logging.getLogger("factcheck")
    for handler in list(logger.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            logger.removeHandler(handler)
    handler = _StderrHandler()
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
