"""Repeating a fixed group's correction across the archive: where else the wrong words stand,
and one new revision per article that an editor chose to fix."""

from dataclasses import dataclass

from rapidfuzz import fuzz, utils
from sqlmodel import Session, col, or_, select

from factcheck.domain import anchoring, checker, grouping
from factcheck.domain.errors import Invalid
from factcheck.domain.lifecycle import GroupStatus
from factcheck.domain.triage import Replacement, apply_replacements
from factcheck.models import Article, Editor, Group, Revision, utcnow
from factcheck.services import articles, publishing
from factcheck.services.audit import record
from factcheck.services.transactions import use_case

# A place elsewhere in the archive counts as "the same text" when its words score at least
# this (fuzz.ratio after default_process) against the fixed quote: one or two letters off.
VARIANT_CUTOFF = 88.0


@dataclass(frozen=True)
class Place:
    """Another article where the fixed text (or a close variant) still stands."""

    article: Article
    revision: int
    start: int
    end: int
    text: str
    context: tuple[str, str]


def _words(quote: str) -> list[str]:
    return [w for w in utils.default_process(quote).split() if len(w) >= 4][:4]


def places_elsewhere(session: Session, group: Group, limit: int = 200) -> list[Place]:
    """Every other article whose current text still holds the group's wrong words."""
    words = _words(group.quote)
    if not words:
        return []
    statement = (
        select(Article, Revision)
        .join(
            Revision,
            (col(Revision.article_id) == Article.id)
            & (col(Revision.number) == Article.current_revision),
        )
        .where(Article.id != group.article_id)
        .where(or_(*(col(Revision.text).icontains(w, autoescape=True) for w in words)))
        .limit(limit)
    )
    target = utils.default_process(group.quote)
    found: list[Place] = []
    for article, revision in session.exec(statement):
        text = revision.text
        spans = {(at, at + len(group.quote)) for at in grouping.occurrences(text, group.quote)}
        for start, end in checker.name_spans(text):
            candidate = text[start:end]
            if fuzz.ratio(utils.default_process(candidate), target, score_cutoff=VARIANT_CUTOFF):
                spans.add((start, end))
        for start, end in sorted(spans):
            found.append(
                Place(
                    article,
                    revision.number,
                    start,
                    end,
                    text[start:end],
                    anchoring.context_of(text, start, end, 60),
                )
            )
    return found


@use_case
def propagate(
    *,
    session: Session,
    group: Group,
    chosen: list[tuple[int, int, int, int]],
    replacement: str,
    note: str | None,
    editor: Editor,
) -> list[Revision]:
    """Apply a fixed group's correction elsewhere: one new revision per article.

    `chosen` holds (article id, revision number seen, start, end) per place. Each place is
    checked against the article's current text, so a stale page never overwrites anything.
    """
    if group.status != GroupStatus.FIXED:
        raise Invalid("Only a fixed group's correction can be repeated.", {"group": "Not fixed."})
    by_article: dict[int, list[tuple[int, int, int]]] = {}
    for article_id, seen, start, end in chosen:
        by_article.setdefault(article_id, []).append((seen, start, end))
    created = []
    for article_id, spots in sorted(by_article.items()):
        article = articles.lock_article_by_id(session, article_id)
        current = articles.get_current_revision(session, article)
        replacements = []
        for seen, start, end in spots:
            if seen != current.number or not 0 <= start < end <= len(current.text):
                raise Invalid(
                    f"“{article.title}” changed since; reload the list.", {"places": "Stale."}
                )
            replacements.append(Replacement(start, end, replacement))
        try:
            new_text = apply_replacements(current.text, replacements)
        except ValueError as error:
            raise Invalid(str(error), {"places": str(error)}) from None
        revision = publishing.publish_text(
            session,
            article,
            new_text,
            author=editor.email,
            summary=f"Same correction as group #{group.id}: “{group.quote}” → “{replacement}”",
            note=note,
        )
        for _seen, start, end in spots:
            linked = Group(
                article_id=article_id,
                kind=group.kind,
                status=GroupStatus.FIXED,
                revision=current.number,
                start=start,
                end=end,
                quote=current.text[start:end],
                fixed_revision=revision.number,
                reason=f"Same error as group #{group.id}",
                first_seen=utcnow(),
                last_seen=utcnow(),
            )
            session.add(linked)
        record(
            session,
            editor,
            "propagate",
            f"group:{group.id}",
            {},
            {"article": article_id, "revision": revision.number},
        )
        created.append(revision)
    return created
