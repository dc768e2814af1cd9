"""The editors' daily digest: new open groups by priority, queued through the outbox."""

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from factcheck.domain.errors import NotFound
from factcheck.models import Editor, Group, utcnow
from factcheck.services import outbox, triage
from factcheck.services.audit import record
from factcheck.services.grouping import top_candidate
from factcheck.services.transactions import use_case

DIGEST_GROUPS = 20


@use_case
def set_digest(*, session: Session, editor_id: int, enabled: bool) -> Editor:
    editor = session.get(Editor, editor_id)
    if editor is None:
        raise NotFound("No such editor.")
    before = {"digest": editor.digest}
    editor.digest = enabled
    session.add(editor)
    record(session, editor, "set_digest", f"editor:{editor.id}", before, {"digest": enabled})
    return editor


@use_case
def queue_digests(*, session: Session, now: datetime | None = None) -> int:
    """One digest per subscribed editor per day, listing groups first seen in the last day."""
    now = now or utcnow()
    since = now - timedelta(days=1)
    page = triage.list_groups(session, triage.QueueFilter(per_page=200))
    fresh = [(g, a) for g, a in page.groups if g.first_seen >= since][:DIGEST_GROUPS]
    total_open = page.total
    subscribers = session.exec(
        select(Editor).where(col(Editor.digest).is_(True), col(Editor.active).is_(True))
    ).all()
    queued = 0
    for editor in subscribers:
        queued += outbox.add_email(
            session,
            event="digest",
            key=f"digest:{editor.id}:{now.date().isoformat()}",  # once a day
            payload={
                "kind": "digest",
                "to": editor.email,
                "date": now.date().isoformat(),
                "open": total_open,
                "groups": [_row(group, article.title) for group, article in fresh],
            },
        )
    return queued


def _row(group: Group, title: str) -> dict[str, object]:
    return {
        "id": group.id,
        "kind": group.kind,
        "quote": group.quote,
        "fix": top_candidate(group),
        "reports": group.report_count,
        "reporters": group.reporter_count,
        "article": title,
        "found_by_checker": group.found_by_checker,
    }
