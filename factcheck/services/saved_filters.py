"""Editors' saved queue filters: a name for a query string of the queue's known keys."""

from urllib.parse import parse_qsl, urlencode

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from factcheck.domain.errors import Conflict, Invalid, NotFound
from factcheck.domain.text import has_control
from factcheck.models import Editor, SavedFilter
from factcheck.services.audit import record
from factcheck.services.transactions import use_case

# The queue's filter keys a saved filter keeps (page numbers and the like are left out).
KEYS = ("status", "article", "kind", "mine", "q", "sort")
MAX_NAME = 60
MAX_VALUE = 200
MAX_PER_EDITOR = 30


def normalised(params: dict[str, str]) -> str:
    """The query string of `params`' known, non-empty filter keys, in a fixed order."""
    kept = [(key, params[key].strip()[:MAX_VALUE]) for key in KEYS if params.get(key, "").strip()]
    return urlencode(kept)


def params_of(saved: SavedFilter) -> dict[str, str]:
    """A saved filter's query string back as the queue's parameters (known keys only)."""
    return {key: value for key, value in parse_qsl(saved.query) if key in KEYS}


def saved_filters(session: Session, editor_id: int) -> list[SavedFilter]:
    statement = (
        select(SavedFilter)
        .where(SavedFilter.editor_id == editor_id)
        .order_by(col(SavedFilter.name))
        .limit(MAX_PER_EDITOR)
    )
    return list(session.exec(statement))


@use_case
def save_filter(
    *, session: Session, editor: Editor, name: str, params: dict[str, str]
) -> SavedFilter:
    """Keep the queue's current filter under `name`; the same name again replaces it."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME or has_control(name):
        raise Invalid("Give the filter a name.", {"name": f"A name of 1 to {MAX_NAME} characters."})
    query = normalised(params)
    if not query:
        raise Invalid("Choose a filter first.", {"name": "This is the whole queue already."})
    mine = saved_filters(session, editor.id or 0)
    existing = next((s for s in mine if s.name == name), None)
    if existing is None and len(mine) >= MAX_PER_EDITOR:
        raise Invalid(
            "Too many saved filters.", {"name": f"At most {MAX_PER_EDITOR}; delete one first."}
        )
    saved = existing or SavedFilter(editor_id=editor.id or 0, name=name, query=query)
    before = {"query": existing.query} if existing else {}
    saved.query = query
    session.add(saved)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("A filter of that name was just saved; try again.") from None
    record(
        session, editor, "save_filter", f"filter:{saved.id}", before, {"name": name, "query": query}
    )
    return saved


@use_case
def delete_filter(*, session: Session, editor: Editor, filter_id: int) -> None:
    saved = session.get(SavedFilter, filter_id)
    if saved is None or saved.editor_id != editor.id:
        raise NotFound("No such saved filter.")
    record(
        session,
        editor,
        "delete_filter",
        f"filter:{filter_id}",
        {"name": saved.name, "query": saved.query},
    )
    session.delete(saved)
