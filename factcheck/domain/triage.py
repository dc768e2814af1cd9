"""Pure triage rules: priorities, correction-note wording, and applying replacements to text."""

import itertools
from dataclasses import dataclass

from factcheck.domain.lifecycle import Kind

# Factual errors mislead; wrong names offend; typos distract. The queue sorts by this first.
KIND_WEIGHT = {Kind.FACT: 3, Kind.NAME: 2, Kind.TYPO: 1, Kind.OTHER: 1}


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
    """A correction note in house style, prefilled for the editor to adjust."""
    if kind == Kind.NAME:
        return (
            f"An earlier version of this article misspelled the name of {replacement.strip()} "
            f"as “{quote.strip()}”."
        )
    if kind == Kind.FACT:
        return (
            f"An earlier version of this article said “{quote.strip()}”. "
            f"It has been corrected to “{replacement.strip()}”."
        )
    return ""


def suggested_summary(kind: str, quote: str, replacement: str) -> str:
    verb: dict[str, str] = {
        Kind.NAME: "Corrected name",
        Kind.FACT: "Corrected fact",
        Kind.TYPO: "Fixed typo",
    }
    return f"{verb.get(kind, 'Corrected')}: “{quote.strip()}” → “{replacement.strip()}”"[:500]
