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
