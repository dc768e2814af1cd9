"""Passages for the editor's pages: the block a group's words stand in, what a fix changes
in it, a short context for the queue, and which blocks changed between two revisions."""

from dataclasses import dataclass

from factcheck.domain.diffing import Piece, diff_words
from factcheck.domain.text import PARAGRAPH_SEPARATOR, blocks_of


@dataclass(frozen=True)
class Passage:
    """The text block holding text[start:end], cut around it."""

    before: str
    quote: str
    after: str
    block_start: int
    block_text: str


def passage_of(text: str, start: int, end: int) -> Passage:
    """The headline or paragraph where `start` falls, cut at start and end (end is clipped to
    the block; a span outside every block is returned as its own passage)."""
    for block in blocks_of(text):
        if block.start <= start <= block.end:
            local_start, local_end = start - block.start, min(end, block.end) - block.start
            return Passage(
                block.text[:local_start],
                block.text[local_start:local_end],
                block.text[local_end:],
                block.start,
                block.text,
            )
    return Passage("", text[start:end], "", start, text[start:end])


def preview_of(passage: Passage, replacement: str) -> list[Piece]:
    """The word diff of the passage's block once its quote reads `replacement`."""
    new_block = passage.before + replacement + passage.after
    return diff_words(passage.block_text, new_block)


def short_context(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """About `width` characters either side of text[start:end], never across a paragraph and
    never cutting a word: a side cut short starts (or ends) with "…" at a word boundary."""
    before = text[max(0, start - width) : start]
    cut_before = start - width > 0 and PARAGRAPH_SEPARATOR not in before
    before = before.split(PARAGRAPH_SEPARATOR)[-1]
    if cut_before and not text[start - width - 1].isspace():
        before = before.partition(" ")[2] if " " in before else ""
    after = text[end : end + width]
    cut_after = end + width < len(text) and PARAGRAPH_SEPARATOR not in after
    after = after.split(PARAGRAPH_SEPARATOR)[0]
    if cut_after and not text[end + width].isspace():
        after = after.rpartition(" ")[0] if " " in after else ""
    if cut_before:
        before = "…" + before.lstrip()
    if cut_after:
        after = after.rstrip() + "…"
    return before, text[start:end], after


def changed_blocks(old_text: str, new_text: str) -> list[list[Piece]]:
    """The word diff of each block (paired by position) that differs between two texts."""
    old_blocks = [b.text for b in blocks_of(old_text)]
    new_blocks = [b.text for b in blocks_of(new_text)]
    return [
        diff_words(old, new) for old, new in zip(old_blocks, new_blocks, strict=False) if old != new
    ]
