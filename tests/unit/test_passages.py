"""Passages on the editor's pages: the block around a group's words, and what a fix changes."""

from factcheck.domain.passages import changed_blocks, passage_of, preview_of, short_context

TEXT = "A headline\n\nFirst paragraph with Georgia Maloney.\n\nLast one."


def test_a_passage_is_its_block_cut_around_the_quote():
    start = TEXT.index("Georgia")
    passage = passage_of(TEXT, start, start + len("Georgia Maloney"))
    assert (passage.before, passage.quote, passage.after) == (
        "First paragraph with ",
        "Georgia Maloney",
        ".",
    )
    assert passage.block_start == TEXT.index("First")
    assert passage.block_text == "First paragraph with Georgia Maloney."


def test_a_quote_running_past_its_block_is_clipped_to_it():
    start = TEXT.index("Maloney")
    assert passage_of(TEXT, start, len(TEXT)).quote == "Maloney."


def test_the_preview_is_the_word_diff_of_the_block_after_the_fix():
    start = TEXT.index("Georgia")
    pieces = preview_of(passage_of(TEXT, start, start + 15), "Giorgia Meloni")
    assert "".join(p.text for p in pieces if p.tag != "insert") == (
        "First paragraph with Georgia Maloney."
    )
    assert "".join(p.text for p in pieces if p.tag != "delete") == (
        "First paragraph with Giorgia Meloni."
    )
    assert {p.tag for p in pieces} == {"equal", "delete", "insert"}


def test_a_short_context_never_crosses_a_paragraph():
    start = TEXT.index("First")
    assert short_context(TEXT, start, start + 5, width=20) == ("", "First", " paragraph with…")


def test_a_short_context_never_cuts_a_word():
    text = "The prime minister Georgia Maloney met the chancellor in Rome on Monday."
    start = text.index("Georgia")
    before, quote, after = short_context(text, start, start + len("Georgia Maloney"), width=12)
    assert (before, quote, after) == ("…minister ", "Georgia Maloney", " met the…")
    whole = short_context(text, start, start + 7, width=200)
    assert whole == ("The prime minister ", "Georgia", text[start + 7 :])


def test_only_the_blocks_that_differ_are_diffed():
    changed = changed_blocks(TEXT, TEXT.replace("Maloney", "Meloni"))
    assert len(changed) == 1
    assert any(p.tag == "insert" and "Meloni" in p.text for p in changed[0])
    assert changed_blocks(TEXT, TEXT) == []
