"""Absolute links (feeds, JSON-LD, status URLs, mail, the snippet) from the configured public
address, never from a request's Host header, which any client may set."""

from typing import Any

from flask import Flask, current_app, url_for


def public_url_for(endpoint: str, **values: Any) -> str:
    """`url_for` made absolute with FACTCHECK_PUBLIC_URL; without it (a local demo), the
    request's own address, which FACTCHECK_TRUSTED_HOSTS can limit."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def init_app(app: Flask) -> None:
    # FACTCHECK_TRUSTED_HOSTS is a comma-separated string; Flask wants a list (or None for
    # any host) and then answers 400 to a request whose Host is none of these.
    configured = app.config.get("TRUSTED_HOSTS")
    if isinstance(configured, str):
        hosts = [h.strip() for h in configured.split(",") if h.strip()]
        app.config["TRUSTED_HOSTS"] = hosts or None
    app.jinja_env.globals["public_url_for"] = public_url_for
