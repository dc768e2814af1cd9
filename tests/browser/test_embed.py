"""embed.js on a newsroom's own page, in real Chromium: another origin, a strict CSP, CMS markup."""

import gzip
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, expect
from sqlmodel import select

from demo import newsroom
from factcheck.db import get_engine, open_session
from factcheck.models import Report
from tests.browser.conftest import LiveServer
from tests.browser.embed_sites import add_article, register_origin
from tests.builders import DEMO_SLUG

pytestmark = pytest.mark.browser

WRONG = "Georgia Maloney"
RIGHT = "Giorgia Meloni"
CANONICAL = newsroom.CANONICAL
BUDGET = 15 * 1024  # bytes, gzipped: embed.js and every module it loads
# What a hostile theme does to everything it can reach.
HOSTILE_CSS = """
* { all: unset; }
html { font-size: 40px; } body { font-size: 48px; line-height: 3; color: #0f0; }
p, div, h1, article, main, header, footer, figure, aside { display: block; }
dialog, button, textarea, input, select, label { display: none !important; }
[hidden] { display: block !important; }
"""
SECOND_SLUG = "second-story"
SECOND_BODY = (
    "The regional council approved the new tram line on Tuesday.\n\n"
    "The mayor, Anna Bianchi, said the works would start in the spring of 2025."
)


@dataclass
class Newsroom:
    """A newsroom site on its own origin, serving `pages` (path → HTML) under a strict CSP."""

    origin: str
    factcheck: str
    pages: dict[str, str] = field(default_factory=dict)
    stylesheets: dict[str, str] = field(default_factory=dict)

    def url(self, path: str = newsroom.ARTICLE_PATH) -> str:
        return self.origin + path


def serve_newsroom(factcheck: str) -> tuple[Newsroom, ThreadingHTTPServer]:
    site = Newsroom(origin="", factcheck=factcheck)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path in site.pages:
                self._send(site.pages[path], "text/html; charset=utf-8")
            elif path in site.stylesheets:
                self._send(site.stylesheets[path], "text/css")
            else:
                self.send_error(404)

        def _send(self, text: str, mimetype: str) -> None:
            data = text.encode()
            self.send_response(200)
            self.send_header("Content-Type", mimetype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", newsroom.csp(factcheck))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.origin = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site, server


@pytest.fixture
def host_site(live_server: LiveServer) -> Iterator[Newsroom]:
    """A registered newsroom whose article page is the demo article, under hostile CSS."""
    site, server = serve_newsroom(live_server.url)
    key = register_origin(live_server, site.origin)
    site.stylesheets["/hostile.css"] = HOSTILE_CSS
    site.stylesheets["/newsroom.css"] = newsroom.STYLESHEET
    site.pages[newsroom.ARTICLE_PATH] = newsroom.article_html(
        live_server.url, key, stylesheet="/hostile.css"
    )
    # The same article under the newsroom's own theme (a phone zooms out of the hostile
    # one, whose unstyled picture is wider than the screen).
    site.pages["/themed/"] = newsroom.article_html(live_server.url, key)
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def new_page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Any CSP refusal is a failure of the snippet's promise.
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.csp_refusals = refusals  # type: ignore[attr-defined]
    return page


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return new_page(context)


def open_host(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok
    page.wait_for_function("() => window.Factcheck !== undefined")


def select_in(page: Page, needle: str, root: str = "article") -> None:
    page.evaluate(
        """([needle, root]) => {
            const scope = document.querySelector(root);
            const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(needle);
                if (at >= 0) {
                    node.parentElement.scrollIntoView({block: "center"});
                    window.getSelection().setBaseAndExtent(node, at, node, at + needle.length);
                    return;
                }
            }
            throw new Error("not on the page: " + needle);
        }""",
        [needle, root],
    )


def drag_select(page: Page, needle: str, root: str = "article") -> None:
    """Select `needle` with the mouse, in the first element matching `root`."""
    box: dict[str, float] = page.evaluate(
        """([needle, root]) => {
            const walker = document.createTreeWalker(document.querySelector(root),
                                                     NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(needle);
                if (at < 0) continue;
                node.parentElement.scrollIntoView({block: "center"});
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + needle.length);
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {left: first.left, top: first.top + first.height / 2,
                        right: last.right, bottom: last.top + last.height / 2};
            }
            throw new Error("not on the page: " + needle);
        }""",
        [needle, root],
    )
    page.mouse.move(box["left"] + 1, box["top"])
    page.mouse.down()
    page.mouse.move(box["right"] - 1, box["bottom"], steps=8)
    page.mouse.up()
    assert page.evaluate("() => window.getSelection().toString()") == needle


def is_report(request: Request) -> bool:
    return request.method == "POST" and request.url.endswith("/reports")


def send(page: Page, correction: str = RIGHT) -> tuple[dict[str, Any], int, dict[str, Any]]:
    """Fill the correction and send; what was posted, the status and the answer."""
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(correction)
    dialog.get_by_label("Kind").select_option("name")
    with page.expect_response(lambda r: is_report(r.request)) as answer:
        dialog.get_by_role("button", name="Send report").click()
    response = answer.value
    return json.loads(response.request.post_data or "{}"), response.status, response.json()


def canonical_text(page: Page, server: LiveServer, slug: str = DEMO_SLUG) -> str:
    text: str = page.request.get(f"{server.url}/api/v1/articles/{slug}").json()["text"]
    return text


def report_count(server: LiveServer) -> int:
    with server.app.app_context():
        session = open_session(get_engine())
        try:
            return len(session.exec(select(Report)).all())
        finally:
            session.close()


# ---- the whole flow ------------------------------------------------------------------


def test_a_mouse_selection_and_ctrl_enter_on_a_newsroom_page_lands_anchored_in_the_demo_group(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    open_host(page, host_site.url())
    drag_select(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog).to_be_visible()
    expect(dialog.locator("mark")).to_have_text(WRONG)
    expect(dialog.get_by_label("Correction")).to_be_focused()

    sent, status, answer = send(page)
    assert status == 201
    assert sent["article"] == CANONICAL
    assert sent["page_url"] == host_site.url()
    assert re.fullmatch(r"[A-Za-z0-9_-]{16,64}", sent["reader"])
    assert sent["quote"] == WRONG
    # Context as the reader's page has it: the CMS's curly apostrophe included.
    assert sent["prefix"].endswith("senior member of Prime Minister ")
    assert sent["suffix"].startswith("\u2019s Brothers of Italy")
    text = canonical_text(page, live_server)
    start = text.index(WRONG)
    assert (answer["start"], answer["end"]) == (start, start + len(WRONG))
    expect(dialog.get_by_text("Thank you")).to_be_visible()
    link = dialog.get_by_role("link", name="See the status of your report")
    assert (link.get_attribute("href") or "").startswith(f"{live_server.url}/reports/")

    # A reader on Factcheck's own page reports the same error: the same group.
    native = page.request.post(
        f"{live_server.url}/api/v1/articles/{DEMO_SLUG}/reports",
        data={
            "revision": page.request.get(f"{live_server.url}/api/v1/articles/{DEMO_SLUG}").json()[
                "revision"
            ],
            "quote": WRONG,
            "prefix": text[start - 32 : start],
            "suffix": text[start + len(WRONG) : start + len(WRONG) + 32],
            "start": start,
            "end": start + len(WRONG),
            "suggestion": RIGHT,
            "kind": "name",
            "comment": "",
            "reader": "another-reader-0123456789",
        },
    )
    assert native.status == 201, native.text()
    assert native.json()["group"] == answer["group"]
    assert page.csp_refusals == []  # type: ignore[attr-defined]


def test_ctrl_enter_inside_the_widgets_dialog_sends_the_report(
    page: Page, host_site: Newsroom
) -> None:
    open_host(page, host_site.url())
    select_in(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(RIGHT)
    dialog.get_by_label("Comment").fill("Her first name is Giorgia")
    with page.expect_response(lambda r: is_report(r.request)) as answer:
        dialog.get_by_label("Comment").press("Control+Enter")
    assert answer.value.status == 201
    assert (
        json.loads(answer.value.request.post_data or "{}")["comment"] == "Her first name is Giorgia"
    )
    expect(dialog.get_by_text("Thank you")).to_be_visible()


def test_the_floating_button_on_a_touch_selection_opens_the_dialog_and_sends(
    browser: Browser, playwright: Playwright, host_site: Newsroom, live_server: LiveServer
) -> None:
    device = {
        key: value
        for key, value in playwright.devices["Pixel 7"].items()
        if key != "default_browser_type"
    }
    context = browser.new_context(**device)
    try:
        phone = new_page(context)
        open_host(phone, host_site.url("/themed/"))
        phone.touchscreen.tap(10, 10)  # the last input was touch
        select_in(phone, WRONG)
        button = phone.get_by_role("button", name="Report error", exact=True)
        expect(button).to_be_visible()
        button.tap()
        dialog = phone.get_by_role("dialog", name="Report an error")
        expect(dialog.locator("mark")).to_have_text(WRONG)
        box = dialog.bounding_box()
        assert box is not None and box["width"] >= phone.viewport_size["width"] - 1  # type: ignore[index]
        _, status, answer = send(phone)
        assert status == 201
        text = canonical_text(phone, live_server)
        assert answer["start"] == text.index(WRONG)
    finally:
        context.close()


def test_two_article_roots_on_one_page_each_report_their_own_article(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    key = register_origin(live_server, host_site.origin)
    add_article(live_server, SECOND_SLUG, "Tram line approved", SECOND_BODY, key)
    demo = canonical_text(page, live_server).split("\n\n")
    host_site.pages["/live/"] = f"""<!doctype html><html><head><meta charset="utf-8">
<script src="{live_server.url}/embed.js" data-site="{key}" defer></script></head><body>
<div class="liveblog-entry" data-factcheck-article="{DEMO_SLUG}">
<h2>{demo[0]}</h2><p>{next(p for p in demo if WRONG in p)}</p></div>
<div class="liveblog-entry" data-factcheck-article="{SECOND_SLUG}">
<h2>Tram line approved</h2><p>{SECOND_BODY.split(chr(10) * 2)[1]}</p></div>
</body></html>"""
    open_host(page, host_site.url("/live/"))
    assert page.evaluate("() => window.Factcheck.articles()") == [DEMO_SLUG, SECOND_SLUG]

    select_in(page, "Anna Bianchi", "[data-factcheck-article='second-story']")
    page.keyboard.press("Control+Enter")
    sent, status, answer = send(page, "Anna Bianco")
    assert status == 201, answer
    assert sent["article"] == SECOND_SLUG
    second = canonical_text(page, live_server, SECOND_SLUG)
    assert answer["start"] == second.index("Anna Bianchi")

    page.get_by_role("dialog").get_by_role("button", name="Close").last.click()
    select_in(page, WRONG, f"[data-factcheck-article='{DEMO_SLUG}']")
    page.keyboard.press("Control+Enter")
    sent, status, answer = send(page)
    assert status == 201, answer
    assert sent["article"] == DEMO_SLUG
    assert answer["start"] == canonical_text(page, live_server).index(WRONG)


def test_a_single_page_app_navigation_to_a_second_article_reports_that_article(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    key = register_origin(live_server, host_site.origin)
    second_url = host_site.url("/2024/01/11/tram-line-approved/")
    add_article(live_server, SECOND_SLUG, "Tram line approved", SECOND_BODY, key, url=second_url)
    open_host(page, host_site.url())
    # The reader starts a report on the first article, then cancels it.
    page.locator("[data-factcheck-report-link]").click()
    page.get_by_role("dialog").get_by_label("Text to correct").fill("a draft")
    page.keyboard.press("Escape")
    page.evaluate(
        """([url, body]) => {
            history.pushState({}, "", url);
            document.querySelector("link[rel=canonical]").href = url;
            document.querySelector("h1").textContent = body[0];
            const article = document.querySelector(".entry-content");
            article.replaceChildren();
            for (const text of body.slice(1)) {
                const p = document.createElement("p");
                p.textContent = text;
                article.append(p);
            }
        }""",
        [second_url, ["Tram line approved", *SECOND_BODY.split("\n\n")]],
    )
    assert page.evaluate("() => window.Factcheck.articles()") == [second_url]
    # The navigation forgot the first article's draft.
    page.locator("[data-factcheck-report-link]").click()
    expect(page.get_by_role("dialog").get_by_label("Text to correct")).to_have_value("")
    page.keyboard.press("Escape")

    select_in(page, "Anna Bianchi")
    page.keyboard.press("Control+Enter")
    sent, status, answer = send(page, "Anna Bianco")
    assert status == 201, answer
    assert sent["article"] == second_url
    assert sent["page_url"] == second_url
    assert answer["start"] == canonical_text(page, live_server, SECOND_SLUG).index("Anna Bianchi")


def test_the_sites_selector_for_the_article_body_decides_which_text_counts(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    open_host(page, host_site.url())
    select_in(page, "Wednesday, 10")
    page.keyboard.press("Control+Enter")
    without, _, _ = send(page, "Wednesday, 11")
    # The whole <article>: the headline and the byline come before the first paragraph.
    assert without["prefix"].endswith("Newsroom staff\n\n")

    register_origin(live_server, host_site.origin, selector="div.entry-content")
    page.reload()
    page.wait_for_function("() => window.Factcheck !== undefined")
    select_in(page, "Wednesday, 10")
    page.keyboard.press("Control+Enter")
    sent, status, _ = send(page, "Wednesday, 11")
    assert status in (200, 201)
    assert (sent["prefix"], sent["start"]) == ("", 0)
    assert sent["suffix"].startswith(" January 2024\n\nItalian Defence")  # NBSP folded


def test_with_data_report_link_the_widget_adds_a_report_link_after_each_article(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    key = register_origin(live_server, host_site.origin)
    add_article(live_server, SECOND_SLUG, "Tram line approved", SECOND_BODY, key)
    host_site.pages["/links/"] = f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/hostile.css">
<script src="{live_server.url}/embed.js" data-site="{key}" data-report-link defer></script>
</head><body>
<section data-factcheck-article="{DEMO_SLUG}"><p>Prime Minister Georgia Maloney</p></section>
<section data-factcheck-article="{SECOND_SLUG}"><p>The mayor, Anna Bianchi, said</p></section>
</body></html>"""
    open_host(page, host_site.url("/links/"))
    links = page.get_by_role("button", name="Report an error")
    expect(links).to_have_count(2)
    assert page.evaluate(
        "() => [...document.querySelectorAll('[data-factcheck-report-link]')]"
        ".map((link) => link.previousElementSibling.dataset.factcheckArticle)"
    ) == [DEMO_SLUG, SECOND_SLUG]
    links.nth(1).click()
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Text to correct").fill("Anna Bianchi")
    sent, status, answer = send(page, "Anna Bianco")
    assert status == 201, answer
    assert sent["article"] == SECOND_SLUG
    assert answer["start"] == canonical_text(page, live_server, SECOND_SLUG).index("Anna Bianchi")
    dialog.get_by_role("button", name="Close").last.click()
    expect(links.nth(1)).to_be_focused()


# ---- refusals and promises -----------------------------------------------------------


def test_a_page_on_an_unregistered_origin_is_refused_with_a_clear_message_and_nothing_written(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    stranger, server = serve_newsroom(live_server.url)
    try:
        stranger.pages[newsroom.ARTICLE_PATH] = host_site.pages[newsroom.ARTICLE_PATH]
        stranger.stylesheets.update(host_site.stylesheets)
        before = report_count(live_server)
        open_host(page, stranger.url())
        select_in(page, WRONG)
        page.keyboard.press("Control+Enter")
        dialog = page.get_by_role("dialog", name="Report an error")
        dialog.get_by_label("Correction").fill(RIGHT)
        dialog.get_by_role("button", name="Send report").click()
        status = dialog.get_by_role("status")
        expect(status).to_contain_text("not registered with Factcheck")
        expect(dialog.get_by_label("Correction")).to_have_value(RIGHT)  # nothing lost
        assert report_count(live_server) == before
    finally:
        server.shutdown()
        server.server_close()


def test_an_article_the_site_never_ingested_gets_the_servers_message_in_the_dialog(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    key = register_origin(live_server, host_site.origin)
    host_site.pages["/unknown/"] = f"""<!doctype html><html><head><meta charset="utf-8">
<script src="{live_server.url}/embed.js" data-site="{key}" defer></script></head><body>
<div data-factcheck-article="never-sent-to-factcheck"><p>Some words on the page.</p></div>
</body></html>"""
    open_host(page, host_site.url("/unknown/"))
    select_in(page, "words", "div")
    page.keyboard.press("Control+Enter")
    _, status, _ = send(page, "letters")
    assert status == 404
    expect(page.get_by_role("dialog").get_by_role("status")).to_contain_text(
        "not known to the editors yet"
    )


def test_no_cookie_is_set_and_the_reader_id_lives_in_local_storage(
    page: Page, context: BrowserContext, host_site: Newsroom
) -> None:
    open_host(page, host_site.url())
    select_in(page, WRONG)
    page.keyboard.press("Control+Enter")
    sent, status, _ = send(page)
    assert status == 201
    assert page.evaluate("() => document.cookie") == ""
    assert context.cookies() == []
    assert page.evaluate("() => localStorage.getItem('factcheck-reader')") == sent["reader"]
    # The same reader is the same id on the next report.
    page.reload()
    page.wait_for_function("() => window.Factcheck !== undefined")
    select_in(page, "Guido Crosetto states")
    page.keyboard.press("Control+Enter")
    again, _, _ = send(page, "Guido Crosetto said")
    assert again["reader"] == sent["reader"]


def test_nothing_is_requested_from_factcheck_before_the_dialog_opens(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_host(page, host_site.url())
    drag_select(page, WRONG)
    expect(page.get_by_role("button", name="Report error", exact=True)).to_be_visible()
    page.mouse.wheel(0, 100)
    page.wait_for_timeout(300)
    from_factcheck = [url for url in requested if url.startswith(live_server.url)]
    assert from_factcheck == [f"{live_server.url}/embed.js"]
    page.get_by_role("button", name="Report error", exact=True).click()
    expect(page.get_by_role("dialog", name="Report an error")).to_be_visible()
    assert any(url.endswith("/embed/embed-dialog.js") for url in requested)


def test_embed_js_and_every_module_it_loads_stay_under_15_kb_gzipped(
    page: Page, host_site: Newsroom, live_server: LiveServer
) -> None:
    scripts: dict[str, bytes] = {}

    def keep(response: Any) -> None:
        # The scripts, and the dialog's words (/embed/strings/<lang>.json) they load.
        if response.url.startswith(live_server.url) and response.url.endswith((".js", ".json")):
            scripts[response.url] = response.body()

    page.on("response", keep)
    open_host(page, host_site.url())
    select_in(page, WRONG)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog", name="Report an error")).to_be_visible()
    send(page)
    names = sorted(url.rsplit("/", 1)[1] for url in scripts)
    assert {"embed.js", "embed-dialog.js", "dialog.js", "pagetext.js", "text.js"} <= set(names)
    assert any(name.endswith(".json") and "strings" in url for url in scripts for name in names)
    sizes = {url: len(gzip.compress(body, 9)) for url, body in scripts.items()}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_the_dialog_stays_readable_under_a_hostile_stylesheet_and_leaves_the_text_alone(
    page: Page, host_site: Newsroom
) -> None:
    open_host(page, host_site.url())
    before = page.evaluate("() => document.querySelector('article').innerHTML")
    select_in(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box is not None and box["width"] >= 400 and box["height"] >= 300
    correction = dialog.get_by_label("Correction")
    expect(correction).to_be_visible()
    expect(correction).to_have_css("font-size", "16px")
    field_box = correction.bounding_box()
    assert field_box is not None and field_box["height"] >= 40 and field_box["width"] >= 300
    for name in ("Send report", "Cancel"):
        expect(dialog.get_by_role("button", name=name)).to_be_visible()
    expect(dialog.get_by_role("heading", name="Report an error")).to_have_css("font-size", "19px")
    send(page)
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.querySelector('article').innerHTML") == before


def test_the_dialog_is_a_keyboard_modal_inside_its_shadow_root(
    page: Page, host_site: Newsroom
) -> None:
    open_host(page, host_site.url())
    page.locator("[data-factcheck-report-link]").click()
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog.get_by_label("Text to correct")).to_be_focused()
    for _ in range(14):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            """() => {
                const host = document.querySelector("[data-factcheck-widget]");
                const active = host.shadowRoot.activeElement;
                return document.activeElement === host && !!active && !!active.closest("dialog");
            }"""
        )
        assert inside
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-factcheck-report-link]")).to_be_focused()


def test_the_dialog_follows_a_dark_colour_scheme(browser: Browser, host_site: Newsroom) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        page = new_page(context)
        open_host(page, host_site.url())
        page.locator("[data-factcheck-report-link]").click()
        dialog = page.get_by_role("dialog", name="Report an error")
        expect(dialog).to_be_visible()
        background = dialog.evaluate("(node) => getComputedStyle(node).backgroundColor")
        red, green, blue = (int(part) for part in re.findall(r"\d+", background)[:3])
        assert red + green + blue < 200, background
    finally:
        context.close()
