"""The audit log: every editor action, who, what, when, before and after."""

import json
import logging
from typing import Any

from sqlmodel import Session, col, select

from factcheck.models import AuditEntry, Editor, utcnow
from factcheck.services.paging import Page, paginate

log = logging.getLogger("factcheck.audit")


def record(
    session: Session,
    editor: Editor | None,
    action: str,
    target: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an entry to the caller's transaction (the caller commits)."""
    session.add(
        AuditEntry(
            editor_id=editor.id if editor else None,
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
        extra={"editor_id": editor.id if editor else None, "action": action, "target": target},
    )


def entries_page(session: Session, *, page: int, per_page: int) -> Page[AuditEntry]:
    """One page of the audit log, newest first."""
    statement = select(AuditEntry).order_by(col(AuditEntry.id).desc())
    return paginate(session, statement, page=page, per_page=per_page)


def entries(session: Session, *, target: str | None = None, limit: int = 200) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if target is not None:
        statement = statement.where(AuditEntry.target == target)
    return list(session.exec(statement))
