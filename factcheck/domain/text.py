"""Canonical text: the one string every offset in Factcheck points into (DESIGN.md)."""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PARAGRAPH_SEPARATOR = "\n\n"
_WHITESPACE = re.compile(r"\s+")
# A blank line (possibly holding only white space) ends a paragraph.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0\u2000-\u200a\u3000]*\n")


# C0 and C1 control characters other than tab, line feed and carriage return, lone
# surrogates (JSON can spell them; UTF-8 cannot store them) and the non-characters U+FFFE
# and U+FFFF. No stored text may hold one: PostgreSQL refuses NUL, XML feeds cannot carry
# them, and no reader or editor types them. One rule for every source (API, forms, CSV,
# CMS, backups).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_MESSAGE = "Contains a control character (such as NUL), which is not allowed."


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """`text` with control characters dropped (for sources that cannot be refused)."""
    return _CONTROL.sub("", text)


def control_fields(values: Mapping[str, str | None]) -> dict[str, str]:
    """Field name -> CONTROL_MESSAGE for each value holding a control character."""
    return {name: CONTROL_MESSAGE for name, value in values.items() if value and has_control(value)}


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
