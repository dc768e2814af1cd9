"""Admins' webhooks through the service: register, list, deactivate, the delivery log, resend."""

import json
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlmodel import select

from factcheck.domain.errors import Invalid, NotFound
from factcheck.models import AuditEntry, OutboxMessage, Webhook, utcnow
from factcheck.services import triage, webhooks
from tests.builders import a_report, an_article, the_editor
from tests.notify_servers import run_worker

HOOK = "https://cms.example/hooks/factcheck"


@dataclass
class Post:
    url: str
    event: str
    body: dict


@dataclass
class FakeCourier:
    """Answers each webhook POST with the next status in `statuses` (then 200)."""

    statuses: list[int] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    base_url: str = "https://news.example"

    def send_email(self, payload: dict) -> None:
        pass

    def post_webhook(self, *, url: str, secret: str, event: str, body: bytes) -> int:
        self.posts.append(Post(url, event, json.loads(body)))
        return self.statuses.pop(0) if self.statuses else 200


@pytest.fixture
def admin(session):
    return the_editor(session, role="admin")


def register(session, url=HOOK, events=("revision.created",), editor=None):
    return webhooks.register(session=session, url=url, events=list(events), editor=editor)


def work(app, session, courier, **options):
    """One worker pass in its own session; the test's session then reads afresh."""
    stats = run_worker(app, courier, **options)
    session.rollback()
    return stats


def a_fix(session, slug="test-article"):
    report = a_report(session, slug)
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Correct the name",
        note="We misspelled the name.",
        editor=the_editor(session),
    )


def test_a_registered_webhook_is_listed_active_and_its_secret_shown_once(session, admin):
    registered = register(session, events=["group.fixed", "revision.created"], editor=admin)
    assert len(registered.secret) == 64 and int(registered.secret, 16) >= 0
    session.rollback()
    [hook] = webhooks.list_webhooks(session)
    assert (hook.id, hook.url, hook.active) == (registered.webhook.id, HOOK, True)
    assert hook.events == "revision.created,group.fixed"  # in the documented order
    assert webhooks.get_webhook(session, hook.id).url == HOOK
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "webhook_create")).all()
    assert entry.editor_id == admin.id
    assert json.loads(entry.after) == {"url": HOOK, "events": ["revision.created", "group.fixed"]}
    assert registered.secret not in entry.before + entry.after


def test_webhooks_are_listed_in_the_order_they_were_registered(session):
    for n in range(3):
        register(session, url=f"https://cms{n}.example/hook")
    assert [h.url for h in webhooks.list_webhooks(session)] == [
        "https://cms0.example/hook",
        "https://cms1.example/hook",
        "https://cms2.example/hook",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://cms.example/hook",
        "/hooks/relative",
        "https://",
        "cms.example/hook",
        "javascript:alert(1)",
        "https://user:secret@cms.example/hook",
        "https://cms.example/" + "a" * 2000,
    ],
    ids=["ftp", "relative", "no host", "no scheme", "javascript", "credentials", "too long"],
)
def test_a_webhook_url_must_be_an_absolute_http_url_without_credentials(session, url):
    with pytest.raises(Invalid) as refused:
        register(session, url=url)
    assert set(refused.value.fields) == {"url"}
    session.rollback()
    assert webhooks.list_webhooks(session) == []


def test_surrounding_white_space_in_a_url_is_dropped(session):
    assert register(session, url=f"  {HOOK}\n").webhook.url == HOOK


@pytest.mark.parametrize(
    "events", [[], ["revision.deleted"], ["revision.created", "group.exploded"]]
)
def test_a_webhook_needs_at_least_one_known_event(session, events):
    with pytest.raises(Invalid) as refused:
        register(session, events=events)
    assert set(refused.value.fields) == {"events"}
    session.rollback()
    assert webhooks.list_webhooks(session) == []


def test_each_webhook_hears_only_the_events_it_chose(app, session):
    revisions = register(session, url="https://a.example/hook", events=["revision.created"])
    fixes = register(session, url="https://b.example/hook", events=["group.fixed"])
    an_article(session)
    assert webhooks.pending(session, revisions.webhook.id) == 1
    assert webhooks.pending(session, fixes.webhook.id) == 0
    a_fix(session)
    assert webhooks.pending(session, revisions.webhook.id) == 2
    assert webhooks.pending(session, fixes.webhook.id) == 1

    courier = FakeCourier()
    assert work(app, session, courier).sent == 3
    sent = sorted((post.url, post.event) for post in courier.posts)
    assert sent == [
        ("https://a.example/hook", "revision.created"),
        ("https://a.example/hook", "revision.created"),
        ("https://b.example/hook", "group.fixed"),
    ]
    assert webhooks.pending(session, revisions.webhook.id) == 0


def test_pending_counts_only_that_webhooks_messages(session):
    hooks = [register(session, url=f"https://cms{n}.example/hook").webhook for n in range(11)]
    an_article(session)
    assert hooks[0].id == 1 and hooks[10].id == 11
    assert [webhooks.pending(session, hook.id) for hook in hooks] == [1] * 11


def test_a_deactivated_webhook_hears_nothing_more(app, session, admin):
    registered = register(session)
    an_article(session, "before")
    hook = webhooks.deactivate(session=session, webhook_id=registered.webhook.id, editor=admin)
    assert hook.active is False
    session.rollback()
    assert session.get(Webhook, hook.id).active is False
    an_article(session, "after")
    assert webhooks.pending(session, hook.id) == 1  # only the one queued while it was active

    courier = FakeCourier()
    work(app, session, courier)
    assert courier.posts == []  # not even the message queued before
    assert webhooks.deliveries(session, hook.id) == []
    [entry] = session.exec(
        select(AuditEntry).where(AuditEntry.action == "webhook_deactivate")
    ).all()
    assert (entry.editor_id, entry.target) == (admin.id, f"webhook:{hook.id}")


def test_the_delivery_log_lists_every_attempt_newest_first(app, session):
    registered = register(session)
    an_article(session)
    courier = FakeCourier(statuses=[503])
    assert work(app, session, courier).failed == 1
    assert work(app, session, courier, now=utcnow() + timedelta(minutes=5)).sent == 1

    log = webhooks.deliveries(session, registered.webhook.id)
    assert [(d.status_code, d.error) for d, _m in log] == [(200, None), (503, "HTTP 503")]
    assert {m.event for _d, m in log} == {"revision.created"}
    assert log[0][1].id == log[1][1].id  # two attempts of one message
    assert webhooks.deliveries(session, registered.webhook.id, limit=1) == log[:1]
    other = register(session, url="https://other.example/hook")
    assert webhooks.deliveries(session, other.webhook.id) == []


def test_resending_queues_a_fresh_copy_and_the_log_keeps_both(app, session, admin):
    registered = register(session)
    an_article(session)
    courier = FakeCourier()
    work(app, session, courier)
    [(_delivery, message)] = webhooks.deliveries(session, registered.webhook.id)

    copy = webhooks.resend(
        session=session, webhook_id=registered.webhook.id, message_id=message.id, editor=admin
    )
    assert copy.id != message.id
    assert (copy.event, copy.payload, copy.status) == (message.event, message.payload, "pending")
    assert webhooks.pending(session, registered.webhook.id) == 1
    work(app, session, courier)
    assert [post.body["revision"] for post in courier.posts] == [
        courier.posts[0].body["revision"]
    ] * 2
    log = webhooks.deliveries(session, registered.webhook.id)
    assert [m.id for _d, m in log] == [copy.id, message.id]
    session.rollback()
    assert session.get(OutboxMessage, message.id).status == "sent"  # the original unchanged
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "webhook_resend")).all()
    assert json.loads(entry.after) == {"message": message.id}


def test_resending_is_refused_for_an_unknown_webhook_or_another_webhooks_message(app, session):
    first = register(session, url="https://a.example/hook")
    second = register(session, url="https://b.example/hook")
    an_article(session)
    work(app, session, FakeCourier())
    [(_d, message)] = webhooks.deliveries(session, first.webhook.id)
    with pytest.raises(NotFound):
        webhooks.resend(session=session, webhook_id=999, message_id=message.id)
    session.rollback()
    with pytest.raises(NotFound):
        webhooks.resend(session=session, webhook_id=first.webhook.id, message_id=999)
    session.rollback()
    [(_d, theirs)] = webhooks.deliveries(session, second.webhook.id)
    with pytest.raises(NotFound):
        webhooks.resend(session=session, webhook_id=first.webhook.id, message_id=theirs.id)
    session.rollback()
    assert webhooks.pending(session, first.webhook.id) == 0


def test_an_unknown_webhook_is_not_found(session):
    with pytest.raises(NotFound):
        webhooks.get_webhook(session, 42)
    with pytest.raises(NotFound):
        webhooks.deactivate(session=session, webhook_id=42)
