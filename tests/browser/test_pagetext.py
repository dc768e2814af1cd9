"""The widget's page-text rule in Chromium agrees with Python's page_blocks, case by case.

Each HTML case of tests/fixtures/pagetext_cases.json is parsed by the browser's own HTML parser
(DOMParser, in a page of the live app, the module imported from its static files) and read
by pagetext.js's pageText; the blocks must be the ones factcheck.domain.pagetext gives.
"""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from factcheck.domain.pagetext import page_blocks
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "pagetext_cases.json").read_text("utf-8")
)

READ_BLOCKS = """async ([html, selector]) => {
  const m = await import("/static/report/pagetext.js");
  const doc = new DOMParser().parseFromString(html, "text/html");
  const roots = selector === null
    ? [doc.documentElement]
    : [...doc.querySelectorAll(selector)].filter(
        (el) => !(el.parentElement && el.parentElement.closest(selector)));
  return roots.flatMap((root) => m.pageText(root).blocks.map((block) => block.text));
}"""


@pytest.fixture(scope="module")
def module_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page(module_page: Page, live_server: LiveServer) -> Page:
    response = module_page.goto(f"{live_server.url}/")
    assert response is not None and response.ok
    return module_page


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_page_text_in_the_browser_is_python_page_blocks(page: Page, case: dict[str, str]) -> None:
    selector = case.get("selector")
    expected = page_blocks(case["html"], selector)
    assert expected == case["blocks"]

    assert page.evaluate(READ_BLOCKS, [case["html"], selector]) == expected


LOCATE = """async ([html, from, to]) => {
  const m = await import("/static/report/pagetext.js");
  const doc = new DOMParser().parseFromString(html, "text/html");
  const result = m.pageText(doc.querySelector(".entry-content"));
  const point = ([selector, child, offset]) => {
    const node = child === null ? doc.querySelector(selector)
      : doc.querySelector(selector).childNodes[child];
    return [node, offset];
  };
  const range = doc.createRange();
  range.setStart(...point(from));
  range.setEnd(...point(to));
  const found = m.locate(result, range);
  if (found === null) return null;
  return Array.from(result.text).slice(found.start, found.end).join("");
}"""

HTML = (
    '<div class="entry-content"><p id="a">Prime&nbsp;Minister  Geor&shy;gia <b>Maloney</b>'
    "&#8217;s party</p>"
    '<div class="ad" id="ad"><p>Buy 😀 now</p></div>'
    '<p id="b">Crosetto &#8212; a d\u0065\u0301fense minister</p></div>'
)


@pytest.mark.parametrize(
    ("start", "end", "quote"),
    [
        # Text node offsets are UTF-16; the soft hyphen stays, NBSP and the double space fold.
        (("#a", 0, 6), ("#a", 0, 24), "Minister Geor\u00adgia"),
        (("#a", 0, 20), ("#a b", 0, 7), "\u00adgia Maloney"),
        # A point in a skipped box moves forward (start) or back (end) to text that is read.
        (("#ad p", 0, 4), ("#b", 0, 8), "Crosetto"),
        (("#a b", 0, 0), ("#ad p", 0, 6), "Maloney’s party"),
        # Element points, and a combining mark composed by NFC inside the block.
        (("#b", None, 0), ("#b", None, 1), "Crosetto — a défense minister"),
        (("#ad", None, 0), ("#ad", None, 1), None),
    ],
)
def test_locate_maps_a_dom_range_to_page_text_code_points(
    page: Page, start: tuple[str, int | None, int], end: tuple[str, int | None, int], quote: str
) -> None:
    assert page.evaluate(LOCATE, [HTML, list(start), list(end)]) == quote
