"""The web edge: security headers, proxies, and mapping every error to JSON or a friendly page."""

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from factcheck.db import UNAVAILABLE
from factcheck.domain.errors import (
    Conflict,
    FactcheckError,
    Forbidden,
    Invalid,
    NotFound,
    Unauthorized,
)
from factcheck.web.schemas import MAX_ID

log = logging.getLogger("factcheck.web")

STATUS = {NotFound: 404, Invalid: 422, Conflict: 409, Unauthorized: 401, Forbidden: 403}
HTTP_CODES = {
    400: "malformed",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}


# What a reader reads for HTTP errors that carry no words of ours (werkzeug's and the rate
# limiter's own descriptions are English): msgids of the catalogs (README: Languages).
def N_(message: str) -> str:
    """Marks `message` for `pybabel extract`; translated when it is shown."""
    return message


HTTP_MESSAGES = {
    400: N_("The request could not be understood. Reload the page and try again."),
    404: N_("There is nothing at this address."),
    405: N_("This address does not accept that kind of request."),
    413: N_("What you sent is too large."),
    415: N_("This address accepts JSON only."),
    429: N_("Too many requests from your connection. Please wait a minute and try again."),
}


CSRF_MESSAGE = N_(
    "This form has expired or was sent from another page. Reload the page and try again."
)


def _http_message(error: HTTPException) -> str:
    """The error's words in the page's language. A description the app wrote itself (an
    abort with a message) is translated through the catalogs, which list it
    (web/reader_messages.py); the rate limiter's limit spelling and Flask-WTF's CSRF
    reasons are English only, so they get ours."""
    from factcheck.web.i18n import translate

    status = error.code or 500
    default = type(error).description
    if isinstance(error, CSRFError):
        return str(gettext(CSRF_MESSAGE))
    if status in HTTP_MESSAGES and (status == 429 or error.description == default):
        return str(gettext(HTTP_MESSAGES[status]))
    return translate(error.description or error.name)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(
    status: int,
    message: str,
    /,
    *,
    code: str | None = None,
    fields: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {"code": code or HTTP_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    response = jsonify({"error": body})
    response.status_code = status
    return response


def _translated(error: FactcheckError) -> tuple[str, dict[str, str]]:
    """The error's words in the page's language (README: Languages)."""
    from factcheck.web.i18n import translate

    fields = {name: translate(text) for name, text in (error.fields or {}).items()}
    return translate(error.message), fields


def error_page(status: int, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, message=message), status


def _domain_error(error: FactcheckError) -> Response | tuple[str, int]:
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
    if wants_json():
        extra = error.details if isinstance(error, Conflict) else {}
        message, fields = _translated(error)
        response = json_error(status, message, code=error.code, fields=fields, **extra)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response
    return error_page(status, _translated(error)[0])


def _http_error(error: HTTPException) -> Response | tuple[str, int]:
    status = error.code or 500
    message = _http_message(error)
    if isinstance(error, SecurityError):
        # The Host is not a trusted one (FACTCHECK_TRUSTED_HOSTS): no URL can be built for
        # this request, so no page or link, only the status in plain words.
        return Response(message, status=status, mimetype="text/plain")
    if wants_json():
        response = json_error(status, message)
        original = error.get_response()
        for header in ("Retry-After", "Allow", "WWW-Authenticate"):
            if header in original.headers:
                response.headers[header] = original.headers[header]
        return response
    page, code = error_page(status, message)
    original = error.get_response()
    response = Response(page, status=code, mimetype="text/html")
    for header in ("Retry-After", "Allow"):
        if header in original.headers:
            response.headers[header] = original.headers[header]
    return response


RETRY_AFTER_SECONDS = 5


def _database_unavailable(error: Exception) -> Response:
    log.warning("database unavailable: %s", error.__class__.__name__)
    message = gettext("The service is briefly unavailable. Please try again in a few seconds.")
    if wants_json():
        response = json_error(503, message)
    else:
        page, code = error_page(503, message)
        response = Response(page, status=code, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _unexpected(error: Exception) -> Response | tuple[str, int]:
    log.exception("unhandled error on %s %s", request.method, request.path)
    message = gettext("Something went wrong on our side. Please try again later.")
    if wants_json():
        return json_error(500, message, code="internal")
    return error_page(500, message)


class IdConverter(IntegerConverter):
    """`<int:…>` in a route is a database id: a number past the largest one is no page
    (404), never an overflow in the database (500)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    from factcheck.web import security, tracing

    tracing.init_app(app)
    security.init_app(app)
    for kind in UNAVAILABLE:
        app.register_error_handler(kind, _database_unavailable)
    app.register_error_handler(FactcheckError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
