"""Security headers on every response: CSP without inline code, nosniff, referrer, HSTS."""

from flask import Flask, Response, abort, current_app, request

from factcheck.domain.text import has_control


def content_security_policy(frame_ancestors: str) -> str:
    # No 'unsafe-inline' anywhere: pages load embed.js (and its modules) and the style sheets;
    # JSON-LD blocks are data, not script, and need no allowance.
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors.strip() or "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_security_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(config["FRAME_ANCESTORS"])
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    # Sent only over HTTPS: over plain HTTP browsers ignore it, and a local demo must not
    # pin its host to HTTPS.
    if config["HSTS"] and request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


_FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}


def refuse_hostile_bodies() -> None:
    """Oversized bodies (413), and control characters (NUL above all) in the path (404),
    the query (400) or form fields of any encoding (400), before any view acts on them.

    Views that take no fields never read the body, so Werkzeug's size limit alone would
    not stop them; and no text in Factcheck may hold a control character (PostgreSQL
    cannot store NUL; domain/text.py has the rule). JSON bodies are checked field by field
    where the API parses them (web/schemas.py), to name the field.
    """
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and request.content_length and request.content_length > limit:
        abort(413)
    if has_control(request.path):
        abort(404)
    if any(has_control(key) or has_control(value) for key, value in request.args.items(True)):
        abort(400, "The address contains a control character.")
    if request.method in {"POST", "PUT", "PATCH"} and request.mimetype in _FORMS:
        fields = request.form.items(multi=True)
        names = (upload.filename or "" for upload in request.files.values())
        if any(has_control(k) or has_control(v) for k, v in fields) or any(
            has_control(name) for name in names
        ):
            abort(400, "Form fields must not contain control characters (such as NUL).")


def init_app(app: Flask) -> None:
    app.before_request(refuse_hostile_bodies)
    app.after_request(add_security_headers)
