"""Use cases for reader reports: submit (anchor, deduplicate, store) and read a report's status."""

import secrets
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, select

from factcheck.domain import anchoring
from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.reports import CONTEXT, ReportDraft, position_hint, problems
from factcheck.models import Article, Group, Report, Revision, utcnow
from factcheck.services import articles, grouping
from factcheck.services.transactions import reading


@dataclass(frozen=True)
class Submitted:
    report: Report
    created: bool  # False when the same reader already sent the same report


@dataclass(frozen=True)
class ReportStatus:
    state: str  # received | grouped | fixed | declined | review
    message: str
    fixed_revision: int | None = None
    reason: str | None = None


def _clean_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Invalid(
            "Some fields are not valid.", {"email": "That email address does not look right."}
        ) from None


def _anchor_seen(draft: ReportDraft, seen: Revision) -> anchoring.Anchor:
    start, end = position_hint(draft)
    selector = anchoring.Selector(
        quote=draft.quote,
        prefix=draft.prefix[-CONTEXT:],
        suffix=draft.suffix[:CONTEXT],
        start=start,
        end=end,
    )
    try:
        return anchoring.anchor(seen.text, selector)
    except anchoring.AnchorError as error:
        raise Invalid("The selected text could not be placed.", {"quote": error.message}) from None


def _existing(
    session: Session, article: Article, draft: ReportDraft, reporter: str
) -> Report | None:
    statement = select(Report).where(
        Report.article_id == article.id,
        Report.reporter == reporter,
        Report.quote == draft.quote,
        Report.suggestion == draft.suggestion,
    )
    return session.exec(statement).first()


def submit_report(
    *, session: Session, draft: ReportDraft, reporter: str, source: str = "reader"
) -> Submitted:
    """Validate, anchor on the revision the reader saw, map onto the current one, store.

    Two transactions when the session has none open: the read-only work (validation,
    lookups, anchoring) runs in a reader transaction, so on SQLite the single write lock is
    taken only for the dedupe check, grouping and insert. Should a new revision land
    in between, the write transaction redoes the work on it.
    """
    if session.in_transaction():
        submitted = intake(session=session, draft=draft, reporter=reporter, source=source)
    else:
        reading(session)
        prepared = _prepare(session, draft)
        session.commit()  # ends the read phase; nothing was written
        session.refresh(prepared.article)  # begins the write transaction
        if prepared.article.current_revision != prepared.current.number:
            prepared = _prepare(session, draft)
        submitted = _store(session, draft, prepared, reporter, source)
    if submitted.created:
        session.commit()
    else:
        session.rollback()
    return submitted


@dataclass(frozen=True)
class _Prepared:
    """A checked, anchored report, not yet stored."""

    article: Article
    seen: Revision
    current: Revision
    found: anchoring.Anchor
    email: str | None
    start: int | None  # the anchor in the current revision (None: the words changed since)
    end: int | None


def intake(
    *, session: Session, draft: ReportDraft, reporter: str, source: str = "reader"
) -> Submitted:
    """The work of `submit_report` inside the caller's transaction (which the caller ends)."""
    return _store(session, draft, _prepare(session, draft), reporter, source)


def _prepare(session: Session, draft: ReportDraft) -> _Prepared:
    """Everything that only reads: validation, the article, anchoring on both revisions."""
    fields = problems(draft)
    if fields:
        raise Invalid("Some fields are not valid.", fields)
    email = _clean_email(draft.email)
    article = articles.get_article(session, draft.slug)
    try:
        seen = articles.get_revision(session, article, draft.revision)
    except NotFound:
        raise Invalid(
            "Unknown revision.", {"revision": "This version of the article does not exist."}
        ) from None
    found = _anchor_seen(draft, seen)
    current = (
        articles.current_revision(session, article)
        if seen.number != article.current_revision
        else seen
    )
    start: int | None = found.start
    end: int | None = found.end
    if current.number != seen.number:
        try:
            moved = anchoring.reanchor(seen.text, current.text, found.start, found.end)
        except anchoring.AnchorError:
            moved = None
        if moved is not None and moved.method != "fuzzy":
            start, end = moved.start, moved.end
        else:
            start = end = None  # the selected words changed since; grouping decides what it means
    return _Prepared(article, seen, current, found, email, start, end)


def _store(
    session: Session, draft: ReportDraft, prepared: _Prepared, reporter: str, source: str
) -> Submitted:
    """The writing part: the same-reader dedupe, the row and its group (one INSERT)."""
    article, seen, found = prepared.article, prepared.seen, prepared.found
    # One writer per article at a time (a row lock on PostgreSQL; SQLite's write lock
    # already serialises): two first reports of one error make one group, and concurrent
    # joins never lose a count.
    articles.lock_article_by_id(session, article.id or 0)
    existing = _existing(session, article, draft, reporter)
    if existing is not None:
        return Submitted(existing, created=False)
    prefix, suffix = anchoring.context_of(seen.text, found.start, found.end)
    report = Report(
        token=secrets.token_urlsafe(24),
        article_id=article.id,  # type: ignore[arg-type]
        seen_revision=seen.number,
        seen_start=found.start,
        seen_end=found.end,
        quote=seen.text[found.start : found.end],
        prefix=prefix,
        suffix=suffix,
        suggestion=draft.suggestion,
        comment=draft.comment.strip(),
        kind=draft.kind,
        email=prepared.email,
        reporter=reporter,
        source=source,
        revision=prepared.current.number,
        start=prepared.start,
        end=prepared.end,
        created_at=utcnow(),
    )
    # Grouped before it is stored, so the row is inserted once, with its group.
    grouping.place_report(session=session, article=article, current=prepared.current, report=report)
    session.flush()
    return Submitted(report, created=True)


def get_by_token(session: Session, token: str) -> Report:
    report = session.exec(select(Report).where(Report.token == token)).first() if token else None
    if report is None:
        raise NotFound("No report with that link. Check that you copied the whole address.")
    return report


def status_of(session: Session, report: Report) -> ReportStatus:
    """What a reader may learn about their own report; nothing about other reporters."""
    group = session.get(Group, report.group_id) if report.group_id else None
    while group is not None and group.merged_into is not None:
        group = session.get(Group, group.merged_into)
    if group is None:
        return ReportStatus("received", "Received. The editors will look at it.")
    if group.status == "fixed":
        return ReportStatus(
            "fixed",
            f"Fixed in revision {group.fixed_revision}. Thank you!",
            fixed_revision=group.fixed_revision,
        )
    if group.status == "rejected":
        return ReportStatus(
            "declined", "The editors decided not to change the text.", reason=group.reason
        )
    if group.status == "outdated":
        return ReportStatus("review", "The article has changed; an editor is reviewing it.")
    return ReportStatus("grouped", "Received and waiting for an editor.")
