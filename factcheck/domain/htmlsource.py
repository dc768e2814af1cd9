"""The offset map from page text to HTML source: find a fixed span in a post's raw HTML and
rewrite only its characters there, leaving every other byte of the post as it was.

A CMS stores a post as HTML (WordPress: block comments, attributes, embeds, shortcodes and
entities around the words); Factcheck's canonical text is its page text (`pagetext`). To
write a fix back, `source_text` reads the HTML with the page-text rule, remembering for each
code point of the text the range of HTML it came from; `locate` finds a span of the (rendered)
page text in it through the matching fold; `splice` replaces the characters that change, and
nothing else, refusing with `UnsafeSpan` what cannot be rewritten as plain text. `add_note`
adds the public correction note as a paragraph block that the page-text rule does not read.
"""

import html as htmllib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from factcheck.domain.errors import Invalid
from factcheck.domain.pagetext import (
    PAGE_SEPARATOR,
    SourcePiece,
    fold,
    fold_spans,
    page_block_sources,
    page_text,
)
from factcheck.domain.text import CONTROL_MESSAGE, has_control

# html.unescape's own pattern (CPython's html._charref): what it reads as one character
# reference, with or without its semicolon.
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# A cluster for NFC that may compose: an optional ASCII code point, then non-ASCII ones.
_CLUSTER = re.compile("[\x00-\x7f]?[^\x00-\x7f]+")
# What normalise_block folds: a white space run that is not already one plain space.
_SPACES = re.compile(r"\s{2,}|[^\S ]")
# What WordPress's wptexturize makes of plain text beyond the matching fold (checked against
# WordPress 6's formatting.php): "--" and "---" become an en or em dash (both fold to one
# "-"), 2x3 becomes 2×3, '' a closing double quote, (tm) a ™.
_TEXTURIZED = re.compile("-{2,}|\u00d7|''|\\(tm\\)")
_UNTEXTURIZED = {"\u00d7": "x", "''": '"', "(tm)": "\u2122"}
# A WordPress shortcode as its raw source spells it: [name attributes], [/name], [name/].
_SHORTCODE = re.compile(r"\[/?[A-Za-z0-9_][\w-]*(?:[\s/][^\[\]]*)?\]")
# A shortcode in folded text, for locate: media ones with what they enclose (a caption's
# text is a figcaption on the page, which page text leaves out), others as their tags only.
_SHORTCODE_TEXT = re.compile(
    r"\[(caption|wp_caption|embed|audio|video|playlist)\b[^\]]*\].*?\[/\1\]"
    r"|\[/?[A-Za-z0-9_][\w-]*(?:[\s/][^\[\]]*)?\]"
)
_DOUBLE_SPACE = re.compile("  +")
# How far before a fix a shortcode's opening bracket is looked for (its attributes' length).
_SHORTCODE_REACH = 4096
_RUNS = re.compile(r"\s+")  # white space runs, to compare paragraph breaks
# Two occurrences of a quote are told apart by their context only when one fits better by
# this many code points: AnchorSettings.margin's "four or five code points" of context.
CONTEXT_MARGIN = 4.0


Span = tuple[int, int]


@dataclass(frozen=True)
class SourceText:
    """The page text of some HTML, and for each of its code points the HTML range it came from.

    spans[i] is [start, end) in the HTML for text[i]: an entity's whole source; for a white
    space run folded to one space, or the "\\n\\n" between two blocks, the range it stands
    for (which holds the tags in between); for code points NFC composed, the union.
    """

    text: str  # == pagetext.page_text(html, selector), always
    spans: tuple[tuple[int, int], ...]
    selector: str | None = None  # the selector it was read with (splice reads the same way)


class UnsafeSpan(Invalid):
    """A fix that cannot be written into the HTML as plain text: it would cross markup."""

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, *, reason: str = "markup"
    ) -> None:
        super().__init__(message, fields)
        # "markup" (a tag or comment), "shortcode", "entity" (an entity or composed character
        # only partly changed), "paragraph" (the fix adds or removes a paragraph break) or
        # "mismatch" (the post would not read as the fix says)
        self.reason = reason


_UNSAFE = {
    "markup": "The fix crosses a link or other markup in the WordPress post; fix it in WordPress.",
    "shortcode": "The fix touches a shortcode in the WordPress post; fix it in WordPress.",
    "entity": (
        "The fix changes part of a character written as an HTML entity in the WordPress post; "
        "fix it in WordPress."
    ),
    "paragraph": (
        "The fix adds or removes a paragraph break, which cannot be written into the "
        "WordPress post as text; fix it in WordPress."
    ),
    "mismatch": "The fix would not read as intended in the WordPress post; fix it in WordPress.",
}


def _unsafe(reason: str) -> UnsafeSpan:
    return UnsafeSpan(_UNSAFE[reason], reason=reason)


# ---------------------------------------------------------------------------------------------
# The offset map.


def source_text(html: str, selector: str | None = None) -> SourceText:
    """The page text of `html` (page_text's rule, same selector) with the offset map."""
    texts: list[str] = []
    spans: list[Span] = []
    for block, pieces in page_block_sources(html, selector):
        block_spans = _block_spans(html, block, pieces)
        if texts:
            # The separator stands for what lies between the two blocks' text.
            gap = (spans[-1][1], block_spans[0][0])
            spans.extend((gap, gap))
        texts.append(block)
        spans.extend(block_spans)
    return SourceText(PAGE_SEPARATOR.join(texts), tuple(spans), selector)


def _block_spans(html: str, block: str, pieces: list[SourcePiece]) -> list[Span]:
    """For each code point of `block` (normalise_block of the pieces joined), its HTML range."""
    spans: list[Span] = []
    for piece in pieces:
        _piece_spans(html, piece, spans)
    chars = "".join(pieces)
    # 1. NFC, as normalise_block does first.
    if not unicodedata.is_normalized("NFC", chars):
        chars, spans = _nfc(chars, spans)
    # 2. Every white space run to one space standing for the whole run, then trimmed.
    if _SPACES.search(chars) is not None:
        out: list[str] = []
        out_spans: list[Span] = []
        last = 0
        for match in _SPACES.finditer(chars):
            a, b = match.span()
            out.append(chars[last:a])
            out_spans.extend(spans[last:a])
            out.append(" ")
            out_spans.append((spans[a][0], spans[b - 1][1]))
            last = b
        out.append(chars[last:])
        out_spans.extend(spans[last:])
        chars, spans = "".join(out), out_spans
    if chars.endswith(" "):
        chars = chars[:-1]
        del spans[-1]
    if chars.startswith(" "):
        chars = chars[1:]
        del spans[0]
    if chars != block:  # never seen; if it were, every code point stands for the whole block
        whole = (min(p.start for p in pieces), max(p.end for p in pieces))
        return [whole] * len(block)
    return spans


def _nfc(raw: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """NFC of `raw` with the spans carried along, cut as `pagetext`'s fold cuts it: a cluster
    is an ASCII code point and the non-ASCII ones after it; only clusters holding non-ASCII
    code points can change, and a changed one stands for its whole source."""
    out: list[str] = []
    out_spans: list[Span] = []
    last = 0
    for match in _CLUSTER.finditer(raw):
        cluster = match.group()
        if unicodedata.is_normalized("NFC", cluster):
            continue
        a, b = match.span()
        composed = unicodedata.normalize("NFC", cluster)
        # What NFC left alone at either end of the cluster keeps its own spans.
        head = 0
        while head < min(len(cluster), len(composed)) - 1 and cluster[head] == composed[head]:
            head += 1
        tail = 0
        while (
            tail < min(len(cluster), len(composed)) - head - 1
            and cluster[-1 - tail] == composed[-1 - tail]
        ):
            tail += 1
        merged = (spans[a + head][0], spans[b - 1 - tail][1])
        out.append(raw[last:a])
        out_spans.extend(spans[last : a + head])
        out.append(composed)
        out_spans.extend([merged] * (len(composed) - head - tail))
        out_spans.extend(spans[b - tail : b])
        last = b
    out.append(raw[last:])
    out_spans.extend(spans[last:])
    return "".join(out), out_spans


def _piece_spans(html: str, piece: SourcePiece, spans: list[Span]) -> None:
    """Append the HTML range of each code point of `piece`."""
    start, end = piece.start, piece.end
    if piece.kind == "break":
        spans.append((start, end))
        return
    if html.startswith(piece, start) and len(piece) == end - start:
        # Plain text: one code point of source per code point.
        spans.extend(zip(range(start, end), range(start + 1, end + 1), strict=True))
        return
    # Character references: each stands for its whole source, text between them for itself.
    mark = len(spans)
    read: list[str] = []
    position = start
    for match in _CHARREF.finditer(html, start, end):
        a, b = match.span()
        if a > position:
            read.append(html[position:a])
            spans.extend(zip(range(position, a), range(position + 1, a + 1), strict=True))
        value = _unescape(match.group())
        read.append(value)
        spans.extend([(a, b)] * len(value))
        position = b
    read.append(html[position:end])
    spans.extend(zip(range(position, end), range(position + 1, end + 1), strict=True))
    # HTMLParser consumes a few constructs without an event ("</>"), so the source may run on
    # past the piece; what it read is then a prefix of what the source unescapes to.
    size = len(piece)
    del spans[mark + size :]
    if "".join(read)[:size] != piece:  # never seen: one opaque range, which splice won't cut
        spans[mark:] = [(start, end)] * size


@lru_cache(maxsize=1024)
def _unescape(reference: str) -> str:
    return htmllib.unescape(reference)


# ---------------------------------------------------------------------------------------------
# Finding a span of the rendered text in the source's text.


def _match_fold(text: str) -> tuple[str, list[int], list[int]]:
    """The matching fold (`pagetext.fold_spans`), then what wptexturize adds (_TEXTURIZED)
    read alike on both sides."""
    folded, starts, ends = fold_spans(text)
    return _substitute(
        _TEXTURIZED, lambda found: _UNTEXTURIZED.get(found, "-"), folded, starts, ends
    )


def _locate_fold(text: str) -> tuple[str, list[int], list[int]]:
    """_match_fold, without shortcodes: a raw post spells them, its rendered page shows what
    they expand to (a gallery, an embed: no page text) or, unknown to WordPress, the same."""
    folded, starts, ends = _match_fold(text)
    if "[" not in folded:
        return folded, starts, ends
    folded, starts, ends = _substitute(_SHORTCODE_TEXT, lambda _: "", folded, starts, ends)
    return _substitute(_DOUBLE_SPACE, lambda _: " ", folded, starts, ends)


def _substitute(
    pattern: re.Pattern[str],
    replace: Callable[[str], str],
    text: str,
    starts: list[int],
    ends: list[int],
) -> tuple[str, list[int], list[int]]:
    """re.sub with spans: what replaces a match stands for the whole match."""
    if pattern.search(text) is None:
        return text, starts, ends
    out: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        a, b = match.span()
        out.append(text[last:a])
        out_starts.extend(starts[last:a])
        out_ends.extend(ends[last:a])
        replacement = replace(match.group())
        out.append(replacement)
        out_starts.extend([starts[a]] * len(replacement))
        out_ends.extend([ends[b - 1]] * len(replacement))
        last = b
    out.append(text[last:])
    out_starts.extend(starts[last:])
    out_ends.extend(ends[last:])
    return "".join(out), out_starts, out_ends


def locate(source: SourceText, quote: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    """Where `quote` (with the text before and after it) is in source.text: [start, end).

    Quote and text are compared through the matching fold and what wptexturize adds
    (_TEXTURIZED), and shortcodes are passed over, so a rendered page's curly quotes, dashes,
    ™ and NBSPs find the raw source's straight ones. One occurrence is the answer; of
    several, the one whose context fits clearly best (by CONTEXT_MARGIN code points), or the
    only one whose whole context is there word for word; None when the quote is not there,
    or the context cannot tell its occurrences apart.
    """
    needle = _locate_fold(quote)[0]
    if not needle.strip():
        return None
    folded, starts, ends = _locate_fold(source.text)
    found = _occurrences(folded, needle)
    if not found:
        return None
    if len(found) > 1:
        best = _best_in_context(folded, found, len(needle), prefix, suffix)
        if best is None:
            return None
        found = [best]
    at = found[0]
    return starts[at], ends[at + len(needle) - 1]


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    position = text.find(needle)
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _best_in_context(
    folded: str, found: list[int], size: int, prefix: str, suffix: str
) -> int | None:
    before, after = _locate_fold(prefix)[0], _locate_fold(suffix)[0]
    if not before and not after:
        return None
    # The whole context found word for word at one occurrence only decides.
    whole = [at for at in found if folded.endswith(before, 0, at)]
    whole = [at for at in whole if folded.startswith(after, at + size)]
    if len(whole) == 1:
        return whole[0]

    def fit(at: int) -> float:
        """About how many code points of context agree around this occurrence."""
        seen_before = folded[max(0, at - len(before)) : at]
        seen_after = folded[at + size : at + size + len(after)]
        return len(before) * Levenshtein.normalized_similarity(
            before, seen_before, processor=None, score_cutoff=None
        ) + len(after) * Levenshtein.normalized_similarity(
            after, seen_after, processor=None, score_cutoff=None
        )

    ranked = sorted(found, key=fit, reverse=True)
    if fit(ranked[0]) - fit(ranked[1]) < CONTEXT_MARGIN:
        return None
    return ranked[0]


# ---------------------------------------------------------------------------------------------
# Rewriting the span.


def escape_text(text: str) -> str:
    """`text` as HTML character data: & < > escaped (quote=False), and the shortcode
    brackets as character references, so WordPress never runs a shortcode a fix spells."""
    return htmllib.escape(text, quote=False).replace("[", "&#91;").replace("]", "&#93;")


def splice(html: str, source: SourceText, start: int, end: int, replacement: str) -> str:
    """`html` with the text source.text[start:end] replaced by `replacement`.

    Only the code points that differ are rewritten (the common prefix and suffix of the old
    text and the replacement, compared through the matching fold, are kept as the source
    spells them); every other byte of `html` stays as it is. UnsafeSpan when the HTML to
    rewrite holds a tag, a comment or a shortcode bracket, takes part of an entity or of a
    composed character, or when the result would not read as the fix says.
    """
    text = source.text
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}) is outside the text ({len(text)} code points)")
    old = text[start:end]
    keep_before, keep_after, new = _changed(old, replacement)
    changed_start, changed_end = start + keep_before, end - keep_after
    if changed_start == changed_end and not new:
        return html  # the same words, typography aside
    if has_control(new):
        raise Invalid(CONTROL_MESSAGE, {"replacement": CONTROL_MESSAGE})
    spans = source.spans
    if changed_start < changed_end:
        low = min(spans[i][0] for i in range(changed_start, changed_end))
        high = max(spans[i][1] for i in range(changed_start, changed_end))
    elif changed_start > 0:  # an insertion: just after the code point before it
        low = high = spans[changed_start - 1][1]
    else:
        low = high = spans[0][0] if spans else len(html)
    # A code point that stays must not share source with one that changes.
    if changed_start > 0 and spans[changed_start - 1][1] > low:
        raise _unsafe("entity")
    if changed_end < len(text) and spans[changed_end][0] < high:
        raise _unsafe("entity")
    rewritten = html[low:high]
    if "<" in rewritten:
        raise _unsafe("markup")
    if "[" in rewritten or "]" in rewritten or _in_shortcode(html, low, high):
        raise _unsafe("shortcode")
    if "\n" in new:  # in a classic post a blank line is a paragraph: not ours to add
        raise _unsafe("paragraph")
    result = html[:low] + escape_text(new) + html[high:]
    expected = text[:changed_start] + new + text[changed_end:]
    if fold(page_text(result, source.selector)) != fold(expected):
        raise _unsafe("mismatch")
    return result


def _in_shortcode(html: str, low: int, high: int) -> bool:
    """Whether html[low:high] (or, empty, the point low) is inside a shortcode's brackets."""
    reach = _SHORTCODE_REACH
    for match in _SHORTCODE.finditer(html, max(0, low - reach), min(len(html), high + reach)):
        if match.start() < max(high, low + 1) and low < match.end():
            return True
    return False


def _changed(old: str, new: str) -> tuple[int, int, str]:
    """How many code points of `old` to keep at its start and at its end, and what replaces
    the rest: the common prefix and suffix of the two, compared through the matching fold,
    cut only where both sides have a whole code point (an ellipsis, a white space run, a
    composed character is kept or replaced whole)."""
    folded_old, old_starts, _ = _match_fold(old)
    folded_new, new_starts, _ = _match_fold(new)
    if folded_old == folded_new:
        _check_breaks(old, new)
        return len(old), 0, ""
    limit = min(len(folded_old), len(folded_new))
    same = 0
    while same < limit and folded_old[same] == folded_new[same]:
        same += 1
    tail = 0
    while tail < limit - same and folded_old[-1 - tail] == folded_new[-1 - tail]:
        tail += 1
    while not (_whole(old_starts, same) and _whole(new_starts, same)):
        same -= 1
    while not (
        _whole(old_starts, len(folded_old) - tail) and _whole(new_starts, len(folded_new) - tail)
    ):
        tail -= 1
    before_old = _original(old_starts, same, len(old))
    before_new = _original(new_starts, same, len(new))
    after_old = len(old) - max(before_old, _original(old_starts, len(folded_old) - tail, len(old)))
    after_new = len(new) - max(before_new, _original(new_starts, len(folded_new) - tail, len(new)))
    _check_breaks(old[:before_old], new[:before_new])
    _check_breaks(old[len(old) - after_old :], new[len(new) - after_new :])
    return before_old, after_old, new[before_new : len(new) - after_new]


def _check_breaks(old: str, new: str) -> None:
    """UnsafeSpan if text kept as it is (the same through the fold) loses a paragraph break.

    The other way round is no change: a classic post's paragraphs are blank lines in its
    source, which its page text reads as one space.
    """
    if "\n" not in old:
        return
    for old_run, new_run in zip(_RUNS.findall(old), _RUNS.findall(new), strict=False):
        if "\n" in old_run and "\n" not in new_run:
            raise _unsafe("paragraph")


def _whole(starts: list[int], index: int) -> bool:
    """Whether folded code point `index` begins a code point of the original (or is an end)."""
    return index <= 0 or index >= len(starts) or starts[index] != starts[index - 1]


def _original(starts: list[int], index: int, length: int) -> int:
    return starts[index] if index < len(starts) else length


# ---------------------------------------------------------------------------------------------
# The correction note.

NOTE_CLASS = "factcheck-correction"
PLACEMENTS = ("end", "top", "none")
# What WordPress's has_blocks() looks for.
_BLOCK_MARK = "<!-- wp:"


def note_block(note: str) -> str:
    """The correction note as a block-editor paragraph the page-text rule does not read."""
    return (
        f'<!-- wp:paragraph {{"className":"{NOTE_CLASS}"}} -->\n'
        f"{note_paragraph(note)}\n<!-- /wp:paragraph -->"
    )


def note_paragraph(note: str) -> str:
    """The note's paragraph alone, for a classic post: one block comment in a post makes
    WordPress stop running wpautop on it (do_blocks), which would run its paragraphs together."""
    return f'<p class="{NOTE_CLASS}">{escape_text(" ".join(note.split()))}</p>'


def add_note(html: str, note: str, placement: str) -> str:
    """`html` with the correction note after it ("end"), before it ("top"), or as it is
    ("none", or a blank note), a blank line between, as WordPress separates blocks. A post
    of blocks gets a paragraph block (note_block), a classic post a bare paragraph."""
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {', '.join(PLACEMENTS)}, not {placement!r}")
    if placement == "none" or not note.strip():
        return html
    if not html.strip():
        return note_block(note)
    note_html = note_block(note) if _BLOCK_MARK in html else note_paragraph(note)
    if placement == "top":
        return note_html + "\n\n" + html
    return html + "\n\n" + note_html
