"""The group lifecycle: which moves are allowed, and what a reader is told."""

import pytest

from factcheck.domain.errors import Conflict
from factcheck.domain.lifecycle import (
    COLLECTING,
    TRANSITIONS,
    UNSETTLED,
    GroupStatus,
    ReaderState,
    Transition,
    advance,
    allows,
    reader_state,
)

S = GroupStatus
ALLOWED = {
    (S.OPEN, Transition.SNOOZE): S.SNOOZED,
    (S.SNOOZED, Transition.WAKE): S.OPEN,
    (S.SNOOZED, Transition.REOPEN): S.OPEN,
    (S.REJECTED, Transition.REOPEN): S.OPEN,
    (S.OPEN, Transition.FIX): S.FIXED,
    (S.SNOOZED, Transition.FIX): S.FIXED,
    (S.FIXED, Transition.REGRESS): S.OPEN,
    (S.OPEN, Transition.OUTDATE): S.OUTDATED,
    (S.SNOOZED, Transition.OUTDATE): S.OUTDATED,
    (S.OPEN, Transition.REJECT): S.REJECTED,
    (S.SNOOZED, Transition.REJECT): S.REJECTED,
    (S.OUTDATED, Transition.REJECT): S.REJECTED,
    (S.OPEN, Transition.MERGE): S.MERGED,
    (S.SNOOZED, Transition.MERGE): S.MERGED,
    (S.OUTDATED, Transition.MERGE): S.MERGED,
}


@pytest.mark.parametrize("status", list(GroupStatus))
@pytest.mark.parametrize("transition", list(Transition))
def test_exactly_the_documented_moves_are_allowed(status, transition):
    expected = ALLOWED.get((status, transition))
    assert allows(status, transition) is (expected is not None)
    if expected is None:
        with pytest.raises(Conflict) as caught:
            advance(status, transition)
        assert caught.value.details == {"status": status}
        assert str(status) in caught.value.message
    else:
        assert advance(status, transition) is expected


def test_a_merged_or_fixed_group_cannot_be_rejected_or_snoozed():
    for status in (S.MERGED, S.FIXED):
        for transition in (Transition.REJECT, Transition.SNOOZE, Transition.MERGE):
            assert not allows(status, transition)


def test_plain_strings_from_the_database_are_accepted():
    assert advance("open", Transition.SNOOZE) == "snoozed"


def test_every_status_is_reachable_and_every_transition_lands_somewhere():
    targets = {rule.target for rule in TRANSITIONS.values()}
    # Born open, outdated (a late report) or fixed (a repeated correction); the rest by moves.
    assert targets | {S.OPEN, S.OUTDATED, S.FIXED} == set(GroupStatus)
    assert set(TRANSITIONS) == set(Transition)


def test_collecting_groups_are_the_unsettled_ones_that_still_take_reports():
    assert set(COLLECTING) < set(UNSETTLED)
    assert set(UNSETTLED) - set(COLLECTING) == {S.OUTDATED}


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (None, ReaderState.RECEIVED),
        (S.OPEN, ReaderState.GROUPED),
        (S.SNOOZED, ReaderState.GROUPED),
        (S.FIXED, ReaderState.FIXED),
        (S.REJECTED, ReaderState.DECLINED),
        (S.OUTDATED, ReaderState.REVIEW),
        (S.MERGED, ReaderState.GROUPED),
    ],
)
def test_a_reader_is_told_their_groups_state_in_their_words(status, state):
    assert reader_state(status) is state
