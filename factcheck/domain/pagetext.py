"""Page text and the matching fold: how a newsroom page's DOM is read, and compared.

A CMS page is not the stored canonical text: its typography filters curl quotes and dashes,
it holds `&nbsp;`, soft hyphens and `<br>`, ads, "read also" boxes and captions inside the
article body, and script, style and hidden elements. Two rules bridge the gap; this module is
their definition, and `factcheck/static/report/pagetext.js` implements the same rules for the
embed widget (tests/fixtures/fold_cases.json and pagetext_cases.json hold both to them).

**The page-text rule** (`page_blocks`; the widget's `pageText`). The text under the article
root, walked in document order:

- *Skipped*, with everything inside: the elements in `SKIPPED_TAGS` (script, style,
  noscript, template, iframe, svg, math, canvas, object, embed, audio, video, the form controls
  button, input, select, option, textarea, output, and `head`), `figure` and `figcaption`,
  `aside`, `nav`;
  any element with a `hidden` attribute, `aria-hidden="true"`, or an inline `style` saying
  `display: none` or `visibility: hidden`; any element whose id or one of whose class names
  names a box that is not the article: split on `-` and `_`, one of its parts is in
  `SKIPPED_NAME_PARTS` (ad, ads, advert, sponsored, promo, related, share, social,
  newsletter, …, and factcheck: the correction note Factcheck writes into a post) or two
  neighbouring parts are in `SKIPPED_NAME_PAIRS` (read-also, see-also, also-read). Class
  names starting `category-` or `tag-` (WordPress's post classes) are never read this way,
  and the root itself is never skipped.
- *Blocks*: each element in `BLOCK_TAGS` (p, h1–h6, li, blockquote, pre, td, th, dt, dd,
  div, section, article, header, footer, main, ul, ol, table, tr, …) starts and ends a block,
  so text directly inside a div (between its child blocks) is a block of its own; every other
  element is inline. `<br>` is a space.
- *White space*: each block is folded as canonical text is (`text.normalise_block`: NFC,
  every run of white space to one space, trimmed); empty blocks are dropped. The page text is
  the blocks joined by a blank line ("\\n\\n"), like canonical text.

The page text keeps curly quotes, NBSP-turned-space and soft hyphens as the reader sees them;
it is what the widget's quote, prefix and suffix are cut from.

**The matching fold** (`fold`), used only to compare page text with stored text, never to
store: soft hyphen U+00AD and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) dropped;
then NFC; typographic quotes to `'` and `"` (`SINGLE_QUOTES`, `DOUBLE_QUOTES`); dashes
U+2010–U+2015 and minus U+2212 to `-`; `…` to `...`; every run of white space (Python's
`str.isspace`: the Zs spaces such as NBSP, narrow NBSP, thin and figure space, and the line and
paragraph breaks) to one space, not trimmed. Case is kept. `fold_with_map` also says, for each
folded code point, which code point of the original it came from.

Supported `selector` syntax for `page_blocks` (enough for `.entry-content`, `article .body`):
a comma-separated list of compound selectors joined by the descendant (space) or child (`>`)
combinator; a compound is an optional tag name or `*`, then any of `#id`, `.class`, `[attr]`,
`[attr=value]` (value bare or quoted). Anything else raises ValueError.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from itertools import pairwise

from factcheck.domain.text import normalise_block

PAGE_SEPARATOR = "\n\n"

INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
ELLIPSIS = "\u2026"
# Python's str.isspace(), spelled out so that pagetext.js can use the very same set.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

_REPLACE = {c: "'" for c in SINGLE_QUOTES} | {c: '"' for c in DOUBLE_QUOTES}
_REPLACE |= {c: "-" for c in DASHES} | {ELLIPSIS: "..."}
# What the fold touches: one invisible, quote, dash or ellipsis, or a white space run that is
# not already a single plain space.
_SPECIAL = re.compile(
    "[" + re.escape(INVISIBLE + "".join(_REPLACE)) + "]"
    "|[" + re.escape(WHITESPACE) + "]{2,}"
    "|[" + re.escape(WHITESPACE.replace(" ", "")) + "]"
)
_INVISIBLE = re.compile("[" + re.escape(INVISIBLE) + "]")
# What canonical text never holds but a page may: everything the fold touches except the
# plain space and the line break of a paragraph separator.
_ARTEFACT = re.compile(
    "["
    + re.escape(INVISIBLE + "".join(_REPLACE) + WHITESPACE.replace(" ", "").replace("\n", ""))
    + "]"
)


def has_artefacts(text: str) -> bool:
    """Whether `text` holds a character the fold would change beyond canonical white space."""
    return _ARTEFACT.search(text) is not None or not unicodedata.is_normalized("NFC", text)


def fold(text: str) -> str:
    """The comparison-only fold of `text` (module docstring); never stored."""
    return _fold(text)[0]


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The fold, and for each folded code point the index in `text` it came from, plus len(text).

    A match folded[i:j] covers text[map[i]:map[j]] at most; `fold_spans` gives tight ends.
    """
    folded, starts, _ = _fold(text)
    return folded, [*starts, len(text)]


def fold_spans(text: str) -> tuple[str, list[int], list[int]]:
    """The fold, and for each folded code point the span text[starts[i]:ends[i]] it came from.

    A match folded[i:j] is text[starts[i]:ends[j - 1]] in the original: a dropped soft hyphen
    after it is not taken along, an `…` matched by "..." is taken whole.
    """
    folded, starts, ends = _fold(text)
    return folded, list(starts), list(ends)


def folded_offset(starts: list[int], index: int) -> int:
    """Where original offset `index` falls in the folded text: how many folded code points
    come from before it."""
    return bisect_left(starts, index)


@lru_cache(maxsize=16)
def _fold(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    # 1. Drop invisible characters first, so that they cannot keep a mark from composing.
    kept = _INVISIBLE.sub("", text)
    if len(kept) == len(text):
        sources: list[int] | None = None  # identity: kept[i] is text[i]
    else:
        sources = [i for i, ch in enumerate(text) if ch not in INVISIBLE]
    # 2. NFC, cluster by cluster so that every output code point knows its source.
    if unicodedata.is_normalized("NFC", kept):
        chars = kept
        starts = list(range(len(kept))) if sources is None else sources
        ends = [s + 1 for s in starts]
    else:
        chars, starts, ends = _nfc_with_spans(kept, sources)
    # 3. Quotes, dashes, ellipsis and white space, touching only what needs it.
    pieces: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    last = 0
    for match in _SPECIAL.finditer(chars):
        a, b = match.span()
        if a > last:
            pieces.append(chars[last:a])
            out_starts.extend(starts[last:a])
            out_ends.extend(ends[last:a])
        found = match.group()
        if found[0] in WHITESPACE:
            pieces.append(" ")
            out_starts.append(starts[a])
            out_ends.append(ends[b - 1])
        else:
            replacement = _REPLACE[found]
            pieces.append(replacement)
            out_starts.extend([starts[a]] * len(replacement))
            out_ends.extend([ends[a]] * len(replacement))
        last = b
    if last < len(chars):
        pieces.append(chars[last:])
        out_starts.extend(starts[last:])
        out_ends.extend(ends[last:])
    return "".join(pieces), tuple(out_starts), tuple(out_ends)


def _nfc_with_spans(kept: str, sources: list[int] | None) -> tuple[str, list[int], list[int]]:
    """NFC of `kept` per cluster: a cluster starts at every ASCII character (no ASCII character
    composes with what precedes it, and reordering stops at it), so NFC of the clusters joined
    is NFC of the whole. Each output code point points at its cluster's source span."""
    source = (lambda i: i) if sources is None else sources.__getitem__
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    boundaries = [0, *(i for i in range(1, len(kept)) if kept[i] < "\x80"), len(kept)]
    for a, b in pairwise(boundaries):
        for c, d in _composing_runs(kept, a, b):
            cluster = kept[c:d]
            composed = unicodedata.normalize("NFC", cluster)
            if composed == cluster:
                chars.append(cluster)
                for i in range(c, d):
                    starts.append(source(i))
                    ends.append(source(i) + 1)
            else:
                chars.append(composed)
                starts.extend([source(c)] * len(composed))
                ends.extend([source(d - 1) + 1] * len(composed))
    return "".join(chars), starts, ends


def _composing_runs(kept: str, a: int, b: int) -> list[tuple[int, int]]:
    """A cluster kept[a:b] that NFC changes, cut before every starter that does not compose
    with what precedes it ("0" and a compatibility ideograph after it are two runs): NFC
    reorders only between starters, so NFC of the runs joined is NFC of the cluster, and a
    code point maps to the few letters it came from, not to its whole cluster."""
    if unicodedata.is_normalized("NFC", kept[a:b]):
        return [(a, b)]
    runs: list[tuple[int, int]] = []
    start = a
    for i in range(a + 1, b):
        ch = kept[i]
        if unicodedata.combining(ch):
            continue
        run = kept[start:i]
        if unicodedata.normalize("NFC", run + ch) == unicodedata.normalize(
            "NFC", run
        ) + unicodedata.normalize("NFC", ch):
            runs.append((start, i))
            start = i
    runs.append((start, b))
    return runs


# ---------------------------------------------------------------------------------------------
# The page-text rule.

SKIPPED_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "canvas",
        "svg",
        "math",
        "audio",
        "video",
        "picture",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "button",
        "input",
        "select",
        "option",
        "optgroup",
        "datalist",
        "textarea",
        "output",
        "progress",
        "meter",
        "dialog",
        "figure",
        "figcaption",
        "aside",
        "nav",
    ]
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "td",
        "th",
        "caption",
        "dt",
        "dd",
        "dl",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "address",
        "ul",
        "ol",
        "menu",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "hr",
        "body",
        "html",
        "form",
        "fieldset",
        "legend",
        "details",
        "summary",
        "hgroup",
        "center",
    ]
)
SKIPPED_NAME_PARTS = frozenset(
    [
        "ad",
        "ads",
        "adv",
        "advert",
        "adverts",
        "advertisement",
        "advertising",
        "adsense",
        "adsbygoogle",
        "adslot",
        "dfp",
        "sponsor",
        "sponsored",
        "promo",
        "promoted",
        "related",
        "relatedposts",
        "readalso",
        "seealso",
        "alsoread",
        "share",
        "sharing",
        "sharedaddy",
        "addtoany",
        "social",
        "newsletter",
        "outbrain",
        "taboola",
        # Factcheck's own correction note (htmlsource.note_block): the article's words are
        # the same before and after a fix is written back, so the note is no part of them.
        "factcheck",
    ]
)
SKIPPED_NAME_PAIRS = frozenset({("read", "also"), ("see", "also"), ("also", "read")})
# WordPress's post_class() adds category-<slug> and tag-<slug> to the article: not boxes.
IGNORED_CLASS_PREFIXES = ("category-", "tag-")
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Start tags that close an open <p> (HTML's "implied end tags", the part that matters here).
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "li",
    ]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"[-_]+")


def skipped_name(name: str) -> bool:
    """Whether a class name or id names a box that is not article text (module docstring)."""
    parts = [p for p in _NAME_SPLIT.split(name.lower()) if p]
    if any(part in SKIPPED_NAME_PARTS for part in parts):
        return True
    return any(pair in SKIPPED_NAME_PAIRS for pair in pairwise(parts))


def skipped_element(tag: str, attrs: dict[str, str]) -> bool:
    """Whether the page-text rule leaves out this element and everything inside it."""
    if tag in SKIPPED_TAGS or "hidden" in attrs:
        return True
    if attrs.get("aria-hidden", "").strip().lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    if skipped_name(attrs.get("id", "")):
        return True
    return any(
        skipped_name(name)
        for name in attrs.get("class", "").split()
        if not name.lower().startswith(IGNORED_CLASS_PREFIXES)
    )


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    parent: "_Element | None" = None
    children: list["_Element | str"] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A small, forgiving tree: enough of HTML's tree building for the page-text rule."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#document", {})
        self.open: list[_Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag in _CLOSES_P:
            self._close_implied("p", stop={"button", "td", "th", "table"})
        if tag == "li":
            self._close_implied("li", stop={"ul", "ol", "menu"})
        elif tag in ("dt", "dd"):
            self._close_implied("dt", stop={"dl"})
            self._close_implied("dd", stop={"dl"})
        elif tag in ("td", "th"):
            self._close_implied("td", stop={"tr", "table"})
            self._close_implied("th", stop={"tr", "table"})
        elif tag == "tr":
            self._close_implied("tr", stop={"table", "thead", "tbody", "tfoot"})
        parent = self.open[-1]
        element = _Element(tag, {k.lower(): v or "" for k, v in attrs}, parent)
        parent.children.append(element)
        if tag not in VOID_TAGS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # As in a browser, "<div/>" opens a div: the slash means nothing on HTML elements.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return
        # An end tag without its start (</p> alone is an empty paragraph in HTML): ignored.

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)

    def _close_implied(self, tag: str, stop: set[str]) -> None:
        for index in range(len(self.open) - 1, 0, -1):
            name = self.open[index].tag
            if name == tag:
                del self.open[index:]
                return
            if name in stop:
                return


class SourcePiece(str):
    """A string the page-text rule read, and where in the HTML it came from: html[start:end].

    `kind` "text": character data, `html.unescape` of its source (HTMLParser's own reading,
    convert_charrefs); "break": the space a `<br>` stands for, its source the tag.
    """

    start: int
    end: int
    kind: str


class _SourceTreeBuilder(_TreeBuilder):
    """The same tree, its character data and `<br>`s kept as SourcePieces (page_block_sources).

    Every piece of input HTMLParser consumes is an event (data, tag, comment, declaration), and
    getpos() is where the event starts, so a piece of data ends where the next event starts.
    """

    def __init__(self, html: str) -> None:
        super().__init__()
        self._length = len(html)
        self._lines = [0, *(match.end() for match in _NEWLINE.finditer(html))]
        self._pending: SourcePiece | None = None

    def _event(self) -> int:
        line, column = self.getpos()
        at = self._lines[line - 1] + column
        if self._pending is not None:
            self._pending.end = at
            self._pending = None
        return at

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._event()
        if tag.lower() != "br":
            super().handle_starttag(tag, attrs)
            return
        # The walk reads a <br> as one space: the same space, knowing its tag.
        space = SourcePiece(" ")
        space.start, space.kind = at, "break"
        space.end = at + len(self.get_starttag_text() or "")
        self.open[-1].children.append(space)

    def handle_endtag(self, tag: str) -> None:
        self._event()
        super().handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        piece = SourcePiece(data)
        piece.start, piece.end, piece.kind = self._event(), self._length, "text"
        self._pending = piece
        self.open[-1].children.append(piece)

    def handle_comment(self, data: str) -> None:
        self._event()

    def handle_decl(self, decl: str) -> None:
        self._event()

    def handle_pi(self, data: str) -> None:
        self._event()

    def unknown_decl(self, data: str) -> None:
        self._event()


_NEWLINE = re.compile("\n")


def page_blocks(html: str, selector: str | None = None) -> list[str]:
    """The page text of `html` as its blocks (module docstring).

    Without a selector the whole document is the root (a post's content HTML, or a page).
    With one, every outermost element it matches is a root, in document order; none: [].
    """
    blocks: list[str] = []
    _read(_TreeBuilder(), html, selector, blocks, None)
    return blocks


def page_block_sources(
    html: str, selector: str | None = None
) -> list[tuple[str, list[SourcePiece]]]:
    """page_blocks, each block with the pieces of `html` it was read from, in order (the
    offset map of factcheck.domain.htmlsource is built on them)."""
    blocks: list[str] = []
    pieces: list[list[str]] = []
    _read(_SourceTreeBuilder(html), html, selector, blocks, pieces)
    return [
        (block, [p for p in read if isinstance(p, SourcePiece)])
        for block, read in zip(blocks, pieces, strict=True)
    ]


def _read(
    parser: _TreeBuilder,
    html: str,
    selector: str | None,
    blocks: list[str],
    pieces: list[list[str]] | None,
) -> None:
    parser.feed(html)
    parser.close()
    if selector is None:
        roots = [parser.root]
    else:
        matches = _compile_selector(selector)
        roots = _roots(parser.root, matches)
    for root in roots:
        _walk_root(root, blocks, pieces)


def page_text(html: str, selector: str | None = None) -> str:
    """The page text: the blocks joined by a blank line, as canonical text joins its blocks."""
    return PAGE_SEPARATOR.join(page_blocks(html, selector))


def _walk_root(root: _Element, blocks: list[str], pieces: list[list[str]] | None = None) -> None:
    """Append the blocks under `root`; and to `pieces`, when given, the strings each was read
    from."""
    current: list[str] = []

    def flush() -> None:
        block = normalise_block("".join(current))
        if block:
            blocks.append(block)
            if pieces is not None:
                pieces.append(current[:])
        current.clear()

    def walk(element: _Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                current.append(child)
            elif child.tag == "br":
                current.append(" ")
            elif skipped_element(child.tag, child.attrs):
                continue
            elif child.tag in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()


# ---------------------------------------------------------------------------------------------
# The selector subset.


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attributes: tuple[tuple[str, str | None], ...]

    def matches(self, element: _Element) -> bool:
        if element.tag.startswith("#"):
            return False
        if self.tag is not None and element.tag != self.tag:
            return False
        if any(element.attrs.get("id") != i for i in self.ids):
            return False
        classes = element.attrs.get("class", "").split()
        if any(c not in classes for c in self.classes):
            return False
        for name, value in self.attributes:
            if name not in element.attrs:
                return False
            if value is not None and element.attrs[name] != value:
                return False
        return True


# A selector: compounds from left to right and the combinator before each (" " or ">").
_Complex = list[tuple[str, _Compound]]

_IDENT = r"-?[_a-zA-Z\u00a0-\U0010ffff][-_a-zA-Z0-9\u00a0-\U0010ffff]*"
_TOKEN = re.compile(
    rf"(?P<tag>{_IDENT}|\*)|#(?P<id>{_IDENT})|\.(?P<cls>{_IDENT})"
    rf"|\[\s*(?P<attr>{_IDENT})\s*(?:=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>{_IDENT}))\s*)?\]"
    r"|(?P<comb>\s*>\s*|\s+)"
)


def _compile_selector(selector: str) -> list[_Complex]:
    """Parse the supported subset (module docstring); ValueError for anything else."""
    return [_compile_complex(part.strip(), selector) for part in selector.split(",")]


def _compile_complex(part: str, selector: str) -> _Complex:
    unsupported = ValueError(f"unsupported selector {selector!r}")
    steps: _Complex = []
    combinator = " "
    tokens: list[re.Match[str]] = []
    position = 0
    while position <= len(part):
        match = _TOKEN.match(part, position) if position < len(part) else None
        if match is None or match.group("comb") is not None:
            if position < len(part) and match is None:
                raise unsupported
            if not tokens:
                raise unsupported  # an empty part, or two combinators in a row
            steps.append((combinator, _compound(tokens, unsupported)))
            tokens = []
            if match is None:
                break
            combinator = ">" if ">" in match.group("comb") else " "
        else:
            tokens.append(match)
        position = match.end()
    return steps


def _compound(tokens: list[re.Match[str]], unsupported: ValueError) -> _Compound:
    tag: str | None = None
    ids: list[str] = []
    classes: list[str] = []
    attributes: list[tuple[str, str | None]] = []
    for index, token in enumerate(tokens):
        if token.group("tag") is not None:
            if index:
                raise unsupported  # a type selector comes first
            name = token.group("tag").lower()
            tag = None if name == "*" else name
        elif token.group("id") is not None:
            ids.append(token.group("id"))
        elif token.group("cls") is not None:
            classes.append(token.group("cls"))
        else:
            value = next(
                (
                    v
                    for v in (token.group("dq"), token.group("sq"), token.group("bare"))
                    if v is not None
                ),
                None,
            )
            attributes.append((token.group("attr").lower(), value))
    return _Compound(tag, tuple(ids), tuple(classes), tuple(attributes))


def _matches(element: _Element, steps: _Complex) -> bool:
    """Right to left: the last compound matches the element, the rest its ancestors."""
    if not steps[-1][1].matches(element):
        return False
    combinator = steps[-1][0]
    rest = steps[:-1]
    if not rest:
        return True
    ancestor = element.parent
    if combinator == ">":
        return ancestor is not None and _matches(ancestor, rest)
    while ancestor is not None:
        if _matches(ancestor, rest):
            return True
        ancestor = ancestor.parent
    return False


def _roots(document: _Element, selectors: list[_Complex]) -> list[_Element]:
    roots: list[_Element] = []

    def visit(element: _Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                continue
            if any(_matches(child, steps) for steps in selectors):
                roots.append(child)  # outermost only: its own matches are inside it
            else:
                visit(child)

    visit(document)
    return roots
