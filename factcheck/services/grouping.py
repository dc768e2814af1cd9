"""Grouping in the database: place each report in a group on intake; move groups with the text.

Runs inside the caller's transaction (report intake, new revisions); it never commits.
"""

import json
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from sqlmodel import Session, col, select

from factcheck.domain import anchoring, grouping
from factcheck.domain.grouping import Edit, GroupingSettings
from factcheck.domain.lifecycle import COLLECTING, GroupStatus, Transition, advance, allows
from factcheck.domain.reports import Source
from factcheck.models import Group, Report, Revision, utcnow
from factcheck.services.stores import IntakeStore

SETTINGS = GroupingSettings()


class Reanchored(StrEnum):
    """What a new revision did to an open group."""

    MOVED = "moved"  # its words are still there (perhaps elsewhere)
    FIXED = GroupStatus.FIXED  # its span now reads as one of its candidates
    OUTDATED = GroupStatus.OUTDATED  # its words are gone; an editor must look
    SKIPPED = "skipped"  # it refers to an older revision than the one replaced


@dataclass(frozen=True)
class Placement:
    group: Group
    action: str  # join | possible | new | late | reopened
    reason: str


def load_edits(group: Group) -> Counter[Edit]:
    return Counter(
        {
            Edit(start, end, replacement): count
            for start, end, replacement, count in json.loads(group.edits)
        }
    )


def store_edits(group: Group, edits: Counter[Edit]) -> None:
    group.edits = json.dumps([[e.start, e.end, e.replacement, n] for e, n in edits.most_common()])


def top_edits(group: Group) -> list[Edit]:
    return [edit for edit, _ in load_edits(group).most_common(SETTINGS.top_edits)]


class CandidateData(TypedDict):
    text: str
    count: int
    merged: bool


def candidate_list(group: Group) -> list[CandidateData]:
    data: list[CandidateData] = json.loads(group.candidates)
    return data


def top_candidate(group: Group, default: str = "") -> str:
    found = candidate_list(group)
    return found[0]["text"] if found else default


def refresh_candidates(group: Group, text: str, edits: Counter[Edit] | None = None) -> None:
    """Recompute the group's candidates from its edit tally (`edits`: the tally, if at hand)."""
    tally = load_edits(group) if edits is None else edits
    found = grouping.candidates(text, group.start, group.end, tally, SETTINGS)
    group.candidates = json.dumps(
        [{"text": c.text, "count": c.count, "merged": c.merged} for c in found]
    )


def _count(store: IntakeStore, group: Group, report: Report) -> bool:
    """Count the report in the group; True when its reader is new to the group (a vote)."""
    first = not store.has_reported(group, report.reporter)
    if first:
        group.reporter_count += 1
    group.report_count += 1
    group.last_seen = report.created_at
    group.updated_at = utcnow()
    if report.source == Source.CHECKER:
        group.found_by_checker = True
    if (
        allows(group.status, Transition.WAKE)
        and group.snooze_reports is not None
        and group.report_count >= group.snooze_reports
    ):
        group.status = advance(group.status, Transition.WAKE)
    return first


def place_report(
    *, store: IntakeStore, article_id: int, revision: int, text: str, report: Report
) -> Placement:
    """Put a report into its group (joining, flagging, reopening or creating), before it is
    stored: the report row is inserted once, with its group.

    `revision` and `text` are the article's current revision.
    """
    if report.start is None or report.end is None:
        placement = _place_late(store, article_id, report)
    else:
        placement = _place_current(store, article_id, revision, text, report)
    report.group_id = placement.group.id
    report.join_reason = placement.reason
    report.possible_duplicate = placement.action == grouping.POSSIBLE
    return placement


def _place_current(
    store: IntakeStore, article_id: int, revision: int, text: str, report: Report
) -> Placement:
    assert report.start is not None and report.end is not None
    comment_only = report.suggestion.strip() == report.quote.strip()
    if comment_only:
        edit = Edit(report.start, report.end, text[report.start : report.end])
    else:
        edit = grouping.minimal_edit(text, report.start, report.end, report.suggestion)
    lo, hi = grouping.near_window(edit, SETTINGS.window_slack)
    nearby = store.nearby_open_groups(article_id, lo, hi)
    views = [grouping.GroupView(g.id or 0, g.start, g.end, top_edits(g)) for g in nearby]
    decision = grouping.decide(text, edit, comment_only, views, SETTINGS)
    if decision.action != grouping.NEW:
        group = next(g for g in nearby if g.id == decision.group_id)
        first = _count(store, group, report)
        reason = decision.reason
        # One reader, one vote: a reader's further reports in a group (variants, second
        # thoughts) are kept and counted as reports, but add nothing to its candidates.
        if decision.action == grouping.JOIN and first:
            _add_edit(group, text, edit, comment_only)
        elif decision.action == grouping.JOIN:
            reason += "; this reader was already counted in the group, so no new vote"
        store.save_group(group)
        return Placement(group, decision.action, reason)
    reopened = _regression(store, article_id, text, edit)
    if reopened is not None:
        group, where = reopened
        group.status = advance(group.status, Transition.REGRESS)
        group.fixed_revision = None
        group.revision = revision
        group.start, group.end = where, where + len(group.quote)
        group.edits = "[]"
        _count(store, group, report)
        _add_edit(group, text, edit, comment_only)
        store.save_group(group)
        reason = "the fixed text is back in the current revision; group reopened"
        return Placement(group, "reopened", reason)
    start, end = (edit.start, edit.end) if edit.start < edit.end else (report.start, report.end)
    group = Group(
        article_id=article_id,
        kind=report.kind,
        revision=revision,
        start=start,
        end=end,
        quote=text[start:end],
        first_seen=report.created_at,
        last_seen=report.created_at,
    )
    _count(store, group, report)
    _add_edit(group, text, edit, comment_only)
    store.save_group(group)
    return Placement(group, grouping.NEW, decision.reason)


def _add_edit(group: Group, text: str, edit: Edit, comment_only: bool) -> None:
    group.start, group.end = grouping.widened_span(group.start, group.end, edit, comment_only)
    group.quote = text[group.start : group.end]
    if comment_only:
        return
    tally = grouping.fold_edit(text, load_edits(group), edit, SETTINGS)
    store_edits(group, tally)
    refresh_candidates(group, text, tally)


def _regression(
    store: IntakeStore, article_id: int, text: str, edit: Edit
) -> tuple[Group, int] | None:
    """A fixed group whose wrong text stands again where this report points."""
    footprint = (edit.start, max(edit.end, edit.start + 1))
    for group in store.fixed_groups(article_id):
        if not group.quote:
            continue
        for where in grouping.occurrences(text, group.quote):
            if where < footprint[1] and footprint[0] < where + len(group.quote):
                return group, where
    return None


def _place_late(store: IntakeStore, article_id: int, report: Report) -> Placement:
    """The reader saw text that has changed since: attach to the group that fixed it."""
    seen = store.revision_text(article_id, report.seen_revision)
    for group in store.fixed_groups(article_id, fixed_after=report.seen_revision):
        try:
            if group.revision == report.seen_revision:
                start, end = report.seen_start, report.seen_end
            else:
                base = store.revision_text(article_id, group.revision)
                moved = anchoring.reanchor(seen, base, report.seen_start, report.seen_end)
                start, end = moved.start, moved.end
        except anchoring.AnchorError:
            continue
        if start < group.end and group.start < end:
            _count(store, group, report)
            store.save_group(group)
            reason = f"late report: this text was already fixed in revision {group.fixed_revision}"
            return Placement(group, "late", reason)
    group = Group(
        article_id=article_id,
        kind=report.kind,
        status=GroupStatus.OUTDATED,
        revision=report.seen_revision,
        start=report.seen_start,
        end=report.seen_end,
        quote=report.quote,
        first_seen=report.created_at,
        last_seen=report.created_at,
    )
    _count(store, group, report)
    store.save_group(group)
    return Placement(group, "new", "the reported text is no longer in the article; needs an editor")


def reanchor_groups(*, session: Session, old: Revision, new: Revision) -> dict[str, int]:
    """Move every open group of the article onto the new revision, or mark it fixed/outdated."""
    outcome: Counter[str] = Counter()
    statement = select(Group).where(
        Group.article_id == new.article_id, col(Group.status).in_(COLLECTING)
    )
    for group in session.exec(statement):
        outcome[_reanchor(group, old, new)] += 1
        session.add(group)
    return dict(outcome)


def _reanchor(group: Group, old: Revision, new: Revision) -> Reanchored:
    old_text = old.text if group.revision == old.number else None
    if old_text is None:
        return Reanchored.SKIPPED
    try:
        moved = anchoring.reanchor(old_text, new.text, group.start, group.end)
    except anchoring.AnchorError:
        moved = None
    if moved is not None and moved.method != "fuzzy":
        _move(group, new, moved.start, moved.end)
        return Reanchored.MOVED
    if _now_reads_as_candidate(group, old_text, new.text):
        group.status = advance(group.status, Transition.FIX)
        group.fixed_revision = new.number
        group.updated_at = utcnow()
        return Reanchored.FIXED
    if moved is not None:
        _move(group, new, moved.start, moved.end)
        return Reanchored.MOVED
    group.status = advance(group.status, Transition.OUTDATE)
    group.updated_at = utcnow()
    return Reanchored.OUTDATED


def _move(group: Group, new: Revision, start: int, end: int) -> None:
    shift = start - group.start
    same = new.text[start:end] == group.quote
    edits = Counter(
        {
            Edit(e.start + shift, e.end + shift, e.replacement): n
            for e, n in load_edits(group).items()
        }
        if same
        else {}
    )
    group.revision, group.start, group.end = new.number, start, end
    group.quote = new.text[start:end]
    store_edits(group, edits)
    refresh_candidates(group, new.text)
    group.updated_at = utcnow()


def _now_reads_as_candidate(group: Group, old_text: str, new_text: str) -> bool:
    """The group's span, found by its old context, now holds one of its candidates."""
    prefix, suffix = anchoring.context_of(old_text, group.start, group.end)
    for candidate in candidate_list(group)[:3]:
        text = str(candidate["text"])
        selector = anchoring.Selector(text, prefix, suffix, group.start, group.start + len(text))
        try:
            found = anchoring.anchor(new_text, selector)
        except anchoring.AnchorError:
            continue
        if found.method != "fuzzy":
            return True
    return False


def reopen_undone_fixes(*, session: Session, old: Revision, new: Revision) -> list[Group]:
    """Fixed groups whose correction the new revision undid — their wrong words came back
    as their published fix went away (a CMS pushing a copy from before the fix). Each
    reopens, marked regressed, on the new text, with its fix as the one candidate."""
    statement = select(Group).where(
        Group.article_id == new.article_id,
        col(Group.status) == GroupStatus.FIXED,
        col(Group.fix_text).is_not(None),
    )
    undone = []
    for group in session.exec(statement):
        fix, quote = group.fix_text or "", group.quote
        if not quote or fix == quote:
            continue
        came_back = grouping.occurrences(new.text, quote)
        if len(came_back) <= len(grouping.occurrences(old.text, quote)):
            continue
        if len(grouping.occurrences(new.text, fix)) >= len(grouping.occurrences(old.text, fix)):
            continue
        start = came_back[0]
        group.status = advance(group.status, Transition.REGRESS)
        group.regressed_revision = new.number  # fixed_revision still names the undone fix
        group.revision, group.start, group.end = new.number, start, start + len(quote)
        group.reason = f"Undone by a CMS update in revision {new.number}: the fix is gone."
        tally = Counter({Edit(start, start + len(quote), fix): max(1, group.reporter_count)})
        store_edits(group, tally)
        refresh_candidates(group, new.text, tally)
        group.updated_at = utcnow()
        session.add(group)
        undone.append(group)
    return undone


def elsewhere(text: str, group: Group) -> list[int]:
    """Other places in the text where the group's wrong words still stand."""
    return [at for at in grouping.occurrences(text, group.quote) if at != group.start]
