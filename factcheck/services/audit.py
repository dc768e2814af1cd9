"""The audit log: every editor action, who, what, when, before and after."""

import json
from typing import Any

from sqlmodel import Session, col, select

from factcheck.models import AuditEntry, Editor, utcnow


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


def entries(session: Session, *, target: str | None = None, limit: int = 200) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if target is not None:
        statement = statement.where(AuditEntry.target == target)
    return list(session.exec(statement))
