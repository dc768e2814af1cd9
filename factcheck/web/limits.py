"""Abuse limits: per-client rate limits on report submission, and the reader's fingerprint."""

import hashlib
import hmac
import re

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def report_limit() -> str:
    limit: str = current_app.config["REPORT_RATE_LIMIT"]
    return limit


# The JSON API and the no-JS form share one budget per client.
reports_limited = limiter.shared_limit(report_limit, scope="reports", methods=["POST"])


# The widget's random reader id, kept in the reader's localStorage (never a cookie).
READER_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def reporter_fingerprint(reader: str | None = None) -> str:
    """A keyed hash that tells reporters apart without storing who they are: of the
    reader id when the report carries a well-formed one (readers behind one office or
    carrier address stay apart), else of the client address."""
    key = current_app.config["SECRET_KEY"].encode()
    if reader is not None and READER_ID.fullmatch(reader):
        return hmac.new(key, f"reader:{reader}".encode(), hashlib.sha256).hexdigest()
    address = get_remote_address() or "unknown"
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def limit_body(max_bytes: int) -> None:
    """Refuse request bodies over `max_bytes` with 413 before reading them."""
    request.max_content_length = max_bytes


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["RATELIMIT_STORAGE_URL"])
    limiter.init_app(app)
    # Only decorated views are limited, and they check their own limits. Flask-Limiter's
    # app-wide check finds nothing to do on every other request yet cost a fifth of a bare
    # request's time (/healthz), so it is unhooked.
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:  # absent when RATELIMIT_ENABLED is off
        hooks.remove(limiter._check_request_limit)
