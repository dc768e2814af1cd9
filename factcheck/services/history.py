"""Public history: revisions with their size change and fixed groups, corrections, reverts."""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, func, select

from factcheck.domain import diffing
from factcheck.domain.errors import Invalid
from factcheck.domain.text import control_fields
from factcheck.models import Article, Editor, Group, Revision
from factcheck.services import articles, publishing
from factcheck.services.audit import record
from factcheck.services.paging import Page, paginate
from factcheck.services.transactions import use_case

CORRECTIONS_PER_PAGE = 20


@dataclass(frozen=True)
class HistoryRow:
    revision: Revision
    added: int
    removed: int
    fixed: list[Group]
    # Revision 1 of an article that was published before Factcheck had it (a seed file, a
    # CMS pushing its archive): its date is the import's, not the publication's.
    imported: bool = False

    @property
    def reporters(self) -> int:
        """The readers credited for the revision's corrections (each group's unique readers)."""
        return sum(group.reporter_count for group in self.fixed)


# A first revision stored this long after the article's publication date is an import.
IMPORT_GAP = timedelta(hours=1)


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def is_imported(article: Article, revision: Revision) -> bool:
    """Whether `revision` is an imported first text, published before it was stored."""
    return revision.number == 1 and (
        _utc(revision.created_at) - _utc(article.published_at) > IMPORT_GAP
    )


HISTORY_PER_PAGE = 50


def history(
    session: Session, article: Article, *, page: int = 1, per_page: int = HISTORY_PER_PAGE
) -> Page[HistoryRow]:
    """One page of revisions, newest first, with what changed and the groups each fixed.

    Revisions are numbered 1..current without gaps (append-only), so a page is a range of
    numbers: no OFFSET, and only its revisions (and the one before, for the size) are read.
    """
    current = article.current_revision
    pages = max(1, math.ceil(current / per_page))
    page = min(max(1, page), pages)
    high = current - (page - 1) * per_page
    low = max(1, high - per_page + 1)
    statement = (
        select(Revision)
        .where(
            Revision.article_id == article.id,
            col(Revision.number) >= low - 1,
            col(Revision.number) <= high,
        )
        .order_by(col(Revision.number).desc())
    )
    revisions = list(session.exec(statement))
    fixed: dict[int, list[Group]] = {}
    groups = select(Group).where(
        Group.article_id == article.id,
        col(Group.fixed_revision) >= low,
        col(Group.fixed_revision) <= high,
    )
    for group in session.exec(groups.order_by(col(Group.id))):
        fixed.setdefault(group.fixed_revision or 0, []).append(group)
    rows = []
    for index, revision in enumerate(revisions):
        if revision.number < low:
            break
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        added, removed = diffing.stats(previous.text if previous else "", revision.text)
        rows.append(
            HistoryRow(
                revision,
                added,
                removed,
                fixed.get(revision.number, []),
                imported=is_imported(article, revision),
            )
        )
    return Page(rows, page, pages, current, per_page)


def revision_pair(
    session: Session, article: Article, start: str | None, end: str | None
) -> tuple[Revision, Revision]:
    """The two revisions a diff compares; defaults to the latest change."""

    def number(raw: str | None, default: int, name: str) -> int:
        if raw is None or raw == "":
            return default
        if raw in ("cur", "current"):
            return article.current_revision
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
            raise Invalid("Bad revision number.", {name: "A revision number, or 'cur'."})
        return int(raw)

    to = number(end, article.current_revision, "to")
    frm = number(start, max(1, to - 1), "from")
    return articles.get_revision(session, article, frm), articles.get_revision(session, article, to)


def notes(session: Session, article: Article) -> list[Revision]:
    """Revisions of the article that carry a public correction note, oldest first."""
    statement = (
        select(Revision)
        .where(Revision.article_id == article.id, col(Revision.note).is_not(None))
        .order_by(col(Revision.number))
    )
    return list(session.exec(statement))


def undone_notes(session: Session, article: Article) -> set[int]:
    """Revisions whose correction a later CMS update undid (and no editor has redone)."""
    statement = select(Group.fixed_revision).where(
        Group.article_id == article.id,
        col(Group.regressed_revision).is_not(None),
        col(Group.fixed_revision).is_not(None),
    )
    return {number for number in session.exec(statement) if number is not None}


def corrections(session: Session, page: int = 1) -> Page[tuple[Revision, Article]]:
    """Every published correction across the archive, newest first: the page walks, and
    the count reads, the partial index of noted revisions (ix_revision_noted), never the
    revisions' texts."""
    noted = col(Revision.note).is_not(None)
    base = select(Revision, Article).join(Article, col(Article.id) == Revision.article_id)
    ordered = base.where(noted).order_by(col(Revision.created_at).desc(), col(Revision.id).desc())
    count = select(func.count()).select_from(Revision).where(noted)
    return paginate(session, ordered, page=page, per_page=CORRECTIONS_PER_PAGE, count=count)


@use_case
def revert(*, session: Session, slug: str, to: int, summary: str, editor: Editor) -> Revision:
    """A new revision whose text equals an earlier one; history stays append-only."""
    summary = summary.strip()
    if not summary:
        raise Invalid("An edit summary is required.", {"summary": "Say why you revert."})
    if controls := control_fields({"summary": summary}):
        raise Invalid("The summary contains a control character.", controls)
    article = articles.lock_article(session, slug)
    if article is None:
        article = articles.get_article(session, slug)  # raises NotFound
    current = articles.get_current_revision(session, article)
    target = articles.get_revision(session, article, to)
    if target.text == current.text:
        raise Invalid("Nothing to revert.", {"to": "That revision reads like the current one."})
    revision = publishing.publish_text(
        session, article, target.text, author=editor.email, summary=summary
    )
    record(
        session,
        editor,
        "revert",
        f"article:{article.id}",
        {"revision": current.number},
        {"revision": revision.number, "to": to},
    )
    return revision
