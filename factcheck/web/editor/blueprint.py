"""The one "editor" blueprint every editor page module adds its routes to."""

from flask import Blueprint

from factcheck.web.auth import editor_required

bp = Blueprint("editor", __name__, url_prefix="/editor")


@bp.before_request
@editor_required
def _require_login() -> None:
    """Every /editor/ page needs a logged-in editor (login itself lives in `auth`)."""
