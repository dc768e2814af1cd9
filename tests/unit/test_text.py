"""Canonical text: the contract every offset relies on."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain.text import (
    blocks_of,
    body_of,
    canonical_text,
    normalise_block,
    split_paragraphs,
)


def test_headline_and_paragraphs_are_joined_by_blank_lines():
    assert canonical_text("Title", ["One.", "Two."]) == "Title\n\nOne.\n\nTwo."


def test_white_space_runs_fold_to_one_space_and_are_trimmed():
    assert normalise_block("  Prime \t Minister\n\nGeorgia\u00a0 Maloney  ") == (
        "Prime Minister Georgia Maloney"
    )


def test_text_is_nfc_normalised():
    decomposed = "Cafe\u0301 cre\u0300me"
    assert normalise_block(decomposed) == unicodedata.normalize("NFC", decomposed)
    assert len(normalise_block(decomposed)) == len("Café crème")


def test_empty_paragraphs_are_dropped():
    assert canonical_text("T", ["", "   ", "Body"]) == "T\n\nBody"


def test_body_is_split_on_blank_lines_even_with_spaces_or_crlf():
    body = "One line\nstill one.\r\n\r\nTwo.\n \t \nThree.\n\n\n\nFour."
    assert split_paragraphs(body) == ["One line still one.", "Two.", "Three.", "Four."]


def test_blocks_carry_their_code_point_start_offsets():
    text = canonical_text("😀 Emoji headline", ["Café with Георгий", "שלום עולם"])
    blocks = blocks_of(text)
    assert [b.kind for b in blocks] == ["headline", "paragraph", "paragraph"]
    for block in blocks:
        assert text[block.start : block.end] == block.text


def test_body_of_is_everything_after_the_headline():
    assert body_of("T\n\nA\n\nB") == "A\n\nB"


paragraph = st.text(min_size=0, max_size=40)


@given(st.text(max_size=30), st.lists(paragraph, max_size=6))
def test_canonical_text_is_stable_and_blocks_round_trip(title, paragraphs):
    text = canonical_text(title, paragraphs)
    blocks = blocks_of(text)
    assert canonical_text(blocks[0].text, [b.text for b in blocks[1:]]) == text
    for block in blocks:
        assert text[block.start : block.end] == block.text
        assert block.text == block.text.strip()
        assert "\n" not in block.text
        assert unicodedata.is_normalized("NFC", block.text)


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5))
def test_splitting_a_canonical_body_gives_its_paragraphs_back(paragraphs):
    text = canonical_text("T", paragraphs)
    assert split_paragraphs(body_of(text)) == [b.text for b in blocks_of(text)[1:]]
