"""Read models for the editor's group page: everything the page shows, loaded in a bounded
number of statements, plus the fix preview, the follow-ups after a fix and the conflict page.

Nothing here writes; the page's actions are use cases in `services.triage`.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from rapidfuzz import fuzz, utils
from sqlmodel import Session, col, select

from factcheck.domain.confusables import suspicion
from factcheck.domain.diffing import Piece
from factcheck.domain.errors import FactcheckError, Invalid
from factcheck.domain.lifecycle import UNSETTLED, GroupStatus, Kind
from factcheck.domain.passages import Passage, changed_blocks, passage_of, preview_of
from factcheck.domain.triage import (
    change_title,
    explain,
    grouped_in_words,
    suggested_note,
    suggested_summary,
)
from factcheck.models import (
    Article,
    AuditEntry,
    CmsDelivery,
    Editor,
    Group,
    GroupComment,
    Report,
    Revision,
    group_signals,
)
from factcheck.services import (
    articles,
    audit,
    connectors,
    editors,
    propagation,
    stylebook,
    triage,
)
from factcheck.services.grouping import candidate_list, elsewhere

CUSTOM = "custom"


@dataclass(frozen=True)
class Preview:
    """One candidate fix and what applying it changes in the passage."""

    text: str
    count: int
    merged: bool
    pieces: list[Piece]
    # Why this candidate must not be taken on trust (mixed scripts, a script the article
    # does not use): shown beside it, and it is never preselected.
    warning: str | None = None


@dataclass(frozen=True)
class SameText:
    """Another place in the current text where the group's wrong words stand."""

    start: int
    passage: Passage


@dataclass(frozen=True)
class SameReports:
    """Identical reports (same words, same fix) folded into one row, commented ones first."""

    quote: str
    suggestion: str
    reports: tuple[Report, ...]  # with a comment first, then by id

    @property
    def commented(self) -> int:
        return sum(1 for r in self.reports if r.comment.strip())

    @property
    def why(self) -> str:
        return grouped_in_words(self.reports[0].join_reason)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _comment_first(report: Report) -> tuple[bool, int]:
    return (not report.comment.strip(), report.id or 0)


def fold_reports(reports: tuple[Report, ...]) -> tuple[SameReports, ...]:
    """The group's reports, identical ones folded; the largest fold first."""
    folds: dict[tuple[str, str], list[Report]] = {}
    for report in reports:
        folds.setdefault((report.quote.strip(), report.suggestion.strip()), []).append(report)
    rows = [
        SameReports(
            quote, suggestion, tuple(sorted(rs, key=lambda r: (not r.comment.strip(), r.id or 0)))
        )
        for (quote, suggestion), rs in folds.items()
    ]
    return tuple(sorted(rows, key=lambda row: -len(row.reports)))


@dataclass(frozen=True)
class Settled:
    """What happened to a fixed or rejected group: before → after, where, who, when."""

    status: str
    before: str
    after: str | None  # the published text (a fix), None for a reject
    revision: int | None
    who: str
    when: datetime | None
    reason: str | None


# Another group of the same article this close (code points) or with a quote this similar
# (rapidfuzz ratio, the scale grouping uses) is offered for merging.
NEARBY = 200
SIMILAR_QUOTE = 80.0


def similar_groups(others: list[Group], group: Group, limit: int = 10) -> list[Group]:
    """Of the article's other unsettled groups, those on the group's revision near its span or
    with a similar quote: what an editor may want to merge (triage.merge checks the rest)."""
    found = []
    for other in others:
        if other.id == group.id or other.revision != group.revision:
            continue
        near = other.start <= group.end + NEARBY and other.end >= group.start - NEARBY
        alike = (
            fuzz.ratio(
                other.quote,
                group.quote,
                processor=utils.default_process,
                score_cutoff=SIMILAR_QUOTE,
            )
            > 0
        )
        if near or alike:
            found.append(other)
    return found[:limit]


def _unsettled(session: Session, article_id: int, limit: int = 500) -> list[Group]:
    """The article's groups waiting for an editor, by position (one statement)."""
    statement = (
        select(Group)
        .where(Group.article_id == article_id, col(Group.status).in_(UNSETTLED))
        .order_by(col(Group.start))
        .limit(limit)
    )
    return list(session.exec(statement))


@dataclass(frozen=True)
class GroupPage:
    group: Group
    article: Article
    text: str  # the text of the group's revision
    current: Revision
    passage: Passage  # where the group stands in `text`
    previews: tuple[Preview, ...]
    places: tuple[SameText, ...]  # empty unless the group is on the current revision
    editors: tuple[Editor, ...]  # active editors, by email
    reports: tuple[Report, ...]
    activity: tuple[AuditEntry, ...]  # newest first
    archive: tuple[propagation.Place, ...]  # other articles, for a fixed group only
    fixing: Revision | None  # the revision that fixed the group, once it exists
    # For an article from a CMS: the write-back log of the fixing revision, newest first,
    # and whether its write-back is still queued.
    writebacks: tuple[CmsDelivery, ...] = ()
    writeback_pending: bool = False
    settled: Settled | None = None
    similar: tuple[Group, ...] = ()
    open_in_article: int = 0  # open groups of the article: several, and the batch page helps
    folds: tuple[SameReports, ...] = field(default_factory=tuple)
    comments: tuple[GroupComment, ...] = ()  # editors' internal comments, newest first

    @property
    def log(self) -> list[tuple[datetime, int | None, str, str]]:
        """The activity log, newest first: (when, editor id, audit action or "", comment)."""
        entries: list[tuple[datetime, int | None, str, str]] = [
            (e.created_at, e.editor_id, e.action, "")
            for e in self.activity
            if e.action != "comment"
        ]
        entries += [(c.created_at, c.editor_id, "", c.text) for c in self.comments]
        return sorted(entries, key=lambda entry: _aware(entry[0]), reverse=True)

    @property
    def title(self) -> tuple[str, str]:
        """The change the group is about: the wrong words → the fix (published or proposed)."""
        fix = self.group.fix_text if self.group.fix_text else (self.top if self.previews else "")
        return change_title(self.group.quote, fix)

    @property
    def impact(self) -> list[tuple[str, float]]:
        return explain(group_signals(self.group))

    @property
    def shown_passage(self) -> Passage:
        """The passage as readers see it now: a fixed group's with its fix in place."""
        if self.group.status == GroupStatus.FIXED and self.group.fix_text is not None:
            p = self.passage
            return Passage(p.before, self.group.fix_text, p.after, p.block_start, p.block_text)
        return self.passage

    @property
    def preselected(self) -> int | None:
        """The index of the candidate the apply form starts on: the most reported one that
        raises no warning; None when every one does (the editor types the fix)."""
        return next((i for i, p in enumerate(self.previews) if p.warning is None), None)

    @property
    def top(self) -> str:
        """The preselected candidate, or the quote itself when there is none."""
        chosen = self.preselected
        return self.previews[chosen].text if chosen is not None else self.group.quote

    @property
    def suggested_summary(self) -> str:
        return suggested_summary(self.group.kind, self.group.quote, self.top)

    @property
    def suggested_note(self) -> str:
        return suggested_note(self.group.kind, self.group.quote, self.top)

    @property
    def emails(self) -> dict[int | None, str]:
        return {e.id: e.email for e in self.editors}


def group_page(session: Session, group_id: int) -> GroupPage:
    """The group page's read model: about ten statements, however many reports the group has."""
    group = triage.get_group(session, group_id)
    article = articles.get_article_by_id(session, group.article_id)
    current = articles.get_current_revision(session, article)
    on_current = group.revision == current.number
    text = (
        current.text
        if on_current
        else articles.revision_text(session, group.article_id, group.revision)
    )
    passage = passage_of(text, group.start, group.end)
    previews = tuple(
        Preview(
            c["text"],
            c["count"],
            c["merged"],
            preview_of(passage, c["text"]),
            suspicion(c["text"], text),
        )
        for c in candidate_list(group)
    )
    places = tuple(
        SameText(at, passage_of(current.text, at, at + len(group.quote)))
        for at in (elsewhere(current.text, group) if on_current else [])
    )
    fixing: Revision | None = None
    if group.fixed_revision == current.number:
        fixing = current
    elif group.fixed_revision and group.fixed_revision < current.number:
        fixing = articles.get_revision(session, article, group.fixed_revision)
    archive = (
        propagation.places_elsewhere(session, group) if group.status == GroupStatus.FIXED else []
    )
    writebacks: tuple[CmsDelivery, ...] = ()
    pending = False
    if article.external_id is not None and group.fixed_revision:
        writebacks = tuple(connectors.deliveries(session, article.id or 0, group.fixed_revision))
        pending = connectors.writeback_pending(session, article)
    activity = tuple(audit.entries(session, target=f"group:{group.id}"))
    active = tuple(editors.list_editors(session, active_only=True))
    reports = tuple(triage.group_reports(session, group))
    waiting = _unsettled(session, article.id or 0) if group.status in UNSETTLED else []
    return GroupPage(
        settled=_settled(group, activity, fixing, {e.id: e.email for e in active}),
        similar=tuple(similar_groups(waiting, group)),
        open_in_article=sum(1 for g in waiting if g.status == GroupStatus.OPEN),
        folds=fold_reports(reports),
        comments=tuple(triage.comments(session, group.id or 0)),
        group=group,
        article=article,
        text=text,
        current=current,
        passage=passage,
        previews=previews,
        places=places,
        editors=active,
        reports=reports,
        activity=activity,
        archive=tuple(archive),
        fixing=fixing,
        writebacks=writebacks,
        writeback_pending=pending,
    )


def _settled(
    group: Group,
    activity: tuple[AuditEntry, ...],
    fixing: Revision | None,
    emails: dict[int | None, str],
) -> Settled | None:
    """A fixed or rejected group's decision, from its audit entry (newest first) and revision."""
    if group.status not in (GroupStatus.FIXED, GroupStatus.REJECTED):
        return None
    action = "apply" if group.status == GroupStatus.FIXED else "reject"
    entry = next((e for e in activity if e.action == action), None)
    who = emails.get(entry.editor_id, "an editor") if entry is not None else ""
    if group.status == GroupStatus.FIXED:
        return Settled(
            group.status,
            group.quote,
            group.fix_text,
            group.fixed_revision,
            who or (fixing.author if fixing is not None else "the newsroom"),
            entry.created_at if entry is not None else (fixing.created_at if fixing else None),
            None,
        )
    return Settled(
        group.status,
        group.quote,
        None,
        None,
        who or "an editor",
        entry.created_at if entry is not None else group.updated_at,
        group.reason,
    )


def chosen_text(group: Group, choice: str, custom: str) -> str:
    """The replacement an editor picked: a candidate by its index, or the typed "custom" text."""
    choice = choice.strip()
    if choice == CUSTOM:
        return custom
    candidates = candidate_list(group)
    if choice.isascii() and choice.isdigit() and len(choice) <= 9 and int(choice) < len(candidates):
        return str(candidates[int(choice)]["text"])
    raise Invalid("Choose a fix.", {"choice": "Pick a candidate or type a correction."})


@dataclass(frozen=True)
class FixPreview:
    group: Group
    article: Article
    replacement: str
    pieces: list[Piece]  # the passage of the current text, as the fix would change it
    places: list[list[Piece]] = field(default_factory=list)  # every place that changes


def fix_preview(
    session: Session, group_id: int, replacement: str, elsewhere: tuple[int, ...] = ()
) -> FixPreview:
    """What publishing changes: the group's passage and each other place chosen with it."""
    group = triage.get_group(session, group_id)
    article = articles.get_article_by_id(session, group.article_id)
    current = articles.get_current_revision(session, article)
    passage = passage_of(current.text, group.start, group.end)
    pieces = preview_of(passage, replacement)
    places = [pieces]
    for at in sorted(set(elsewhere)):
        if at != group.start and current.text[at : at + len(group.quote)] == group.quote:
            other = passage_of(current.text, at, at + len(group.quote))
            places.append(preview_of(other, replacement))
    return FixPreview(group, article, replacement, pieces, places)


@dataclass(frozen=True)
class FollowUps:
    """What to offer after a fix: the new name for the stylebook, the same fix elsewhere."""

    stylebook_name: str | None
    propagate: bool


def follow_ups(session: Session, group: Group, replacement: str) -> FollowUps:
    name = replacement.strip()
    unknown_name = group.kind == Kind.NAME and not stylebook.load(session).is_known(name)
    return FollowUps(
        stylebook_name=name if unknown_name else None,
        propagate=bool(propagation.places_elsewhere(session, group, limit=1)),
    )


@dataclass(frozen=True)
class ConflictPage:
    current: Revision
    base: int
    changes: list[list[Piece]]  # word diffs of the blocks changed since the base revision


def conflict_page(session: Session, article: Article, base: int) -> ConflictPage:
    """What changed in the article since the revision an editor worked from."""
    current = articles.get_current_revision(session, article)
    try:
        base_revision: Revision | None = articles.get_revision(session, article, base)
    except FactcheckError:
        base_revision = None
    changes = (
        changed_blocks(base_revision.text, current.text)
        if base_revision is not None and base_revision.number != current.number
        else []
    )
    return ConflictPage(current, base, changes)
