"""Factcheck: reader error reports and editor corrections for news articles."""

import os
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(
    test_config: dict[str, Any] | None = None,
    *,
    instance_path: str | os.PathLike[str] | None = None,
) -> Flask:
    """Build the app: settings from the environment (or `test_config`), then blueprints.

    The instance folder (default SQLite file, generated secret key) is `instance_path`, else
    `FACTCHECK_INSTANCE_PATH`, else `instance/` in the source tree.
    """
    instance = instance_path or os.environ.get("FACTCHECK_INSTANCE_PATH") or ROOT / "instance"
    app = Flask(
        __name__,
        instance_path=str(Path(instance).resolve()),
        template_folder=str(ROOT / "templates"),
        instance_relative_config=True,
    )
    from factcheck import config

    # Settings `test_config` gives are never computed: no key file, no instance folder for them.
    app.config.from_mapping(config.load(app.instance_path, overrides=test_config))
    if test_config:
        app.config.from_mapping(test_config)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Large enough for a 200,000-character article as JSON; the report
        # endpoint sets its own, much smaller limit.
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from flask_wtf.csrf import CSRFProtect

    from factcheck import cli, db, logs
    from factcheck.web import (
        api,
        auth,
        edge,
        editor,
        i18n,
        limits,
        links,
        openapi,
        ops,
        public,
        reports,
    )

    logs.configure(app.config["LOG_LEVEL"])
    db.init_app(app)
    i18n.init_app(app)
    edge.init_app(app)
    links.init_app(app)
    limits.init_app(app)
    auth.init_app(app)
    cli.init_app(app)
    csrf = CSRFProtect(app)

    app.register_blueprint(public.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(editor.bp)
    from factcheck.web import webhooks as webhook_pages

    app.register_blueprint(webhook_pages.bp)
    from factcheck.web import stylebook as stylebook_pages

    app.register_blueprint(stylebook_pages.bp)
    # The JSON API authenticates with bearer tokens or is rate limited; no cookies, no CSRF.
    csrf.exempt(api.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(ops.bp)
    openapi.init_app(app, api.api)
    return app
