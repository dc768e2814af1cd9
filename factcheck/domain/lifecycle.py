"""The group lifecycle: statuses, kinds and reasons, and the transitions allowed between them.

A group is every report of one error at one place in an article. It is born `open` (or
`outdated`, when the reported words are already gone, or `fixed`, when an editor repeats a
correction elsewhere) and moves only along `TRANSITIONS`; `advance` is the one check, and
every service that changes a group's status goes through it.

    open ──snooze──> snoozed ──wake / reopen──> open
    open | snoozed ──fix──> fixed ──regress──> open     (the wrong words are back)
    open | snoozed ──outdate──> outdated                 (the text can no longer be found)
    open | snoozed | outdated ──reject──> rejected ──reopen──> open
    open | snoozed | outdated ──merge──> merged          (its reports moved to another group)
"""

from dataclasses import dataclass
from enum import StrEnum

from factcheck.domain.errors import Conflict


class GroupStatus(StrEnum):
    OPEN = "open"
    SNOOZED = "snoozed"
    FIXED = "fixed"
    REJECTED = "rejected"
    OUTDATED = "outdated"
    MERGED = "merged"


# New reports join these, and re-anchoring moves them with every revision.
COLLECTING = (GroupStatus.OPEN, GroupStatus.SNOOZED)
# Waiting for an editor's decision: reject, merge and split accept these.
UNSETTLED = (GroupStatus.OPEN, GroupStatus.SNOOZED, GroupStatus.OUTDATED)
# The queue's status filter: any one status, or every group.
ALL = "all"


class Kind(StrEnum):
    """What kind of error a reader says it is; the queue ranks by it first."""

    TYPO = "typo"
    NAME = "name"
    FACT = "fact"
    OTHER = "other"


KIND_LABELS = {
    Kind.TYPO: "Typo or spelling",
    Kind.NAME: "Wrong name",
    Kind.FACT: "Factual error",
    Kind.OTHER: "Other",
}


class RejectReason(StrEnum):
    NOT_ERROR = "not_error"
    STYLE = "style"
    DUPLICATE = "duplicate"
    SPAM = "spam"


REJECT_LABELS = {
    RejectReason.NOT_ERROR: "Not an error",
    RejectReason.STYLE: "Style choice",
    RejectReason.DUPLICATE: "Duplicate",
    RejectReason.SPAM: "Spam",
}


def reason_parts(reason: str) -> tuple[str | None, str]:
    """A stored reason ("Style choice: House style…") as its label and the editors' own
    words, so each can be shown in the reader's language; (None, reason) for any other text."""
    for label in REJECT_LABELS.values():
        if reason == label:
            return label, ""
        if reason.startswith(label + ": "):
            return label, reason[len(label) + 2 :]
    return None, reason


class Transition(StrEnum):
    SNOOZE = "snooze"
    WAKE = "wake"  # enough new reports, or the snooze date passed
    FIX = "fix"  # an editor published a fix, or a new revision reads as a candidate
    REGRESS = "regress"  # a new report shows the fixed words back in the current text
    OUTDATE = "outdate"
    REJECT = "reject"
    REOPEN = "reopen"
    MERGE = "merge"


@dataclass(frozen=True)
class Rule:
    sources: tuple[GroupStatus, ...]
    target: GroupStatus
    verb: str  # "… cannot be {verb}": what the conflict message says


TRANSITIONS: dict[Transition, Rule] = {
    Transition.SNOOZE: Rule((GroupStatus.OPEN,), GroupStatus.SNOOZED, "snoozed"),
    Transition.WAKE: Rule((GroupStatus.SNOOZED,), GroupStatus.OPEN, "woken"),
    Transition.FIX: Rule(COLLECTING, GroupStatus.FIXED, "fixed"),
    Transition.REGRESS: Rule((GroupStatus.FIXED,), GroupStatus.OPEN, "reopened by a report"),
    Transition.OUTDATE: Rule(COLLECTING, GroupStatus.OUTDATED, "marked outdated"),
    Transition.REJECT: Rule(UNSETTLED, GroupStatus.REJECTED, "rejected"),
    Transition.REOPEN: Rule(
        (GroupStatus.REJECTED, GroupStatus.SNOOZED), GroupStatus.OPEN, "reopened"
    ),
    Transition.MERGE: Rule(UNSETTLED, GroupStatus.MERGED, "merged"),
}


def allows(status: str, transition: Transition) -> bool:
    return status in TRANSITIONS[transition].sources


def advance(status: str, transition: Transition) -> GroupStatus:
    """The status after `transition`, or a Conflict naming why it cannot happen now."""
    rule = TRANSITIONS[transition]
    if status not in rule.sources:
        raise Conflict(f"A group that is {status} cannot be {rule.verb}.", status=status)
    return rule.target


class Outcome(StrEnum):
    """What reporters and webhooks hear about when a group is settled (or unsettled)."""

    FIXED = "fixed"
    REJECTED = "rejected"
    REOPENED = "reopened"


# Reporters are emailed about these; a reopened group has nothing to tell anyone yet.
EMAILED_OUTCOMES = (Outcome.FIXED, Outcome.REJECTED)


class ReaderState(StrEnum):
    """A report's state in words its reader understands (never other readers' data)."""

    RECEIVED = "received"  # not in a group (yet)
    GROUPED = "grouped"  # waiting for an editor
    FIXED = "fixed"
    DECLINED = "declined"
    REVIEW = "review"  # the article changed; an editor must look


def reader_state(status: str | None) -> ReaderState:
    """What the reader of a report in a group of `status` (None: no group) is told."""
    if status is None:
        return ReaderState.RECEIVED
    return {
        GroupStatus.FIXED: ReaderState.FIXED,
        GroupStatus.REJECTED: ReaderState.DECLINED,
        GroupStatus.OUTDATED: ReaderState.REVIEW,
    }.get(GroupStatus(status), ReaderState.GROUPED)
