"""The queue's impact rank (domain.triage.impact): what moves a group up and down."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain.triage import Priority, Signals, agreement, explain, impact

NOW = datetime(2026, 12, 1, 23, 50, tzinfo=UTC)


def signals(**changes) -> Signals:
    values = {
        "reporters": 1,
        "reports": 1,
        "agreeing": 1,
        "checker": False,
        "kind": "typo",
        "priority": Priority.NORMAL,
        "last_seen": NOW,
    }
    return Signals(**(values | changes))


def test_eight_readers_agreeing_on_a_name_outrank_one_reader_calling_it_a_fact():
    # The issue's own case: Vilnius → Kyiv by one reader, chosen "factual error", later
    # rejected, above the Prime Minister's name reported by eight readers and the checker.
    lone_fact = signals(kind="fact", last_seen=NOW + timedelta(hours=2))
    crowd_name = signals(kind="name", reporters=8, reports=9, agreeing=8, checker=True)
    assert impact(crowd_name) > impact(lone_fact)


def test_every_signal_raises_the_rank_on_its_own():
    base = impact(signals())
    assert impact(signals(reporters=2, reports=2, agreeing=1)) > base
    assert impact(signals(checker=True)) > base
    assert impact(signals(kind="fact")) > impact(signals(kind="name")) > base
    assert impact(signals(priority=Priority.HIGH)) > base > impact(signals(priority=Priority.LOW))
    assert impact(signals(last_seen=NOW + timedelta(minutes=1))) > base
    assert impact(signals(regressed=True)) > impact(signals(reporters=1000, priority=2))


def test_agreement_needs_two_reports_and_rises_with_the_share():
    assert agreement(signals()) == 0.0
    split = signals(reporters=4, reports=4, agreeing=2)
    together = signals(reporters=4, reports=4, agreeing=4)
    assert agreement(split) == 0.5 and agreement(together) == 1.0
    assert impact(together) > impact(split)


def test_an_editors_high_priority_outweighs_a_few_more_readers():
    assert impact(signals(priority=Priority.HIGH)) > impact(signals(reporters=4, reports=4))


def test_recency_breaks_ties_without_ever_needing_a_recompute():
    older, newer = signals(), signals(last_seen=NOW + timedelta(days=3))
    # Three days later are worth doubling the readers: 1 reader now ~ 3 readers 3 days ago.
    assert impact(newer) - impact(older) == pytest.approx(10.0)


def test_a_naive_time_is_utc():
    assert impact(signals(last_seen=NOW.replace(tzinfo=None))) == impact(signals())


def test_explain_names_the_parts_in_words():
    words = [
        text
        for text, _ in explain(
            signals(reporters=8, reports=8, agreeing=8, checker=True, priority=2)
        )
    ]
    assert words[0] == "8 readers"
    assert "100% propose the same fix" in words
    assert "confirmed by the name checker" in words
    assert "priority: urgent" in words


@given(
    reporters=st.integers(0, 10**6),
    reports=st.integers(0, 10**6),
    agreeing=st.integers(0, 10**6),
    checker=st.booleans(),
    kind=st.sampled_from(["typo", "name", "fact", "other", "bogus"]),
    priority=st.sampled_from(list(Priority)),
)
def test_more_readers_never_lower_the_rank(reporters, reports, agreeing, checker, kind, priority):
    one = signals(
        reporters=reporters,
        reports=reports,
        agreeing=agreeing,
        checker=checker,
        kind=kind,
        priority=priority,
    )
    more = signals(
        reporters=reporters + 1,
        reports=reports,
        agreeing=agreeing,
        checker=checker,
        kind=kind,
        priority=priority,
    )
    assert impact(more) > impact(one)
