"""The admin pages in a real browser: none is wider than a 390-px phone screen with long
URLs, emails and audit entries in them, and Send test event reaches a real endpoint."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.db import get_engine, open_session
from factcheck.delivery import Courier
from factcheck.models import Site, Webhook
from factcheck.services import audit, editors, sites, webhooks
from factcheck.services.transactions import unit_of_work
from tests import notify_servers
from tests.browser.conftest import LiveServer
from tests.notify_servers import LOOPBACK
from tests.notify_servers import run_worker as _work

pytestmark = pytest.mark.browser
receiver = notify_servers.receiver  # a real webhook receiver on loopback

ADMIN = "admin@example.com"
LONG_EMAIL = (
    "corrections.desk.night.shift.supervisor+factcheck-notifications"
    "@regional-newsroom-example.co.uk"
)
LONG_URL = (
    "https://cms.regional-newsroom-example.co.uk/wp-json/factcheck/v1/webhooks/receive"
    "?token=0123456789abcdef0123456789abcdef0123456789abcdef&channel=corrections-desk"
)
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def live_app_config() -> dict[str, Any]:
    return {"OUTBOUND_ALLOW": "127.0.0.1"}


def a_newsroom(live_server: LiveServer, webhook_url: str) -> dict[str, int]:
    """An admin, an editor with a long address and a token, a site with long origins, a
    webhook with a long URL, and audit entries with long values in them."""
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            admin = editors.create_editor(
                session=session, email=ADMIN, password="a-long-password", role="admin"
            )
            editors.create_editor(
                session=session, email=LONG_EMAIL, password="a-long-password", actor=admin
            )
            editors.create_token(session=session, email=LONG_EMAIL, actor=audit.COMMAND_LINE)
            fields = sites.SiteFields(
                name="The Regional Newsroom Example Daily Gazette and Evening Chronicle",
                origins=(
                    "https://www.regional-newsroom-example-daily-gazette.co.uk",
                    "https://amp.regional-newsroom-example-daily-gazette.co.uk:8443",
                ),
                language="uk",
                selector="main article .entry-content-with-a-very-long-class-name",
            )
            site = sites.create_site(session=session, fields=fields, actor=admin)
            hook = webhooks.register(
                session=session,
                url=webhook_url,
                events=["revision.created", "group.fixed"],
                editor=admin,
                allowance=LOOPBACK,
            ).webhook
            with unit_of_work(session):
                audit.record(
                    session,
                    admin,
                    "reject",
                    "group:1",
                    {"status": "open", "assignee": LONG_EMAIL},
                    {
                        "status": "rejected",
                        "reason": "Checked with the desk: " + "Giorgia-Meloni-" * 12,
                        "url": LONG_URL,
                    },
                )
            return {"site": site.id or 0, "webhook": hook.id or 0}
        finally:
            session.close()


@pytest.fixture
def browser_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport=getattr(request, "param", PHONE))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def log_in(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/editor/login")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/editor/")


def test_no_admin_page_is_wider_than_a_phone(browser_page: Page, live_server, receiver):
    page = browser_page
    ids = a_newsroom(live_server, receiver.url + "?" + LONG_URL.split("?", 1)[1])
    log_in(page, live_server)
    # A test event delivered, so the webhook's log has a row.
    page.goto(f"{live_server.url}/editor/admin/webhooks/")
    page.get_by_role("button", name="Send test event").first.click()
    _work(live_server.app, Courier(allowance=LOOPBACK))
    paths = [
        "/editor/audit",
        "/editor/audit?action=create_editor&who=cli&from=2020-01-01&to=bad",
        "/editor/admin/webhooks/",
        f"/editor/admin/webhooks/{ids['webhook']}",
        "/editor/admin/editors",
        "/editor/admin/sites",
        f"/editor/admin/sites/{ids['site']}",
        "/api/docs",
    ]
    for path in paths:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    # The audit log has the long values in it, in words.
    page.goto(live_server.url + "/editor/audit")
    expect(page.locator(".audit-who", has_text="Command line").first).to_be_visible()
    expect(page.locator(".audit-what", has_text="issued an API token")).to_be_visible()
    # A site form with errors beside its fields, still inside the screen.
    page.goto(live_server.url + "/editor/admin/sites")
    page.get_by_label("Name").fill("x" * 300)
    page.locator("textarea").first.fill("ftp://" + "very-long-origin." * 20 + "example")
    page.get_by_role("button", name="Register site").click()
    expect(page.locator(".field-error").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("browser_page", [DESK], indirect=True)
def test_send_test_event_shows_its_delivery_in_the_log(browser_page: Page, live_server, receiver):
    page = browser_page
    ids = a_newsroom(live_server, receiver.url)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/editor/admin/webhooks/")
    page.get_by_role("button", name="Send test event").click()
    expect(page).to_have_url(f"{live_server.url}/editor/admin/webhooks/{ids['webhook']}")
    expect(page.get_by_text("Test event queued")).to_be_visible()
    expect(page.get_by_text("1 message waiting for the worker")).to_be_visible()
    _work(live_server.app, Courier(allowance=LOOPBACK))
    page.reload()
    row = page.locator("tr", has_text="ping")
    expect(row).to_contain_text("HTTP 200")
    [delivery] = receiver.deliveries
    assert delivery.json()["event"] == "ping"
    page.goto(f"{live_server.url}/editor/audit?action=webhook_test")
    expect(page.locator(".audit-what", has_text="sent a test event")).to_be_visible()
    with live_server.app.app_context():
        session = open_session(get_engine(), write=False)
        try:
            assert session.get(Webhook, ids["webhook"]) is not None
            assert session.get(Site, ids["site"]) is not None
        finally:
            session.close()
