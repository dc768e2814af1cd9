"""Request ids and one structured log line per request."""

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from factcheck.logs import request_context

log = logging.getLogger("factcheck.request")
HEADER = "X-Request-ID"
# An inbound id (from a proxy or load balancer) is kept when it is short and plain.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# Probes hit these every few seconds; their lines would drown the real traffic.
_QUIET_PATHS = {"/healthz", "/readyz"}


def request_id() -> str:
    """The current request's id."""
    return str(g.get("request_id", ""))


def _start() -> None:
    inbound = request.headers.get(HEADER, "")
    g.request_id = inbound if _SANE_ID.fullmatch(inbound) else uuid.uuid4().hex
    g.request_started = time.perf_counter()
    g.request_context_token = request_context.set(
        {"request_id": g.request_id, "method": request.method, "path": request.path}
    )


def _editor_id() -> int | None:
    api_editor = g.get("api_editor")
    if api_editor is not None:
        return int(api_editor.id)
    # Only a user Flask-Login already loaded: loading one here would query the database
    # from the log line, even while the database is down.
    user = g.get("_login_user")
    editor = getattr(user, "editor", None)
    return int(editor.id) if editor is not None and editor.id is not None else None


def _finish(response: Response) -> Response:
    response.headers[HEADER] = request_id()
    context = dict(request_context.get() or {})
    editor = _editor_id()
    if editor is not None:
        context["editor_id"] = editor
        request_context.set(context)
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 2) if started else None
    level = logging.DEBUG if request.path in _QUIET_PATHS else logging.INFO
    log.log(
        level,
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={"status": response.status_code, "duration_ms": duration},
    )
    return response


def _teardown(_exc: BaseException | None) -> None:
    token = g.pop("request_context_token", None)
    if token is not None:
        try:
            request_context.reset(token)
        except ValueError:
            # Set in a different context (e.g. a streamed response); clear it instead.
            request_context.set(None)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_teardown)
