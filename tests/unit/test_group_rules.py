"""The group page's pure rules: the note rule, a note template for every kind, why grouped
in plain words, the change as a title."""

import pytest

from factcheck.domain.lifecycle import Kind
from factcheck.domain.triage import (
    FACT_NOTE_REQUIRED,
    NAME_NOTE_WARNING,
    change_title,
    grouped_in_words,
    note_refusal,
    suggested_note,
)


@pytest.mark.parametrize("note", [None, "", "  \n "])
def test_a_fact_needs_a_note_even_when_the_editor_says_without(note):
    assert note_refusal(["fact"], note, without_note=True) == FACT_NOTE_REQUIRED
    assert note_refusal(["typo", "fact"], note, without_note=False) == FACT_NOTE_REQUIRED


def test_a_name_without_a_note_is_a_warning_the_editor_can_override():
    assert note_refusal(["name"], None, without_note=False) == NAME_NOTE_WARNING
    assert note_refusal(["name"], None, without_note=True) is None
    assert note_refusal(["name", "fact"], "Corrected.", without_note=False) is None


@pytest.mark.parametrize("kind", ["typo", "other"])
def test_typos_and_others_need_no_note(kind):
    assert note_refusal([kind], None, without_note=False) is None


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_house_style_note(kind):
    note = suggested_note(kind, " Vilnius ", "Kyiv")
    assert note.startswith("An earlier version of this article")
    assert "“Vilnius”" in note


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (
            "overlaps 100% of the smaller span; suggestion matches 'Giorgia Meloni' (100)",
            "same words selected, same fix proposed",
        ),
        (
            "overlaps 60% of the smaller span; suggestion matches 'Meloni' (86)",
            "overlapping words selected, similar fix proposed",
        ),
        (
            "overlaps 100% of the smaller span; comment-only report, joined by span",
            "same words selected, a comment on the same words",
        ),
        ("no open group nearby overlaps with a similar fix", "first report of this error"),
        ("something new the grouping says", "something new the grouping says"),
        ("", ""),
    ],
)
def test_why_grouped_in_plain_words(reason, words):
    assert grouped_in_words(reason) == words


def test_the_title_is_the_change_cut_at_a_word():
    assert change_title("Georgia  Maloney", "Giorgia Meloni") == (
        "Georgia Maloney",
        "Giorgia Meloni",
    )
    long_quote, _ = change_title("word " * 40, None)
    assert long_quote.endswith("…") and len(long_quote) <= 80 and "wor…" not in long_quote
