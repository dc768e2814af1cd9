"""Operations endpoints: /healthz (the process answers) and /readyz (it can serve traffic)."""

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from factcheck.db import get_engine, readiness

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness: no database call, so a database outage never gets the process restarted."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Readiness: the database answers and its schema is at this code's migration head."""
    checks = readiness(get_engine(), current_app.config["DATABASE_URL"])
    ready = checks.get("database") == "ok" and checks.get("migrations") == "ok"
    response = jsonify(status="ready" if ready else "unavailable", checks=checks)
    response.status_code = 200 if ready else 503
    if not ready:
        response.headers["Retry-After"] = "5"
    return response
