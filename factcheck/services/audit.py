"""The audit log: every editor and command-line action, who, what, when, before and after."""

import json
import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlmodel import Session, col, func, select

from factcheck.models import AuditEntry, Editor, utcnow
from factcheck.services.paging import Page
from factcheck.services.transactions import use_case

log = logging.getLogger("factcheck.audit")

# The most entries one filter counts and pages through (100 pages of 100).
COUNT_CAP = 10_000

# Who acted: an editor, the command line (`flask --app app …`), or nobody (the system).
COMMAND_LINE: Literal["cli"] = "cli"
Actor = Editor | Literal["cli"] | None


def record(
    session: Session,
    editor: Actor,
    action: str,
    target: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the caller's transaction (the caller commits)."""
    person = editor if isinstance(editor, Editor) else None
    via = COMMAND_LINE if editor == COMMAND_LINE else ""
    session.add(
        AuditEntry(
            editor_id=person.id if person else None,
            via=via,
            action=action,
            target=target,
            before=json.dumps(before or {}, ensure_ascii=False, default=str),
            after=json.dumps(after or {}, ensure_ascii=False, default=str),
            created_at=utcnow(),
        )
    )
    # The log line names the action, not its before/after values (they may hold emails).
    log.info(
        "editor action %s on %s",
        action,
        target,
        extra={
            "editor_id": person.id if person else None,
            "action": action,
            "target": target,
            "via": via or None,
        },
    )


@use_case
def record_command(
    *, session: Session, action: str, target: str, details: dict[str, Any] | None = None
) -> None:
    """One entry for a command-line run whose work spans several transactions (seed, sync,
    check, digest): what it did, as one more unit of work after the work itself."""
    record(session, COMMAND_LINE, action, target, {}, details or {})


@dataclass(frozen=True)
class AuditFilter:
    """What the log is narrowed to; None is "any". Dates are UTC, `until` exclusive."""

    action: str | None = None
    editor_id: int | None = None
    via: str | None = None  # "cli": the command line; "": entries without an editor
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in vars(self).values())


def entries_page(
    session: Session, *, page: int, per_page: int, where: AuditFilter | None = None
) -> Page[AuditEntry]:
    """One page of the audit log, newest first, narrowed by `where`.

    Each filter is an equality on an indexed column, or a range on `created_at` (indexed),
    so a page is an index range scan, whatever the log's size; `total` is capped at
    COUNT_CAP + 1 ("more than 10,000").
    """
    where = where or AuditFilter()
    statement = select(AuditEntry)
    if where.action is not None:
        statement = statement.where(AuditEntry.action == where.action)
    if where.editor_id is not None:
        statement = statement.where(AuditEntry.editor_id == where.editor_id)
    if where.via is not None:
        statement = statement.where(
            col(AuditEntry.editor_id).is_(None), AuditEntry.via == where.via
        )
    if where.target is not None:
        statement = statement.where(AuditEntry.target == where.target)
    if where.since is not None:
        statement = statement.where(AuditEntry.created_at >= where.since)
    if where.until is not None:
        statement = statement.where(AuditEntry.created_at < where.until)
    statement = statement.order_by(col(AuditEntry.id).desc())
    # The count reads at most COUNT_CAP + 1 rows, so neither it nor the deepest OFFSET grows
    # with the log; older entries than that are reached by narrowing the dates.
    capped = statement.with_only_columns(col(AuditEntry.id)).limit(COUNT_CAP + 1).subquery()
    total = session.exec(select(func.count()).select_from(capped)).one()
    pages = max(1, math.ceil(min(total, COUNT_CAP) / per_page))
    page = min(max(1, page), pages)
    rows = list(session.exec(statement.offset((page - 1) * per_page).limit(per_page)))
    return Page(rows, page, pages, total, per_page)


# Every action the services record, in the log's plain words ("… on group 12"). The
# filter offers these; an action missing here is still shown, under its code.
ACTIONS: dict[str, str] = {
    "apply": "published a fix",
    "assign": "assigned",
    "comment": "commented",
    "connect": "connected the CMS",
    "create_editor": "created an editor",
    "create_token": "issued an API token",
    "change_password": "changed the password",
    "delete_filter": "deleted a saved filter",
    "digest": "queued the digest emails",
    "disconnect": "disconnected the CMS",
    "set_kind": "changed the kind",
    "merge": "merged groups",
    "set_priority": "changed the priority",
    "confirm": "confirmed",
    "undo_reject": "undid a rejection",
    "reject": "rejected the group",
    "reopen": "reopened",
    "revert": "reverted an article",
    "revise": "revised an article",
    "revoke_token": "revoked an API token",
    "save_filter": "saved a filter",
    "seed": "imported seed articles",
    "check": "ran the checker",
    "set_active": "changed whether an editor can log in",
    "set_digest": "changed the digest setting",
    "site_create": "registered a site",
    "site_set_active": "changed whether a site is active",
    "site_update": "edited a site",
    "snooze": "snoozed the group",
    "split": "split a group",
    "split_from": "received reports split from a group",
    "stylebook": "changed the stylebook",
    "stylebook_delete": "deleted a stylebook entry",
    "stylebook_import": "imported the stylebook",
    "stylebook_save": "saved a stylebook entry",
    "sync": "synced the CMS",
    "undo": "undid a fix",
    "webhook_create": "registered a webhook",
    "webhook_deactivate": "deactivated a webhook",
    "webhook_resend": "resent a webhook message",
    "webhook_test": "sent a test event",
}


def describe(action: str) -> str:
    return ACTIONS.get(action, action.replace("_", " "))


def details(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """The entry's before and after as (field, before, after) rows in plain text; a value
    that is not JSON (an old or hand-written row) is shown as it is stored."""
    before, after = _fields(entry.before), _fields(entry.after)
    keys = list(dict.fromkeys([*before, *after]))
    return [(key, before.get(key, ""), after.get(key, "")) for key in keys]


def _fields(stored: str) -> dict[str, str]:
    try:
        value = json.loads(stored or "{}")
    except ValueError:
        return {"value": stored}
    if not isinstance(value, dict):
        return {"value": _plain(value)}
    return {str(key): _plain(item) for key, item in value.items()}


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return str(value)


def entries(session: Session, *, target: str | None = None, limit: int = 200) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if target is not None:
        statement = statement.where(AuditEntry.target == target)
    return list(session.exec(statement))
