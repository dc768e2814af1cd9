"""The reader's report flow in real Chromium: select, Ctrl+Enter, correct, send, follow."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Request,
    Route,
    expect,
)

from factcheck.db import get_engine, open_session
from factcheck.domain.reports import CONTEXT, MAX_COMMENT, MAX_QUOTE, MAX_SUGGESTION
from tests.browser.conftest import LiveServer
from tests.builders import DEMO_SENTENCE, DEMO_SLUG, an_article

pytestmark = pytest.mark.browser

WRONG = "Georgia Maloney"
RIGHT = "Giorgia Meloni"
REPORTS_API = f"/api/v1/articles/{DEMO_SLUG}/reports"


# ---- helpers ---------------------------------------------------------------


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def open_article(page: Page, server: LiveServer, slug: str = DEMO_SLUG) -> None:
    response = page.goto(f"{server.url}/articles/{slug}")
    assert response is not None and response.ok
    # embed.js (report/home.js) marks the page once it has wired everything up.
    page.wait_for_selector("html.report-ready", state="attached")


def canonical_text(page: Page, server: LiveServer, slug: str = DEMO_SLUG) -> str:
    response = page.request.get(f"{server.url}/api/v1/articles/{slug}")
    assert response.ok
    text: str = response.json()["text"]
    return text


def select_js(page: Page, needle: str, *, backward: bool = False) -> None:
    """Select the first occurrence of `needle` inside the article, as a script would."""
    page.evaluate(
        """([needle, backward]) => {
            const walker = document.createTreeWalker(
                document.querySelector("article.story"), NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(needle);
                if (at >= 0) {
                    const selection = window.getSelection();
                    if (backward) {
                        selection.setBaseAndExtent(node, at + needle.length, node, at);
                    } else {
                        selection.setBaseAndExtent(node, at, node, at + needle.length);
                    }
                    return;
                }
            }
            throw new Error("not in the article: " + needle);
        }""",
        [needle, backward],
    )


def text_box(page: Page, needle: str) -> dict[str, float]:
    """Where `needle` is drawn: the left edge of its first line and the right edge of its last."""
    box: dict[str, float] = page.evaluate(
        """(needle) => {
            const walker = document.createTreeWalker(
                document.querySelector("article.story"), NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(needle);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + needle.length);
                range.startContainer.parentElement.scrollIntoView({block: "center"});
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {left: first.left, top: first.top + first.height / 2,
                        right: last.right, bottom: last.top + last.height / 2};
            }
            throw new Error("not in the article: " + needle);
        }""",
        needle,
    )
    return box


def drag_select(page: Page, needle: str, *, backward: bool = False) -> None:
    """Select `needle` with a real mouse drag, left to right or right to left."""
    box = text_box(page, needle)
    begin = (box["left"] + 1, box["top"])
    finish = (box["right"] - 1, box["bottom"])
    if backward:
        begin, finish = finish, begin
    page.mouse.move(*begin)
    page.mouse.down()
    page.mouse.move(*finish, steps=8)
    page.mouse.up()


def keyboard_select(page: Page, needle: str) -> None:
    """Click just before `needle`, then extend the selection with Shift+ArrowRight."""
    box = text_box(page, needle)
    page.mouse.click(box["left"] + 1, box["top"])
    for _ in range(len(needle)):
        page.keyboard.press("Shift+ArrowRight")


def selected_text(page: Page) -> str:
    text: str = page.evaluate("() => window.getSelection().toString()")
    return text


def expect_selection(page: Page, text: str) -> None:
    """Wait until the page's selection reads `text` (the dialog restores it as it closes)."""
    page.wait_for_function("(text) => window.getSelection().toString() === text", arg=text)


def report_request(request: Request) -> bool:
    return request.method == "POST" and request.url.endswith("/reports")


def send_and_capture(page: Page) -> tuple[dict[str, Any], dict[str, Any]]:
    """Press Send; return what the page posted and what the server answered."""
    with page.expect_response(lambda r: report_request(r.request)) as answer:
        page.get_by_role("button", name="Send report").click()
    response = answer.value
    sent = json.loads(response.request.post_data or "{}")
    return sent, response.json()


def expect_dialog_for(page: Page, quote: str) -> None:
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog).to_be_visible()
    mark = dialog.locator("mark")
    expect(mark).to_have_text(quote)
    # Marked by more than colour.
    expect(mark).to_have_css("font-weight", "700")
    expect(mark).to_have_css("text-decoration-line", "underline")
    expect(dialog.get_by_label("Correction")).to_be_focused()
    expect(dialog.get_by_label("Correction")).to_have_value(quote)


def correct_and_send(page: Page, server: LiveServer, text: str) -> dict[str, Any]:
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(RIGHT)
    dialog.get_by_label("Kind").select_option("name")
    sent, answer = send_and_capture(page)
    start = text.index(WRONG)
    assert sent["quote"] == WRONG
    assert (sent["start"], sent["end"]) == (start, start + len(WRONG))
    assert sent["prefix"] == text[start - 32 : start]
    assert sent["suffix"] == text[start + len(WRONG) : start + len(WRONG) + 32]
    assert sent["suggestion"] == RIGHT
    assert sent["kind"] == "name"
    assert answer["start"] == start
    expect(dialog.get_by_text("Thank you")).to_be_visible()
    link = dialog.get_by_role("link", name="See the status of your report")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{server.url}/reports/")
    return {"sent": sent, "answer": answer, "status_href": href}


def open_status_page(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="See the status of your report").click()
    assert "/reports/" in page.url
    expect(page.get_by_text(WRONG)).to_be_visible()
    expect(page.get_by_text(RIGHT)).to_be_visible()


# ---- desktop: mouse and keyboard -------------------------------------------


def test_reader_reports_the_demo_error_with_a_mouse_drag_and_ctrl_enter(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    drag_select(page, WRONG)
    assert selected_text(page) == WRONG
    page.keyboard.press("Control+Enter")
    expect_dialog_for(page, WRONG)
    sent = correct_and_send(page, live_server, text)
    status = page.request.get(sent["status_href"])
    assert status.status == 200
    assert WRONG in status.text()
    open_status_page(page)


def test_a_backward_mouse_selection_reports_the_same_words(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    drag_select(page, WRONG, backward=True)
    assert selected_text(page) == WRONG
    assert page.evaluate("() => window.getSelection().direction") == "backward"
    page.keyboard.press("Control+Enter")
    expect_dialog_for(page, WRONG)
    correct_and_send(page, live_server, text)
    open_status_page(page)


def test_a_backward_selection_made_by_script_reports_the_same_offsets(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    select_js(page, WRONG, backward=True)
    page.keyboard.press("Control+Enter")
    expect_dialog_for(page, WRONG)
    correct_and_send(page, live_server, text)


def test_a_keyboard_selection_with_shift_arrows_reports_the_demo_error(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    keyboard_select(page, WRONG)
    assert selected_text(page) == WRONG
    page.keyboard.press("Control+Enter")
    expect_dialog_for(page, WRONG)
    # A keyboard selection gets no floating button: the reader already has Ctrl+Enter.
    expect(page.locator(".report-float")).to_be_hidden()
    correct_and_send(page, live_server, text)
    open_status_page(page)


def test_meta_enter_opens_the_dialog_too(page: Page, live_server: LiveServer) -> None:
    open_article(page, live_server)
    select_js(page, WRONG)
    page.keyboard.press("Meta+Enter")
    expect_dialog_for(page, WRONG)


def test_ctrl_enter_inside_the_dialog_sends_from_the_comment_box(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(RIGHT)
    comment = dialog.get_by_label("Comment")
    comment.fill("Her first name")
    comment.press("Enter")  # a plain Enter is a new line in the comment, not a send
    page.keyboard.type("is Giorgia")
    with page.expect_response(lambda r: report_request(r.request)) as answer:
        comment.press("Control+Enter")
    sent = json.loads(answer.value.request.post_data or "{}")
    assert answer.value.status == 201
    assert sent["suggestion"] == RIGHT
    assert sent["comment"] == "Her first name\nis Giorgia"
    expect(dialog.get_by_text("Thank you")).to_be_visible()


def test_meta_enter_inside_the_dialog_sends_from_the_kind_menu(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(RIGHT)
    dialog.get_by_label("Kind").focus()
    with page.expect_response(lambda r: report_request(r.request)) as answer:
        page.keyboard.press("Meta+Enter")
    assert answer.value.status == 201
    expect(dialog.get_by_text("Thank you")).to_be_visible()


def test_ctrl_enter_without_a_selection_in_the_article_does_nothing(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    page.keyboard.press("Control+Enter")
    page.evaluate(
        """() => { const s = window.getSelection();
                   s.selectAllChildren(document.querySelector(".sitefoot")); }"""
    )
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_a_selection_longer_than_300_characters_asks_for_a_shorter_one(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    page.evaluate(
        """() => window.getSelection().selectAllChildren(document.querySelector("article.story"))"""
    )
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.locator(".report-toast")).to_contain_text("shorter")


def test_a_mouse_selection_shows_the_floating_button_which_opens_the_dialog(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    drag_select(page, WRONG)
    button = page.get_by_role("button", name="Report error", exact=True)
    expect(button).to_be_visible()
    button.click()
    expect_dialog_for(page, WRONG)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    # Cancelling gives the reader their selection back.
    expect_selection(page, WRONG)
    page.mouse.click(5, 5)
    expect(button).to_be_hidden()


def test_the_hint_says_cmd_enter_on_a_mac(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context()
    context.add_init_script(
        """Object.defineProperty(navigator, "platform", {get: () => "MacIntel"});
           Object.defineProperty(navigator, "userAgentData", {get: () => undefined});"""
    )
    try:
        page = context.new_page()
        open_article(page, live_server)
        hint = page.locator(".report-hint")
        expect(hint).to_contain_text("⌘+Enter")
        expect(hint).not_to_contain_text("Ctrl")
    finally:
        context.close()


STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def test_the_flow_works_under_a_strict_content_security_policy(
    page: Page, live_server: LiveServer
) -> None:
    def with_csp(route: Route) -> None:
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": STRICT_CSP}
        )

    page.route(f"**/articles/{DEMO_SLUG}", with_csp)
    page.add_init_script(
        """window.__violations = [];
           document.addEventListener("securitypolicyviolation",
               (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""
    )
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    select_js(page, WRONG)
    expect(page.get_by_role("button", name="Report error", exact=True)).to_be_visible()
    page.keyboard.press("Control+Enter")
    expect_dialog_for(page, WRONG)
    correct_and_send(page, live_server, text)
    assert page.evaluate("() => window.__violations") == []


# ---- limits: the server's, never a copy in the script -------------------------


SERVER_LIMITS = {
    "quote": MAX_QUOTE,
    "suggestion": MAX_SUGGESTION,
    "comment": MAX_COMMENT,
    "context": CONTEXT,
}


def test_the_dialog_and_the_plain_form_carry_the_servers_limits(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    dialog = page.locator("#report-dialog")
    assert dialog.get_attribute("data-max-quote") == str(MAX_QUOTE)
    assert dialog.get_attribute("data-max-suggestion") == str(MAX_SUGGESTION)
    assert dialog.get_attribute("data-max-comment") == str(MAX_COMMENT)
    assert dialog.get_attribute("data-context") == str(CONTEXT)
    assert page.evaluate("() => window.factcheckReport.limits") == SERVER_LIMITS
    for name, limit in [
        ("quote", MAX_QUOTE),
        ("suggestion", MAX_SUGGESTION),
        ("comment", MAX_COMMENT),
    ]:
        assert dialog.locator(f"textarea[name={name}]").get_attribute("maxlength") == str(limit)
    page.goto(f"{live_server.url}/articles/{DEMO_SLUG}/report")
    for name, limit in [
        ("quote", MAX_QUOTE),
        ("suggestion", MAX_SUGGESTION),
        ("comment", MAX_COMMENT),
    ]:
        assert page.locator(f"textarea[name={name}]").get_attribute("maxlength") == str(limit)


def serve_article_with(page: Page, replacements: dict[str, str]) -> None:
    """Rewrite the article page's HTML on its way to the browser."""

    def rewrite(route: Route) -> None:
        response = route.fetch()
        body = response.text()
        for old, new in replacements.items():
            assert old in body
            body = body.replace(old, new)
        route.fulfill(response=response, body=body)

    page.route(f"**/articles/{DEMO_SLUG}", rewrite)


def test_the_widget_uses_the_limits_the_page_carries(page: Page, live_server: LiveServer) -> None:
    # Were the script to keep its own 300 and 32, neither of these would change.
    serve_article_with(
        page,
        {
            f'data-max-quote="{MAX_QUOTE}"': 'data-max-quote="10"',
            f'data-context="{CONTEXT}"': 'data-context="4"',
        },
    )
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.locator(".report-toast")).to_contain_text("at most 10 characters")
    anchor = page.evaluate(
        "() => window.factcheckReport.anchorOf(window.getSelection().getRangeAt(0))"
    )
    start = text.index(WRONG)
    end = start + len(WRONG)
    assert anchor == {
        "quote": WRONG,
        "prefix": text[start - 4 : start],
        "suffix": text[end : end + 4],
        "start": start,
        "end": end,
        "error": "too-long",
    }


def test_without_limits_on_the_page_the_widget_does_not_start_and_the_link_still_works(
    page: Page, live_server: LiveServer
) -> None:
    serve_article_with(page, {f'data-max-quote="{MAX_QUOTE}"': ""})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(f"{live_server.url}/articles/{DEMO_SLUG}")
    page.wait_for_function("() => window.factcheckReport !== undefined")
    assert (
        page.evaluate("() => document.documentElement.classList.contains('report-ready')") is False
    )
    assert any("no limits" in error for error in errors)
    page.get_by_role("link", name="Report an error").click()
    page.wait_for_url(f"{live_server.url}/articles/{DEMO_SLUG}/report")


# ---- touch -------------------------------------------------------------------


@pytest.fixture
def phone(browser: Browser, playwright: Playwright) -> Iterator[Page]:
    device = {
        key: value
        for key, value in playwright.devices["Pixel 7"].items()
        if key != "default_browser_type"
    }
    context = browser.new_context(**device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_on_a_phone_the_floating_button_opens_a_full_width_dialog(
    phone: Page, live_server: LiveServer
) -> None:
    open_article(phone, live_server)
    expect(phone.locator(".report-hint")).to_contain_text("tap “Report error”")
    text = canonical_text(phone, live_server)
    select_js(phone, WRONG)
    button = phone.get_by_role("button", name="Report error", exact=True)
    expect(button).to_be_visible()
    button.tap()
    expect_dialog_for(phone, WRONG)
    dialog_width = phone.get_by_role("dialog").bounding_box()
    assert dialog_width is not None
    assert dialog_width["width"] >= phone.viewport_size["width"] - 1  # type: ignore[index]
    correct_and_send(phone, live_server, text)
    open_status_page(phone)


# ---- without a selection, and without JavaScript ----------------------------


def test_the_report_link_opens_the_dialog_with_a_text_to_correct_field(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    page.get_by_role("link", name="Report an error").click()
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog).to_be_visible()
    assert page.url.endswith(f"/articles/{DEMO_SLUG}")  # the click did not navigate
    expect(dialog.locator("mark")).to_be_hidden()
    quote = dialog.get_by_label("Text to correct")
    expect(quote).to_be_focused()
    quote.fill(WRONG)
    # The correction starts as a copy of the pasted words.
    expect(dialog.get_by_label("Correction")).to_have_value(WRONG)
    dialog.get_by_label("Correction").fill(RIGHT)
    sent, answer = send_and_capture(page)
    assert sent["quote"] == WRONG
    assert sent["start"] is None and sent["end"] is None
    assert sent["prefix"] == "" and sent["suffix"] == ""
    assert answer["quote"] == WRONG
    expect(dialog.get_by_text("Thank you")).to_be_visible()
    open_status_page(page)


def test_the_report_link_asks_for_the_wrong_words_before_sending(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    page.get_by_role("link", name="Report an error").click()
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(RIGHT)
    page.get_by_role("button", name="Send report").click()
    quote = dialog.get_by_label("Text to correct")
    expect(dialog.locator("#report-quote-error")).to_be_visible()
    expect(quote).to_have_attribute("aria-invalid", "true")
    expect(quote).to_be_focused()
    expect(dialog.get_by_label("Correction")).to_have_value(RIGHT)


def test_without_javascript_the_link_leads_to_a_plain_form_that_works(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/articles/{DEMO_SLUG}")
        page.get_by_role("link", name="Report an error").click()
        assert page.url == f"{live_server.url}/articles/{DEMO_SLUG}/report"
        page.locator("textarea[name=quote]").fill(WRONG)
        page.locator("textarea[name=suggestion]").fill(RIGHT)
        page.locator("select[name=kind]").select_option("name")
        with page.expect_navigation():
            page.get_by_role("button", name="Send report").click()
        assert "/reports/" in page.url
        expect(page.get_by_text("Thank you")).to_be_visible()
        expect(page.get_by_text(WRONG)).to_be_visible()
    finally:
        context.close()


# ---- keyboard-only use of the dialog ----------------------------------------


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page: Page) -> str:
    name: str = page.evaluate(
        """() => { const e = document.activeElement;
                   return e.name || e.getAttribute("aria-label") || e.textContent.trim(); }"""
    )
    return name


def test_the_dialog_works_from_the_keyboard_alone(page: Page, live_server: LiveServer) -> None:
    open_article(page, live_server)
    tab_to(page, "a.report-link")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Text to correct")).to_be_focused()
    order = []
    for _ in range(8):
        page.keyboard.press("Tab")
        order.append(focused(page))
    # Forward through the fields, then round to the top of the dialog: focus never leaves it.
    assert order == [
        "suggestion",
        "comment",
        "kind",
        "email",
        "Send report",
        "Cancel",
        "Close",
        "quote",
    ]
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Close"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("a.report-link")).to_be_focused()


def test_the_selection_dialog_starts_at_the_correction_and_esc_returns_focus(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    keyboard_select(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog.get_by_label("Correction")).to_be_focused()
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == ["comment", "kind", "email", "Send report"]
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect_selection(page, WRONG)
    # Reopening the same selection keeps what the reader had typed.
    page.keyboard.press("Control+Enter")
    expect(dialog.get_by_label("Correction")).to_have_value(WRONG)


# ---- errors from the server ---------------------------------------------------


def test_a_server_validation_error_appears_next_to_the_field_and_keeps_the_input(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Email").fill("reader@example.com")
    sent, answer = send_and_capture(page)
    assert answer["error"]["fields"]["suggestion"].startswith("Nothing to correct")
    error = dialog.locator("#report-suggestion-error")
    expect(error).to_contain_text("Nothing to correct")
    correction = dialog.get_by_label("Correction")
    expect(correction).to_have_attribute("aria-invalid", "true")
    expect(correction).to_be_focused()
    expect(dialog.get_by_label("Email")).to_have_value("reader@example.com")
    expect(page.get_by_role("button", name="Send report")).to_be_enabled()
    # Fixing the field clears the error and sends.
    correction.fill(RIGHT)
    sent, answer = send_and_capture(page)
    assert sent["email"] == "reader@example.com"
    expect(error).to_be_hidden()
    expect(dialog.get_by_text("Thank you")).to_be_visible()


def test_a_rate_limited_report_says_when_to_try_again(page: Page, live_server: LiveServer) -> None:
    open_article(page, live_server)
    page.route(
        f"**{REPORTS_API}",
        lambda route: route.fulfill(
            status=429,
            headers={"Retry-After": "42", "Content-Type": "application/json"},
            body=json.dumps({"error": {"code": "rate_limited", "message": "Too many."}}),
        ),
    )
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Correction").fill(RIGHT)
    page.get_by_role("button", name="Send report").click()
    expect(dialog.get_by_role("status")).to_contain_text("42 seconds")
    expect(dialog.get_by_label("Correction")).to_have_value(RIGHT)


def test_the_send_button_is_disabled_while_sending(page: Page, live_server: LiveServer) -> None:
    open_article(page, live_server)
    held = []
    page.route(f"**{REPORTS_API}", lambda route: held.append(route))
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    page.get_by_role("dialog").get_by_label("Correction").fill(RIGHT)
    send = page.get_by_role("button", name="Send report")
    send.click()
    expect(send).to_be_disabled()
    for _ in range(100):  # route handlers run while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    expect(send).to_be_disabled()
    held[0].continue_()
    expect(page.get_by_role("dialog").get_by_text("Thank you")).to_be_visible()


# ---- offsets: code points, not UTF-16 ------------------------------------------


EMOJI_SLUG = "emoji-before-the-error"
EMOJI_BODY = (
    "Fans waved 🇮🇹 flags and 🚀 rockets; the café crowd (👩‍👩‍👧) cheered.\n\n"
    "𝐁𝐨𝐥𝐝 maths letters come first here.\n\n" + DEMO_SENTENCE
)


def test_offsets_after_emoji_are_code_points_like_python(
    page: Page, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            an_article(session, EMOJI_SLUG, title="Emoji 🎉 headline", body=EMOJI_BODY)
        finally:
            session.close()
    open_article(page, live_server, EMOJI_SLUG)
    text = canonical_text(page, live_server, EMOJI_SLUG)
    start = text.index(WRONG)
    assert len(text[:start].encode("utf-16-le")) // 2 > start  # the test means something
    select_js(page, WRONG)
    page.keyboard.press("Control+Enter")
    expect_dialog_for(page, WRONG)
    page.get_by_role("dialog").get_by_label("Correction").fill(RIGHT)
    sent, answer = send_and_capture(page)
    assert (sent["start"], sent["end"]) == (start, start + len(WRONG))
    assert sent["prefix"] == text[start - 32 : start]
    assert (answer["start"], answer["end"]) == (start, start + len(WRONG))
    status = page.request.get(f"{live_server.url}/api/v1/reports/{answer['token']}")
    assert status.json()["quote"] == WRONG


def test_a_selection_across_paragraphs_maps_to_canonical_offsets(
    page: Page, live_server: LiveServer
) -> None:
    with live_server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            an_article(session, EMOJI_SLUG, title="Emoji 🎉 headline", body=EMOJI_BODY)
        finally:
            session.close()
    open_article(page, live_server, EMOJI_SLUG)
    text = canonical_text(page, live_server, EMOJI_SLUG)
    anchor = page.evaluate(
        """() => {
            const paras = document.querySelectorAll("article.story .para");
            const from = paras[0].firstChild, to = paras[1].firstChild;
            const range = document.createRange();
            range.setStart(from, from.data.indexOf("cheered"));
            range.setEnd(to, to.data.indexOf(" maths"));
            return window.factcheckReport.anchorOf(range);
        }"""
    )
    start, end = text.index("cheered"), text.index(" maths")
    assert anchor["quote"] == text[start:end] == "cheered.\n\n𝐁𝐨𝐥𝐝"
    assert (anchor["start"], anchor["end"]) == (start, end)
    assert anchor["suffix"] == text[end : end + 32]


OFFSET_FIXTURE = """
<div id="fixture">
  <h1 data-start="0">Hé 🎉 title</h1>
  <p class="meta">not part of the text</p>
  <p data-start="12">𝐀b <em>c👩‍👧d</em> e</p>
</div>
"""


def test_offset_conversion_in_the_page_script(page: Page, live_server: LiveServer) -> None:
    open_article(page, live_server)
    headline, paragraph = "Hé 🎉 title", "𝐀b c👩‍👧d e"
    text = headline + "\n\n" + paragraph
    assert text.index(paragraph) == 12
    result = page.evaluate(
        """(html) => {
            const api = window.factcheckReport;
            document.body.insertAdjacentHTML("beforeend", html);
            const root = document.getElementById("fixture");
            const [h1, meta, p] = root.querySelectorAll("h1, .meta, p[data-start]");
            const anchor = (setup) => {
                const range = document.createRange();
                setup(range);
                return api.anchorOf(range, root);
            };
            const em = p.querySelector("em");
            return {
                plain: api.codePointOffset("a🎉b", 3),
                inPair: api.codePointOffset("🎉", 1),
                zwj: api.codePointOffset("👩‍👧x", 5),
                // "title" in the headline: UTF-16 offset 6, code point 5.
                title: anchor(r => { r.setStart(h1.firstChild, 6); r.setEnd(h1.firstChild, 11); }),
                // Inside the <em>: "c👩‍👧d".
                nested: anchor(r => { r.setStart(em.firstChild, 0); r.setEnd(em.firstChild, 7); }),
                // Starts in the meta line (outside every block): clamped to the paragraph.
                clamped: anchor(r => { r.setStart(meta.firstChild, 4); r.setEnd(p.firstChild, 3) }),
                // Leading/trailing white space is trimmed off.
                trimmed: anchor(r => { r.setStart(h1.firstChild, 2); r.setEnd(h1.firstChild, 6); }),
                outside: anchor(r => { r.selectNodeContents(meta); }),
                collapsed: anchor(r => { r.setStart(p.firstChild, 1); r.collapse(true); }),
            };
        }""",
        OFFSET_FIXTURE,
    )
    assert result["plain"] == 2
    assert result["inPair"] == 1
    assert result["zwj"] == 3

    def expected(quote: str, start: int) -> dict[str, Any]:
        end = start + len(quote)
        assert text[start:end] == quote
        return {
            "quote": quote,
            "start": start,
            "end": end,
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
        }

    assert result["title"] == expected("title", 5)
    assert result["nested"] == expected("c👩‍👧d", text.index("c👩"))
    assert result["clamped"] == expected("𝐀b", 12)
    assert result["trimmed"] == expected("🎉", 3)
    assert result["outside"] is None
    assert result["collapsed"] is None


def test_the_page_script_agrees_with_the_servers_block_offsets(
    page: Page, live_server: LiveServer
) -> None:
    open_article(page, live_server)
    text = canonical_text(page, live_server)
    rebuilt = page.evaluate(
        """() => {
            const api = window.factcheckReport;
            const blocks = api.blocksOf(document.querySelector("article.story"));
            return api.canonicalOf(blocks).join("");
        }"""
    )
    assert rebuilt == text
