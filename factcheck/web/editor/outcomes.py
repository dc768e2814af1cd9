"""What an editor's last action did, shown once on the page it led to: "Published revision 2 ·
View diff · Undo · Next →". A small dict in the session, rendered (escaped) by
templates/editor/_outcome.html; unlike a plain flash it carries links and an Undo button.
"""

from typing import Any

from flask import g, request, session

from factcheck.web.editor.blueprint import bp

KEY = "outcome"


def remember(
    text: str,
    *,
    at: str,
    links: list[tuple[str, str]] | None = None,
    undo: int | None = None,
) -> None:
    """Show `text` (with links as (label, url) and an Undo of group `undo`) on the page `at`."""
    session[KEY] = {"text": text, "links": links or [], "undo": undo, "at": at}


@bp.before_request
def _take_outcome() -> None:
    """Take the outcome out of the session; it is shown only on the page it was meant for,
    so a later page never shows a stale "Undo"."""
    outcome = session.pop(KEY, None)
    # Set on every request: `g` outlives a request when an app context was pushed around it.
    g.outcome = outcome if isinstance(outcome, dict) and outcome.get("at") == request.path else None


@bp.app_context_processor
def _outcome() -> dict[str, Any]:
    return {"outcome": g.get("outcome")}
