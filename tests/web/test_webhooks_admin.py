"""Admins manage webhooks: register (secret shown once), deactivate, delivery log, resend."""

import re

import pytest
from sqlmodel import select

from factcheck.delivery import Courier
from factcheck.models import OutboxMessage, Webhook
from tests import notify_servers
from tests.builders import an_article, the_editor
from tests.notify_servers import LOOPBACK
from tests.notify_servers import run_worker as _work

receiver = notify_servers.receiver  # a real webhook receiver on loopback


@pytest.fixture
def app_config():
    # The receiver listens on loopback: allowed here as an admin would for a local CMS.
    return {"OUTBOUND_ALLOW": "127.0.0.1"}


def login_as(client, session, role="admin"):
    email = f"{role}@example.com"
    the_editor(session, email, role=role)
    client.post("/editor/login", data={"email": email, "password": "a-long-password"})


def test_only_admins_see_the_webhooks_page(client, session):
    assert client.get("/editor/admin/webhooks/").status_code == 302
    login_as(client, session, role="editor")
    assert client.get("/editor/admin/webhooks/").status_code == 403


def test_an_admin_registers_a_webhook_and_sees_its_secret_once(client, session):
    login_as(client, session)
    page = client.post(
        "/editor/admin/webhooks/",
        data={"url": "https://cms.example/hooks", "events": ["revision.created", "group.fixed"]},
    )
    assert page.status_code == 200
    session.rollback()
    [hook] = session.exec(select(Webhook)).all()
    assert hook.events == "revision.created,group.fixed"
    assert hook.secret in page.get_data(as_text=True)
    assert hook.secret not in client.get("/editor/admin/webhooks/").get_data(as_text=True)


def test_only_http_urls_are_accepted(client, session):
    login_as(client, session)
    page = client.post(
        "/editor/admin/webhooks/", data={"url": "file:///etc/passwd", "events": ["group.fixed"]}
    )
    assert page.status_code == 422
    assert "http://" in page.get_data(as_text=True)
    session.rollback()
    assert session.exec(select(Webhook)).all() == []


def test_the_log_shows_attempts_and_resend_queues_the_message_again(app, client, session, receiver):
    login_as(client, session)
    client.post(
        "/editor/admin/webhooks/", data={"url": receiver.url, "events": ["revision.created"]}
    )
    an_article(session)
    _work(app, Courier(allowance=LOOPBACK))
    session.rollback()
    hook = session.exec(select(Webhook)).one()
    page = client.get(f"/editor/admin/webhooks/{hook.id}").get_data(as_text=True)
    assert "HTTP 200" in page and "revision.created" in page
    action = re.search(r'action="([^"]+/resend)"', page).group(1)
    assert client.post(action).status_code == 302
    _work(app, Courier(allowance=LOOPBACK))
    assert len(receiver.deliveries) == 2

    assert client.post(f"/editor/admin/webhooks/{hook.id}/deactivate").status_code == 302
    an_article(session, "another-article")
    session.rollback()
    assert session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")).all() == []


def a_registered_webhook(client, session, url):
    client.post("/editor/admin/webhooks/", data={"url": url, "events": ["group.fixed"]})
    session.rollback()
    return session.exec(select(Webhook)).one()


def test_send_test_event_posts_a_signed_ping_that_the_delivery_log_shows(
    app, client, session, receiver
):
    from factcheck.domain.notifications import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
    from factcheck.models import AuditEntry

    login_as(client, session)
    hook = a_registered_webhook(client, session, receiver.url)
    listing = client.get("/editor/admin/webhooks/").get_data(as_text=True)
    assert f'action="/editor/admin/webhooks/{hook.id}/test"' in listing
    answer = client.post(f"/editor/admin/webhooks/{hook.id}/test")
    assert answer.status_code == 302 and answer.location.endswith(f"/webhooks/{hook.id}")
    waiting = client.get(answer.location).get_data(as_text=True)
    assert "Test event queued" in waiting and "1 message waiting" in waiting

    _work(app, Courier(allowance=LOOPBACK))
    [delivery] = receiver.deliveries
    assert delivery.json()["event"] == "ping" and delivery.json()["test"] is True
    assert delivery.headers["X-Factcheck-Event"] == "ping"
    stamp = int(delivery.headers[TIMESTAMP_HEADER])
    assert delivery.headers[SIGNATURE_HEADER] == sign(hook.secret, stamp, delivery.body)
    log = client.get(f"/editor/admin/webhooks/{hook.id}").get_data(as_text=True)
    assert "ping" in log and "HTTP 200" in log and "waiting for the worker" not in log
    session.rollback()
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "webhook_test")).all()
    assert entry.target == f"webhook:{hook.id}" and hook.secret not in entry.after


def test_a_failing_endpoint_shows_its_answer_in_the_log(app, client, session, receiver):
    login_as(client, session)
    receiver.status = 500
    hook = a_registered_webhook(client, session, receiver.url)
    client.post(f"/editor/admin/webhooks/{hook.id}/test")
    _work(app, Courier(allowance=LOOPBACK))
    assert "HTTP 500" in client.get(f"/editor/admin/webhooks/{hook.id}").get_data(as_text=True)


def test_send_test_event_needs_csrf_and_an_admin(app, client, session):
    app.config["WTF_CSRF_ENABLED"] = True
    login_as(client, session)
    hook = Webhook(url="https://cms.example/h", secret="s", events="group.fixed", active=True)
    session.add(hook)
    session.commit()
    assert client.post(f"/editor/admin/webhooks/{hook.id}/test").status_code == 400
    session.rollback()
    assert session.exec(select(OutboxMessage)).all() == []


def test_an_editor_cannot_send_a_test_event(client, session):
    login_as(client, session, role="editor")
    hook = Webhook(url="https://cms.example/h", secret="s", events="group.fixed", active=True)
    session.add(hook)
    session.commit()
    assert client.post(f"/editor/admin/webhooks/{hook.id}/test").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/editor/admin/webhooks/999999/test",
        "/editor/admin/webhooks/99999999999999999999999/test",
        "/editor/admin/webhooks/-1/test",
        "/editor/admin/webhooks/%F0%9F%98%80/test",
        "/editor/admin/webhooks/1%27%20OR%201=1/test",
    ],
)
def test_a_test_event_for_no_such_webhook_is_a_404(client, session, path):
    login_as(client, session)
    assert client.post(path).status_code == 404


def test_a_deactivated_webhook_gets_no_test_event(client, session):
    login_as(client, session)
    hook = Webhook(url="https://cms.example/h", secret="s", events="group.fixed", active=False)
    session.add(hook)
    session.commit()
    answer = client.post(f"/editor/admin/webhooks/{hook.id}/test", follow_redirects=True)
    assert answer.status_code == 200 and "deactivated; nothing is sent" in answer.get_data(
        as_text=True
    )
    session.rollback()
    assert session.exec(select(OutboxMessage)).all() == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "https://cms.example/<script>alert(1)</script>",
        "https://" + "a" * 3000 + ".example/",
        "https://пример.испытание/😀",
        "https://cms.example/\u202ecod.exe",
        "https://cms.example/' OR 1=1 --",
        "",
    ],
)
def test_hostile_webhook_urls_get_a_field_error_never_a_500(client, session, url):
    login_as(client, session)
    answer = client.post("/editor/admin/webhooks/", data={"url": url, "events": ["group.fixed"]})
    assert answer.status_code in (200, 422)
    html = answer.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    if answer.status_code == 422:
        assert 'class="field-error"' in html


def test_unknown_events_are_a_field_error(client, session):
    login_as(client, session)
    answer = client.post(
        "/editor/admin/webhooks/", data={"url": "https://cms.example/h", "events": ["x" * 500]}
    )
    assert answer.status_code == 422 and 'id="events-error"' in answer.get_data(as_text=True)
