"""Laws of the pure core, checked on generated input: canonical text, anchoring, fixes."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from factcheck.domain.anchoring import CONTEXT, AnchorError, Selector, anchor, context_of
from factcheck.domain.text import (
    PARAGRAPH_SEPARATOR,
    blocks_of,
    body_of,
    canonical_text,
    normalise_block,
    split_paragraphs,
)
from factcheck.domain.triage import Replacement, apply_replacements

# Letters, marks (to exercise NFC), digits, punctuation, every kind of white space.
ANY_TEXT = st.text(
    st.characters(
        categories=["L", "M", "N", "P", "S", "Z", "Cc"],
        exclude_characters="\x00",
    ),
    max_size=200,
)
# Article-like text: few letters, so quotes repeat and anchoring has to choose.
PROSE = st.text(st.sampled_from("abc de.\n"), min_size=1, max_size=300)


@given(ANY_TEXT)
def test_normalising_a_block_twice_changes_nothing(raw):
    once = normalise_block(raw)
    assert normalise_block(once) == once
    assert once == once.strip()
    assert "  " not in once and "\n" not in once


@given(ANY_TEXT, st.lists(ANY_TEXT, max_size=6))
def test_canonical_text_cuts_back_into_its_blocks(title, paragraphs):
    text = canonical_text(title, paragraphs)
    expected = [normalise_block(title)] + [p for p in (normalise_block(p) for p in paragraphs) if p]
    blocks = blocks_of(text)
    assert [block.text for block in blocks] == expected
    for block in blocks:
        assert text[block.start : block.end] == block.text


@given(ANY_TEXT, st.lists(ANY_TEXT, max_size=6))
def test_canonical_text_survives_a_round_trip_through_its_body(title, paragraphs):
    text = canonical_text(title, paragraphs)
    assume(normalise_block(title))
    assert canonical_text(title, split_paragraphs(body_of(text))) == text
    assert canonical_text(text.split(PARAGRAPH_SEPARATOR)[0], split_paragraphs(body_of(text))) == (
        text
    )


@st.composite
def text_and_slice(draw, texts=PROSE):
    text = draw(texts)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 300)))
    return text, start, end


@given(text_and_slice())
def test_a_quote_with_its_offsets_anchors_exactly_there(case):
    text, start, end = case
    prefix, suffix = context_of(text, start, end, CONTEXT)
    found = anchor(text, Selector(text[start:end], prefix, suffix, start, end))
    assert (found.start, found.end) == (start, end)
    assert text[found.start : found.end] == text[start:end]


@settings(max_examples=200)
@given(text_and_slice(), st.one_of(st.none(), st.integers(-5, 400)), PROSE)
def test_an_anchor_found_without_trustworthy_offsets_points_at_the_quote(case, hint, inserted):
    text, start, end = case
    quote = text[start:end]
    prefix, suffix = context_of(text, start, end, CONTEXT)
    # The article changed before the quote and the offsets are stale (or missing).
    edited = inserted + text
    selector = Selector(quote, prefix, suffix, hint, None if hint is None else hint + len(quote))
    try:
        found = anchor(edited, selector)
    except AnchorError:
        return  # refusing (ambiguous or not found) is always allowed
    if found.method != "fuzzy":
        assert edited[found.start : found.end] == quote
    assert 0 <= found.start <= found.end <= len(edited)


@st.composite
def text_and_disjoint_replacements(draw):
    text = draw(st.text(max_size=120))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    replacements = [Replacement(a, b, draw(st.text(max_size=10))) for a, b in pairs]
    return text, replacements


def naive_rebuild(text: str, replacements: list[Replacement]) -> str:
    # From the end backwards, so earlier offsets stay valid; an insertion at the start of a
    # replaced span goes before the replacement.
    for item in sorted(replacements, key=lambda r: (r.start, r.end), reverse=True):
        text = text[: item.start] + item.text + text[item.end :]
    return text


@given(text_and_disjoint_replacements(), st.randoms(use_true_random=False))
def test_disjoint_fixes_apply_like_a_naive_rebuild_in_any_order(case, random):
    text, replacements = case
    # Two insertions at the same point would be ambiguous in order; the law is for spans.
    assume(
        len({(r.start, r.end) for r in replacements if r.start == r.end})
        == len([r for r in replacements if r.start == r.end])
    )
    shuffled = list(replacements)
    random.shuffle(shuffled)
    assert apply_replacements(text, shuffled) == naive_rebuild(text, replacements)


@given(st.text(min_size=2, max_size=80), st.data())
def test_overlapping_fixes_are_refused(text, data):
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 2, len(text)))
    inner = data.draw(st.integers(start + 1, end - 1))
    first = Replacement(start, end, "x")
    second = Replacement(inner, data.draw(st.integers(inner + 1, len(text))), "y")
    with pytest.raises(ValueError):
        apply_replacements(text, [first, second])
    with pytest.raises(ValueError):
        apply_replacements(text, [second, first])


@given(st.text(max_size=40), st.integers(-5, 60), st.integers(-5, 60))
def test_a_fix_outside_the_text_is_refused(text, start, end):
    assume(not 0 <= start <= end <= len(text))
    with pytest.raises(ValueError):
        apply_replacements(text, [Replacement(start, end, "x")])
