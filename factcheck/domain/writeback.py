"""Writing a Factcheck revision back into a CMS post's own source (README: WordPress).

An editor's fix changes Factcheck's canonical text; the CMS keeps HTML with its own markup
(block comments, attributes, embeds, shortcodes). The change is carried over as *hunks*:
each changed stretch of the old canonical text, widened to whole words, with the words
around it as context. Each hunk is found again in the post's source through its page text
(`htmlsource.locate`, the widget's rule and fold), and only the changed characters' source
bytes are replaced (`htmlsource.splice`). Nothing else of the post is re-serialised.

A post's canonical text is its title (one block) and the page blocks of its rendered
content, like every article: `post_text`.
"""

from dataclasses import dataclass
from itertools import pairwise

from factcheck.domain import htmlsource
from factcheck.domain.diffing import EQUAL, text_ops
from factcheck.domain.errors import Conflict
from factcheck.domain.pagetext import page_blocks, page_text
from factcheck.domain.text import PARAGRAPH_SEPARATOR, canonical_text, normalise_block

# Code points of old text on each side of a hunk that help find it again.
CONTEXT = 32
NOTE_PLACEMENTS = ("end", "top", "none")


class SpanGone(Conflict):
    """The words a fix changes are no longer in the CMS post (edited or deleted there)."""


@dataclass(frozen=True)
class Hunk:
    """One changed stretch of the old canonical text, as whole words."""

    start: int
    end: int
    old: str
    new: str
    prefix: str
    suffix: str
    in_title: bool


@dataclass(frozen=True)
class PostSource:
    """What a CMS stores for a post: its title and its content, as raw source."""

    title: str
    content: str


def title_text(raw_title: str) -> str:
    """The title block of a post whose raw title may hold entities or inline markup."""
    return normalise_block(page_text(f"<p>{raw_title}</p>"))


def post_text(raw_title: str, rendered: str, selector: str | None = None) -> str:
    """A post's canonical text: its title, then the page blocks of its rendered content."""
    return canonical_text(title_text(raw_title), page_blocks(rendered, selector))


def _block_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the block (paragraph, or the title) holding text[start:end] begins and ends."""
    block_start = text.rfind(PARAGRAPH_SEPARATOR, 0, start)
    block_start = 0 if block_start < 0 else block_start + len(PARAGRAPH_SEPARATOR)
    block_end = text.find(PARAGRAPH_SEPARATOR, end)
    return block_start, len(text) if block_end < 0 else block_end


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] widened to whole words, within its block."""
    limit_start, limit_end = _block_bounds(text, start, end)
    while start > limit_start and not text[start - 1].isspace():
        start -= 1
    while end < limit_end and not text[end].isspace():
        end += 1
    return start, end


def hunks(old_text: str, new_text: str) -> list[Hunk]:
    """The changes from `old_text` to `new_text`, each widened to whole words of its block."""
    title_end = old_text.find(PARAGRAPH_SEPARATOR)
    title_end = len(old_text) if title_end < 0 else title_end
    spans: list[list[int]] = []  # [old_start, old_end, new_start, new_end]
    for op in text_ops(old_text, new_text):
        if op["op"] == EQUAL:
            continue
        old_start, old_end = int(str(op["old_start"])), int(str(op["old_end"]))
        new_start, new_end = int(str(op["new_start"])), int(str(op["new_end"]))
        wide_start, wide_end = _widen(old_text, old_start, old_end)
        new_start -= old_start - wide_start
        new_end += wide_end - old_end
        if spans and wide_start <= spans[-1][1]:  # touches the previous hunk: one hunk
            spans[-1][1], spans[-1][3] = wide_end, new_end
            continue
        spans.append([wide_start, wide_end, new_start, new_end])
    result = []
    for old_start, old_end, new_start, new_end in spans:
        block_start, block_end = _block_bounds(old_text, old_start, old_end)
        result.append(
            Hunk(
                start=old_start,
                end=old_end,
                old=old_text[old_start:old_end],
                new=new_text[new_start:new_end],
                prefix=old_text[max(block_start, old_start - CONTEXT) : old_start],
                suffix=old_text[old_end : min(block_end, old_end + CONTEXT)],
                in_title=old_end <= title_end,
            )
        )
    return result


def _apply(html: str, selected: list[Hunk], what: str) -> str:
    if not selected:
        return html
    source = htmlsource.source_text(html)
    placed: list[tuple[int, int, Hunk]] = []
    for hunk in selected:
        if not hunk.old:
            raise SpanGone(
                f"An insertion into the {what} has no words to anchor on; "
                "make this change in the CMS."
            )
        found = htmlsource.locate(source, hunk.old, hunk.prefix, hunk.suffix)
        if found is None:
            raise SpanGone(
                f"{hunk.old!r} is no longer in the post's {what} (it was edited in the CMS).",
                quote=hunk.old,
            )
        placed.append((found[0], found[1], hunk))
    placed.sort(key=lambda item: item[0])
    for (_, end, _), (start, _, _) in pairwise(placed):
        if start < end:
            raise SpanGone("Two changes fall on the same words of the post.")
    for start, end, hunk in reversed(placed):
        html = htmlsource.splice(html, source, start, end, hunk.new)
    return html


def rewrite(
    post: PostSource,
    old_text: str,
    new_text: str,
    *,
    note: str | None = None,
    placement: str = "end",
) -> PostSource:
    """The post's source with the change from `old_text` to `new_text` spliced in, and the
    public correction note added at `placement`.

    Raises SpanGone when a changed stretch is not in the post any more, and
    htmlsource.UnsafeSpan when it crosses markup that cannot be rewritten safely.
    """
    if placement not in NOTE_PLACEMENTS:
        raise ValueError(f"unknown note placement {placement!r}")
    changes = hunks(old_text, new_text)
    title = _apply(post.title, [h for h in changes if h.in_title], "title")
    content = _apply(post.content, [h for h in changes if not h.in_title], "text")
    if note and note.strip() and placement != "none":
        content = htmlsource.add_note(content, note.strip(), placement)
    return PostSource(title=title, content=content)
