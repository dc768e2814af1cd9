"""Database tables (SQLModel). Revisions are append-only: nothing here is ever deleted."""

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint, event, text
from sqlmodel import Field, SQLModel

from factcheck.domain import triage as ranking
from factcheck.domain.lifecycle import GroupStatus

# The rows the open queue reads: the partial indexes' condition, and the same words in the
# queue's query (literal, not bound parameters, so the planner can prove the match).
_WAITING = f"status IN ('{GroupStatus.OPEN}', '{GroupStatus.SNOOZED}')"
WAITING: dict[str, Any] = {"postgresql_where": text(_WAITING), "sqlite_where": text(_WAITING)}
WAITING_CONDITION = text("errorgroup." + _WAITING)
# The revisions that carry a public correction note (/corrections).
NOTED: dict[str, Any] = {
    "postgresql_where": text("note IS NOT NULL"),
    "sqlite_where": text("note IS NOT NULL"),
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Site(SQLModel, table=True):
    """A newsroom's website that embeds the reader widget (README: Embed on your site)."""

    id: int | None = Field(default=None, primary_key=True)
    # Public, not a secret: it stands in the embed snippet on every page.
    key: str = Field(max_length=40, unique=True, index=True)
    name: str = Field(max_length=200)
    # The origins allowed to send reports: normalised `scheme://host[:port]`, one a line.
    origins: str = Field(default="", sa_column=Column(Text, nullable=False))
    language: str = Field(default="en", max_length=35)
    # A CSS selector for the article body on the site's pages (None: the widget's default).
    selector: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class Article(SQLModel, table=True):
    # A canonical URL names one article of a site (NULLs never collide).
    __table_args__ = (
        UniqueConstraint("site_id", "url", name="uq_article_site_url"),
        UniqueConstraint("site_id", "external_id", name="uq_article_site_external"),
        # The home page and GET /api/v1/articles: newest first, the id breaking ties.
        Index("ix_article_newest", "published_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True, index=True)
    title: str = Field(max_length=500)
    published_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    current_revision: int = Field(default=0)
    # The article's canonical address on its newsroom's site (domain/urls.py normalises it).
    url: str | None = Field(default=None, max_length=2000, index=True)
    site_id: int | None = Field(default=None, foreign_key="site.id")
    language: str = Field(default="en", max_length=35)
    # Set for an article a CMS connector brings in (README: WordPress): the post's id, its
    # modification time as the CMS last reported it, and its raw source at that time (what
    # a fix is spliced into, checked before publishing).
    external_id: str | None = Field(default=None, max_length=100)
    external_modified: str | None = Field(default=None, max_length=40)
    external_source: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Connector(SQLModel, table=True):
    """A site's CMS connector: where its articles come from and where fixes are written."""

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", unique=True)
    kind: str = Field(default="wordpress", max_length=20)
    base_url: str = Field(max_length=2000)
    username: str = Field(max_length=200)
    # The Application Password, encrypted with FACTCHECK_CONNECTOR_KEY (Fernet); never shown.
    secret: str = Field(sa_column=Column(Text, nullable=False))
    # Where a fix's public correction note goes in the post: end | top | none.
    note_placement: str = Field(default="end", max_length=10)
    # The newest modification time synced; the next sync asks for posts modified after it.
    synced_until: str | None = Field(default=None, max_length=40)
    last_sync_at: datetime | None = None
    last_sync_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CmsDelivery(SQLModel, table=True):
    """One attempt to write a Factcheck revision back into the CMS (the delivery log)."""

    __tablename__ = "cmsdelivery"

    id: int | None = Field(default=None, primary_key=True)
    connector_id: int = Field(foreign_key="connector.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    outbox_id: int = Field(foreign_key="outbox.id", index=True)
    revision: int
    # written | unchanged | conflict | refused | failed
    result: str = Field(max_length=20)
    detail: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    duration_ms: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)


class Revision(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("article_id", "number", name="uq_revision_number"),
        # /corrections: newest first, read (and counted) from the noted revisions alone.
        Index("ix_revision_created", "created_at", "id"),
        Index("ix_revision_noted", "created_at", "id", **NOTED),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int
    title: str = Field(max_length=500)
    body: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    author: str = Field(max_length=320)
    summary: str = Field(default="", max_length=500)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Editor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)
    password_hash: str = Field(max_length=500)
    role: str = Field(default="editor", max_length=20)
    active: bool = Field(default=True)
    # Opt-in daily email of new open groups by priority.
    digest: bool = Field(default=False)
    # Every login session carries the version it began under; logout, a password change
    # or deactivation bumps it, which ends every session of the editor at once.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    editor_id: int = Field(foreign_key="editor.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None


class Group(SQLModel, table=True):
    """Every report of one error at one place in an article."""

    __tablename__ = "errorgroup"
    # Grouping looks up the open groups near a report's span, never all reports.
    __table_args__ = (
        Index("ix_errorgroup_span", "article_id", "status", "start"),
        # The queue's sorts: "most readers", impact (the default), newest and oldest.
        Index("ix_errorgroup_queue", "status", "reporter_count", "last_seen"),
        Index("ix_errorgroup_impact", "status", "impact", "id"),
        Index("ix_errorgroup_first_seen", "status", "first_seen", "id"),
        # The open queue (open, and snoozed ones that may be due) in each sort: partial
        # indexes the database walks in order and stops after a page, at any archive size.
        *(
            Index(f"ix_errorgroup_waiting_{name}", *columns, **WAITING)
            for name, columns in (
                ("impact", ("impact", "id")),
                ("first_seen", ("first_seen", "id")),
                ("readers", ("reporter_count", "last_seen", "id")),
            )
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    # A GroupStatus; factcheck/domain/lifecycle.py says which transitions are allowed.
    status: str = Field(default=GroupStatus.OPEN, max_length=20, index=True)
    kind: str = Field(default="typo", max_length=10)
    # The span in the article's revision `revision` (code points).
    revision: int
    start: int
    end: int
    quote: str = Field(sa_column=Column(Text, nullable=False))
    report_count: int = Field(default=0)
    reporter_count: int = Field(default=0)
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)
    # JSON list of {"text", "count", "merged"}, best first; recomputed on every join.
    candidates: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    # JSON list of [start, end, replacement, count]: the distinct minimal edits that joined,
    # so candidates are recomputed from the group's variety, never from all its reports.
    edits: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    found_by_checker: bool = Field(default=False)
    fixed_revision: int | None = None
    # A CMS update that brought a fixed group's wrong words back (README: WordPress and
    # CMS updates): the group reopens at the top of the queue until an editor acts.
    regressed_revision: int | None = None
    # The replacement the editor published, to repeat the same fix elsewhere.
    fix_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    merged_into: int | None = Field(default=None, foreign_key="errorgroup.id")
    assignee_id: int | None = Field(default=None, foreign_key="editor.id")
    # An editor's say in the order (domain.triage.Priority) and the rank it makes with the
    # reports' signals: kept up to date on every write of the group (`_rank` below).
    priority: int = Field(default=0)
    impact: float = Field(default=0.0)
    snooze_until: datetime | None = None
    snooze_reports: int | None = None
    updated_at: datetime = Field(default_factory=utcnow)


def group_signals(group: Group) -> ranking.Signals:
    """What `group`'s impact rank is made of (domain.triage.impact)."""
    try:
        candidates = json.loads(group.candidates or "[]")
        agreeing = int(candidates[0].get("count", 0)) if candidates else 0
    except (ValueError, TypeError, AttributeError, IndexError):
        agreeing = 0
    return ranking.Signals(
        reporters=group.reporter_count or 0,
        reports=group.report_count or 0,
        agreeing=agreeing,
        checker=bool(group.found_by_checker),
        kind=group.kind,
        priority=group.priority or 0,
        last_seen=group.last_seen or utcnow(),
        regressed=group.regressed_revision is not None,
    )


def rank(group: Group) -> None:
    """Set `group.impact` from its signals; every write of a group calls it (the ORM's
    through `_rank`, intake's plain SQL in services.stores), so no rank is left stale."""
    group.impact = ranking.impact(group_signals(group))


@event.listens_for(Group, "before_insert")
@event.listens_for(Group, "before_update")
def _rank(_mapper: object, _connection: object, group: Group) -> None:
    rank(group)


class GroupComment(SQLModel, table=True):
    """An editor's internal note on a group ("checked with the desk, keep as is"); never
    shown to readers."""

    __tablename__ = "groupcomment"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="errorgroup.id", index=True)
    editor_id: int = Field(foreign_key="editor.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Report(SQLModel, table=True):
    """One reader's (or the checker's) report, as sent, with where it anchored."""

    __table_args__ = (
        Index("ix_report_group_reporter", "group_id", "reporter"),
        # The "same reader, same report" check on intake.
        Index("ix_report_article_reporter", "article_id", "reporter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=64, unique=True, index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="errorgroup.id")
    # What the reader saw: the revision and the selection in it.
    seen_revision: int
    seen_start: int
    seen_end: int
    quote: str = Field(sa_column=Column(Text, nullable=False))
    prefix: str = Field(default="", max_length=200)
    suffix: str = Field(default="", max_length=200)
    suggestion: str = Field(sa_column=Column(Text, nullable=False))
    # domain.confusables.skeleton(suggestion): one reader's case, space, invisible and
    # look-alike variants of one suggestion are one report (a repeat), never more votes.
    suggestion_key: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    comment: str = Field(default="", sa_column=Column(Text, nullable=False))
    kind: str = Field(max_length=10)
    email: str | None = Field(default=None, max_length=320)
    # A keyed hash of the client address: counts unique reporters, stores no address.
    reporter: str = Field(max_length=64)
    source: str = Field(default="reader", max_length=10)
    # Where it anchored in the current revision at intake (None: text no longer there).
    revision: int
    start: int | None = None
    end: int | None = None
    join_reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    possible_duplicate: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    # Sent from a page of a registered site (None: Factcheck's own pages or the checker).
    site_id: int | None = Field(default=None, foreign_key="site.id")
    page_url: str | None = Field(default=None, max_length=2000)
    # The language the reader read the article in (BCP 47): the outcome email's language.
    language: str = Field(default="en", max_length=35)


class SavedFilter(SQLModel, table=True):
    """An editor's named queue filter ("Names, mine"): the queue's query string, kept."""

    __tablename__ = "savedfilter"
    __table_args__ = (UniqueConstraint("editor_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    editor_id: int = Field(foreign_key="editor.id", index=True)
    name: str = Field(max_length=60)
    # The queue's filter as a query string ("kind=name&sort=readers"), only known keys.
    query: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """Who did what to which thing, with the state before and after (JSON)."""

    __tablename__ = "auditentry"
    # The log's filters read newest first within one action or one editor: index range
    # scans, not a scan of the whole log (services/audit.py: entries_page).
    __table_args__ = (
        Index("ix_auditentry_action_id", "action", "id"),
        Index("ix_auditentry_editor_id_id", "editor_id", "id"),
        Index("ix_auditentry_via_id", "via", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    editor_id: int | None = Field(default=None, foreign_key="editor.id", index=True)
    # Where an entry without an editor came from: "cli" (the command line); "" otherwise.
    via: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    action: str = Field(max_length=40)
    # "group:12", "article:3", "editor:4": what the action was about.
    target: str = Field(max_length=60, index=True)
    before: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    after: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class StyleName(SQLModel, table=True):
    """A house-style name: its canonical spelling, accepted variants, wrong forms and a note."""

    __tablename__ = "stylename"

    id: int | None = Field(default=None, primary_key=True)
    canonical: str = Field(max_length=200, unique=True, index=True)
    # Accepted variants separated by "|" (the CSV format uses the same separator).
    variants: str = Field(default="", sa_column=Column(Text, nullable=False))
    # Forms that are always wrong ("Kiev"), separated by "|" like the variants.
    wrong: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    kind: str = Field(default="person", max_length=20)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OutboxMessage(SQLModel, table=True):
    """A notification written in the same transaction as its cause, delivered by a worker."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=10)  # "email" | "webhook" | "cms"
    event: str = Field(max_length=40)  # revision.created, group.fixed, group.rejected, ...
    # Makes creation idempotent: one message per reporter per group outcome, etc.
    dedupe_key: str = Field(max_length=200, unique=True)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=10)  # pending | sent | dead
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    locked_until: datetime | None = None
    locked_by: str | None = Field(default=None, max_length=100)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class Webhook(SQLModel, table=True):
    """A CMS endpoint that hears about new revisions and group outcomes."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    secret: str = Field(max_length=200)
    # Comma-separated: revision.created, group.fixed, group.rejected
    events: str = Field(default="revision.created", max_length=200)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class WebhookDelivery(SQLModel, table=True):
    """One delivery attempt of an outbox message to a webhook (the delivery log)."""

    __tablename__ = "webhookdelivery"

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: int = Field(foreign_key="webhook.id", index=True)
    outbox_id: int = Field(foreign_key="outbox.id", index=True)
    status_code: int | None = None
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    duration_ms: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
