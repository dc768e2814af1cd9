"""Machine checks: stylebook names and weekday/date agreement, filed as checker reports."""

from dataclasses import dataclass, field

from rapidfuzz import fuzz, utils
from sqlmodel import Session, col, or_, select

from factcheck.domain import anchoring, checking, grouping
from factcheck.domain.errors import Invalid
from factcheck.domain.reports import ReportDraft
from factcheck.models import Article, Editor, Group, Revision, utcnow
from factcheck.services import articles, reports
from factcheck.services.audit import record
from factcheck.services.stylebook import checker

CHECKER = "checker"  # the reporter fingerprint of machine reports
# A place elsewhere in the archive counts as "the same text" when its words score at least
# this (fuzz.ratio after default_process) against the fixed quote: one or two letters off.
VARIANT_CUTOFF = 88.0


@dataclass
class CheckSummary:
    articles: int = 0
    findings: int = 0
    new_reports: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def check_revision(*, session: Session, article: Article, revision: Revision) -> CheckSummary:
    """File every finding on `revision` as a checker report (inside the caller's transaction)."""
    summary = CheckSummary(articles=1)
    for finding in checking.check_text(revision.text, checker(session)):
        prefix, suffix = anchoring.context_of(revision.text, finding.start, finding.end)
        draft = ReportDraft(
            slug=article.slug,
            revision=revision.number,
            quote=finding.quote,
            suggestion=finding.suggestion,
            kind=finding.kind,
            prefix=prefix,
            suffix=suffix,
            start=finding.start,
            end=finding.end,
            comment=f"Found by the checker: {finding.reason}",
        )
        summary.findings += 1
        summary.kinds[finding.kind] = summary.kinds.get(finding.kind, 0) + 1
        try:
            submitted = reports.intake(
                session=session, draft=draft, reporter=CHECKER, source=CHECKER
            )
        except Invalid:
            continue  # a finding the report rules refuse (e.g. too long) is not worth a row
        summary.new_reports += int(submitted.created)
    return summary


def check_articles(*, session: Session, slugs: list[str] | None) -> list[CheckSummary]:
    """Re-run the checks on current revisions, one article per transaction."""
    chosen = (
        [articles.get_article(session, slug) for slug in slugs]
        if slugs
        else articles.list_articles(session)
    )
    results = []
    for article in chosen:
        revision = articles.current_revision(session, article)
        results.append(check_revision(session=session, article=article, revision=revision))
        session.commit()
    return results


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
        for start, end in checking.name_spans(text):
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
    from factcheck.domain.triage import Replacement, apply_replacements

    if group.status != "fixed":
        raise Invalid("Only a fixed group's correction can be repeated.", {"group": "Not fixed."})
    by_article: dict[int, list[tuple[int, int, int]]] = {}
    for article_id, seen, start, end in chosen:
        by_article.setdefault(article_id, []).append((seen, start, end))
    created = []
    for article_id, spots in sorted(by_article.items()):
        article = articles.lock_article_by_id(session, article_id)
        current = articles.current_revision(session, article)
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
        revision = articles.append_text(
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
                status="fixed",
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
    session.commit()
    return created
