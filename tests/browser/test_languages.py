"""A Ukrainian reader reports an error and hears back in Ukrainian; right-to-left pages
mirror the dialog, the button and the diff (README: Languages)."""

import gzip
import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from demo import newsroom
from factcheck.db import get_engine, open_session
from factcheck.models import Report
from tests.browser.conftest import LiveServer
from tests.browser.embed_sites import register_origin
from tests.browser.test_embed import (
    BUDGET,
    drag_select,
    new_page,
    open_host,
    select_in,
    serve_newsroom,
)
from tests.builders import DEMO_SENTENCE, an_article

pytestmark = pytest.mark.browser

WRONG = "Georgia Maloney"
RIGHT = "Giorgia Meloni"
UK_TITLE = "Повідомити про помилку"
HEBREW = "הכתב פגש את ראש הממשלה בירושלים ביום שלישי."


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return new_page(context)


def ingest(server: LiveServer, slug: str, body: str, language: str, title: str = "Новини") -> None:
    with server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            an_article(session, slug, title=title, body=body, language=language)
        finally:
            session.close()


def stored_reports(server: LiveServer) -> list[Report]:
    with server.app.app_context():
        session = open_session(get_engine())
        try:
            return list(session.exec(select(Report).order_by(Report.id)).all())
        finally:
            session.close()


def select_text(page: Page, needle: str, root: str = "article") -> None:
    select_in(page, needle, root)


def test_a_ukrainian_article_reports_and_answers_in_ukrainian(
    page: Page, live_server: LiveServer
) -> None:
    ingest(live_server, "kyiv-story", DEMO_SENTENCE, "uk")
    page.goto(f"{live_server.url}/articles/kyiv-story")
    page.wait_for_selector("html.report-ready", state="attached")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    select_text(page, WRONG, "article.story")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name=UK_TITLE)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Розкажіть редакторам, що не так.")
    dialog.get_by_label("Виправлення").fill(RIGHT)
    dialog.get_by_role("button", name="Надіслати").click()
    expect(
        dialog.get_by_role("heading", name="Дякуємо — ваше повідомлення отримали редактори")
    ).to_be_visible()
    link = dialog.get_by_role("link", name="Переглянути стан вашого повідомлення")
    page.goto(link.get_attribute("href") or "")
    expect(page.get_by_role("heading", name="Ваше повідомлення")).to_be_visible()
    expect(page.locator(".status")).to_contain_text("Отримано")
    report = stored_reports(live_server)[-1]
    assert report.language == "uk"


def test_a_ukrainian_validation_message_in_the_dialog(page: Page, live_server: LiveServer) -> None:
    ingest(live_server, "kyiv-story", DEMO_SENTENCE, "uk")
    page.goto(f"{live_server.url}/articles/kyiv-story")
    page.wait_for_selector("html.report-ready", state="attached")
    select_text(page, WRONG, "article.story")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name=UK_TITLE)
    dialog.get_by_role("button", name="Надіслати").click()  # nothing changed: the server says so
    expect(dialog.get_by_role("status")).to_contain_text("Деякі поля заповнено неправильно.")
    expect(dialog).to_contain_text("Немає чого виправляти")


def test_the_widget_on_a_host_page_in_ukrainian(page: Page, live_server: LiveServer) -> None:
    site, server = serve_newsroom(live_server.url)
    try:
        key = register_origin(live_server, site.origin)
        site.pages[newsroom.ARTICLE_PATH] = newsroom.article_html(live_server.url, key).replace(
            '<html lang="en-GB">', '<html lang="uk">'
        )
        bodies: dict[str, bytes] = {}

        def keep(response: Any) -> None:
            if response.url.startswith(live_server.url) and response.url.endswith((".js", ".json")):
                bodies[response.url] = response.body()

        page.on("response", keep)
        open_host(page, site.url())
        drag_select(page, WRONG)
        button = page.get_by_role("button", name=UK_TITLE, exact=True)
        expect(button).to_be_visible()
        button.click()
        dialog = page.get_by_role("dialog", name=UK_TITLE)
        expect(dialog).to_be_visible()
        expect(dialog).to_have_attribute("lang", "uk")
        dialog.get_by_label("Виправлення").fill(RIGHT)
        dialog.get_by_role("button", name="Надіслати").click()
        expect(dialog.get_by_text("Дякуємо — ваше повідомлення отримали редактори")).to_be_visible()
        assert any(url.endswith("/embed/strings/uk.json") for url in bodies)
        status_url = dialog.get_by_role("link", name="Переглянути стан вашого повідомлення")
        page.goto(status_url.get_attribute("href") or "")
        expect(page.get_by_role("heading", name="Ваше повідомлення")).to_be_visible()
        report = stored_reports(live_server)[-1]
        assert report.language == "uk"
        sizes = {url: len(gzip.compress(body, 9)) for url, body in bodies.items()}
        # The code and the Ukrainian words it loads: the same budget as in English.
        assert sum(sizes.values()) <= BUDGET, sizes
    finally:
        server.shutdown()
        server.server_close()


def test_data_lang_wins_over_the_page(page: Page, live_server: LiveServer) -> None:
    site, server = serve_newsroom(live_server.url)
    try:
        key = register_origin(live_server, site.origin)
        site.pages[newsroom.ARTICLE_PATH] = newsroom.article_html(live_server.url, key).replace(
            "defer></script>", 'data-lang="uk" defer></script>'
        )
        open_host(page, site.url())
        select_in(page, WRONG)
        page.keyboard.press("Control+Enter")
        expect(page.get_by_role("dialog", name=UK_TITLE)).to_be_visible()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("data_lang", "title"),
    [
        ("constructor", "Report an error"),
        ("__proto__", "Report an error"),
        ("xx", "Report an error"),
        ("../../etc/passwd", "Report an error"),
        ('"><img src=x onerror="window.pwned=1">', "Report an error"),
        ("UK", UK_TITLE),
    ],
)
def test_a_hostile_or_unknown_data_lang_falls_back_to_shipped_words(
    page: Page, live_server: LiveServer, data_lang: str, title: str
) -> None:
    site, server = serve_newsroom(live_server.url)
    try:
        key = register_origin(live_server, site.origin)
        attribute = html.escape(data_lang, quote=True)
        site.pages[newsroom.ARTICLE_PATH] = newsroom.article_html(live_server.url, key).replace(
            "defer></script>", f'data-lang="{attribute}" defer></script>'
        )
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_host(page, site.url())
        select_in(page, WRONG)
        # The floating button has words (an object's own key, never a prototype's).
        button = page.locator("[data-factcheck-widget]").locator(".report-float")
        expect(button).to_have_text(re.compile(r"\S"))
        page.keyboard.press("Control+Enter")
        expect(page.get_by_role("dialog", name=title)).to_be_visible()
        assert page.evaluate("() => window.pwned") is None
        assert not errors, errors
    finally:
        server.shutdown()
        server.server_close()


def _button_and_selection(page: Page) -> dict[str, float]:
    rects: dict[str, float] = page.evaluate(
        """() => {
            const range = window.getSelection().getRangeAt(0).getBoundingClientRect();
            const host = document.querySelector("[data-factcheck-widget]");
            const button = host.shadowRoot.querySelector(".report-float").getBoundingClientRect();
            return {left: range.left, right: range.right,
                    center: button.left + button.width / 2};
        }"""
    )
    return rects


def test_on_a_right_to_left_host_page_the_dialog_and_button_mirror(
    page: Page, live_server: LiveServer
) -> None:
    site, server = serve_newsroom(live_server.url)
    try:
        key = register_origin(live_server, site.origin)
        site.pages[newsroom.ARTICLE_PATH] = newsroom.article_html(live_server.url, key).replace(
            '<html lang="en-GB">', '<html lang="en" dir="rtl">'
        )
        open_host(page, site.url())
        drag_select(page, WRONG)
        button = page.get_by_role("button", name="Report error", exact=True)
        expect(button).to_be_visible()
        at = _button_and_selection(page)
        # Beside the selection's end, which in right-to-left text is its left edge.
        assert abs(at["center"] - at["left"]) < abs(at["center"] - at["right"]), at
        button.click()
        dialog = page.get_by_role("dialog", name="Report an error")
        expect(dialog).to_be_visible()
        layout = page.evaluate(
            """() => {
                const dialog = document.querySelector("[data-factcheck-widget]")
                    .shadowRoot.querySelector("dialog");
                const title = dialog.querySelector("h2").getBoundingClientRect();
                const close = dialog.querySelector(".close").getBoundingClientRect();
                const quote = dialog.querySelector("blockquote");
                return {direction: getComputedStyle(dialog).direction,
                        closeLeftOfTitle: close.right <= title.left,
                        // The preview reads in its own words' direction (dir=auto).
                        quote: getComputedStyle(quote).direction,
                        status: getComputedStyle(dialog.querySelector(".status")).textAlign};
            }"""
        )
        assert layout == {
            "direction": "rtl",
            "closeLeftOfTitle": True,
            "quote": "ltr",
            "status": "start",
        }
    finally:
        server.shutdown()
        server.server_close()


def test_a_right_to_left_article_mirrors_its_dialog_and_its_diff(
    page: Page, live_server: LiveServer
) -> None:
    ingest(live_server, "hebrew", HEBREW, "he", title="כותרת")
    ingest(live_server, "hebrew", HEBREW.replace("שלישי", "רביעי"), "he", title="כותרת")
    page.goto(f"{live_server.url}/articles/hebrew")
    page.wait_for_selector("html.report-ready", state="attached")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    select_text(page, "ראש הממשלה", "article.story")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")  # English words, mirrored
    expect(dialog).to_be_visible()
    layout = page.evaluate(
        """() => {
            const dialog = document.getElementById("report-dialog");
            const title = dialog.querySelector(".report-title").getBoundingClientRect();
            const close = dialog.querySelector(".report-close").getBoundingClientRect();
            const preview = dialog.querySelector("[data-role=quote-preview]");
            return {direction: getComputedStyle(dialog).direction,
                    closeLeftOfTitle: close.right <= title.left,
                    preview: getComputedStyle(preview).direction};
        }"""
    )
    assert layout == {"direction": "rtl", "closeLeftOfTitle": True, "preview": "rtl"}
    page.goto(f"{live_server.url}/articles/hebrew/diff?from=1&to=2")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    changed = page.locator(".d-change").first
    assert changed.evaluate("(e) => getComputedStyle(e).borderRightWidth") == "4px"
    assert changed.evaluate("(e) => getComputedStyle(e).borderLeftWidth") == "0px"
