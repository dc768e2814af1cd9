"""One reader, one vote: look-alike variants of a suggestion are one report, a reader's
further reports add no votes, and candidates with mixed scripts are flagged and never
preselected (attack run: three variants of `Gіorgia Meloni`, Cyrillic і, outvoted two
genuine readers and were published in one click)."""

import json

import pytest
from sqlmodel import select

from factcheck.domain import confusables
from factcheck.domain.checker import check_scripts
from factcheck.models import Group, Report
from factcheck.services import group_page
from tests.builders import DEMO_SENTENCE, a_report, an_article

HOMOGLYPH = "G\u0456orgia Meloni"  # Cyrillic і


@pytest.mark.parametrize(
    "variant",
    [
        "Giorgia Meloni",
        "giorgia meloni",
        "Giorgia  Meloni",
        " Giorgia Meloni ",
        "Gior\u200bgia Meloni",
        "Giorgia\u00a0Meloni",
        HOMOGLYPH,
        "Giorgia Mel\u043eni",  # Cyrillic о
        "ＧＩＯＲＧＩＡ ＭＥＬＯＮＩ",  # fullwidth
    ],
)
def test_look_alike_variants_share_one_skeleton(variant):
    assert confusables.skeleton(variant) == confusables.skeleton("Giorgia Meloni")


def test_different_words_keep_different_skeletons():
    assert confusables.skeleton("Giorgia Meloni") != confusables.skeleton("Giorgio Meloni")
    assert confusables.skeleton("Київ") != confusables.skeleton("Kyiv")


def test_one_readers_variants_are_one_report_and_genuine_readers_win(session):
    an_article(session, "story")
    attacker = [
        a_report(session, "story", suggestion=text, reporter="attacker")
        for text in (HOMOGLYPH, "g\u0456orgia  meloni", "G\u0456or\u200bgia Meloni")
    ]
    assert len({r.id for r in attacker}) == 1  # the variants were repeats of the first
    for reader in ("alice", "bob"):
        a_report(session, "story", suggestion="Giorgia Meloni", reporter=reader)

    [group] = session.exec(select(Group)).all()
    assert (group.report_count, group.reporter_count) == (3, 3)
    candidates = json.loads(group.candidates)
    assert candidates[0]["text"] == "Giorgia Meloni"
    page = group_page.group_page(session, group.id)
    chosen = page.previews[page.preselected]
    assert chosen.text == "Giorgia Meloni" and chosen.warning is None
    # The look-alike folds into the genuine spelling, or stands flagged behind it.
    for preview in page.previews:
        if preview.text == HOMOGLYPH:
            assert "mixes letters" in (preview.warning or "")


def test_a_readers_second_suggestion_in_a_group_adds_no_vote(session):
    an_article(session, "story")
    a_report(session, "story", suggestion="Giorgia Meloni", reporter="alice")
    a_report(session, "story", suggestion="Georgia Meloni", reporter="alice")
    a_report(session, "story", suggestion="Georgia Meloni", reporter="alice2")
    [group] = session.exec(select(Group)).all()
    counts = {c["text"]: c["count"] for c in json.loads(group.candidates)}
    # alice's second thought is kept as a report but votes nowhere.
    assert group.report_count == 3
    assert sum(counts.values()) == 2, counts
    second = session.exec(select(Report).order_by(Report.id)).all()[1]
    assert "no new vote" in second.join_reason


def test_a_group_whose_only_candidate_has_look_alikes_preselects_nothing(session):
    an_article(session, "story")
    report = a_report(session, "story", suggestion=HOMOGLYPH, reporter="only")
    page = group_page.group_page(session, report.group_id)
    assert page.preselected is None
    assert page.top == page.group.quote  # the editor types the fix


def test_a_script_the_article_does_not_use_is_flagged_too():
    reason = confusables.suspicion("Георгия", "An English article about Georgia.")
    assert reason is not None and "CYRILLIC" in reason
    assert confusables.suspicion("Київ", "Стаття про Київ і Львів.") is None


def test_the_checker_flags_a_mixed_script_name_in_an_article(session):
    an_article(session, "story", body=DEMO_SENTENCE.replace("Georgia", "G\u0435orgia"))
    [finding] = check_scripts(DEMO_SENTENCE.replace("Georgia", "G\u0435orgia"))
    assert (finding.quote, finding.suggestion) == ("G\u0435orgia", "Georgia")
    machine = session.exec(select(Report).where(Report.source == "checker")).all()
    assert [(r.quote, r.suggestion) for r in machine] == [("G\u0435orgia", "Georgia")]
