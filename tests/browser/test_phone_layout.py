"""Every editor and admin page fits a 390-pixel phone: nothing scrolls sideways, even with
long words, long addresses and long names in it; the navigation folds behind one button;
the split diff labels its columns and falls back to one column under 700 pixels."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from factcheck.db import get_engine, open_session
from factcheck.domain.outbound import Allowance
from factcheck.services import editors, stylebook, webhooks
from tests.browser.conftest import DEMO_SLUG, LiveServer, send_report
from tests.builders import a_site

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LONG_WORD = "Supercalifragilisticexpialidocious" * 4
LONG_EMAIL = "a.very.long.editor.address.for.the.night.desk@newsroom-with-a-long-name.example"
LONG_URL = "http://127.0.0.1:9/" + "really-long-path-segment/" * 8

# What sticks out past the right edge, for the failure message.
OVERFLOW = """() => {
  const width = 390;
  const name = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > width + 1)
    .slice(-6)
    .map(el => name(el) + ' right ' + Math.round(el.getBoundingClientRect().right)
      + ' scroll ' + el.scrollWidth);
}"""


def fits(page: Page) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width, page.evaluate(OVERFLOW))


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            editors.create_editor(
                session=session, email=LONG_EMAIL, password="a-long-password", role="admin"
            )
            desk = editors.find_editor(session, LONG_EMAIL)
            webhooks.register(
                session=session,
                url=LONG_URL,
                events=["revision.created", "group.fixed"],
                editor=desk,
                allowance=Allowance(frozenset({("127.0.0.1", None)})),
            )
            a_site(
                session,
                "The Kyiv Independent Evening Edition",
                origins=("https://" + "a" * 60 + ".example",),
            )
            stylebook.save_name(
                session=session,
                draft=stylebook.NameDraft(
                    canonical="Giorgia Meloni", variants=("Meloni",), note=LONG_WORD
                ),
                editor=desk,
            )
        finally:
            session.close()
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    reports = [
        ("Maloney", "Meloni", "name", ""),
        ("counteroffensive", LONG_WORD, "typo", LONG_WORD + " " + LONG_URL),
        ("Vilnius", "Kyiv", "fact", "Wrong city " * 30),
    ]
    for n, (quote, suggestion, kind, comment) in enumerate(reports):
        send_report(
            page,
            live_server,
            quote=quote,
            suggestion=suggestion,
            kind=kind,
            comment=comment,
            reader=f"reader-{n:012d}",
        )
    page.goto(f"{live_server.url}/editor/login")
    fits(page)
    page.get_by_label("Email").fill(LONG_EMAIL)
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/editor/")
    yield page
    context.close()


def test_the_navigation_folds_behind_one_button_on_a_phone(
    phone: Page, live_server: LiveServer
) -> None:
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    stylebook_link = phone.locator(".masthead nav").get_by_role("link", name="Stylebook")
    expect(stylebook_link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(stylebook_link).to_be_visible()
    fits(phone)
    stylebook_link.click()
    expect(phone).to_have_url(f"{live_server.url}/editor/stylebook/")


def test_no_editor_or_admin_page_is_wider_than_a_phone(
    phone: Page, live_server: LiveServer
) -> None:
    base = live_server.url
    fits(phone)  # the queue
    for path in [
        "/editor/?sort=newest",
        "/editor/?mine=1",
        f"/editor/?q={LONG_WORD}",
        f"/editor/articles/{DEMO_SLUG}/batch",
        "/editor/stylebook/",
        "/editor/account/password",
        "/editor/audit",
        "/editor/admin/editors",
        "/editor/admin/webhooks/",
        "/editor/admin/webhooks/1",
        "/editor/admin/sites",
        "/editor/admin/sites/1",
    ]:
        phone.goto(base + path)
        fits(phone)

    # The group with the long suggestion and comment, its preview, its page once fixed.
    phone.goto(f"{base}/editor/?q=counteroffensive")
    phone.locator(".queue-row a.row-link").first.click()
    fits(phone)
    phone.get_by_role("button", name="Preview").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Preview")
    fits(phone)
    phone.go_back()
    phone.get_by_role("button", name="Publish fix").click()
    expect(phone.locator(".outcome")).to_contain_text("Published revision")
    fits(phone)
    phone.locator(".outcome").get_by_role("link", name="Group #", exact=False).click()
    expect(phone.locator(".settled")).to_be_visible()
    fits(phone)

    # A bulk action's confirmation.
    phone.goto(f"{base}/editor/")
    phone.get_by_label("Select all on this page").check()
    phone.get_by_role("button", name="Reject…").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Reject")
    fits(phone)

    # The public side the editor links to: history and the diff of the fix.
    for path in [f"/articles/{DEMO_SLUG}/history", f"/articles/{DEMO_SLUG}"]:
        phone.goto(base + path)
        fits(phone)


def test_the_split_diff_is_one_labelled_column_on_a_phone(
    phone: Page, live_server: LiveServer, browser: Browser
) -> None:
    phone.goto(f"{live_server.url}/editor/?q=Vilnius")
    phone.locator(".queue-row a.row-link").first.click()
    phone.get_by_role("button", name="Publish fix").click()
    expect(phone.locator(".outcome")).to_contain_text("Published revision")
    diff = f"{live_server.url}/articles/{DEMO_SLUG}/diff?from=1&to=2&view=split"
    phone.goto(diff)
    fits(phone)
    before = phone.locator("tr.row-change .split-before").first
    after = phone.locator("tr.row-change .split-after").first
    expect(before).to_be_visible()
    # Stacked: After sits below Before, each column labelled.
    box_before, box_after = before.bounding_box(), after.bounding_box()
    assert box_before and box_after and box_after["y"] > box_before["y"]
    assert box_after["width"] > PHONE["width"] * 0.8
    label = "getComputedStyle(document.querySelector('tr.row-change .split-after'), '::before')"
    assert phone.evaluate(label + ".content") == '"Revision 2"'
    assert phone.evaluate(label + ".display") == "block"

    desk = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        desk.goto(diff)
        b = desk.locator("tr.row-change .split-before").first
        a = desk.locator("tr.row-change .split-after").first
        box_b, box_a = b.bounding_box(), a.bounding_box()
        assert box_b and box_a and abs(box_a["y"] - box_b["y"]) < 2  # side by side
    finally:
        desk.close()


def test_without_javascript_the_links_wrap_and_still_fit(
    phone: Page, live_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/editor/login")
        page.get_by_label("Email").fill(LONG_EMAIL)
        page.get_by_label("Password").fill("a-long-password")
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{live_server.url}/editor/")
        nav = page.locator(".masthead nav")
        expect(nav.get_by_role("link", name="Stylebook")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        fits(page)
    finally:
        context.close()
