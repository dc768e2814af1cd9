"""The house stylebook of names: manage entries, import and export CSV, load it for the checker."""

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from factcheck.domain import checker
from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.text import control_fields
from factcheck.models import Editor, StyleName, utcnow
from factcheck.services.audit import record
from factcheck.services.paging import Page, paginate
from factcheck.services.transactions import use_case

MAX_NAME = 200


@dataclass(frozen=True)
class NameDraft:
    canonical: str
    variants: tuple[str, ...] = ()
    kind: str = "person"
    note: str = ""
    # Spellings that are always wrong ("Kiev" for Kyiv): the checker flags each exactly.
    wrong: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


def _clean(draft: NameDraft) -> NameDraft:
    canonical = " ".join(draft.canonical.split())
    variants = tuple(dict.fromkeys(" ".join(v.split()) for v in draft.variants if v.strip()))
    # NFC like the canonical text the checker reads, so a decomposed "ė" still matches.
    wrong = tuple(
        dict.fromkeys(
            " ".join(unicodedata.normalize("NFC", w).split()) for w in draft.wrong if w.strip()
        )
    )
    fields: dict[str, str] = {}
    if not canonical:
        fields["canonical"] = "The canonical spelling is required."
    elif len(canonical) > MAX_NAME or "|" in canonical:
        fields["canonical"] = f"At most {MAX_NAME} characters, no '|'."
    if any(len(v) > MAX_NAME or "|" in v for v in variants):
        fields["variants"] = f"Each variant at most {MAX_NAME} characters."
    fields.update(_wrong_errors(canonical, variants, wrong))
    if draft.kind not in checker.NAME_KINDS:
        fields["kind"] = "One of: " + ", ".join(checker.NAME_KINDS) + "."
    if len(draft.note) > 2000:
        fields["note"] = "At most 2000 characters."
    values = {
        "canonical": canonical,
        "note": draft.note,
        "variants": "".join(variants),
        "wrong": "".join(wrong),
    }
    fields.update(control_fields(values))
    if fields:
        raise Invalid("The name is not valid.", fields)
    variants = tuple(v for v in variants if v != canonical)
    return NameDraft(canonical, variants, draft.kind, draft.note.strip(), wrong)


MAX_WRONG_FORMS = 50


def _wrong_errors(
    canonical: str, variants: tuple[str, ...], wrong: tuple[str, ...]
) -> dict[str, str]:
    """A wrong form must be a short run of words, and neither the name nor an accepted variant."""
    accepted = {s.casefold() for s in (canonical, *variants)}
    if len(wrong) > MAX_WRONG_FORMS:
        return {"wrong": f"At most {MAX_WRONG_FORMS} wrong forms."}
    for form in wrong:
        if len(form) > MAX_NAME or "|" in form:
            return {"wrong": f"Each wrong form at most {MAX_NAME} characters."}
        if not any(c.isalnum() for c in form):
            return {"wrong": f"“{form}” has no letters to look for."}
        # A right-to-left mark or a zero-width space cannot be seen in the form, so an
        # editor could not tell why it never matches (or matches where it seems not to).
        if any(unicodedata.category(c) == "Cf" for c in form):
            return {
                "wrong": "Contains an invisible formatting character (such as a direction mark)."
            }
        if form.casefold() in accepted:
            return {"wrong": f"“{form}” is the name or one of its accepted variants."}
    return {}


def names(session: Session, query: str = "") -> list[StyleName]:
    return list(session.exec(_names_statement(query)))


def names_page(session: Session, query: str = "", *, page: int, per_page: int) -> Page[StyleName]:
    """One page of the stylebook, alphabetical, optionally only names containing `query`."""
    return paginate(session, _names_statement(query), page=page, per_page=per_page)


def _names_statement(query: str) -> Any:
    statement = select(StyleName).order_by(col(StyleName.canonical), col(StyleName.id))
    if query.strip():
        needle = query.strip().lower()
        statement = statement.where(
            func.lower(StyleName.canonical).contains(needle, autoescape=True)
            | func.lower(StyleName.variants).contains(needle, autoescape=True)
        )
    return statement


def _find(session: Session, canonical: str) -> StyleName | None:
    return session.exec(select(StyleName).where(StyleName.canonical == canonical)).first()


def _apply(row: StyleName, draft: NameDraft) -> bool:
    variants, wrong = "|".join(draft.variants), "|".join(draft.wrong)
    if (row.variants, row.kind, row.note, row.wrong) == (variants, draft.kind, draft.note, wrong):
        return False
    row.variants, row.kind, row.note, row.wrong = variants, draft.kind, draft.note, wrong
    row.updated_at = utcnow()
    return True


@use_case
def save_name(
    *, session: Session, draft: NameDraft, editor: Editor | None, name_id: int | None = None
) -> StyleName:
    """Add a name, or update one (by id, or by its canonical spelling)."""
    clean = _clean(draft)
    row = session.get(StyleName, name_id) if name_id else _find(session, clean.canonical)
    if name_id and row is None:
        raise NotFound("No such stylebook entry.")
    clash = _find(session, clean.canonical)
    if clash is not None and row is not None and clash.id != row.id:
        raise Invalid("That name is already in the stylebook.", {"canonical": "Already listed."})
    if row is None:
        row = StyleName(canonical=clean.canonical)
    before = {
        "canonical": row.canonical,
        "variants": row.variants,
        "wrong": row.wrong,
        "note": row.note,
    }
    if row.canonical != clean.canonical:  # a rename: the checker's cache must see it
        row.canonical, row.updated_at = clean.canonical, utcnow()
    _apply(row, clean)
    session.add(row)
    session.flush()
    record(
        session,
        editor,
        "stylebook_save",
        f"stylename:{row.id}",
        before,
        {
            "canonical": row.canonical,
            "variants": row.variants,
            "wrong": row.wrong,
            "note": row.note,
        },
    )
    return row


@use_case
def delete_name(*, session: Session, name_id: int, editor: Editor) -> None:
    row = session.get(StyleName, name_id)
    if row is None:
        raise NotFound("No such stylebook entry.")
    record(
        session,
        editor,
        "stylebook_delete",
        f"stylename:{row.id}",
        {"canonical": row.canonical, "variants": row.variants, "wrong": row.wrong},
        {},
    )
    session.delete(row)


@use_case
def import_csv(*, session: Session, text: str, editor: Editor | None) -> ImportResult:
    """Merge a CSV (canonical,variants,kind,note,wrong) into the stylebook; all or nothing."""
    try:
        parsed = checker.read_csv(io.StringIO(text))
    except ValueError as error:
        raise Invalid("The CSV file could not be read.", {"file": str(error)}) from None
    drafts = [
        _clean(NameDraft(n.canonical, tuple(n.variants), n.kind or "person", n.note, n.wrong))
        for n in parsed
    ]
    added = updated = unchanged = 0
    for draft in drafts:
        row = _find(session, draft.canonical)
        if row is None:
            row = StyleName(canonical=draft.canonical)
            _apply(row, draft)
            session.add(row)
            added += 1
        elif _apply(row, draft):
            session.add(row)
            updated += 1
        else:
            unchanged += 1
    session.flush()
    if added or updated:
        record(
            session,
            editor,
            "stylebook_import",
            "stylebook",
            {},
            {"added": added, "updated": updated},
        )
    return ImportResult(added, updated, unchanged)


def export_csv(session: Session) -> str:
    stream = io.StringIO()
    checker.write_csv([as_name(row) for row in names(session)], stream)
    return stream.getvalue()


def as_name(row: StyleName) -> checker.Name:
    variants = tuple(v for v in row.variants.split("|") if v)
    wrong = tuple(w for w in row.wrong.split("|") if w)
    return checker.Name(row.canonical, variants, row.note, row.kind, wrong)


_cache: dict[str, tuple[tuple[object, ...], checker.Stylebook]] = {}


def load(session: Session) -> checker.Stylebook:
    """The stylebook's matcher, rebuilt only when an entry changed (it indexes every name)."""
    bind = session.get_bind()
    key = str(bind.url) if hasattr(bind, "url") else str(id(bind))
    stamp = session.exec(
        select(func.count(), func.max(StyleName.updated_at), func.max(StyleName.id))
    ).one()
    cached = _cache.get(key)
    if cached is not None and cached[0] == tuple(stamp):
        return cached[1]
    book = checker.Stylebook(as_name(row) for row in names(session))
    _cache[key] = (tuple(stamp), book)
    return book


def seed_stylebook(*, session: Session, path: Path) -> ImportResult | None:
    """Merge the demo stylebook (seeds/stylebook.csv), before the articles are checked."""
    if not path.exists():
        return None
    return import_csv(session=session, text=path.read_text(encoding="utf-8"), editor=None)
