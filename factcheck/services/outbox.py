"""The transactional outbox: notifications written with their cause, delivered by a worker.

Use cases enqueue inside their own transaction (through `services.events`), so a
notification exists exactly when its cause was committed. The worker claims due
messages under a lease (`SKIP LOCKED` on PostgreSQL, one atomic UPDATE under
`BEGIN IMMEDIATE` on SQLite), delivers them outside any transaction, then marks each
sent only if it still holds the lease: two workers never send one message twice.
"""

import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from factcheck.domain.errors import NotFound
from factcheck.domain.lifecycle import EMAILED_OUTCOMES, Outcome
from factcheck.domain.notifications import (
    MAX_ATTEMPTS,
    MessageStatus,
    address_hash,
    retry_delay,
    subscribed,
)
from factcheck.models import (
    Article,
    Editor,
    Group,
    OutboxMessage,
    Report,
    Revision,
    Webhook,
    WebhookDelivery,
    utcnow,
)
from factcheck.services.paging import Page, paginate
from factcheck.services.transactions import unit_of_work, use_case

log = logging.getLogger(__name__)

# A claimed message belongs to its worker this long; a worker that dies mid-batch
# releases its messages when the lease runs out (longer than a batch's timeouts).
LEASE = timedelta(minutes=10)


class DeliveryFailed(Exception):
    """A delivery attempt failed; the message is safe to store and log (no address)."""


class Courier(Protocol):
    """What the outbox needs from the delivery infrastructure (see factcheck.delivery)."""

    base_url: str

    def send_email(self, payload: dict[str, Any]) -> None: ...

    def post_webhook(self, *, url: str, secret: str, event: str, body: bytes) -> int: ...

    def write_back(self, session: Session, message_id: int, payload: dict[str, Any]) -> str | None:
        """Write a revision back into its CMS post (services/connectors.deliver_writeback)."""
        ...


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    event: str
    payload: dict[str, Any]
    attempts: int


@dataclass
class RunStats:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    dead: int = 0
    purged: int = 0


def _add(session: Session, *, channel: str, event: str, key: str, payload: dict[str, Any]) -> bool:
    """Add a message unless one with this dedupe key exists (in this transaction or before)."""
    exists = session.exec(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)).first()
    if exists is not None:
        return False
    session.add(
        OutboxMessage(
            channel=channel,
            event=event,
            dedupe_key=key,
            payload=json.dumps(payload, ensure_ascii=False),
            created_at=utcnow(),
            next_attempt_at=utcnow(),
        )
    )
    # Flush now so a second enqueue in the same transaction sees it.
    session.flush()
    return True


def add_email(session: Session, *, event: str, key: str, payload: dict[str, Any]) -> bool:
    """Queue one email (payload["to"] is its only recipient), at most once per key."""
    return _add(session, channel="email", event=event, key=key, payload=payload)


def _webhooks_for(session: Session, event: str) -> list[Webhook]:
    hooks = session.exec(select(Webhook).where(col(Webhook.active).is_(True))).all()
    return [hook for hook in hooks if subscribed(hook.events, event)]


def _enqueue_webhooks(session: Session, event: str, subject: str, body: dict[str, Any]) -> None:
    for hook in _webhooks_for(session, event):
        _add(
            session,
            channel="webhook",
            event=event,
            key=f"webhook:{hook.id}:{event}:{subject}"[:200],
            payload={"webhook_id": hook.id, "body": {"event": event, **body}},
        )


def _article_doc(article: Article) -> dict[str, Any]:
    return {"slug": article.slug, "title": article.title, "path": f"/articles/{article.slug}"}


def enqueue_revision_created(*, session: Session, article: Article, new: Revision) -> None:
    """`revision.created` for every active webhook subscribed to it."""
    body = {
        "article": _article_doc(article),
        "revision": {
            "number": new.number,
            "title": new.title,
            "summary": new.summary,
            "note": new.note,
            "created_at": new.created_at.isoformat(),
            "path": f"/articles/{article.slug}/revisions/{new.number}",
            "diff_path": (
                f"/articles/{article.slug}/diff?from={new.number - 1}&to={new.number}"
                if new.number > 1
                else None
            ),
        },
    }
    _enqueue_webhooks(session, "revision.created", f"article:{article.id}:{new.number}", body)


def enqueue_writeback(*, session: Session, article: Article, old: Revision, new: Revision) -> None:
    """Write a Factcheck revision of a connected article back into its CMS post
    (services/connectors.deliver_writeback), once per revision."""
    _add(
        session,
        channel="cms",
        event="revision.writeback",
        key=f"cms:{article.id}:{new.number}",
        payload={"article_id": article.id, "base": old.number, "revision": new.number},
    )


def enqueue_group_settled(*, session: Session, group: Group, outcome: Outcome) -> None:
    """Emails to each reporter with an address, and `group.<outcome>` webhooks."""
    if outcome not in EMAILED_OUTCOMES:
        return  # a reopened group has nothing to tell anyone yet
    article = session.get(Article, group.article_id)
    if article is None:
        return
    note: str | None = None
    if outcome is Outcome.FIXED and group.fixed_revision is not None:
        revision = session.exec(
            select(Revision).where(
                Revision.article_id == article.id, Revision.number == group.fixed_revision
            )
        ).first()
        note = revision.note if revision else None
    common = {
        "outcome": outcome,
        "group_id": group.id,
        "article": _article_doc(article),
        "quote": group.quote,
        "fixed_revision": group.fixed_revision if outcome is Outcome.FIXED else None,
        "note": note,
        "reason": group.reason if outcome is Outcome.REJECTED else None,
    }
    reports = session.exec(
        select(Report)
        .where(Report.group_id == group.id, col(Report.email).is_not(None))
        .order_by(col(Report.id))
    ).all()
    seen: set[str] = set()
    for report in reports:
        address = (report.email or "").strip()
        # One message per reporter address, even when a reader sent several reports.
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        _add(
            session,
            channel="email",
            event=f"group.{outcome}",
            key=f"email:group:{group.id}:{outcome}:{report.id}",
            payload={
                **common,
                "to": address,
                "report_id": report.id,
                "report_token": report.token,
                "suggestion": report.suggestion,
                "language": report.language,
            },
        )
    stamp = group.fixed_revision if outcome is Outcome.FIXED else int(group.updated_at.timestamp())
    body = {
        "article": _article_doc(article),
        "group": {
            "id": group.id,
            "quote": group.quote,
            "start": group.start,
            "end": group.end,
            "status": group.status,
            "fixed_revision": common["fixed_revision"],
            "reason": common["reason"],
            "reports": group.report_count,
        },
    }
    _enqueue_webhooks(session, f"group.{outcome}", f"group:{group.id}:{stamp}", body)


@use_case
def enqueue_fix_undone(*, session: Session, article: Article, group: Group) -> None:
    """Tell every active editor that a CMS update undid a published correction."""
    editors = session.exec(select(Editor).where(col(Editor.active).is_(True))).all()
    for editor in editors:
        add_email(
            session,
            event="group.regressed",
            key=f"email:regressed:{group.id}:{group.regressed_revision}:{editor.id}",
            payload={
                "kind": "regressed",
                "to": editor.email,
                "article": _article_doc(article),
                "group_id": group.id,
                "quote": group.quote,
                "fix": group.fix_text,
                "revision": group.regressed_revision,
            },
        )


TEST_EVENT = "ping"


def enqueue_test(*, session: Session, webhook: Webhook) -> OutboxMessage:
    """A `ping` for one webhook, delivered like every other message (signed, logged,
    retried), so an admin sees in its delivery log whether the endpoint answers."""
    message = OutboxMessage(
        channel="webhook",
        event=TEST_EVENT,
        dedupe_key=f"webhook:{webhook.id}:{TEST_EVENT}:{secrets.token_hex(8)}",
        payload=json.dumps(
            {
                "webhook_id": webhook.id,
                "body": {
                    "event": TEST_EVENT,
                    "test": True,
                    "message": "A test event from Factcheck: this endpoint is registered.",
                },
            },
            ensure_ascii=False,
        ),
        created_at=utcnow(),
        next_attempt_at=utcnow(),
    )
    session.add(message)
    session.flush()
    return message


def resend(*, session: Session, message_id: int) -> OutboxMessage:
    """Queue a fresh copy of a webhook message (the original and its log stay as they were)."""
    original = session.get(OutboxMessage, message_id)
    if original is None or original.channel != "webhook":
        raise NotFound(f"No webhook message {message_id}.")
    copy = OutboxMessage(
        channel=original.channel,
        event=original.event,
        dedupe_key=f"resend:{original.id}:{secrets.token_hex(8)}",
        payload=original.payload,
        created_at=utcnow(),
        next_attempt_at=utcnow(),
    )
    session.add(copy)
    return copy


def claim_due(
    session: Session,
    worker_id: str,
    limit: int = 10,
    *,
    now: datetime | None = None,
    lease: timedelta = LEASE,
) -> list[Claimed]:
    """Take up to `limit` due messages for this worker and commit; no other worker gets them.

    On SQLite pass a writer session (`open_session(engine, write=True)`): its BEGIN
    IMMEDIATE serialises claims. On PostgreSQL, SKIP LOCKED lets workers claim side by side.
    """
    now = now or utcnow()
    with unit_of_work(session):
        return _claim(session, worker_id, limit, now, now + lease)


def _claim(
    session: Session, worker_id: str, limit: int, now: datetime, until: datetime
) -> list[Claimed]:
    due = and_(
        col(OutboxMessage.status) == MessageStatus.PENDING,
        col(OutboxMessage.next_attempt_at) <= now,
        or_(col(OutboxMessage.locked_until).is_(None), col(OutboxMessage.locked_until) < now),
    )
    candidates = select(OutboxMessage.id).where(due).order_by(col(OutboxMessage.next_attempt_at))
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = list(session.exec(candidates.limit(limit)).all())
    if not ids:
        return []
    # The conditions are checked again in the UPDATE itself: atomic on every backend.
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(ids), due)
        .values(locked_by=worker_id, locked_until=until)
    )
    rows = session.exec(
        select(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(ids),
            OutboxMessage.locked_by == worker_id,
            OutboxMessage.locked_until == until,
        )
        .order_by(col(OutboxMessage.id))
        .execution_options(populate_existing=True)
    ).all()
    claimed = [
        Claimed(row.id or 0, row.channel, row.event, json.loads(row.payload), row.attempts)
        for row in rows
    ]
    return claimed


def _finish(
    session: Session,
    message: Claimed,
    worker_id: str,
    *,
    error: str | None,
    now: datetime,
    retention_days: int,
) -> str:
    """Record one attempt's outcome, only while this worker holds the lease."""
    mine = and_(
        col(OutboxMessage.id) == message.id,
        col(OutboxMessage.locked_by) == worker_id,
        col(OutboxMessage.status) == MessageStatus.PENDING,
    )
    attempts = message.attempts + 1
    values: dict[str, Any] = {"attempts": attempts, "locked_by": None, "locked_until": None}
    if error is None:
        outcome = "sent"
        values.update(status=MessageStatus.SENT, sent_at=now, last_error=None)
    elif attempts >= MAX_ATTEMPTS:
        outcome = "dead"
        values.update(status=MessageStatus.DEAD, last_error=error[:2000])
    else:
        outcome = "failed"
        values.update(next_attempt_at=now + retry_delay(attempts), last_error=error[:2000])
    with unit_of_work(session):
        result = session.execute(update(OutboxMessage).where(mine).values(**values))
        if getattr(result, "rowcount", 1) == 0:  # nothing written: another worker has it
            log.warning("outbox message %s: lease lost before its outcome was recorded", message.id)
            return "lost"
        if message.channel == "email" and outcome != "failed" and retention_days <= 0:
            _forget_address(session, message.id)
    return outcome


def _forget_address(session: Session, message_id: int) -> None:
    """Drop the address from the message and from its report (retention is over)."""
    row = session.get(OutboxMessage, message_id, populate_existing=True)
    if row is None:
        return
    payload = json.loads(row.payload)
    if "to" not in payload:
        return
    payload.pop("to", None)
    row.payload = json.dumps(payload, ensure_ascii=False)
    session.add(row)
    report_id = payload.get("report_id")
    if isinstance(report_id, int):
        session.execute(update(Report).where(col(Report.id) == report_id).values(email=None))


def purge_addresses(session: Session, *, retention_days: int, now: datetime | None = None) -> int:
    """Forget the addresses of emails sent (or given up on) more than `retention_days` ago."""
    now = now or utcnow()
    cutoff = now - timedelta(days=max(0, retention_days))
    with unit_of_work(session):
        return _purge(session, cutoff)


def _purge(session: Session, cutoff: datetime) -> int:
    rows = session.exec(
        select(OutboxMessage.id).where(
            OutboxMessage.channel == "email",
            col(OutboxMessage.status).in_((MessageStatus.SENT, MessageStatus.DEAD)),
            or_(
                and_(col(OutboxMessage.sent_at).is_not(None), col(OutboxMessage.sent_at) <= cutoff),
                and_(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.created_at) <= cutoff),
            ),
            # Serialised by json.dumps above: a purged payload has no "to" key.
            col(OutboxMessage.payload).contains('"to": '),
        )
    ).all()
    for message_id in rows:
        if message_id is not None:
            _forget_address(session, message_id)
    return len(rows)


def _with_urls(body: dict[str, Any], base_url: str) -> dict[str, Any]:
    """Turn the stored `path` fields into absolute `url` fields for the receiver."""
    out: dict[str, Any] = {}
    for key, value in body.items():
        if isinstance(value, dict):
            out[key] = _with_urls(value, base_url)
        elif key.endswith("path"):
            out[key[:-4] + "url"] = base_url + value if value else None
        else:
            out[key] = value
    return out


def _deliver_webhook(session: Session, courier: Courier, message: Claimed) -> str | None:
    hook_id = message.payload.get("webhook_id")
    with unit_of_work(session):  # ended before the POST: no transaction is held during it
        hook = session.get(Webhook, hook_id) if isinstance(hook_id, int) else None
    if hook is None or not hook.active:
        return "webhook deactivated"
    document = {
        "id": message.id,
        **_with_urls(message.payload.get("body", {}), courier.base_url),
    }
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    started = time.monotonic()
    status: int | None = None
    error: str | None = None
    try:
        status = courier.post_webhook(
            url=hook.url, secret=hook.secret, event=message.event, body=body
        )
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except DeliveryFailed as failure:
        error = str(failure)
    with unit_of_work(session):
        session.add(
            WebhookDelivery(
                webhook_id=hook.id or 0,
                outbox_id=message.id,
                status_code=status,
                error=error,
                duration_ms=int((time.monotonic() - started) * 1000),
                created_at=utcnow(),
            )
        )
    return error


def _attempt(session: Session, courier: Courier, message: Claimed) -> str | None:
    """Deliver one message: None when it went out, else why not. Whatever a peer answers
    or a stored value holds, it is this message's failed attempt (counted, retried, dead
    after the last), never the end of the pass: the rest of the batch is still tried."""
    try:
        if message.channel == "email":
            courier.send_email(message.payload)
            return None
        if message.channel == "webhook":
            return _deliver_webhook(session, courier, message)
        if message.channel == "cms":
            return courier.write_back(session, message.id, message.payload)
        return f"unknown channel {message.channel}"
    except DeliveryFailed as failure:
        return str(failure)
    except Exception as failure:
        log.exception("outbox %s %s: unexpected failure", message.id, message.event)
        return f"delivery failed ({failure.__class__.__name__})"


def deliver_due(
    *,
    session: Session,
    courier: Courier,
    worker_id: str,
    limit: int = 10,
    retention_days: int = 0,
    now: datetime | None = None,
) -> RunStats:
    """One worker pass: claim due messages, deliver each, record sent / retry / dead."""
    stats = RunStats()
    claimed = claim_due(session, worker_id, limit, now=now)
    stats.claimed = len(claimed)
    for message in claimed:
        error = _attempt(session, courier, message)
        outcome = _finish(
            session,
            message,
            worker_id,
            error=error,
            now=now or utcnow(),
            retention_days=retention_days,
        )
        recipient = (
            f" to {address_hash(message.payload['to'])}" if message.payload.get("to") else ""
        )
        if outcome == "sent":
            stats.sent += 1
            log.info(
                "outbox %s %s %s sent%s", message.id, message.channel, message.event, recipient
            )
        elif outcome == "dead":
            stats.dead += 1
            log.error(
                "outbox %s %s dead after %s attempts: %s",
                message.id,
                message.event,
                message.attempts + 1,
                error,
            )
        elif outcome == "failed":
            stats.failed += 1
            log.warning(
                "outbox %s %s attempt %s failed%s: %s",
                message.id,
                message.event,
                message.attempts + 1,
                recipient,
                error,
            )
    if retention_days > 0:
        stats.purged = purge_addresses(session, retention_days=retention_days, now=now)
    return stats


def webhook_log_page(
    session: Session, webhook_id: int, *, page: int, per_page: int
) -> Page[tuple[WebhookDelivery, OutboxMessage]]:
    """One page of a webhook's delivery log, newest first."""
    statement = (
        select(WebhookDelivery, OutboxMessage)
        .join(OutboxMessage, col(OutboxMessage.id) == WebhookDelivery.outbox_id)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(col(WebhookDelivery.id).desc())
    )
    return paginate(session, statement, page=page, per_page=per_page)


def messages_for_webhook(
    session: Session, webhook_id: int, limit: int = 100
) -> list[tuple[WebhookDelivery, OutboxMessage]]:
    """A webhook's delivery log, newest first, with the message each attempt carried."""
    rows = session.exec(
        select(WebhookDelivery, OutboxMessage)
        .join(OutboxMessage, col(OutboxMessage.id) == WebhookDelivery.outbox_id)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(col(WebhookDelivery.id).desc())
        .limit(limit)
    ).all()
    return [(delivery, message) for delivery, message in rows]
