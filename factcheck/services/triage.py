"""Editors' use cases: the queue, applying fixes as revisions, reject/snooze/assign/merge/split.

Every action is audited, and each one commits exactly once.
"""

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, literal, or_, union, update
from sqlmodel import Session, col, select

from factcheck.domain import grouping as rules
from factcheck.domain.errors import Conflict, Invalid, NotFound
from factcheck.domain.lifecycle import (
    ALL,
    COLLECTING,
    KIND_LABELS,
    REJECT_LABELS,
    UNSETTLED,
    GroupStatus,
    Outcome,
    RejectReason,
    Transition,
    advance,
)
from factcheck.domain.passages import Passage, passage_of, short_context
from factcheck.domain.text import PARAGRAPH_SEPARATOR, control_fields, has_control
from factcheck.domain.triage import (
    PRIORITY_LABELS,
    Priority,
    Replacement,
    apply_replacements,
    note_refusal,
)
from factcheck.models import (
    WAITING_CONDITION,
    Article,
    Editor,
    Group,
    GroupComment,
    Report,
    Revision,
    utcnow,
)
from factcheck.services import articles, connectors, events, publishing
from factcheck.services.audit import record
from factcheck.services.grouping import (
    candidate_list,
    load_edits,
    refresh_candidates,
    store_edits,
    top_candidate,
)
from factcheck.services.paging import Slice, beyond, keyset
from factcheck.services.transactions import use_case

MAX_REPLACEMENT = 2000
PER_PAGE = 25
# The queue counts matching groups up to this many; a page never costs a full count.
# 1,000 rows cost a few milliseconds to count on either database; an editor needs no exact
# figure beyond that (bench/archive_scale.py: the count no longer grows with the archive).
COUNT_CAP = 1_000
# A text search first walks at most this many groups of the queue in its own order (an
# index), testing the term on each (its quote, its reports' comments); only when that walk
# neither finds what the page needs (COUNT_CAP + 1 matches, for the count) nor reaches the
# queue's end does it ask the trigram indexes, which read every match and sort them. A
# frequent term (bench/archive_scale.py: one in every group) is then settled after its
# first COUNT_CAP + 1 matches at any archive size; a rare one costs the walk (40-80 ms
# on PostgreSQL, 2,000 groups of 10 reports) and then as many rows as it matches. Twice
# COUNT_CAP: a term in half the groups walked never reaches the trigram index.
SEARCH_WALK = 2_000


@dataclass(frozen=True)
class QueueFilter:
    status: str = GroupStatus.OPEN
    article: str | None = None
    kind: str | None = None
    assignee_id: int | None = None
    query: str = ""
    page: int = 1
    per_page: int = PER_PAGE
    article_text: str = ""  # used when `article` (an exact slug) is not given
    sort: str = "impact"  # a key of SORTS


@dataclass(frozen=True)
class QueuePage:
    groups: list[tuple[Group, Article]]
    total: int
    page: int
    pages: int
    capped: bool = False  # more than `total` groups match (COUNT_CAP): show "1,000+"


@dataclass(frozen=True)
class Fix:
    """One group's fix inside an apply: its replacement text, and other places to fix too."""

    group_id: int
    text: str
    elsewhere: tuple[int, ...] = field(default_factory=tuple)


def snapshot(group: Group) -> dict[str, Any]:
    return {
        "status": group.status,
        "start": group.start,
        "end": group.end,
        "revision": group.revision,
        "report_count": group.report_count,
        "assignee_id": group.assignee_id,
        "fixed_revision": group.fixed_revision,
        "kind": group.kind,
        "priority": group.priority,
        "reason": group.reason,
        "merged_into": group.merged_into,
    }


def _queue_statement(f: QueueFilter) -> Any:
    """The groups the filter matches, text term included (unordered)."""
    statement = _queue_filtered(f)
    needle = _needle(f)
    if needle:
        statement = statement.where(_term(needle))
    return statement


def _needle(f: QueueFilter) -> str:
    return f.query.strip().lower()


def _term(needle: str) -> Any:
    """Groups whose quote, or one of whose reports' comments, contains `needle`.

    autoescape: a reader's "%" or "_" is a character to find, not a wildcard. The matching
    groups are read from the two trigram indexes (quotes, comments) as one set of ids,
    whose cost follows how many groups match, not how many there are: an OR of the quote
    test and the comments' set would test the quote of every group in the queue instead.
    The walk (`_walk`) settles frequent terms before this is asked.
    """
    quoted = select(col(Group.id)).where(func.lower(Group.quote).contains(needle, autoescape=True))
    said = select(col(Report.group_id)).where(
        func.lower(Report.comment).contains(needle, autoescape=True)
    )
    return col(Group.id).in_(union(quoted, said))


def _queue_filtered(f: QueueFilter) -> Any:
    """The groups the filter matches but for its text term."""
    statement = select(Group, Article).join(Article, col(Article.id) == Group.article_id)
    if f.status == GroupStatus.OPEN:
        # A snoozed group whose date has passed is back in the queue.
        statement = statement.where(
            # The partial indexes' own condition (models.WAITING), so the database uses them.
            WAITING_CONDITION,
            or_(
                col(Group.status) == GroupStatus.OPEN,
                and_(
                    col(Group.status) == GroupStatus.SNOOZED,
                    col(Group.snooze_until) <= utcnow(),
                ),
            ),
        )
    elif f.status != ALL:
        statement = statement.where(Group.status == f.status)
    if f.article:
        statement = statement.where(Article.slug == f.article)
    elif f.article_text.strip():
        # The queue page's plain text filter (without script): part of a slug or headline.
        needle = f.article_text.strip().lower()
        statement = statement.where(
            or_(
                col(Article.slug).contains(needle, autoescape=True),
                func.lower(Article.title).contains(needle, autoescape=True),
            )
        )
    if f.kind:
        statement = statement.where(Group.kind == f.kind)
    if f.assignee_id is not None:
        statement = statement.where(Group.assignee_id == f.assignee_id)
    return statement


def _check_status(f: QueueFilter) -> None:
    if f.status not in (*GroupStatus, ALL):
        raise Invalid("Unknown status.", {"status": f"One of {', '.join(GroupStatus)} or all."})
    if f.sort not in SORTS:
        raise Invalid("Unknown sort.", {"sort": f"One of {', '.join(SORTS)}."})


# Where a group stands in the queue's impact order (cursors): its impact, its id.
GroupKey = tuple[float, int]

# The queue's sorts: each an order of (column, descending) keys, the id last to make it total.
SORTS: dict[str, tuple[tuple[Any, bool], ...]] = {
    "impact": ((col(Group.impact), True), (col(Group.id), True)),
    "newest": ((col(Group.first_seen), True), (col(Group.id), True)),
    "readers": (
        (col(Group.reporter_count), True),
        (col(Group.last_seen), True),
        (col(Group.id), True),
    ),
    "oldest": ((col(Group.first_seen), False), (col(Group.id), False)),
}
SORT_LABELS = {
    "impact": "Impact",
    "newest": "Newest",
    "readers": "Most readers",
    "oldest": "Oldest waiting",
}


def _order(sort: str) -> list[Any]:
    return [key.desc() if descending else key.asc() for key, descending in SORTS[sort]]


def _searched(
    session: Session, f: QueueFilter, *, need: int, after: GroupKey | None = None
) -> list[int] | None:
    """The ids of the first `need` groups a text search matches, in the filter's sort (after
    the cursor `after`, in impact order); None when the filter has no text term.

    First a walk of the queue (SEARCH_WALK groups); when it cannot tell, the trigram
    indexes, which read every matching group.
    """
    needle = _needle(f)
    if not needle:
        return None
    base = _queue_filtered(f)
    if after is not None:
        base = base.where(beyond([key for key, _ in SORTS["impact"]], after))
    # Every status at once: no index holds that order, so no walk is cheap.
    walked = _walk(session, base, f.sort, needle, need=need) if f.status != ALL else None
    if walked is not None:
        return walked
    indexed = base.where(_term(needle)).with_only_columns(col(Group.id)).order_by(*_order(f.sort))
    return [int(group_id) for group_id in session.scalars(indexed.limit(need))]


def _walk(session: Session, base: Any, sort: str, needle: str, *, need: int) -> list[int] | None:
    """The first `need` groups of `base` (the queue without its text term) that match
    `needle`, found among the first SEARCH_WALK groups in `sort`; None when the walk stopped
    short of the queue's end with fewer.

    The database walks the sort's index and stops, then keeps the groups the term matches:
    a prefix of the whole search's answer, since the order is total (the id last).
    """
    keys = SORTS[sort]
    walk = (
        base.with_only_columns(col(Group.id), col(Group.quote), *(key for key, _ in keys[:-1]))
        .order_by(*_order(sort))
        .limit(SEARCH_WALK)
        .subquery("walk")
    )
    said = func.lower(Report.comment).contains(needle, autoescape=True)
    order = [(walk.c[key.key], descending) for key, descending in keys]
    matches = (
        select(walk.c.id)
        .where(
            or_(
                func.lower(walk.c.quote).contains(needle, autoescape=True),
                # Probed group by group through ix_report_group_reporter: the walk reads
                # the comments of the groups it passes, never all matching comments. A
                # scalar subquery, not EXISTS, which PostgreSQL would turn into one hashed
                # read of every matching comment (the trigram index, 100,000 rows).
                select(literal(1))
                .where(col(Report.group_id) == walk.c.id, said)
                .limit(1)
                .scalar_subquery()
                .is_not(None),
            )
        )
        .order_by(*(key.desc() if descending else key.asc() for key, descending in order))
        .limit(need)
    )
    found = [int(group_id) for group_id in session.scalars(matches)]
    if len(found) >= need:
        return found
    # Fewer than needed: the answer is whole only if the walk reached the queue's end.
    walked = session.exec(
        select(func.count()).select_from(
            base.with_only_columns(col(Group.id)).limit(SEARCH_WALK).subquery()
        )
    ).one()
    return found if walked < SEARCH_WALK else None


def _groups_by_id(session: Session, ids: list[int], sort: str) -> list[tuple[Group, Article]]:
    if not ids:
        return []
    statement = (
        select(Group, Article)
        .join(Article, col(Article.id) == Group.article_id)
        .where(col(Group.id).in_(ids))
        .order_by(*_order(sort))
    )
    return [(g, a) for g, a in session.exec(statement)]


def list_groups(session: Session, f: QueueFilter) -> QueuePage:
    """The queue, in the filter's sort: by default highest impact first (domain.triage.impact)."""
    _check_status(f)
    # A text search finds the ids of its matches first (`_searched`): enough to count past
    # the cap, and to fill the last page the cap allows (which may reach past the cap); they
    # serve the count and the page exactly as the statement below would.
    last_row = math.ceil(COUNT_CAP / f.per_page) * f.per_page
    found = _searched(session, f, need=max(COUNT_CAP + 1, last_row))
    if found is not None:
        capped, total = len(found) > COUNT_CAP, min(len(found), COUNT_CAP)
        pages = max(1, math.ceil(total / f.per_page))
        page = min(max(1, f.page), pages)
        shown = found[(page - 1) * f.per_page : page * f.per_page]
        return QueuePage(_groups_by_id(session, shown, f.sort), total, page, pages, capped)
    statement = _queue_statement(f)
    # The count reads at most COUNT_CAP + 1 matching rows: its cost stays bounded however
    # many groups the archive holds ("1,000+" beyond), instead of a scan on every view.
    capped_rows = statement.with_only_columns(col(Group.id)).limit(COUNT_CAP + 1).subquery()
    total = session.exec(select(func.count()).select_from(capped_rows)).one()
    capped = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, math.ceil(total / f.per_page))
    page = min(max(1, f.page), pages)
    rows = session.exec(
        statement.order_by(*_order(f.sort)).offset((page - 1) * f.per_page).limit(f.per_page)
    ).all()
    return QueuePage([(g, a) for g, a in rows], total, page, pages, capped)


def group_key(group: Group) -> GroupKey:
    """Where `group` stands in the queue's impact order, as plain values (for cursors)."""
    return (group.impact, group.id or 0)


def groups_after(
    session: Session, f: QueueFilter, *, after: GroupKey | None, limit: int
) -> Slice[tuple[Group, Article]]:
    """Up to `limit` groups of the queue, in its order, after the group whose key is `after`.

    A group created meanwhile lands before or after the cursor, never twice; a group whose
    rank changes mid-walk may move across it (a new report raises its impact).
    """
    _check_status(f)
    f = replace(f, sort="impact")
    walked = _searched(session, f, need=limit + 1, after=after)
    if walked is not None:
        return Slice(_groups_by_id(session, walked[:limit], "impact"), len(walked) > limit)
    keys = [key for key, _ in SORTS["impact"]]
    statement = _queue_statement(f).order_by(*_order("impact"))
    if after is not None:
        statement = statement.where(beyond(keys, after))
    found = keyset(session, statement, limit=limit)
    return Slice([(g, a) for g, a in found.items], found.more)


@dataclass(frozen=True)
class QueueRow:
    """One line of the editor's queue: the group, its article, the change it proposes (the
    words around it, the top fix and how many other fixes readers proposed) and how many
    open groups its article has (several: the batch page fixes them in one revision)."""

    group: Group
    article: Article
    context: tuple[str, str, str]  # words before (from a word boundary), the quote, after
    top: str
    other_fixes: int
    open_in_article: int


def queue_rows(session: Session, page: QueuePage) -> list[QueueRow]:
    """The queue page's rows: every revision text they need read in one statement, and the
    open groups of their articles counted in another."""
    wanted = {(g.article_id, g.revision) for g, _ in page.groups}
    texts: dict[tuple[int, int], str] = {}
    open_counts: dict[int, int] = {}
    if wanted:
        statement = select(Revision.article_id, Revision.number, Revision.text).where(
            or_(
                *(and_(col(Revision.article_id) == a, col(Revision.number) == n) for a, n in wanted)
            )
        )
        texts = {(a, n): text for a, n, text in session.exec(statement)}
        counted = (
            select(Group.article_id, func.count())
            .where(
                col(Group.article_id).in_({a for a, _ in wanted}),
                col(Group.status) == GroupStatus.OPEN,
            )
            .group_by(col(Group.article_id))
        )
        open_counts = {article_id: n for article_id, n in session.exec(counted)}
    return [
        QueueRow(
            group,
            article,
            short_context(texts[(group.article_id, group.revision)], group.start, group.end),
            top_candidate(group),
            max(0, len(candidate_list(group)) - 1),
            open_counts.get(group.article_id, 0),
        )
        for group, article in page.groups
    ]


# "Select all N matching" acts on at most this many groups at once.
BULK_CAP = 500


def matching_ids(session: Session, f: QueueFilter, limit: int = BULK_CAP) -> list[int]:
    """The ids of the groups the filter matches, in its order, at most `limit` of them."""
    _check_status(f)
    found = _searched(session, f, need=limit)
    if found is not None:
        return found
    statement = _queue_statement(f).with_only_columns(col(Group.id)).order_by(*_order(f.sort))
    return [int(group_id) for group_id in session.scalars(statement.limit(limit))]


@dataclass(frozen=True)
class BatchRow:
    group: Group
    top: str
    passage: Passage


@dataclass(frozen=True)
class BatchPage:
    """An article's open groups, and those a batch can fix (a candidate, current revision)."""

    article: Article
    current: Revision
    groups: list[Group]
    rows: list[BatchRow]

    def fixes(self, chosen: set[int]) -> list[Fix]:
        """The chosen open groups, each fixed with its top candidate."""
        return [Fix(g.id or 0, top_candidate(g, g.quote)) for g in self.groups if g.id in chosen]


def batch_page(session: Session, slug: str) -> BatchPage:
    article = articles.get_article(session, slug)
    current = articles.get_current_revision(session, article)
    groups = [g for g, _ in list_groups(session, QueueFilter(article=slug, per_page=200)).groups]
    rows = [
        BatchRow(g, top_candidate(g), passage_of(current.text, g.start, g.end))
        for g in groups
        if g.revision == current.number and candidate_list(g)
    ]
    return BatchPage(article, current, groups, rows)


def get_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound(f"No group {group_id}.")
    return group


def group_reports(session: Session, group: Group, limit: int = 200) -> list[Report]:
    statement = (
        select(Report).where(Report.group_id == group.id).order_by(col(Report.id)).limit(limit)
    )
    return list(session.exec(statement))


def _locked_group(session: Session, group_id: int) -> Group:
    statement = (
        select(Group)
        .where(Group.id == group_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    group = session.exec(statement).first()
    if group is None:
        raise NotFound(f"No group {group_id}.")
    return group


def _check_replacement(text: str) -> str:
    if has_control(text) or len(text) > MAX_REPLACEMENT:
        raise Invalid("The correction is not valid.", {"text": "Too long, or a control character."})
    return text


@use_case
def apply_fixes(
    *,
    session: Session,
    fixes: list[Fix],
    base_revision: int,
    summary: str,
    note: str | None,
    editor: Editor,
    without_note: bool = True,
) -> Revision:
    """Publish one new revision fixing the given groups of one article (one or a batch).

    The public note follows domain.triage.note_refusal: always required for a factual error;
    for a wrong name too when `without_note` is False (the editor's form passes False until
    the editor ticks "Publish without a note": the warning they override)."""
    summary = summary.strip()
    if not summary:
        raise Invalid("An edit summary is required.", {"summary": "Say what you changed."})
    if len(summary) > articles.MAX_SUMMARY_CHARS:
        raise Invalid("The summary is too long.", {"summary": "At most 500 characters."})
    if note is not None and len(note) > 2000:
        raise Invalid("The note is too long.", {"note": "At most 2000 characters."})
    texts = {"summary": summary, "note": note, "text": "".join(f.text for f in fixes)}
    if controls := control_fields(texts):
        raise Invalid("The text contains a control character.", controls)
    if not fixes:
        raise Invalid("Choose at least one group to fix.", {"groups": "Nothing selected."})
    first = get_group(session, fixes[0].group_id)
    article = articles.lock_article_by_id(session, first.article_id)
    current = articles.get_current_revision(session, article)
    if base_revision < 1 or base_revision > current.number:
        raise Invalid("Unknown base revision.", {"base_revision": "No such revision."})
    replacements: list[Replacement] = []
    groups: list[Group] = []
    for fix in fixes:
        group = _locked_group(session, fix.group_id)
        if group.article_id != article.id:
            raise Invalid("A batch fixes one article.", {"groups": "Groups of several articles."})
        text = _check_replacement(fix.text)
        stale = (
            group.status not in COLLECTING
            or group.revision != current.number
            or current.text[group.start : group.end] != group.quote
        )
        if stale:
            raise Conflict(
                "The article changed and this group's text can no longer be fixed safely.",
                current_revision=current.number,
                base_revision=base_revision,
                group=group.id,
                status=group.status,
            )
        if text == group.quote:
            raise Invalid("Nothing changes.", {"text": "The correction equals the current text."})
        replacements.append(Replacement(group.start, group.end, text))
        group.fix_text = text
        group.regressed_revision = None
        for where in fix.elsewhere:
            if current.text[where : where + len(group.quote)] != group.quote:
                raise Conflict(
                    "One of the other places no longer holds the same text.",
                    current_revision=current.number,
                )
            if where != group.start:
                replacements.append(Replacement(where, where + len(group.quote), text))
        groups.append(group)
    refusal = note_refusal([g.kind for g in groups], note, without_note=without_note)
    if refusal is not None:
        raise Invalid(refusal, {"note": refusal})
    try:
        new_text = apply_replacements(current.text, replacements)
    except ValueError as error:
        raise Invalid(str(error), {"groups": str(error)}) from None
    title, _, body = new_text.partition(PARAGRAPH_SEPARATOR)
    if not title.strip() or not body.strip():
        raise Invalid("The fix would empty the headline or body.", {"text": "Too much removed."})
    connectors.check_writeback(article, current.text, new_text)
    # Settle the groups first, so re-anchoring on the new revision leaves them alone.
    number = article.current_revision + 1
    befores = []
    for group in groups:
        befores.append(snapshot(group))
        group.status = advance(group.status, Transition.FIX)
        group.fixed_revision = number
        group.updated_at = utcnow()
        session.add(group)
    revision = publishing.publish_text(
        session,
        article,
        new_text,
        author=editor.email,
        summary=summary,
        note=(note or "").strip() or None,
    )
    for group, before in zip(groups, befores, strict=True):
        record(session, editor, "apply", f"group:{group.id}", before, snapshot(group))
        events.group_settled(session=session, group=group, outcome=Outcome.FIXED)
    record(
        session,
        editor,
        "revise",
        f"article:{article.id}",
        {"revision": current.number},
        {"revision": revision.number, "summary": summary, "groups": [g.id for g in groups]},
    )
    return revision


def _change(session: Session, editor: Editor, group: Group, action: str, **changes: Any) -> Group:
    before = snapshot(group)
    for name, value in changes.items():
        setattr(group, name, value)
    group.updated_at = utcnow()
    session.add(group)
    record(session, editor, action, f"group:{group.id}", before, snapshot(group))
    return group


@use_case
def reject(*, session: Session, group_id: int, reason: str, detail: str, editor: Editor) -> Group:
    if reason not in REJECT_LABELS:
        raise Invalid("Choose a reason.", {"reason": ", ".join(REJECT_LABELS.values())})
    if len(detail) > 1000:
        raise Invalid("The explanation is too long.", {"detail": "At most 1000 characters."})
    if controls := control_fields({"detail": detail}):
        raise Invalid("The explanation contains a control character.", controls)
    group = _locked_group(session, group_id)
    status = advance(group.status, Transition.REJECT)
    text = REJECT_LABELS[RejectReason(reason)] + (f": {detail.strip()}" if detail.strip() else "")
    _change(session, editor, group, "reject", status=status, reason=text, regressed_revision=None)
    events.group_settled(session=session, group=group, outcome=Outcome.REJECTED)
    return group


@use_case
def reopen(*, session: Session, group_id: int, editor: Editor) -> Group:
    group = _locked_group(session, group_id)
    status = advance(group.status, Transition.REOPEN)
    _change(session, editor, group, "reopen", status=status, reason=None)
    events.group_settled(session=session, group=group, outcome=Outcome.REOPENED)
    return group


@use_case
def snooze(
    *,
    session: Session,
    group_id: int,
    editor: Editor,
    more_reports: int | None = None,
    until: datetime | None = None,
) -> Group:
    if more_reports is None and until is None:
        raise Invalid("Snooze until what?", {"snooze": "Give a number of reports or a date."})
    if more_reports is not None and not 1 <= more_reports <= 10_000:
        raise Invalid("Snooze for 1 to 10,000 more reports.", {"more_reports": "1..10000"})
    if until is not None and until <= utcnow():
        raise Invalid("Snooze until a future date.", {"until": "Must be in the future."})
    group = _locked_group(session, group_id)
    status = advance(group.status, Transition.SNOOZE)
    threshold = group.report_count + more_reports if more_reports else None
    _change(
        session,
        editor,
        group,
        "snooze",
        status=status,
        snooze_reports=threshold,
        snooze_until=until,
    )
    return group


@use_case
def assign(*, session: Session, group_id: int, assignee_id: int | None, editor: Editor) -> Group:
    if assignee_id is not None:
        assignee = session.get(Editor, assignee_id)
        if assignee is None or not assignee.active:
            raise Invalid("Unknown editor.", {"assignee": "No such active editor."})
    group = _locked_group(session, group_id)
    _change(session, editor, group, "assign", assignee_id=assignee_id)
    return group


@use_case
def merge(*, session: Session, group_id: int, into: int, editor: Editor) -> Group:
    """Fold a group into a chosen primary: its reports move, its URL redirects there."""
    if group_id == into:
        raise Invalid("A group cannot be merged into itself.", {"into": "Choose another."})
    secondary = _locked_group(session, group_id)
    primary = _locked_group(session, into)
    if secondary.article_id != primary.article_id:
        raise Invalid("Only groups of one article can be merged.", {"into": "Other article."})
    if primary.status not in UNSETTLED:
        raise Conflict(f"Merge into a group that is open; #{primary.id} is {primary.status}.")
    merged = advance(secondary.status, Transition.MERGE)
    if primary.revision != secondary.revision:
        raise Conflict("The groups refer to different revisions; refresh and try again.")
    before = snapshot(primary)
    session.execute(
        update(Report).where(col(Report.group_id) == secondary.id).values(group_id=primary.id)
    )
    edits = load_edits(primary) + load_edits(secondary)
    primary.start = min(primary.start, secondary.start)
    primary.end = max(primary.end, secondary.end)
    text = articles.revision_text(session, primary.article_id, primary.revision)
    primary.quote = text[primary.start : primary.end]
    store_edits(primary, edits)
    refresh_candidates(primary, text)
    _recount(session, primary)
    primary.first_seen = min(primary.first_seen, secondary.first_seen)
    primary.last_seen = max(primary.last_seen, secondary.last_seen)
    primary.found_by_checker = primary.found_by_checker or secondary.found_by_checker
    session.add(primary)
    record(session, editor, "merge", f"group:{primary.id}", before, snapshot(primary))
    _change(
        session,
        editor,
        secondary,
        "merged_into",
        status=merged,
        merged_into=primary.id,
        report_count=0,
        reporter_count=0,
    )
    return primary


def _recount(session: Session, group: Group) -> None:
    group.report_count = session.exec(
        select(func.count()).select_from(Report).where(Report.group_id == group.id)
    ).one()
    group.reporter_count = session.exec(
        select(func.count(func.distinct(Report.reporter))).where(Report.group_id == group.id)
    ).one()


def _edits_of(text: str, revision: int, members: list[Report]) -> Counter[rules.Edit]:
    edits: Counter[rules.Edit] = Counter()
    for report in members:
        if report.revision != revision or report.start is None or report.end is None:
            continue
        if report.possible_duplicate or report.suggestion.strip() == report.quote.strip():
            continue
        edits[rules.minimal_edit(text, report.start, report.end, report.suggestion)] += 1
    return edits


@use_case
def split(*, session: Session, group_id: int, report_ids: list[int], editor: Editor) -> Group:
    """Move chosen reports out into a new group of their own."""
    source = _locked_group(session, group_id)
    if source.status not in UNSETTLED:
        raise Conflict(f"A {source.status} group cannot be split.", status=source.status)
    members = group_reports(session, source, limit=100_000)
    chosen = [r for r in members if r.id in set(report_ids)]
    if not chosen or len(chosen) == len(members):
        raise Invalid("Choose some, but not all, of the reports.", {"reports": "Choose some."})
    text = articles.revision_text(session, source.article_id, source.revision)
    spans = [
        (r.start, r.end)
        for r in chosen
        if r.revision == source.revision and r.start is not None and r.end is not None
    ]
    start = min((s for s, _ in spans), default=source.start)
    end = max((e for _, e in spans), default=source.end)
    target = Group(
        article_id=source.article_id,
        kind=chosen[0].kind,
        status=GroupStatus.OPEN,
        revision=source.revision,
        start=start,
        end=end,
        quote=text[start:end],
        first_seen=min(r.created_at for r in chosen),
        last_seen=max(r.created_at for r in chosen),
    )
    session.add(target)
    session.flush()
    for report in chosen:
        report.group_id = target.id
        report.possible_duplicate = False
        report.join_reason = f"split out of group {source.id} by an editor"
        session.add(report)
    session.flush()
    remaining = [r for r in members if r.group_id == source.id]
    for group, reports_ in ((target, chosen), (source, remaining)):
        edits = _edits_of(text, group.revision, reports_)
        for edit in edits:
            group.start, group.end = min(group.start, edit.start), max(group.end, edit.end)
        group.quote = text[group.start : group.end]
        store_edits(group, edits)
        refresh_candidates(group, text)
        _recount(session, group)
        session.add(group)
    record(
        session,
        editor,
        "split",
        f"group:{source.id}",
        {},
        {"new_group": target.id, "reports": [r.id for r in chosen]},
    )
    record(session, editor, "split_from", f"group:{target.id}", {}, {"from": source.id})
    return target


@use_case
def confirm(*, session: Session, group_id: int, report_id: int, editor: Editor) -> Group:
    """An editor confirms a possible duplicate: it now counts towards the candidates."""
    group = _locked_group(session, group_id)
    report = session.get(Report, report_id)
    if report is None or report.group_id != group.id or not report.possible_duplicate:
        raise Invalid("Not a possible duplicate of this group.", {"report": "Unknown."})
    report.possible_duplicate = False
    report.join_reason += "; confirmed by an editor"
    session.add(report)
    text = articles.revision_text(session, group.article_id, group.revision)
    if (
        report.revision == group.revision
        and report.start is not None
        and report.end is not None
        and report.suggestion.strip() != report.quote.strip()
    ):
        edit = rules.minimal_edit(text, report.start, report.end, report.suggestion)
        edits = load_edits(group)
        edits[edit] += 1
        group.start, group.end = min(group.start, edit.start), max(group.end, edit.end)
        group.quote = text[group.start : group.end]
        store_edits(group, edits)
        refresh_candidates(group, text)
    _change(session, editor, group, "confirm")
    return group


def next_group(session: Session, exclude_id: int | None = None) -> Group | None:
    """The open group an editor should look at next: the queue's first, other than `exclude_id`."""
    statement = _queue_statement(QueueFilter()).order_by(*_order("impact"))
    if exclude_id is not None:
        statement = statement.where(col(Group.id) != exclude_id)
    row = session.exec(statement.limit(1)).first()
    return row[0] if row is not None else None


@dataclass(frozen=True)
class Undone:
    """What an undo did: the revision it published (None for a reopened reject), the groups
    it reopened."""

    revision: Revision | None
    groups: list[Group]


@use_case
def undo_fix(*, session: Session, group_id: int, editor: Editor, window: timedelta) -> Undone:
    """Undo an editor's decision on a group while it is fresh: a rejected group reopens; a
    fixed group's revision is reverted as a new revision (history stays append-only) and
    every group that revision fixed reopens. Refused after `window`, or once the article
    has a later revision."""
    group = _locked_group(session, group_id)
    if group.status == GroupStatus.REJECTED:
        _change(session, editor, group, "undo_reject", status=GroupStatus.OPEN, reason=None)
        events.group_settled(session=session, group=group, outcome=Outcome.REOPENED)
        return Undone(None, [group])
    if group.status != GroupStatus.FIXED or not group.fixed_revision:
        raise Conflict(f"A group that is {group.status} has no fix to undo.", status=group.status)
    article = articles.lock_article_by_id(session, group.article_id)
    current = articles.get_current_revision(session, article)
    if current.number != group.fixed_revision:
        raise Conflict(
            f"The article has changed since revision {group.fixed_revision}; "
            "undo is no longer safe. Revert from the history page instead.",
            current_revision=current.number,
        )
    created = current.created_at
    created = created if created.tzinfo is not None else created.replace(tzinfo=UTC)
    if utcnow() - created > window:
        minutes = round(window.total_seconds() / 60)
        raise Conflict(
            f"Undo is possible for {minutes} minutes after publishing; "
            "revert from the history page instead.",
            current_revision=current.number,
        )
    previous = articles.get_revision(session, article, current.number - 1)
    fixed = list(
        session.exec(
            select(Group)
            .where(Group.article_id == article.id, Group.fixed_revision == current.number)
            .with_for_update()
        )
    )
    revision = publishing.publish_text(
        session,
        article,
        previous.text,
        author=editor.email,
        summary=f"Undid revision {current.number}: {current.summary}"[: articles.MAX_SUMMARY_CHARS],
    )
    for each in fixed:
        # The undo revision reads like the one the group was reported on: it stands again
        # at the same place, now in the new revision (REGRESS: fixed -> open).
        same_place = revision.text[each.start : each.end] == each.quote
        _change(
            session,
            editor,
            each,
            "undo_fix",
            status=(
                each.status  # the checker's finding on the restored text reopened it already
                if each.status == GroupStatus.OPEN
                else advance(each.status, Transition.REGRESS)
            ),
            revision=revision.number if same_place else each.revision,
            fixed_revision=None,
            fix_text=None,
        )
        events.group_settled(session=session, group=each, outcome=Outcome.REOPENED)
    record(
        session,
        editor,
        "undo",
        f"article:{article.id}",
        {"revision": current.number},
        {"revision": revision.number, "groups": [g.id for g in fixed]},
    )
    return Undone(revision, fixed)


@use_case
def set_kind(*, session: Session, group_id: int, kind: str, editor: Editor) -> Group:
    """An editor corrects the reader's kind (it weighs in the rank: the listener re-ranks)."""
    if kind not in KIND_LABELS:
        raise Invalid("Unknown kind.", {"kind": ", ".join(KIND_LABELS.values())})
    group = _locked_group(session, group_id)
    if group.status == GroupStatus.MERGED:
        raise Conflict("This group was merged into another; change that one.", status=group.status)
    return _change(session, editor, group, "set_kind", kind=kind)


@use_case
def set_priority(*, session: Session, group_id: int, priority: int, editor: Editor) -> Group:
    """An editor's say in the queue's order (domain.triage.Priority)."""
    if priority not in {p.value for p in Priority}:
        raise Invalid("Unknown priority.", {"priority": ", ".join(PRIORITY_LABELS.values())})
    group = _locked_group(session, group_id)
    if group.status == GroupStatus.MERGED:
        raise Conflict("This group was merged into another; change that one.", status=group.status)
    return _change(session, editor, group, "set_priority", priority=priority)


MAX_COMMENT = 2000


@use_case
def comment(*, session: Session, group_id: int, text: str, editor: Editor) -> GroupComment:
    """An internal comment on a group, for the other editors (audited, never public)."""
    text = text.strip()
    if not text:
        raise Invalid("Write a comment.", {"text": "Empty."})
    if len(text) > MAX_COMMENT:
        raise Invalid("The comment is too long.", {"text": f"At most {MAX_COMMENT} characters."})
    if has_control(text.replace("\n", " ").replace("\r", " ").replace("\t", " ")):
        raise Invalid("The comment contains a control character.", {"text": "Remove it."})
    group = _locked_group(session, group_id)
    if group.status == GroupStatus.MERGED:
        raise Conflict(
            f"This group was merged into group {group.merged_into}; comment there.",
            status=group.status,
        )
    note = GroupComment(group_id=group.id or 0, editor_id=editor.id or 0, text=text)
    session.add(note)
    session.flush()
    record(session, editor, "comment", f"group:{group.id}", {}, {"comment": note.id})
    return note


def comments(session: Session, group_id: int, limit: int = 200) -> list[GroupComment]:
    statement = (
        select(GroupComment)
        .where(GroupComment.group_id == group_id)
        .order_by(col(GroupComment.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement))
