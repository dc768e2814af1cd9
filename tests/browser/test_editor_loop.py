"""The editor's whole loop in a real browser: log in, open the demo group, publish the fix."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from factcheck.db import get_engine, open_session
from factcheck.models import Group, Report
from factcheck.services import editors, triage
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
DEMO_SLUG = "italy-signals-peace-talks-russia-ukraine"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def editor(live_server: LiveServer) -> str:
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            editors.create_editor(
                session=session, email="desk@example.com", password="a-long-password"
            )
        finally:
            session.close()
    return "desk@example.com"


def test_an_editor_fixes_the_demo_error_from_login_to_published_note(
    page: Page, live_server: LiveServer, editor: str
) -> None:
    # A reader reports it too, through the real report endpoint.
    response = page.request.post(
        f"{live_server.url}/api/v1/articles/{DEMO_SLUG}/reports",
        data={"revision": 1, "quote": "Maloney", "suggestion": "Meloni", "kind": "name"},
    )
    assert response.status == 201

    page.goto(f"{live_server.url}/editor/")
    expect(page).to_have_url(f"{live_server.url}/editor/login?next=%2Feditor%2F")
    page.get_by_label("Email").fill(editor)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()

    row = page.locator("li.queue-row", has_text="Georgia Maloney")
    expect(row).to_contain_text("flagged by the name checker")
    row.locator("a.row-link").click()

    expect(page.get_by_role("heading", level=1).locator("del")).to_contain_text("Georgia Maloney")
    expect(page.locator(".group-number")).to_contain_text("Group #")
    candidate = page.locator(".candidate", has_text="Giorgia Meloni").first
    candidate.get_by_role("radio").check()
    preview = candidate.locator(".diff-preview")
    expect(preview.locator("del")).to_contain_text("Georgia Maloney")
    expect(preview.locator("ins")).to_contain_text("Giorgia Meloni")
    expect(page.get_by_label("Type a correction")).not_to_be_checked()
    expect(page.locator(".typed-box")).to_be_hidden()  # one fix control at a time
    expect(page.get_by_label("Edit summary")).to_have_value(
        "Corrected name: “Georgia Maloney” → “Giorgia Meloni”"
    )
    note = page.get_by_label("Public correction note")
    expect(note).to_have_value(
        "An earlier version of this article misspelled the name of Giorgia Meloni "
        "as “Georgia Maloney”."
    )
    page.get_by_role("button", name="Publish fix").click()

    # The editor stays in the editor: the queue is empty, or the next group opens.
    assert "/editor/" in page.url
    page.goto(f"{live_server.url}/articles/{DEMO_SLUG}/revisions/2")
    expect(page.locator("article.story")).to_contain_text("Prime Minister Giorgia Meloni's")
    expect(page.locator(".corrections-box")).to_contain_text(
        "misspelled the name of Giorgia Meloni"
    )

    page.goto(f"{live_server.url}/articles/{DEMO_SLUG}/diff?from=1&to=2")
    expect(page.locator("del").filter(has_text="Georgia Maloney")).to_have_count(1)
    expect(page.locator("ins").filter(has_text="Giorgia Meloni")).to_have_count(1)


def test_the_reader_sees_the_correction_from_the_top_of_the_article_and_on_the_status_page(
    page: Page, live_server: LiveServer, editor: str
) -> None:
    response = page.request.post(
        f"{live_server.url}/api/v1/articles/{DEMO_SLUG}/reports",
        data={"revision": 1, "quote": "Maloney", "suggestion": "Meloni", "kind": "name"},
    )
    assert response.status == 201
    status_url = response.json()["status_url"]
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            report = session.exec(select(Report).where(Report.quote == "Maloney")).one()
            group = session.get(Group, report.group_id)
            assert group is not None
            # The reader's report joins the checker's "Georgia Maloney" group.
            fixed = group.quote.replace("Georgia", "Giorgia").replace("Maloney", "Meloni")
            triage.apply_fixes(
                session=session,
                fixes=[triage.Fix(group.id, fixed)],  # type: ignore[arg-type]
                base_revision=1,
                summary="Corrected name",
                note="An earlier version misspelled the name of Giorgia Meloni.",
                editor=editors.find_editor(session, editor),
            )
        finally:
            session.close()

    page.goto(f"{live_server.url}/articles/{DEMO_SLUG}")
    flag = page.locator("article.story .meta").get_by_role("link", name="Corrected")
    expect(flag).to_be_visible()
    assert flag.bounding_box()["y"] < 400  # near the top, above the fold
    flag.click()
    note = page.locator("#correction-2")
    expect(note).to_contain_text("misspelled the name of Giorgia Meloni")
    expect(note).to_be_in_viewport()
    note.get_by_role("link", name="see the change").click()
    expect(page.locator("ins").filter(has_text="Meloni").first).to_be_visible()

    page.goto(status_url if status_url.startswith("http") else live_server.url + status_url)
    outcome = page.locator(".report-outcome")
    expect(outcome).to_contain_text("An earlier version misspelled the name of Giorgia Meloni.")
    expect(outcome.locator("del")).to_contain_text("Maloney")
    expect(outcome.locator("ins")).to_contain_text("Meloni")
    steps = page.locator(".report-timeline li")
    expect(steps).to_have_count(3)
    expect(steps.nth(2)).to_contain_text("Fixed")
