"""Read models for the editor's group page: everything the page shows, loaded in a bounded
number of statements, plus the fix preview, the follow-ups after a fix and the conflict page.

Nothing here writes; the page's actions are use cases in `services.triage`.
"""

from dataclasses import dataclass

from sqlmodel import Session

from factcheck.domain.confusables import suspicion
from factcheck.domain.diffing import Piece
from factcheck.domain.errors import FactcheckError, Invalid
from factcheck.domain.lifecycle import GroupStatus, Kind
from factcheck.domain.passages import Passage, changed_blocks, passage_of, preview_of
from factcheck.domain.triage import suggested_note, suggested_summary
from factcheck.models import Article, AuditEntry, CmsDelivery, Editor, Group, Report, Revision
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
    return GroupPage(
        group=group,
        article=article,
        text=text,
        current=current,
        passage=passage,
        previews=previews,
        places=places,
        editors=tuple(editors.list_editors(session, active_only=True)),
        reports=tuple(triage.group_reports(session, group)),
        activity=tuple(audit.entries(session, target=f"group:{group.id}")),
        archive=tuple(archive),
        fixing=fixing,
        writebacks=writebacks,
        writeback_pending=pending,
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


def fix_preview(session: Session, group_id: int, replacement: str) -> FixPreview:
    group = triage.get_group(session, group_id)
    article = articles.get_article_by_id(session, group.article_id)
    current = articles.get_current_revision(session, article)
    passage = passage_of(current.text, group.start, group.end)
    return FixPreview(group, article, replacement, preview_of(passage, replacement))


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
