"""Admins' use cases for webhooks: register, deactivate, send a test event, read the
delivery log, resend."""

import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from factcheck import outbound
from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.notifications import EVENTS, MessageStatus
from factcheck.domain.outbound import PUBLIC_ONLY, Allowance
from factcheck.models import Editor, OutboxMessage, Webhook, WebhookDelivery, utcnow
from factcheck.services import outbox
from factcheck.services.audit import record
from factcheck.services.paging import Page
from factcheck.services.transactions import use_case


@dataclass(frozen=True)
class Registered:
    webhook: Webhook
    secret: str  # shown to the admin once, right after registering


def list_webhooks(session: Session) -> list[Webhook]:
    return list(session.exec(select(Webhook).order_by(col(Webhook.id))))


def get_webhook(session: Session, webhook_id: int) -> Webhook:
    hook = session.get(Webhook, webhook_id)
    if hook is None:
        raise NotFound(f"No webhook {webhook_id}.")
    return hook


@use_case
def register(
    *,
    session: Session,
    url: str,
    events: list[str],
    editor: Editor | None = None,
    allowance: Allowance = PUBLIC_ONLY,
) -> Registered:
    """A new webhook; its URL must be one Factcheck may POST to (public, or allowed)."""
    url = outbound.check_destination(url, allowance)
    chosen = [event for event in EVENTS if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise Invalid("Choose the events to send.", {"events": ", ".join(EVENTS)})
    secret = secrets.token_hex(32)
    hook = Webhook(
        url=url, secret=secret, events=",".join(chosen), active=True, created_at=utcnow()
    )
    session.add(hook)
    session.flush()
    # The secret is never written to the audit log.
    record(
        session, editor, "webhook_create", f"webhook:{hook.id}", {}, {"url": url, "events": chosen}
    )
    return Registered(hook, secret)


@use_case
def deactivate(*, session: Session, webhook_id: int, editor: Editor | None = None) -> Webhook:
    hook = get_webhook(session, webhook_id)
    hook.active = False
    session.add(hook)
    record(
        session,
        editor,
        "webhook_deactivate",
        f"webhook:{hook.id}",
        {"active": True},
        {"active": False},
    )
    return hook


def deliveries(
    session: Session, webhook_id: int, limit: int = 100
) -> list[tuple[WebhookDelivery, OutboxMessage]]:
    return outbox.messages_for_webhook(session, webhook_id, limit)


def deliveries_page(
    session: Session, webhook_id: int, *, page: int, per_page: int
) -> Page[tuple[WebhookDelivery, OutboxMessage]]:
    return outbox.webhook_log_page(session, webhook_id, page=page, per_page=per_page)


def pending(session: Session, webhook_id: int) -> int:
    """How many messages for this webhook wait for delivery."""
    rows = session.exec(
        select(OutboxMessage.payload).where(
            OutboxMessage.channel == "webhook", OutboxMessage.status == MessageStatus.PENDING
        )
    ).all()
    marker = f'"webhook_id": {webhook_id},'
    return sum(1 for payload in rows if payload.startswith("{" + marker))


@use_case
def resend(
    *, session: Session, webhook_id: int, message_id: int, editor: Editor | None = None
) -> OutboxMessage:
    """Queue the message again for this webhook (a new outbox message; the log keeps both)."""
    get_webhook(session, webhook_id)
    message = session.get(OutboxMessage, message_id)
    if message is None or not message.payload.startswith('{"webhook_id": ' + f"{webhook_id},"):
        raise NotFound(f"No message {message_id} for webhook {webhook_id}.")
    record(session, editor, "webhook_resend", f"webhook:{webhook_id}", {}, {"message": message_id})
    return outbox.resend(session=session, message_id=message_id)


@use_case
def send_test(*, session: Session, webhook_id: int, editor: Editor | None = None) -> OutboxMessage:
    """Queue a signed `ping` to one active webhook through the outbox (its delivery log shows
    the answer once the worker has sent it)."""
    hook = get_webhook(session, webhook_id)
    if not hook.active:
        raise Invalid(
            "This webhook is deactivated; nothing is sent to it.",
            {"webhook": "Register it again to use it."},
        )
    message = outbox.enqueue_test(session=session, webhook=hook)
    record(session, editor, "webhook_test", f"webhook:{hook.id}", {}, {"message": message.id})
    return message
