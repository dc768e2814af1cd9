"""Anchoring a reader's selection in a revision's canonical text, before and after edits."""

import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain.anchoring import (
    CONTEXT,
    Anchor,
    AnchorError,
    AnchorSettings,
    Selector,
    anchor,
    context_of,
    reanchor,
)
from factcheck.domain.pagetext import fold

DEMO = (
    "Crosetto, a strong supporter of Kyiv and a senior member of Prime Minister "
    "Georgia Maloney's Brothers of Italy party, reiterated that any peace talks must "
    "clearly recognise Russia's aggression against Ukraine in February 2022."
)
NAME = "Georgia Maloney"


def select(text: str, start: int, end: int, *, offsets: bool = True) -> Selector:
    """What the report script sends for text[start:end]."""
    prefix, suffix = context_of(text, start, end)
    if not offsets:
        return Selector(text[start:end], prefix, suffix, None, None)
    return Selector(text[start:end], prefix, suffix, start, end)


def select_quote(text: str, quote: str, occurrence: int = 0) -> Selector:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return select(text, start, start + len(quote))


def test_quote_at_its_offsets_is_accepted_as_is() -> None:
    selector = select_quote(DEMO, NAME)

    found = anchor(DEMO, selector)

    assert found == Anchor(DEMO.index(NAME), DEMO.index(NAME) + len(NAME), 100.0, "position")


def test_quote_shifted_by_text_inserted_before_is_found_exactly() -> None:
    selector = select_quote(DEMO, NAME)
    edited = "ROME (Reuters) - " + DEMO

    found = anchor(edited, selector)

    assert found.method == "exact"
    assert found.score == 100.0
    assert edited[found.start : found.end] == NAME


def test_quote_with_one_typo_is_found_approximately() -> None:
    selector = select_quote(DEMO, NAME)
    typo = Selector("Georgia Malonay", selector.prefix, selector.suffix, None, None)

    found = anchor(DEMO, typo)

    assert found.method == "fuzzy"
    assert DEMO[found.start : found.end] == NAME
    assert AnchorSettings().min_score <= found.score < 100


def test_report_on_the_demo_error_still_anchors_after_the_name_was_corrected() -> None:
    selector = select_quote(DEMO, NAME)
    fixed = DEMO.replace(NAME, "Giorgia Meloni")

    found = anchor(fixed, selector)

    assert found.method == "fuzzy"
    assert fixed[found.start : found.end] == "Giorgia Meloni"


def test_quote_is_found_after_text_around_it_was_slightly_edited() -> None:
    selector = select_quote(DEMO, "a senior member of Prime Minister")
    edited = "Rome. " + DEMO.replace("strong supporter", "firm supporter").replace(
        "a senior member", "a leading member"
    )

    found = anchor(edited, selector)

    assert found.method == "fuzzy"
    assert edited[found.start : found.end] == "a leading member of Prime Minister"


def test_the_middle_of_three_repeated_words_is_chosen_by_its_context() -> None:
    text = "Italy voted. Later Italy abstained. Finally Italy agreed to the resolution."
    selector = select_quote(text, "Italy", occurrence=1)
    moved = Selector(selector.quote, selector.prefix, selector.suffix, None, None)

    found = anchor("Update: " + text, moved)

    assert found.method == "exact"
    assert found.start == len("Update: ") + text.index("Later Italy") + len("Later ")


def test_repeated_word_is_chosen_by_context_even_when_its_offsets_point_at_another() -> None:
    text = "Italy voted. Later Italy abstained. Finally Italy agreed to the resolution."
    selector = select_quote(text, "Italy", occurrence=1)
    stale = Selector(selector.quote, selector.prefix, selector.suffix, 0, 5)

    found = anchor("Update: " + text, stale)

    assert found.start == len("Update: Italy voted. Later ")


def test_repeated_word_without_context_or_offsets_is_ambiguous() -> None:
    text = "Italy voted. Later Italy abstained. Finally Italy agreed."

    with pytest.raises(AnchorError) as caught:
        anchor(text, Selector("Italy", "", "", None, None))

    assert caught.value.reason == "ambiguous"
    assert "several times" in str(caught.value)


def test_repeated_word_without_context_goes_to_the_occurrence_nearest_its_offsets() -> None:
    text = "Italy voted. Later Italy abstained. Finally Italy agreed."
    last = text.rindex("Italy")

    found = anchor(text, Selector("Italy", "", "", last - 3, last + 2))

    assert (found.start, found.end) == (last, last + len("Italy"))


def test_passage_repeated_word_for_word_is_ambiguous_without_offsets() -> None:
    text = DEMO + " " + DEMO
    selector = select_quote(text, "Kyiv", occurrence=1)

    with pytest.raises(AnchorError) as caught:
        anchor(text, Selector(selector.quote, selector.prefix, selector.suffix, None, None))

    assert caught.value.reason == "ambiguous"


def test_one_letter_quote_is_anchored_by_its_context() -> None:
    start = DEMO.index("a senior")
    selector = select(DEMO, start, start + 1, offsets=False)

    found = anchor("Breaking: " + DEMO, selector)

    assert found == Anchor(start + len("Breaking: "), start + len("Breaking: ") + 1, 100.0, "exact")


def test_one_letter_quote_that_was_replaced_is_not_found() -> None:
    start = DEMO.index("a senior")
    selector = select(DEMO, start, start + 1)

    with pytest.raises(AnchorError) as caught:
        anchor(DEMO.replace("a senior", "@ senior"), selector)

    assert caught.value.reason == "not_found"


def test_text_that_is_not_in_the_article_is_not_found() -> None:
    selector = Selector("Silvio Berlusconi", "Prime Minister ", "'s Forza", 60, 77)

    with pytest.raises(AnchorError) as caught:
        anchor(DEMO, selector)

    assert caught.value.reason == "not_found"
    assert str(caught.value) == "The selected text could not be found in the article."


def test_empty_quote_is_not_found() -> None:
    with pytest.raises(AnchorError) as caught:
        anchor(DEMO, Selector("", "", "", 0, 0))

    assert caught.value.reason == "not_found"


def test_look_alike_elsewhere_is_not_taken_when_the_reported_words_were_rewritten() -> None:
    text = "Mr Maloney spoke first. " + DEMO
    selector = select_quote(text, NAME)
    rewritten = text.replace(NAME, "the prime minister's")

    with pytest.raises(AnchorError) as caught:
        anchor(rewritten, Selector(NAME, selector.prefix, selector.suffix, None, None))

    assert caught.value.reason == "not_found"


@pytest.mark.parametrize(
    ("start", "end"),
    [(-5, 3), (10, 2), (0, 10_000), (None, 4)],
    ids=["negative", "reversed", "past-the-end", "half-missing"],
)
def test_offsets_out_of_range_are_only_ignored(start: int | None, end: int | None) -> None:
    selector = select_quote(DEMO, NAME)

    found = anchor(DEMO, Selector(NAME, selector.prefix, selector.suffix, start, end))

    assert DEMO[found.start : found.end] == NAME
    assert found.method == "exact"


def test_offsets_count_code_points_after_emoji_and_astral_characters() -> None:
    text = "😀𝔘 " + DEMO
    start = text.index(NAME)
    assert start == len("😀𝔘 ") + DEMO.index(NAME)  # two code points, not four UTF-16 units

    assert anchor(text, select(text, start, start + len(NAME))).method == "position"
    assert anchor("😀" + text, select(text, start, start + len(NAME))).start == start + 1


def test_combining_characters_are_matched_in_nfc_text() -> None:
    text = unicodedata.normalize("NFC", "Le ministre a déclaré à Paris que l'Italie soutient Kyiv.")
    quote = unicodedata.normalize("NFC", "déclaré à Paris")
    selector = select_quote(text, quote)

    found = anchor("Mercredi. " + text, selector)

    assert ("Mercredi. " + text)[found.start : found.end] == quote
    assert found.end - found.start == 15  # é and à are one code point each after NFC


def test_cyrillic_quote_is_found_after_an_edit_before_it() -> None:
    text = "Министр обороны Италии Гвидо Крозетто заявил, что видит сигналы из России и Украины."
    selector = select_quote(text, "Гвидо Крозетто")

    found = anchor("Рим. " + text, selector)

    assert ("Рим. " + text)[found.start : found.end] == "Гвидо Крозетто"


def test_cyrillic_quote_with_a_typo_is_found_approximately() -> None:
    text = "Министр обороны Италии Гвидо Крозетто заявил, что видит сигналы из России и Украины."
    selector = select_quote(text, "Гвидо Крозетто")
    typo = Selector("Гвидо Кросетто", selector.prefix, selector.suffix, None, None)

    found = anchor(text, typo)

    assert (found.method, text[found.start : found.end]) == ("fuzzy", "Гвидо Крозетто")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("שר ההגנה האיטלקי גואידו קרוסטו אמר כי הוא רואה אותות משני הצדדים.", "גואידו קרוסטו"),
        ("قال وزير الدفاع الإيطالي غويدو كروسيتو إنه يرى إشارات من الجانبين.", "غويدو كروسيتو"),
    ],
    ids=["hebrew", "arabic"],
)
def test_right_to_left_quote_is_found_in_logical_order(text: str, quote: str) -> None:
    selector = select_quote(text, quote)

    moved = anchor("‏" + text, Selector(quote, selector.prefix, selector.suffix, None, None))

    assert moved.start == text.index(quote) + 1
    assert anchor(text, selector).method == "position"


def test_reanchor_follows_a_span_across_an_edit_before_it() -> None:
    start = DEMO.index(NAME)
    edited = DEMO.replace("a strong supporter", "a steadfast and vocal supporter")

    found = reanchor(DEMO, edited, start, start + len(NAME))

    assert edited[found.start : found.end] == NAME
    assert found.start == start + len("steadfast and vocal") - len("strong")


def test_reanchor_of_unchanged_text_keeps_the_span() -> None:
    start = DEMO.index(NAME)

    assert reanchor(DEMO, DEMO, start, start + len(NAME)) == Anchor(
        start, start + len(NAME), 100.0, "position"
    )


def test_reanchor_of_a_span_that_was_deleted_is_not_found() -> None:
    clause = " and a senior member of Prime Minister Georgia Maloney's Brothers of Italy party"
    start = DEMO.index(NAME)

    with pytest.raises(AnchorError) as caught:
        reanchor(DEMO, DEMO.replace(clause, ""), start, start + len(NAME))

    assert caught.value.reason == "not_found"


def test_context_is_cut_at_the_edges_of_the_text() -> None:
    assert context_of("abcdef", 0, 2) == ("", "cdef")
    assert context_of("x" * 40 + "Kyiv" + "y" * 40, 40, 44) == ("x" * CONTEXT, "y" * CONTEXT)


def test_long_article_is_searched_without_stalling() -> None:
    other = DEMO.replace(NAME, "the prime minister")
    paragraphs = [f"Paragraph {n}. " + (DEMO if n == 600 else other) for n in range(800)]
    article = "\n\n".join(paragraphs)  # about 190,000 code points
    start = article.index(NAME)
    selector = select(article, start, start + len(NAME))
    typo = Selector("Georgia Malonay", selector.prefix, selector.suffix, None, None)

    found = anchor(article, typo)

    assert (found.start, found.end, found.method) == (start, start + len(NAME), "fuzzy")


# Property tests: a small alphabet makes repeats (and so ambiguity) common.
texts = st.text(alphabet="ab c😀é𝔘ש\n", min_size=1, max_size=120)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@given(text_and_span())
def test_any_selection_with_its_offsets_anchors_where_it_was_made(
    case: tuple[str, int, int],
) -> None:
    text, start, end = case

    found = anchor(text, select(text, start, end))

    assert (found.start, found.end) == (start, end)


@given(text_and_span())
def test_any_selection_without_offsets_anchors_where_it_was_made_or_is_ambiguous(
    case: tuple[str, int, int],
) -> None:
    text, start, end = case

    try:
        found = anchor(text, select(text, start, end, offsets=False))
    except AnchorError as error:
        assert error.reason == "ambiguous"
    else:
        assert (found.start, found.end) == (start, end)


@given(text_and_span(), st.text(alphabet="xyz", min_size=1, max_size=50))
def test_any_selection_survives_text_inserted_before_it(
    case: tuple[str, int, int], inserted: str
) -> None:
    text, start, end = case
    cut = start // 2  # somewhere before the selection
    edited = text[:cut] + inserted + text[cut:]

    found = reanchor(text, edited, start, end)

    assert (found.start, found.end) == (start + len(inserted), end + len(inserted))


@given(
    texts,
    st.text(alphabet="ab c😀é", min_size=1, max_size=12),
    st.text(alphabet="ab c", max_size=CONTEXT),
    st.text(alphabet="ab c", max_size=CONTEXT),
    st.one_of(st.none(), st.integers(-5, 130)),
    st.integers(0, 12),
)
def test_an_exact_anchor_always_points_at_the_quote(
    text: str, quote: str, prefix: str, suffix: str, start: int | None, length: int
) -> None:
    end = None if start is None else start + length
    try:
        found = anchor(text, Selector(quote, prefix, suffix, start, end))
    except AnchorError as error:
        assert error.reason in {"not_found", "ambiguous"}
        return

    assert 0 <= found.start <= found.end <= len(text)
    assert 0 <= found.score <= 100
    if found.method in {"position", "exact"}:
        assert text[found.start : found.end] == quote
        assert found.score == 100
    elif found.method == "folded":
        assert fold(text[found.start : found.end]) == fold(quote)
        assert found.score == 100
    else:
        assert found.score >= AnchorSettings().min_score


# Reports from a newsroom's own page: quote and context cut from the page text, whose
# typography differs from the stored text; anchors are canonical code points all the same.
STORED = (
    'Italy Sees "Important Signals" for Starting Peace Talks\n\n'
    "ROME, Jan 10 (Reuters) - Italy's defence minister said on Wednesday he saw signals from "
    "Russia and Ukraine - including Prime Minister Georgia Maloney's party - that could lead "
    "to peace talks...\n\n"
    "Crosetto, a strong supporter of Kyiv, said Italy's position was clear."
)
# The same article as a WordPress page shows it (wptexturize, &nbsp;, soft hyphens) and the
# page text rule reads it, with a "Read also" line the editors typed into the body.
PAGE = (
    "Italy Sees “Important Signals” for Starting Peace Talks\n\n"
    "ROME, Jan 10 (Reuters) — Italy’s defence minister said on Wednesday he saw signals from "
    "Russia and Ukraine — including Prime\u00a0Minister Geor\u00adgia Maloney’s party — that "
    "could lead to peace talks…\n\n"
    "READ ALSO: Meloni meets Zelensky in Kyiv\n\n"
    "Crosetto, a strong supporter of Kyiv, said Italy’s position was clear."
)


def page_select(page: str, quote: str, occurrence: int = 0) -> Selector:
    """What the embed widget sends: quote, context and offsets all in the page text."""
    start = -1
    for _ in range(occurrence + 1):
        start = page.index(quote, start + 1)
    prefix, suffix = context_of(page, start, start + len(quote))
    return Selector(quote, prefix, suffix, start, start + len(quote), page_hint=True)


@pytest.mark.parametrize(
    ("page_quote", "stored_quote"),
    [
        ("Geor\u00adgia Maloney’s", "Georgia Maloney's"),
        ("Prime\u00a0Minister", "Prime Minister"),
        ("“Important Signals”", '"Important Signals"'),
        ("Ukraine — including", "Ukraine - including"),
        ("peace talks…", "peace talks..."),
        ("Italy’s position", "Italy's position"),
    ],
)
def test_page_text_quotes_with_artefacts_anchor_at_canonical_offsets(
    page_quote: str, stored_quote: str
) -> None:
    found = anchor(STORED, page_select(PAGE, page_quote))

    assert found.method == "folded"
    assert STORED[found.start : found.end] == stored_quote
    assert (found.start, found.end) == (
        STORED.index(stored_quote),
        STORED.index(stored_quote) + len(stored_quote),
    )


def test_a_plain_page_quote_with_artefacts_only_in_its_context_anchors() -> None:
    # The second "Kyiv" of the page: the first is in the "Read also" line.
    found = anchor(STORED, page_select(PAGE, "Kyiv", occurrence=1))

    assert (found.start, found.end) == (STORED.index("Kyiv"), STORED.index("Kyiv") + 4)


def test_a_page_quote_with_a_typo_in_it_is_still_found_on_folded_text() -> None:
    selector = page_select(PAGE, "Geor\u00adgia Maloney’s")
    typo = replace(selector, quote="Geor\u00adgia Malonay’s")

    found = anchor(STORED, typo)

    assert found.method == "fuzzy"
    assert STORED[found.start : found.end] == "Georgia Maloney's"


def test_a_quote_of_only_invisible_characters_is_not_found() -> None:
    with pytest.raises(AnchorError) as caught:
        anchor(STORED, Selector("\u00ad\u200b", "", "", None, None, page_hint=True))

    assert caught.value.reason == "not_found"


def test_a_page_hint_is_not_taken_as_canonical_offsets() -> None:
    # The page's offsets of the second "Kyiv" point at the first one in the stored text
    # (a one-code-point shorter dash before it, no "Read also" line): the context decides.
    text = "Kyiv—Kyiv. Kyiv again, and then Kyiv."
    stored = text.replace("—", "-x")
    selector = page_select(text, "Kyiv", occurrence=1)

    found = anchor(stored, selector)

    assert found.start == stored.index("Kyiv", 1)


TWICE = (
    "The minister met the delegation in Rome on Monday and left for Kyiv.\n\n"
    "On Friday the minister met the delegation in Milan and left for Kyiv."
)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # The page's context differs from the stored one by a word (an edit since the page
        # was loaded, or a word a CMS filter changed): the closer context wins.
        (TWICE.replace("in Rome on Monday", "in Rome last Monday"), 0),
        (TWICE.replace("Friday the minister", "Friday, the minister"), 1),
        (TWICE.replace("in Milan and", "in Milano and"), 1),
    ],
)
def test_identical_occurrences_are_told_apart_by_slightly_different_context(
    page: str, expected: int
) -> None:
    selector = page_select(page, "met the delegation", occurrence=expected)

    found = anchor(TWICE, selector)

    starts = [TWICE.index("met the delegation"), TWICE.rindex("met the delegation")]
    assert found.start == starts[expected]


def test_identical_occurrences_with_balanced_context_are_refused_even_with_a_page_hint() -> None:
    # The page shows the passage twice with the same context around both, as stored.
    text = DEMO + " " + DEMO
    page = text.replace("'", "’")
    selector = page_select(page, "Kyiv", occurrence=1)

    with pytest.raises(AnchorError) as caught:
        anchor(text, selector)

    assert caught.value.reason == "ambiguous"


def test_with_canonical_offsets_the_same_balanced_case_goes_to_the_nearest() -> None:
    text = DEMO + " " + DEMO
    page = text.replace("'", "’")
    selector = replace(page_select(page, "Kyiv", occurrence=1), page_hint=False)

    found = anchor(text, selector)

    assert found.start == text.rindex("Kyiv")
