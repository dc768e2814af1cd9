"""Pure triage rules: the queue's impact rank, correction-note wording, and applying
replacements to text."""

import itertools
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from factcheck.domain.lifecycle import Kind

# Factual errors mislead; wrong names offend; typos distract. The reader chooses the kind,
# so it is a hint in the rank (an editor can change it), never the first key.
KIND_WEIGHT = {Kind.FACT: 3, Kind.NAME: 2, Kind.TYPO: 1, Kind.OTHER: 1}


class Priority(IntEnum):
    """An editor's say in the queue's order, on top of what the reports show."""

    LOW = -1
    NORMAL = 0
    HIGH = 1
    URGENT = 2


PRIORITY_LABELS = {
    Priority.URGENT: "Urgent",
    Priority.HIGH: "High",
    Priority.NORMAL: "Normal",
    Priority.LOW: "Low",
}

# The impact rank's points. One more reader counts for less the more there are (log2):
# 1 reader 10 points, 3 readers 20, 7 readers 30. A group seen RECENCY_DAYS later than
# another earns RECENCY_POINTS more, as the "hot" rank of news aggregators: the points grow
# with time, so a stored rank never needs recomputing to decay, and newer reports win ties.
READER_POINTS = 10.0
AGREEMENT_POINTS = 8.0  # every report of the group proposes the same fix
CHECKER_POINTS = 8.0  # the name checker (stylebook) flagged the same words
KIND_POINTS = 2.0  # per step of KIND_WEIGHT
PRIORITY_POINTS = 25.0  # per step of Priority: an editor's "high" outweighs four readers
RECENCY_POINTS = 10.0
RECENCY_DAYS = 3.0
REGRESSED_POINTS = 10_000.0  # a correction a CMS update undid is live misinformation again


@dataclass(frozen=True)
class Signals:
    """What a group's rank is made of."""

    reporters: int  # unique readers (the checker counts as one)
    reports: int
    agreeing: int  # reports proposing the most-proposed fix
    checker: bool
    kind: str
    priority: int
    last_seen: datetime
    regressed: bool = False


def agreement(signals: Signals) -> float:
    """How much the readers agree on the fix, 0..1; one report alone shows no agreement."""
    if signals.reports < 2:
        return 0.0
    return min(1.0, max(0, signals.agreeing) / signals.reports)


def impact(signals: Signals) -> float:
    """The queue's rank: higher first. Unique readers, their agreement, the checker's
    confirmation, the kind hint, the editor's priority and recency, in points."""
    seen = signals.last_seen
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    points = READER_POINTS * math.log2(1 + max(0, signals.reporters))
    points += AGREEMENT_POINTS * agreement(signals)
    points += CHECKER_POINTS if signals.checker else 0.0
    points += KIND_POINTS * KIND_WEIGHT.get(signals.kind, 1)  # type: ignore[call-overload]
    points += PRIORITY_POINTS * signals.priority
    points += RECENCY_POINTS * seen.timestamp() / (RECENCY_DAYS * 86_400)
    return points + (REGRESSED_POINTS if signals.regressed else 0.0)


def explain(signals: Signals) -> list[tuple[str, float]]:
    """The rank's parts, in words, for the editor who asks why a group stands where it does
    (recency is left out: it orders groups, its absolute points mean nothing)."""
    parts = [
        (
            f"{signals.reporters} reader{'' if signals.reporters == 1 else 's'}",
            READER_POINTS * math.log2(1 + max(0, signals.reporters)),
        )
    ]
    if agreement(signals):
        parts.append(
            (
                f"{round(100 * agreement(signals))}% propose the same fix",
                AGREEMENT_POINTS * agreement(signals),
            )
        )
    if signals.checker:
        parts.append(("confirmed by the name checker", CHECKER_POINTS))
    parts.append(
        (f"kind: {signals.kind}", KIND_POINTS * KIND_WEIGHT.get(signals.kind, 1))  # type: ignore[call-overload]
    )
    if signals.priority:
        label = PRIORITY_LABELS.get(Priority(signals.priority), str(signals.priority))
        parts.append((f"priority: {label.lower()}", PRIORITY_POINTS * signals.priority))
    if signals.regressed:
        parts.append(("undone by a CMS update", REGRESSED_POINTS))
    return parts


@dataclass(frozen=True)
class Replacement:
    """Replace text[start:end] with `text` (code points in one revision's canonical text)."""

    start: int
    end: int
    text: str


def apply_replacements(text: str, replacements: list[Replacement]) -> str:
    """Apply non-overlapping replacements; raise ValueError when two overlap or one is outside."""
    ordered = sorted(replacements, key=lambda r: (r.start, r.end))
    for earlier, later in itertools.pairwise(ordered):
        if later.start < earlier.end:
            raise ValueError("Two fixes change the same words; apply them one at a time.")
    for item in ordered:
        if not 0 <= item.start <= item.end <= len(text):
            raise ValueError("A fix lies outside the article's text.")
    pieces: list[str] = []
    position = 0
    for item in ordered:
        pieces.append(text[position : item.start])
        pieces.append(item.text)
        position = item.end
    pieces.append(text[position:])
    return "".join(pieces)


def suggested_note(kind: str, quote: str, replacement: str) -> str:
    """A correction note in house style, prefilled for the editor to adjust: every kind has
    one (web.reader_messages.correction_note gives it in the article's language)."""
    quote, replacement = quote.strip(), replacement.strip()
    if kind == Kind.NAME:
        return (
            f"An earlier version of this article misspelled the name of {replacement} as “{quote}”."
        )
    if kind == Kind.FACT:
        return (
            f"An earlier version of this article said “{quote}”. "
            f"It has been corrected to “{replacement}”."
        )
    if kind == Kind.TYPO:
        return f"An earlier version of this article contained a typing error (“{quote}”)."
    return f"An earlier version of this article said “{quote}”; it now reads “{replacement}”."


# Why a fix may not be published without a public note (None: it may).
FACT_NOTE_REQUIRED = "A factual correction needs a public note: say what was wrong."
NAME_NOTE_WARNING = (
    "A corrected name usually gets a public note. Write one, or tick “Publish without a note”."
)


def note_refusal(kinds: list[str], note: str | None, *, without_note: bool) -> str | None:
    """The house rule on correction notes: required for a factual error (always), and for
    a wrong name unless the editor chose to publish without one; optional otherwise."""
    if note is not None and note.strip():
        return None
    if Kind.FACT in kinds:
        return FACT_NOTE_REQUIRED
    if Kind.NAME in kinds and not without_note:
        return NAME_NOTE_WARNING
    return None


def suggested_summary(kind: str, quote: str, replacement: str) -> str:
    verb: dict[str, str] = {
        Kind.NAME: "Corrected name",
        Kind.FACT: "Corrected fact",
        Kind.TYPO: "Fixed typo",
    }
    return f"{verb.get(kind, 'Corrected')}: “{quote.strip()}” → “{replacement.strip()}”"[:500]


_OVERLAP = re.compile(r"overlaps (\d+)% of the smaller span")
_MATCHES = re.compile(r"suggestion matches .* \((\d+)\)")


def grouped_in_words(reason: str) -> str:
    """Why a report joined its group (domain.grouping's reasoning) as an editor says it:
    "same words selected, same fix proposed"; the reasoning itself, when it says more."""
    if not reason:
        return ""
    if reason.startswith("no open group nearby"):
        return "first report of this error"
    parts = []
    if overlap := _OVERLAP.search(reason):
        share = int(overlap.group(1))
        parts.append(
            "same words selected"
            if share >= 100
            else "overlapping words selected"
            if share >= 50
            else "nearby words selected"
        )
    if matches := _MATCHES.search(reason):
        score = int(matches.group(1))
        parts.append(
            "same fix proposed"
            if score >= 100
            else "similar fix proposed"
            if score >= 80
            else "a different fix proposed"
        )
    elif "comment-only" in reason:
        parts.append("a comment on the same words")
    elif "no suggestion yet" in reason:
        parts.append("joined by the words selected")
    if "confirmed by an editor" in reason:
        parts.append("confirmed by an editor")
    if "split out of" in reason:
        return reason
    return ", ".join(parts) if parts else reason


def change_title(quote: str, replacement: str | None) -> tuple[str, str]:
    """A group's title as the change it makes: the wrong words and the fix (a few words each)."""

    def short(text: str, width: int = 80) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"

    return short(quote), short(replacement or "")
