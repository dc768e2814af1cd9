"""Use cases for reader reports: submit (anchor, deduplicate, store) and read a report's status."""

import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select

from factcheck.domain import anchoring
from factcheck.domain.confusables import skeleton
from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.lifecycle import ReaderState, reader_state
from factcheck.domain.reports import (
    CHECKER,
    CONTEXT,
    ReportDraft,
    Source,
    position_hint,
    problems,
    repeat_changes,
)
from factcheck.domain.urls import normalise_article_url, normalise_language
from factcheck.models import AuditEntry, Group, Report, Revision, Site, utcnow
from factcheck.services import articles, grouping, sites, stores
from factcheck.services.stores import CoreStore, IntakeStore, SessionStore
from factcheck.services.transactions import use_case


@dataclass(frozen=True)
class Submitted:
    report: Report
    created: bool  # False when the same reader already sent the same report
    group: Group | None = None  # where a new report was placed

    @property
    def repeat(self) -> bool:
        return not self.created

    @property
    def message(self) -> str | None:
        """What to tell a reader who sent the same report again (None: a new report)."""
        if self.created:
            return None
        if self.report.email:
            return REPEAT_WITH_EMAIL
        return REPEAT


REPEAT = "You already reported this error; the editors have it."
REPEAT_WITH_EMAIL = (
    "You already reported this error; the editors have it. "
    "We will write to you too when they decide."
)


@dataclass(frozen=True)
class ReportStatus:
    """What a reader may learn about their own report."""

    state: ReaderState
    message: str
    fixed_revision: int | None = None
    reason: str | None = None
    # The public correction note of the fixed revision, and the change that was made.
    note: str | None = None
    before: str | None = None
    after: str | None = None
    timeline: tuple["TimelineStep", ...] = ()


@dataclass(frozen=True)
class TimelineStep:
    """One step of a report's way: received, with the editors, then fixed or declined.

    `at` is None for a step reached without a moment of its own (or not reached yet)."""

    step: str  # "received", "editors", "outcome" (still to come), or the ReaderState reached
    at: datetime | None
    done: bool


# Valid by RFC 5322 but not an address a reader types, and each can make a mail header
# show something else: RFC 2047 encoded words ("=?utf-8?q?...?="), quoted local parts.
_ODD_ADDRESS = ("=?", '"', "\\")


def _clean_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    refused = Invalid(
        "Some fields are not valid.", {"email": "That email address does not look right."}
    )
    if any(odd in email for odd in _ODD_ADDRESS):
        raise refused
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise refused from None


def _anchor_seen(draft: ReportDraft, seen_text: str) -> anchoring.Anchor:
    start, end = position_hint(draft)
    selector = anchoring.Selector(
        quote=draft.quote,
        prefix=draft.prefix[-CONTEXT:],
        suffix=draft.suffix[:CONTEXT],
        start=start,
        end=end,
    )
    try:
        return anchoring.anchor(seen_text, selector)
    except anchoring.AnchorError as error:
        raise Invalid("The selected text could not be placed.", {"quote": error.message}) from None


@use_case
def submit_report(*, session: Session, draft: ReportDraft, reporter: str) -> Submitted:
    """A reader's report, in its own unit of work: validate, anchor on the revision the
    reader saw, map onto the current one, group and store (the JSON API and the form alike).

    A few plain SQL statements (`stores.CoreStore`); the article is locked only after the
    texts are read and anchored, and should a new revision land in between, the work is
    redone on it under the lock.
    """
    _check(draft)
    prepared = _prepare(draft, _article_texts(session, draft))
    return _store(CoreStore(session), draft, prepared, reporter, Source.READER)


@use_case
def submit_site_report(
    *, session: Session, site: Site, article: str, draft: ReportDraft, reporter: str
) -> Submitted:
    """A report from a page of a registered site, through the same intake as any other.

    `article` is the slug or the canonical URL of one of the site's articles (else
    ArticleNotFound); a `draft.revision` of 0 means the article's current revision. The
    draft's offsets are positions in the page's text: `anchoring` takes them as a hint only.
    """
    found = sites.find_article(session, site, article)
    draft = replace(
        draft,
        slug=found.slug,
        revision=draft.revision or found.current_revision,
        site_id=site.id,
    )
    return submit_report(session=session, draft=draft, reporter=reporter)


def file_finding(*, session: Session, draft: ReportDraft) -> Submitted:
    """A checker's finding, filed as a report inside the caller's transaction (a revision
    being published), through the session's own objects (`stores.SessionStore`)."""
    _check(draft)
    session.flush()
    prepared = _prepare(draft, _article_texts(session, draft))
    return _store(SessionStore(session), draft, prepared, CHECKER, Source.CHECKER)


@dataclass(frozen=True)
class _ArticleTexts:
    """An article's current revision number and the texts of the revisions asked for."""

    article_id: int
    current: int
    texts: dict[int, str]
    language: str = "en"


@dataclass(frozen=True)
class _Prepared:
    """A checked, anchored report, not yet stored."""

    article_id: int
    seen: int
    seen_text: str
    current: int
    current_text: str
    found: anchoring.Anchor
    email: str | None
    start: int | None  # the anchor in the current revision (None: the words changed since)
    end: int | None
    language: str = "en"  # the article's: the report's when the reader's page named none


def _unknown_revision() -> Invalid:
    return Invalid("Unknown revision.", {"revision": "This version of the article does not exist."})


def _check(draft: ReportDraft) -> None:
    fields = problems(draft)
    if fields:
        raise Invalid("Some fields are not valid.", fields)
    if draft.revision > articles.MAX_REVISION_NUMBER:
        raise _unknown_revision()


def _article_texts(session: Session, draft: ReportDraft) -> _ArticleTexts:
    found = (
        stores.article_texts(session.connection(), draft.slug, draft.revision)
        if articles.is_slug(draft.slug)
        else None
    )
    if found is None:
        raise NotFound(f"No article {draft.slug!r}.")
    return _ArticleTexts(*found)


def _prepare(draft: ReportDraft, article: _ArticleTexts) -> _Prepared:
    """Everything that only reads: the email, anchoring on both revisions."""
    email = _clean_email(draft.email)
    seen_text = article.texts.get(draft.revision)
    if seen_text is None:
        raise _unknown_revision()
    found = _anchor_seen(draft, seen_text)
    current_text = article.texts.get(article.current)
    if current_text is None:  # an article row without its revision: nothing to report on
        raise NotFound("This article has no text yet.")
    start: int | None = found.start
    end: int | None = found.end
    if article.current != draft.revision:
        try:
            moved = anchoring.reanchor(seen_text, current_text, found.start, found.end)
        except anchoring.AnchorError:
            moved = None
        if moved is not None and moved.method != "fuzzy":
            start, end = moved.start, moved.end
        else:
            start = end = None  # the selected words changed since; grouping decides what it means
    return _Prepared(
        article.article_id,
        draft.revision,
        seen_text,
        article.current,
        current_text,
        found,
        email,
        start,
        end,
        article.language,
    )


def _store(
    store: IntakeStore, draft: ReportDraft, prepared: _Prepared, reporter: str, source: Source
) -> Submitted:
    """The writing part: the same-reader dedupe, the row and its group (one INSERT)."""
    # One writer per article at a time (a row lock on PostgreSQL; SQLite's write lock
    # already serialises): two first reports of one error make one group, and concurrent
    # joins never lose a count.
    current = store.lock_article(prepared.article_id)
    if current != prepared.current:  # a revision landed since the read phase
        texts = {n: store.revision_text(prepared.article_id, n) for n in {draft.revision, current}}
        prepared = _prepare(
            draft, _ArticleTexts(prepared.article_id, current, texts, prepared.language)
        )
    seen_text, found = prepared.seen_text, prepared.found
    # Compared as stored: the anchored canonical words, not the page's typography.
    quote = seen_text[found.start : found.end]
    existing = store.existing_report(prepared.article_id, reporter, quote, draft.suggestion)
    if existing is not None:
        # The same reader again: keep what they added (a new email, another comment).
        changes = repeat_changes(
            email=existing.email,
            comment=existing.comment,
            new_email=prepared.email,
            new_comment=draft.comment,
        )
        if changes:
            store.update_report(existing, changes)
        return Submitted(existing, created=False)
    prefix, suffix = anchoring.context_of(seen_text, found.start, found.end)
    report = Report(
        token=secrets.token_urlsafe(24),
        article_id=prepared.article_id,
        seen_revision=prepared.seen,
        seen_start=found.start,
        seen_end=found.end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        suggestion=draft.suggestion,
        suggestion_key=skeleton(draft.suggestion),
        comment=draft.comment.strip(),
        kind=draft.kind,
        email=prepared.email,
        reporter=reporter,
        source=source,
        revision=prepared.current,
        start=prepared.start,
        end=prepared.end,
        created_at=utcnow(),
        site_id=draft.site_id,
        page_url=normalise_article_url(draft.page_url) if draft.page_url else None,
        # The language the reader read in: their outcome email goes out in it.
        language=normalise_language(draft.language) if draft.language else prepared.language,
    )
    # Grouped before it is stored, so the row is inserted once, with its group.
    placement = grouping.place_report(
        store=store,
        article_id=prepared.article_id,
        revision=prepared.current,
        text=prepared.current_text,
        report=report,
    )
    store.add_report(report)
    return Submitted(report, created=True, group=placement.group)


def get_by_token(session: Session, token: str) -> Report:
    report = session.exec(select(Report).where(Report.token == token)).first() if token else None
    if report is None:
        raise NotFound("No report with that link. Check that you copied the whole address.")
    return report


def status_of(session: Session, report: Report, group: Group | None = None) -> ReportStatus:
    """What a reader may learn about their own report; nothing about other reporters.

    `group` is the report's group when the caller has it at hand (just placed).
    """
    if group is None or group.id != report.group_id:
        group = session.get(Group, report.group_id) if report.group_id else None
    while group is not None and group.merged_into is not None:
        group = session.get(Group, group.merged_into)
    state = reader_state(group.status if group is not None else None)
    timeline = _timeline(session, report, group, state)
    if group is None or state is ReaderState.GROUPED:
        return ReportStatus(state, _MESSAGES[state], timeline=timeline)
    if state is ReaderState.FIXED:
        message = f"Fixed in revision {group.fixed_revision}. Thank you!"
        fixed = _fixed_revision(session, group)
        return ReportStatus(
            state,
            message,
            fixed_revision=group.fixed_revision,
            note=fixed.note if fixed is not None else None,
            before=group.quote,
            after=group.fix_text,
            timeline=timeline,
        )
    reason = group.reason if state is ReaderState.DECLINED else None
    return ReportStatus(state, _MESSAGES[state], reason=reason, timeline=timeline)


def _fixed_revision(session: Session, group: Group) -> Revision | None:
    if group.fixed_revision is None:
        return None
    statement = select(Revision).where(
        Revision.article_id == group.article_id, Revision.number == group.fixed_revision
    )
    return session.exec(statement).first()


def _timeline(
    session: Session, report: Report, group: Group | None, state: ReaderState
) -> tuple[TimelineStep, ...]:
    """Received → with the editors → fixed or declined, each with its date when known."""
    steps = [TimelineStep("received", report.created_at, True)]
    if group is None:
        return (*steps, TimelineStep("editors", None, False))
    # In the editors' queue from the moment it joined a group; the first thing an editor
    # did to the group (assign, snooze, a fix) is when it was with them in earnest.
    first_action = session.exec(
        select(AuditEntry.created_at)
        .where(AuditEntry.target == f"group:{group.id}", col(AuditEntry.editor_id).is_not(None))
        .order_by(col(AuditEntry.id))
        .limit(1)
    ).first()
    steps.append(TimelineStep("editors", first_action or report.created_at, True))
    if state is ReaderState.FIXED:
        fixed = _fixed_revision(session, group)
        steps.append(TimelineStep(state, fixed.created_at if fixed else None, True))
    elif state in (ReaderState.DECLINED, ReaderState.REVIEW):
        # The group's last change is the decision (or the article's change) itself.
        steps.append(TimelineStep(state, group.updated_at, True))
    else:
        steps.append(TimelineStep("outcome", None, False))
    return tuple(steps)


_MESSAGES = {
    ReaderState.RECEIVED: "Received. The editors will look at it.",
    ReaderState.GROUPED: "Received and waiting for an editor.",
    ReaderState.DECLINED: "The editors decided not to change the text.",
    ReaderState.REVIEW: "The article has changed; an editor is reviewing it.",
}
