"""Operations endpoints: /healthz (the process answers) and /readyz (it can serve traffic)."""

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import exc as sa_exc

from factcheck.db import alembic_config, get_engine

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness: no database call, so a database outage never gets the process restarted."""
    return jsonify(status="ok")


def _script_heads() -> set[str]:
    """The migration heads shipped with this code (read once per app)."""
    heads: set[str] | None = current_app.extensions.get("factcheck.migration_heads")
    if heads is None:
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config(current_app.config["DATABASE_URL"]))
        heads = set(script.get_heads())
        current_app.extensions["factcheck.migration_heads"] = heads
    return heads


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Readiness: the database answers and its schema is at this code's migration head."""
    from alembic.runtime.migration import MigrationContext

    checks: dict[str, Any] = {}
    try:
        with get_engine().connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        checks["database"] = "ok"
    except (sa_exc.DBAPIError, sa_exc.DisconnectionError, sa_exc.TimeoutError) as error:
        checks["database"] = f"unreachable ({error.__class__.__name__})"
        current = None
    if current is not None:
        expected = _script_heads()
        if current == expected:
            checks["migrations"] = "ok"
        else:
            checks["migrations"] = "pending"
            checks["database_revision"] = sorted(current)
            checks["code_revision"] = sorted(expected)
    ready = checks.get("database") == "ok" and checks.get("migrations") == "ok"
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    if not ready:
        response.headers["Retry-After"] = "5"
    return response
