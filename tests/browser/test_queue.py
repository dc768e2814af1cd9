"""The queue in a real browser, on a desk and on a phone: impact order, the whole row a
link, select-all, and a bulk reject that asks first and names the count."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.db import get_engine, open_session
from factcheck.services import editors
from tests.browser.conftest import LiveServer, send_report

pytestmark = pytest.mark.browser
VIEWPORTS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=VIEWPORTS[request.param], has_touch=request.param == "phone"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desk(page: Page, live_server: LiveServer) -> Page:
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            editors.create_editor(
                session=session, email="desk@example.com", password="a-long-password"
            )
        finally:
            session.close()
    # A single reader's "factual error", and the demo name error the checker found, which
    # eight readers confirm.
    reports = [("Kyiv", "Vilnius", "fact", "lone-reader-00000")] + [
        ("Maloney", "Meloni", "name", f"reader-{n:012d}") for n in range(8)
    ]
    for quote, suggestion, kind, reporter in reports:
        send_report(
            page, live_server, quote=quote, suggestion=suggestion, kind=kind, reader=reporter
        )
    page.goto(f"{live_server.url}/editor/login")
    page.get_by_label("Email").fill("desk@example.com")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    return page


def test_the_queue_ranks_by_impact_and_a_bulk_reject_asks_first(
    desk: Page, live_server: LiveServer
) -> None:
    rows = desk.locator("li.queue-row")
    expect(rows).to_have_count(2)
    expect(rows.first.locator(".change")).to_contain_text("Georgia Maloney → Giorgia Meloni")
    expect(rows.nth(1).locator(".change")).to_contain_text("Kyiv")
    width = desk.evaluate("document.documentElement.scrollWidth")
    assert width <= desk.viewport_size["width"], width

    desk.get_by_label("Select all on this page").check()
    expect(desk.locator("input.row-select:checked")).to_have_count(2)
    desk.get_by_role("button", name="Reject…").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Reject 2 groups?")
    desk.get_by_role("link", name="Cancel").click()
    expect(rows).to_have_count(2)  # nothing happened

    # Clicking anywhere on a row, its context words too, opens its group.
    box = rows.first.locator(".context").bounding_box()
    assert box is not None
    href = rows.first.locator("a.row-link").get_attribute("href")
    desk.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(desk).to_have_url(f"{live_server.url}{href}")


def test_select_all_then_confirm_clears_the_queue(desk: Page) -> None:
    desk.get_by_label("Select all on this page").check()
    desk.get_by_label("Reason").select_option(label="Not an error")
    desk.get_by_role("button", name="Reject…").click()
    desk.get_by_role("button", name="Reject 2 groups").click()
    expect(desk.locator(".flash").first).to_contain_text("2 groups rejected")
    expect(desk.locator("main")).to_contain_text("The queue is empty")
