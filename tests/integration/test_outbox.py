"""Notifications through the outbox: outcome emails over real SMTP, signed webhooks over HTTP."""

import json
import logging
import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from factcheck.db import get_engine, open_session
from factcheck.delivery import Courier
from factcheck.domain.notifications import address_hash, verify
from factcheck.models import OutboxMessage, Report, WebhookDelivery, utcnow
from factcheck.services import outbox, triage, webhooks
from tests import notify_servers
from tests.builders import DEMO_SLUG, a_report, an_article, the_editor
from tests.notify_servers import LOOPBACK
from tests.notify_servers import run_worker as _work

# Fixtures: a real SMTP server and a real webhook receiver on loopback.
smtp_server = notify_servers.smtp_server
receiver = notify_servers.receiver

ALICE = "alice@example.org"
BOB = "bob@example.net"


def _group_with_two_reporters(session):
    an_article(session)
    first = a_report(session, reporter="r1", email=ALICE)
    a_report(session, reporter="r2", email=BOB)
    a_report(session, reporter="r3")  # no address: no mail
    return first.group_id


def _fix(session, group_id, note="We misspelled the Prime Minister's name."):
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Fix the Prime Minister's name",
        note=note,
        editor=the_editor(session),
    )


def _messages(session, channel="email"):
    session.rollback()
    return session.exec(select(OutboxMessage).where(OutboxMessage.channel == channel)).all()


def test_a_fix_emails_every_reporter_of_the_group_once(app, session, smtp_server):
    group_id = _group_with_two_reporters(session)
    _fix(session, group_id)
    courier = Courier(
        allowance=LOOPBACK, smtp_url=smtp_server.url, public_url="https://news.example"
    )

    assert _work(app, courier).sent == 2
    assert _work(app, courier).sent == 0

    assert sorted(r for mail in smtp_server.mails for r in mail.recipients) == [ALICE, BOB]
    for mail in smtp_server.mails:
        assert len(mail.recipients) == 1
        assert mail.message["To"] == mail.recipients[0]
        assert "Fixed" in mail.message["Subject"]
        text = mail.text()
        assert "revision 2" in text
        assert "https://news.example/articles/test-article/diff?from=1&to=2" in text
        assert "We misspelled the Prime Minister's name." in text
        assert "https://news.example/reports/" in mail.message["List-Unsubscribe"]
        assert "mailto:" in mail.message["List-Unsubscribe"]
        assert "We misspelled the Prime Minister&#39;s name." in mail.html()
        other = BOB if mail.recipients[0] == ALICE else ALICE
        assert other not in mail.message.as_string()


def test_the_same_outcome_is_enqueued_once_per_reporter(session):
    an_article(session)
    first = a_report(session, reporter="r1", email=ALICE)
    group = triage.get_group(session, first.group_id)
    _fix(session, group.id)
    outbox.enqueue_group_settled(session=session, group=group, outcome="fixed")
    session.commit()
    assert len(_messages(session)) == 1


def test_a_decline_emails_the_editors_reason(app, session, smtp_server):
    an_article(session)
    report = a_report(session, reporter="r1", email=ALICE)
    triage.reject(
        session=session,
        group_id=report.group_id,
        reason="style",
        detail="House style keeps the English spelling <here>.",
        editor=the_editor(session),
    )
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url))

    [mail] = smtp_server.mails
    assert mail.recipients == [ALICE]
    assert "no change" in mail.message["Subject"]
    assert "Style choice: House style keeps the English spelling <here>." in mail.text()
    assert "&lt;here&gt;" in mail.html()
    assert "<here>" not in mail.html()


def test_the_worker_survives_the_mail_server_being_down(app, session, smtp_server):
    group_id = _group_with_two_reporters(session)
    _fix(session, group_id)
    courier = Courier(allowance=LOOPBACK, smtp_url=smtp_server.url, smtp_timeout=2)
    smtp_server.stop()

    stats = _work(app, courier)
    assert (stats.sent, stats.failed) == (0, 2)
    for message in _messages(session):
        assert message.status == "pending"
        assert message.attempts == 1
        assert message.next_attempt_at > utcnow() + timedelta(seconds=20)
        assert message.last_error and ALICE not in message.last_error
    # Not due yet: a second pass right away sends nothing and does not count an attempt.
    assert _work(app, courier).claimed == 0

    smtp_server.start()
    later = utcnow() + timedelta(minutes=2)
    assert _work(app, courier, now=later).sent == 2
    assert len(smtp_server.mails) == 2
    assert {m.status for m in _messages(session)} == {"sent"}


def test_a_message_is_dead_after_the_last_attempt(app, session):
    an_article(session)
    a_report(session, reporter="r1", email=ALICE)
    group_id = session.exec(select(Report.group_id)).first()
    _fix(session, group_id)
    courier = Courier(allowance=LOOPBACK, smtp_url="smtp://127.0.0.1:1", smtp_timeout=1)
    now = utcnow()
    for _ in range(12):
        _work(app, courier, now=now)
        now += timedelta(hours=2)
    [message] = _messages(session)
    assert message.status == "dead"
    assert message.attempts == 12


def test_addresses_are_purged_once_the_outcome_mail_is_sent(app, session, smtp_server):
    group_id = _group_with_two_reporters(session)
    _fix(session, group_id)
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url))
    session.rollback()
    assert session.exec(select(Report.email).where(Report.email.is_not(None))).all() == []
    for message in _messages(session):
        assert ALICE not in message.payload and BOB not in message.payload


def test_a_retention_period_keeps_addresses_until_it_ends(app, session, smtp_server):
    group_id = _group_with_two_reporters(session)
    _fix(session, group_id)
    courier = Courier(allowance=LOOPBACK, smtp_url=smtp_server.url)
    _work(app, courier, retention_days=7)
    session.rollback()
    assert len(session.exec(select(Report.email).where(Report.email.is_not(None))).all()) == 2
    _work(app, courier, retention_days=7, now=utcnow() + timedelta(days=8))
    session.rollback()
    assert session.exec(select(Report.email).where(Report.email.is_not(None))).all() == []


def test_no_address_or_token_appears_in_the_logs(app, session, smtp_server, caplog):
    caplog.set_level(logging.DEBUG)
    group_id = _group_with_two_reporters(session)
    tokens = session.exec(select(Report.token)).all()
    _fix(session, group_id)
    smtp_server.stop()
    _work(app, Courier(allowance=LOOPBACK, smtp_url=smtp_server.url, smtp_timeout=2))
    smtp_server.start()
    _work(
        app,
        Courier(allowance=LOOPBACK, smtp_url=smtp_server.url),
        now=utcnow() + timedelta(minutes=5),
    )
    _work(
        app, Courier(allowance=LOOPBACK, smtp_url="")
    )  # nothing left; the logging mailer is covered below
    assert len(smtp_server.mails) == 2
    # Our loggers only: the test SMTP server itself logs whole conversations.
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "sent to" in logged and "attempt 1 failed" in logged
    for secret in (ALICE, BOB, *tokens):
        assert secret not in logged
    # factcheck.logs redacts as a safety net; our messages never need it.
    assert "[email]" not in logged and "[token]" not in logged
    assert address_hash(ALICE) in logged


def test_without_an_smtp_url_mail_is_logged_without_the_address(app, session, caplog):
    caplog.set_level(logging.INFO)
    an_article(session)
    a_report(session, reporter="r1", email=ALICE)
    _fix(session, session.exec(select(Report.group_id)).first())
    assert _work(app, Courier(allowance=LOOPBACK, smtp_url="")).sent == 1
    assert "not sent" in caplog.text
    assert ALICE not in caplog.text and "[email]" not in caplog.text


def test_two_workers_never_send_a_message_twice(app, session, smtp_server):
    an_article(session)
    addresses = [f"reader{n}@example.org" for n in range(12)]
    for n, address in enumerate(addresses):
        a_report(session, reporter=f"r{n}", email=address)
    _fix(session, session.exec(select(Report.group_id)).first())
    courier = Courier(allowance=LOOPBACK, smtp_url=smtp_server.url)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            with app.app_context():
                own = open_session(get_engine(), write=True)
                try:
                    barrier.wait()
                    while outbox.deliver_due(
                        session=own, courier=courier, worker_id=name, limit=2
                    ).claimed:
                        pass
                finally:
                    own.close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    recipients = sorted(r for mail in smtp_server.mails for r in mail.recipients)
    assert recipients == sorted(addresses)
    assert {m.status for m in _messages(session)} == {"sent"}


def test_claims_of_two_workers_are_disjoint(app, session):
    an_article(session)
    for n in range(6):
        a_report(session, reporter=f"r{n}", email=f"r{n}@example.org")
    _fix(session, session.exec(select(Report.group_id)).first())
    with app.app_context():
        one = open_session(get_engine(), write=True)
        two = open_session(get_engine(), write=True)
        first = outbox.claim_due(one, "w1", 4)
        second = outbox.claim_due(two, "w2", 4)
        third = outbox.claim_due(two, "w3", 4)
        one.close()
        two.close()
    assert len(first) == 4 and len(second) == 2 and third == []
    assert not {m.id for m in first} & {m.id for m in second}


def test_webhooks_get_signed_revision_and_group_events(app, session, receiver):
    registered = webhooks.register(
        allowance=LOOPBACK,
        session=session,
        url=receiver.url,
        events=["revision.created", "group.fixed", "group.rejected"],
    )
    group_id = _group_with_two_reporters(session)
    _fix(session, group_id)
    _work(app, Courier(allowance=LOOPBACK, smtp_url="", public_url="https://news.example/"))

    events = [d.headers["X-Factcheck-Event"] for d in receiver.deliveries]
    # revision 1 (ingest), revision 2 (the fix), then the group outcome
    assert events == ["revision.created", "revision.created", "group.fixed"]
    for delivery in receiver.deliveries:
        assert verify(
            registered.secret,
            delivery.headers["X-Factcheck-Timestamp"],
            delivery.body,
            delivery.headers["X-Factcheck-Signature"],
        )
        assert not verify(
            registered.secret,
            delivery.headers["X-Factcheck-Timestamp"],
            delivery.body + b" ",
            delivery.headers["X-Factcheck-Signature"],
        )
    fixed = receiver.deliveries[1].json()
    assert fixed["revision"]["number"] == 2
    assert (
        fixed["revision"]["diff_url"]
        == "https://news.example/articles/test-article/diff?from=1&to=2"
    )
    assert ALICE not in json.dumps([d.json() for d in receiver.deliveries])
    session.rollback()
    log = session.exec(select(WebhookDelivery)).all()
    assert [entry.status_code for entry in log] == [200, 200, 200]


def test_a_failing_webhook_is_retried_with_the_attempt_logged(app, session, receiver):
    webhooks.register(
        session=session, allowance=LOOPBACK, url=receiver.url, events=["revision.created"]
    )
    receiver.status = 503
    an_article(session)
    courier = Courier(allowance=LOOPBACK)
    assert _work(app, courier).failed == 1
    receiver.status = 204
    assert _work(app, courier, now=utcnow() + timedelta(minutes=1)).sent == 1
    session.rollback()
    log = session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    assert [(e.status_code, e.error) for e in log] == [(503, "HTTP 503"), (204, None)]
    [message] = _messages(session, "webhook")
    assert (message.status, message.attempts) == ("sent", 2)


def test_resend_queues_a_new_copy_of_a_webhook_message(app, session, receiver):
    registered = webhooks.register(
        session=session, allowance=LOOPBACK, url=receiver.url, events=["revision.created"]
    )
    an_article(session)
    _work(app, Courier(allowance=LOOPBACK))
    [message] = _messages(session, "webhook")
    webhooks.resend(session=session, webhook_id=registered.webhook.id, message_id=message.id)
    _work(app, Courier(allowance=LOOPBACK))
    assert len(receiver.deliveries) == 2
    assert receiver.deliveries[0].json()["revision"] == receiver.deliveries[1].json()["revision"]


def test_the_demo_error_reported_with_an_address_then_fixed_sends_one_mail_and_one_webhook(
    app, client, session, smtp_server, receiver
):
    """Done when: one correct email in the mailbox, one signed revision.created delivery."""
    from factcheck.cli import DEFAULT_SEEDS
    from factcheck.services import seeding

    seeding.seed_directory(session=session, directory=DEFAULT_SEEDS, max_body_chars=200_000)
    registered = webhooks.register(
        session=session, allowance=LOOPBACK, url=receiver.url, events=["revision.created"]
    )
    session.rollback()
    text = client.get(f"/api/v1/articles/{DEMO_SLUG}").get_json()["text"]
    start = text.index("Georgia Maloney")
    end = start + len("Georgia Maloney")
    answer = client.post(
        f"/api/v1/articles/{DEMO_SLUG}/reports",
        json={
            "revision": 1,
            "quote": "Georgia Maloney",
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
            "start": start,
            "end": end,
            "suggestion": "Giorgia Meloni",
            "comment": "",
            "kind": "name",
            "email": ALICE,
        },
    )
    assert answer.status_code == 201, answer.get_json()
    _fix(session, answer.get_json()["group"])
    app.config.update(SMTP_URL=smtp_server.url, OUTBOUND_ALLOW="127.0.0.1")
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output

    [mail] = smtp_server.mails
    assert mail.recipients == [ALICE]
    assert f"/articles/{DEMO_SLUG}/diff?from=1&to=2" in mail.text()
    assert "Giorgia Meloni" in mail.text() or "Georgia Maloney" in mail.text()
    [delivery] = receiver.deliveries
    assert delivery.headers["X-Factcheck-Event"] == "revision.created"
    assert delivery.json()["revision"]["number"] == 2
    assert verify(
        registered.secret,
        delivery.headers["X-Factcheck-Timestamp"],
        delivery.body,
        delivery.headers["X-Factcheck-Signature"],
    )


@pytest.fixture
def app_config():
    return {"PUBLIC_URL": "https://news.example", "LOG_LEVEL": "INFO"}
