"""Canonical text: the one string every offset in Factcheck points into (DESIGN.md)."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

PARAGRAPH_SEPARATOR = "\n\n"
_WHITESPACE = re.compile(r"\s+")
# A blank line (possibly holding only white space) ends a paragraph.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0\u2000-\u200a\u3000]*\n")


def normalise_block(text: str) -> str:
    """NFC-normalise one headline or paragraph, fold white space runs to one space, trim."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def split_paragraphs(body: str) -> list[str]:
    """Split a plain-text body on blank lines into normalised, non-empty paragraphs."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    blocks = (normalise_block(chunk) for chunk in _BLANK_LINE.split(body))
    return [block for block in blocks if block]


def canonical_text(title: str, paragraphs: Iterable[str]) -> str:
    """Headline, a blank line, then the paragraphs separated by blank lines."""
    blocks = [normalise_block(title)]
    blocks.extend(p for p in (normalise_block(p) for p in paragraphs) if p)
    return PARAGRAPH_SEPARATOR.join(blocks)


@dataclass(frozen=True)
class Block:
    """One rendered text block and where it starts in the canonical text (code points)."""

    kind: str  # "headline" or "paragraph"
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def blocks_of(text: str) -> list[Block]:
    """Cut a canonical text back into its headline and paragraphs, each with its start offset."""
    result: list[Block] = []
    position = 0
    for index, chunk in enumerate(text.split(PARAGRAPH_SEPARATOR)):
        result.append(Block("headline" if index == 0 else "paragraph", position, chunk))
        position += len(chunk) + len(PARAGRAPH_SEPARATOR)
    return result


def body_of(text: str) -> str:
    """The body part (everything after the headline) of a canonical text."""
    _, _, body = text.partition(PARAGRAPH_SEPARATOR)
    return body
