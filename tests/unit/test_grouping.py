"""Unit tests for grouping reader reports: minimal edits, projection, candidates, decisions."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.domain.grouping import (
    JOIN,
    NEW,
    POSSIBLE,
    Edit,
    GroupingSettings,
    GroupView,
    candidates,
    decide,
    minimal_edit,
    near_window,
    occurrences,
    project,
    widened_span,
)

DEMO = (
    "Crosetto, a strong supporter of Kyiv and a senior member of Prime Minister Georgia "
    "Maloney's Brothers of Italy party, reiterated that any peace talks must clearly recognise "
    "Russia's aggression against Ukraine in February 2022."
)
NAME = DEMO.index("Georgia Maloney")
NAME_END = NAME + len("Georgia Maloney")
SURNAME = DEMO.index("Maloney")


def report(text: str, quote: str, suggestion: str, nth: int = 0) -> Edit:
    start = occurrences(text, quote)[nth]
    return minimal_edit(text, start, start + len(quote), suggestion)


def changed(text: str, edit: Edit) -> tuple[str, str]:
    return text[edit.start : edit.end], edit.replacement


@pytest.mark.parametrize(
    ("quote", "suggestion", "expected"),
    [
        ("Maloney", "Meloni", ("Maloney", "Meloni")),
        ("Georgia Maloney", "Giorgia Meloni", ("Georgia Maloney", "Giorgia Meloni")),
        ("Maloney's", "Meloni's", ("Maloney", "Meloni")),
        (
            "Prime Minister Georgia Maloney's",
            "Prime Minister Giorgia Meloni's",
            ("Georgia Maloney", "Giorgia Meloni"),
        ),
        (
            "Prime Minister Georgia Maloney's",
            "  prime  minister GIORGIA Meloni's ",
            ("Georgia Maloney", "GIORGIA Meloni"),
        ),
        ("aloney", "eloni", ("Maloney", "Meloni")),
        ("Minister Georgia Maloney's Bro", "Minister Georgia Meloni's Bro", ("Maloney", "Meloni")),
    ],
)
def test_minimal_edit_strips_what_quote_and_suggestion_share(
    quote: str, suggestion: str, expected: tuple[str, str]
) -> None:
    assert changed(DEMO, report(DEMO, quote, suggestion)) == expected


def test_minimal_edit_keeps_a_fix_that_only_changes_case() -> None:
    text = "The summit in paris ended."
    assert changed(text, report(text, "in paris", "in Paris")) == ("paris", "Paris")


def test_minimal_edit_of_a_comment_only_report_is_the_selection_trimmed_to_words() -> None:
    selection = "aloney's Brothers of Italy party, "
    start = DEMO.index(selection)
    edit = minimal_edit(DEMO, start, start + len(selection), selection)
    assert changed(DEMO, edit) == ("Maloney's Brothers of Italy party",) * 2


def test_deleting_either_copy_of_a_repeated_word_is_the_same_edit() -> None:
    text = "He said that the the talks were over."
    first = report(text, "the the", "the")
    second = report(text, "the talks", "talks")
    assert first == second
    assert project(text, first, first.start, first.end) == ""


def test_project_puts_a_one_word_fix_into_the_groups_wider_span() -> None:
    edit = report(DEMO, "Maloney", "Meloni")
    assert project(DEMO, edit, NAME, NAME_END) == "Georgia Meloni"


def test_project_widens_to_an_edit_reaching_past_the_span() -> None:
    edit = report(DEMO, "Georgia Maloney", "Giorgia Meloni")
    assert project(DEMO, edit, SURNAME, NAME_END) == "Giorgia Meloni"
    assert widened_span(SURNAME, NAME_END, edit, is_comment_only=False) == (NAME, NAME_END)


def test_similar_suggestions_fold_into_one_candidate_spelled_as_the_article_would() -> None:
    edits = [
        report(DEMO, "Maloney", "Meloni"),
        report(DEMO, "Georgia Maloney", "Giorgia Meloni"),
        report(DEMO, "Georgia Maloney", "giorgia meloni"),
        report(DEMO, "Georgia Maloney", "Giorgia Melloni"),
    ]
    result = candidates(DEMO, NAME, NAME_END, edits)
    assert result[0].text == "Giorgia Meloni"
    assert result[0].count == 4


def test_different_fixes_stay_separate_candidates_with_their_counts() -> None:
    edits = [report(DEMO, "Maloney", "Meloni")] * 3 + [report(DEMO, "Maloney", "Malone")]
    result = candidates(DEMO, SURNAME, NAME_END, edits)
    assert [(c.text, c.count) for c in result] == [("Meloni", 3), ("Malone", 1)]


def test_merged_candidate_combines_fixes_of_different_words() -> None:
    edits = [report(DEMO, "Georgia", "Giorgia"), report(DEMO, "Maloney", "Meloni")]
    result = candidates(DEMO, NAME, NAME_END, edits)
    assert result[0].text == "Giorgia Meloni"
    assert result[0].merged
    assert result[0].count == 2


def test_candidates_ignore_comment_only_reports() -> None:
    comment = report(DEMO, "Georgia Maloney", "Georgia Maloney")
    assert candidates(DEMO, NAME, NAME_END, [comment]) == []


def group_of(*edits: Edit, group_id: int = 1) -> GroupView:
    return GroupView(group_id, min(e.start for e in edits), max(e.end for e in edits), tuple(edits))


def test_a_matching_fix_on_the_same_words_joins_the_group() -> None:
    group = group_of(report(DEMO, "Georgia Maloney", "Giorgia Meloni"))
    decision = decide(DEMO, report(DEMO, "Maloney's", "Meloni's"), False, [group])
    assert decision.action == JOIN
    assert decision.group_id == 1
    assert decision.overlap == 1.0
    assert decision.similarity >= GroupingSettings().high
    assert "Giorgia Meloni" in decision.reason


def test_a_different_fix_on_the_same_words_is_a_possible_duplicate() -> None:
    group = group_of(report(DEMO, "Maloney", "Meloni"))
    decision = decide(DEMO, report(DEMO, "Maloney", "Malone"), False, [group])
    assert decision.action == POSSIBLE
    assert decision.group_id == 1


def test_an_unrelated_fix_on_the_same_words_starts_a_new_group() -> None:
    group = group_of(report(DEMO, "Maloney", "Meloni"))
    decision = decide(DEMO, report(DEMO, "Maloney", "Draghi"), False, [group])
    assert decision.action == NEW
    assert decision.group_id is None


def test_thresholds_come_from_settings() -> None:
    group = group_of(report(DEMO, "Maloney", "Meloni"))
    edit = report(DEMO, "Maloney", "Malone")
    strict = GroupingSettings(high=99.0, low=95.0)
    lenient = GroupingSettings(high=60.0, low=50.0)
    assert decide(DEMO, edit, False, [group], strict).action == NEW
    assert decide(DEMO, edit, False, [group], lenient).action == JOIN


def test_a_short_quote_needs_a_stronger_span_match_than_a_longer_one() -> None:
    group = group_of(report(DEMO, "Brothers of Italy", "Fratelli d'Italia"))
    two_words = report(DEMO, "Maloney's Brothers", "Maloney's Brothers")
    three_words = report(DEMO, "Maloney's Brothers of", "Maloney's Brothers of")
    assert decide(DEMO, two_words, True, [group]).action == POSSIBLE
    assert decide(DEMO, three_words, True, [group]).action == JOIN


def test_a_different_error_in_the_next_sentence_is_a_new_group() -> None:
    group = group_of(report(DEMO, "Georgia Maloney", "Giorgia Meloni"))
    window = near_window(report(DEMO, "February 2022", "February 2022"))
    edit = report(DEMO, "February 2022", "February 2023")
    assert decide(DEMO, edit, False, [group]).action == NEW
    assert window[0] <= edit.start and edit.end <= window[1]


def test_the_same_misspelling_at_two_places_is_two_groups() -> None:
    text = "Maloney spoke first. Later, Maloney spoke again."
    first = report(text, "Maloney spoke first", "Meloni spoke first")
    second = report(text, "Later, Maloney", "Later, Meloni", nth=0)
    assert second.start == occurrences(text, "Maloney")[1]
    assert decide(text, second, False, [group_of(first)]).action == NEW


def test_a_comment_only_report_joins_by_span() -> None:
    group = group_of(report(DEMO, "Georgia Maloney", "Giorgia Meloni"))
    comment = report(DEMO, "Minister Georgia Maloney's", "Minister Georgia Maloney's")
    decision = decide(DEMO, comment, True, [group])
    assert decision.action == JOIN
    assert "comment" in decision.reason


def test_a_suggestion_joins_a_group_of_comments_by_span() -> None:
    comments = GroupView(7, NAME, NAME_END, ())
    decision = decide(DEMO, report(DEMO, "Maloney", "Meloni"), False, [comments])
    assert (decision.action, decision.group_id) == (JOIN, 7)


def test_occurrences_finds_every_place_of_a_quote() -> None:
    assert occurrences("on on on", "on") == [0, 3, 6]
    assert occurrences("abc", "") == []


DEMO_REPORTS = [
    ("Maloney", "Meloni"),
    ("Maloney", "meloni"),
    ("Maloney's", "Meloni's"),
    ("Georgia Maloney", "Giorgia Meloni"),
    ("Georgia Maloney", "giorgia meloni"),
    ("Georgia Maloney", "Giorgia Melloni"),
    ("Georgia Maloney", "  Giorgia   Meloni "),
    ("Georgia Maloney's", "Giorgia Meloni's"),
    ("Prime Minister Georgia Maloney's", "Prime Minister Giorgia Meloni's"),
    ("Prime Minister Georgia Maloney's", "prime minister giorgia meloni's"),
    ("Minister Georgia Maloney", "Minister Giorgia Meloni"),
    ("of Prime Minister Georgia Maloney's Brothers", "of Prime Minister Giorgia Meloni's Brothers"),
    ("Georgia", "Giorgia"),
    ("Georgia Maloney", "Georgia Meloni"),
    ("eorgia Maloney", "iorgia Meloni"),
    ("Georgia Malon", "Giorgia Melon"),
    ("GEORGIA MALONEY", "GIORGIA MELONI"),
    ("Maloney's Brothers of Italy", "Meloni's Brothers of Italy"),
    ("Georgia Maloney", "Giorgia Meloni"),
    ("Georgia Maloney", "Giorgia Meloni"),
    ("Maloney", "Meloni"),
    ("Georgia Maloney", "Georgia Maloney"),  # comment only: "her name is misspelt"
    ("Prime Minister Georgia Maloney's", "Prime Minister Georgia Maloney's"),
    ("Georgia Maloney's", "Giorgia Meloni's"),
    ("Georgia Maloney", "Giorgia Meloni,"),
]


def test_the_demo_error_reported_25_ways_folds_into_one_group_offering_giorgia_meloni() -> None:
    assert len(DEMO_REPORTS) == 25
    groups: list[GroupView] = []
    members: dict[int, list[Edit]] = {}
    for quote, suggestion in DEMO_REPORTS:
        start = DEMO.upper().index(quote.upper())
        edit = minimal_edit(DEMO, start, start + len(quote), suggestion)
        comment_only = edit.is_identity(DEMO)
        lo, hi = near_window(edit)
        nearby = [g for g in groups if g.start <= hi and lo <= g.end]
        decision = decide(DEMO, edit, comment_only, nearby)
        if decision.group_id is None:
            groups.append(GroupView(len(groups), edit.start, edit.end, ()))
            members[len(groups) - 1] = []
            group = groups[-1]
        else:
            group = groups[decision.group_id]
        group.start, group.end = widened_span(group.start, group.end, edit, comment_only)
        members[group.id].append(edit)
        group.top_edits = tuple(e for e in members[group.id] if not e.is_identity(DEMO))[:3]
    assert len(groups) == 1
    offered = candidates(DEMO, groups[0].start, groups[0].end, members[0])
    assert "Giorgia Meloni" in {c.text for c in offered[:2]}
    assert DEMO[groups[0].start : groups[0].end] == "Georgia Maloney"


@given(st.text(alphabet="ab ,", min_size=1, max_size=12), st.data())
def test_applying_a_minimal_edit_gives_the_suggestion_up_to_case_and_spacing(
    text: str, data: st.DataObject
) -> None:
    text = " ".join(text.split()) or "a"
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(quote.strip())
    suggestion = data.draw(st.text(alphabet="ab ,", max_size=8))
    assume(" ".join(suggestion.split()) != quote.strip())
    edit = minimal_edit(text, start, end, suggestion)
    after = text[: edit.start] + edit.replacement + text[edit.end :]
    # Readers' white space at the ends of a selection or suggestion is not part of the fix.
    lo = start + len(quote) - len(quote.lstrip())
    hi = end - len(quote) + len(quote.rstrip())
    expected = text[:lo] + " ".join(suggestion.split()) + text[hi:]
    assert " ".join(after.casefold().split()) == " ".join(expected.casefold().split())


def test_a_full_tally_counts_look_alike_edits_towards_their_nearest() -> None:
    from collections import Counter

    from factcheck.domain.grouping import Edit, GroupingSettings, fold_edit

    text = "Prime Minister Georgia Maloney spoke."
    start = text.index("Maloney")
    settings = GroupingSettings(tally_limit=2)
    tally: Counter[Edit] = Counter({Edit(start, start + 7, "Meloni"): 5})
    tally = fold_edit(text, tally, Edit(start, start + 7, "Draghi"), settings)
    assert len(tally) == 2  # room left: a new alternative is kept as it is
    tally = fold_edit(text, tally, Edit(start, start + 7, "Melonni"), settings)
    assert len(tally) == 2
    assert tally[Edit(start, start + 7, "Meloni")] == 6  # folded into its look-alike
    tally = fold_edit(text, tally, Edit(start, start + 7, "Mattarella"), settings)
    # A real alternative still counts, in the place of the least reported one.
    assert tally == Counter(
        {Edit(start, start + 7, "Meloni"): 6, Edit(start, start + 7, "Mattarella"): 1}
    )


def test_a_tally_never_grows_past_its_limit_whatever_is_sent() -> None:
    from collections import Counter

    from factcheck.domain.grouping import Edit, GroupingSettings, fold_edit

    text = "Prime Minister Georgia Maloney spoke."
    start = text.index("Maloney")
    settings = GroupingSettings(tally_limit=5)
    tally: Counter[Edit] = Counter({Edit(start, start + 7, "Meloni"): 50})
    for number in range(200):  # 200 unrelated one-off suggestions
        tally = fold_edit(text, tally, Edit(start, start + 7, f"x{number * 7919:x}q"), settings)
        assert len(tally) <= 5
    assert tally.most_common(1) == [(Edit(start, start + 7, "Meloni"), 50)]
