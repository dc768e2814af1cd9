"""Triage in a real browser, on a desk and on a phone, never touching the address bar: from
the queue, group after group, publish, follow on to the next, reject with a reason, undo,
until the queue is empty; on the phone no page of the way scrolls sideways."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from factcheck.db import get_engine, open_session
from factcheck.services import editors
from tests.browser.conftest import DEMO_SLUG, LiveServer, send_report

pytestmark = pytest.mark.browser
# Seven readers' errors in the demo article; the checker's "Georgia Maloney" makes eight.
REPORTS = [
    ("Maloney", "Meloni", "name"),
    ("counteroffensive", "counter-offensive", "typo"),
    ("Vilnius", "Kyiv", "fact"),
    ("incisive", "decisive", "other"),
    ("normalisation", "normalization", "typo"),
    ("Lower House", "Chamber of Deputies", "fact"),
    ("February 2022", "24 February 2022", "fact"),
    ("uncompromising", "intransigent", "other"),
]


VIEWPORTS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    phone = request.param == "phone"
    context: BrowserContext = browser.new_context(
        viewport=VIEWPORTS[request.param], has_touch=phone, is_mobile=phone
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def logged_in(page: Page, live_server: LiveServer) -> Page:
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            editors.create_editor(
                session=session, email="desk@example.com", password="a-long-password"
            )
        finally:
            session.close()
    for quote, suggestion, kind in REPORTS:
        send_report(page, live_server, quote=quote, suggestion=suggestion, kind=kind)
    page.goto(f"{live_server.url}/editor/")
    page.get_by_label("Email").fill("desk@example.com")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    return page


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publish fix").click()


def test_an_editor_triages_eight_groups_from_the_queue_to_empty(
    logged_in: Page, live_server: LiveServer
) -> None:
    page = logged_in
    page.locator(".queue-row a.row-link").first.click()
    expect(page).to_have_url(f"{live_server.url}/editor/groups/{page.url.rsplit('/', 1)[-1]}")
    handled = 0
    undone_fix = undone_reject = refused_fact = False
    while "/editor/groups/" in page.url and handled < 20:
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]
        title = page.get_by_role("heading", level=1)
        expect(title.locator("del")).to_be_visible()  # the title is the change
        kind = page.locator(".group-tags .kind").inner_text()
        if handled == 1 and not undone_reject:
            page.get_by_label("Reason").select_option(label="Style choice")
            page.get_by_label("Explanation (shown to reporters)").fill("House style.")
            page.get_by_role("button", name="Reject group").click()
            outcome = page.locator(".outcome")
            expect(outcome).to_contain_text("Rejected group #")
            outcome.get_by_role("button", name="Undo").click()
            expect(page.locator(".outcome")).to_contain_text("the reject is undone")
            undone_reject = True
            continue  # the reopened group, fixed below
        if kind == "Factual error" and not refused_fact:
            note = page.get_by_label("Public correction note")
            note.fill("")
            publish(page)
            expect(page.locator("#note-error")).to_contain_text(
                "A factual correction needs a public note"
            )
            note.fill("An earlier version of this article got a fact wrong.")
            refused_fact = True
        publish(page)
        outcome = page.locator(".outcome")
        if "/editor/groups/" in page.url:
            expect(outcome).to_contain_text("Published revision")
            expect(outcome.get_by_role("link", name="View diff")).to_be_visible()
            if not undone_fix:
                outcome.get_by_role("button", name="Undo").click()
                expect(page.locator(".outcome")).to_contain_text("Undone: revision")
                expect(page.locator(".settled")).to_have_count(0)  # open again
                undone_fix = True
                continue  # publish it again
        handled += 1
    assert (undone_fix, undone_reject, refused_fact) == (True, True, True)
    assert handled >= 8
    expect(page).to_have_url(f"{live_server.url}/editor/")
    expect(page.locator(".outcome")).to_contain_text("The queue is empty.")
    expect(page.locator(".queue-row")).to_have_count(0)


def test_a_fact_fix_without_a_note_is_refused_with_a_field_error(
    logged_in: Page, live_server: LiveServer
) -> None:
    page = logged_in
    row = page.locator(":is(tr, li, article)", has_text="Vilnius").last  # the queue's row
    row.locator("a[href*='/editor/groups/']").first.click()
    page.get_by_label("Public correction note").fill("")
    publish(page)
    error = page.locator("#note-error")
    expect(error).to_contain_text("A factual correction needs a public note")
    expect(page.get_by_label("Public correction note")).to_have_attribute("aria-invalid", "true")
    page.goto(f"{live_server.url}/articles/{DEMO_SLUG}")
    expect(page.locator("article.story")).to_contain_text("Vilnius")
