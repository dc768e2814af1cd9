"""The page-text rule and the matching fold (factcheck/domain/pagetext.py).

tests/fixtures/fold_cases.json and pagetext_cases.json are shared with the JS tests
(tests/js/pagetext.test.mjs, tests/browser/test_pagetext.py): one expectation, two implementations.
"""

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from factcheck.domain.pagetext import (
    INVISIBLE,
    WHITESPACE,
    fold,
    fold_spans,
    fold_with_map,
    has_artefacts,
    page_blocks,
    page_text,
    skipped_element,
    skipped_name,
)
from factcheck.domain.text import normalise_block

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FOLD_CASES = json.loads((FIXTURES / "fold_cases.json").read_text(encoding="utf-8"))
PAGE_CASES = json.loads((FIXTURES / "pagetext_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", FOLD_CASES, ids=[c["name"] for c in FOLD_CASES])
def test_each_fold_rule(case: dict[str, object]) -> None:
    folded, mapping = fold_with_map(str(case["text"]))

    assert folded == case["folded"]
    assert mapping == case["map"]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["name"] for c in PAGE_CASES])
def test_cms_markup_gives_the_blocks_a_reader_sees(case: dict[str, object]) -> None:
    selector = case.get("selector")
    assert (
        page_blocks(str(case["html"]), None if selector is None else str(selector))
        == (case["blocks"])
    )


def test_page_text_joins_blocks_like_canonical_text() -> None:
    assert page_text("<h1>Title</h1><p>One.</p><p>Two.</p>") == "Title\n\nOne.\n\nTwo."


def test_whitespace_set_is_pythons_isspace() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert set(WHITESPACE) == {ch for ch in everything if ch.isspace()}


@pytest.mark.parametrize(
    ("tag", "attrs"),
    [
        ("script", {}),
        ("style", {}),
        ("noscript", {}),
        ("template", {}),
        ("iframe", {}),
        ("svg", {}),
        ("button", {}),
        ("input", {}),
        ("select", {}),
        ("textarea", {}),
        ("figure", {}),
        ("figcaption", {}),
        ("aside", {}),
        ("nav", {}),
        ("div", {"hidden": ""}),
        ("p", {"aria-hidden": "true"}),
        ("p", {"aria-hidden": " TRUE "}),
        ("div", {"style": "margin:0;display:none"}),
        ("span", {"style": "visibility: hidden"}),
        ("div", {"class": "ad"}),
        ("div", {"class": "post-body ads-wrapper"}),
        ("div", {"id": "div-gpt-ad-1"}),
        ("ins", {"class": "adsbygoogle"}),
        ("div", {"class": "advertisement"}),
        ("div", {"class": "sponsored_box"}),
        ("div", {"class": "read-also"}),
        ("div", {"class": "readAlso"}),
        ("div", {"class": "see_also"}),
        ("div", {"class": "jp-relatedposts"}),
        ("div", {"class": "sharedaddy"}),
        ("div", {"class": "social-links"}),
        ("div", {"class": "newsletter"}),
    ],
)
def test_each_skip_rule(tag: str, attrs: dict[str, str]) -> None:
    assert skipped_element(tag, attrs)


@pytest.mark.parametrize(
    ("tag", "attrs"),
    [
        ("p", {}),
        ("div", {"class": "entry-content"}),
        ("div", {"class": "shadow header loaded"}),
        ("div", {"class": "readability"}),
        ("p", {"aria-hidden": "false"}),
        ("div", {"style": "display: block"}),
        ("article", {"class": "post category-ads tag-share"}),
        ("img", {"alt": "ad"}),
    ],
)
def test_article_text_is_not_skipped(tag: str, attrs: dict[str, str]) -> None:
    assert not skipped_element(tag, attrs)


def test_class_names_are_read_by_their_parts() -> None:
    assert skipped_name("td-ad-box") and skipped_name("ALSO_READ")
    assert not skipped_name("header") and not skipped_name("read-more-link")


@pytest.mark.parametrize("selector", ["a:hover", "a ~ b", "a + b", "> a", "a >", "", "a,,b", "::x"])
def test_unsupported_selectors_are_refused(selector: str) -> None:
    with pytest.raises(ValueError, match="selector"):
        page_blocks("<p>x</p>", selector)


@pytest.mark.parametrize(
    ("selector", "blocks"),
    [
        ("div", ["a", "b"]),
        (".body", ["a"]),
        ("#second", ["b"]),
        ("div.body", ["a"]),
        ("[data-x]", ["b"]),
        ("[data-x=two]", ["b"]),
        ('[data-x="one"]', []),
        ("section p", ["b"]),
        ("section > div > p", ["b"]),
        ("main > p", []),
        ("*", ["a", "b"]),
        ("#second, .body", ["a", "b"]),
    ],
)
def test_the_selector_subset(selector: str, blocks: list[str]) -> None:
    html = (
        '<main><div class="body lead"><p>a</p></div>'
        '<section><div id="second" data-x="two"><p>b</p></div></section></main>'
    )
    assert page_blocks(html, selector) == blocks


# Property tests: text with every kind of artefact the fold handles.
ARTEFACTS = INVISIBLE + "\u2018\u2019\u201c\u201d\u2013\u2014\u2212\u2026\u00a0\u202f\u2009"
ANY_TEXT = st.text(
    st.one_of(
        st.characters(categories=["L", "M", "N", "P", "S", "Z", "Cc"], exclude_characters="\x00"),
        st.sampled_from(ARTEFACTS + "e\u0301 \n"),
    ),
    max_size=120,
)


@given(ANY_TEXT)
def test_every_folded_code_point_comes_from_the_code_point_it_maps_to(text: str) -> None:
    folded, mapping = fold_with_map(text)
    _, starts, ends = fold_spans(text)

    assert len(mapping) == len(folded) + 1 and mapping[-1] == len(text)
    assert mapping == sorted(mapping)
    for i, ch in enumerate(folded):
        source = text[starts[i] : ends[i]]
        assert starts[i] == mapping[i] < ends[i] <= len(text)
        assert source[0] not in INVISIBLE
        # The source, folded on its own, holds the code point (or composes into it).
        assert ch in fold(source) or ch in unicodedata.normalize("NFC", fold(source))


@given(ANY_TEXT, st.integers(0, 120), st.integers(0, 120))
@example("000\U0002f800", 0, 3)  # a compatibility ideograph NFC changes, after an ASCII digit
def test_a_folded_match_maps_back_to_text_that_folds_to_it(text: str, a: int, b: int) -> None:
    folded, starts, ends = fold_spans(text)
    a, b = sorted((min(a, len(folded)), min(b, len(folded))))
    if a == b:
        return
    original = text[starts[a] : ends[b - 1]]

    # Mapping back and folding again gives the match, up to white space at its edges.
    assert fold(original).strip() == folded[a:b].strip() or (
        unicodedata.normalize("NFC", fold(original)).strip() == folded[a:b].strip()
    )


@given(ANY_TEXT)
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(ANY_TEXT, st.integers(0, 120), st.sampled_from(INVISIBLE))
def test_an_inserted_invisible_character_changes_nothing(text: str, at: int, ch: str) -> None:
    at = min(at, len(text))
    assert fold(text[:at] + ch + text[at:]) == fold(text)


@given(ANY_TEXT, st.sampled_from("\u00a0\u202f\u2009\u2007\u3000"))
def test_a_space_turned_into_a_typographic_space_changes_nothing(text: str, space: str) -> None:
    assert fold(text.replace(" ", space)) == fold(text)


@given(ANY_TEXT)
def test_canonical_text_without_artefacts_folds_to_itself(text: str) -> None:
    canonical = normalise_block(text)
    if not has_artefacts(canonical):
        assert fold(canonical) == canonical


def test_folding_keeps_case() -> None:
    assert fold("Giorgia MELONI’S") == "Giorgia MELONI'S"
