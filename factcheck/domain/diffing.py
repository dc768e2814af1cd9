"""Revision diffs: paragraphs first, then words and letters, with moves and JSON edit ops."""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import cast

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein, Opcodes, Postfix, Prefix

from factcheck.domain.text import PARAGRAPH_SEPARATOR

# A deleted and an inserted paragraph in the same gap are shown as one "change" when
# fuzz.ratio (characters, no processor) reaches this. Measured on the demo seed article:
# unrelated paragraph pairs score 38-46, a paragraph with half its words replaced 64-67,
# with 30% replaced about 80. Below the cutoff a word diff is confetti; delete+insert reads better.
CHANGE_CUTOFF = 60.0
# A deleted paragraph that reappears elsewhere at least this similar is a move (the issue's
# "identical or >= 90% similar"); the small differences are shown as word pieces.
MOVE_CUTOFF = 90.0
# Replaced runs up to this many code points on both sides get letter-level detail, so
# "Maloney" -> "Meloni" shows the changed letters; longer runs are rewrites, not typos.
CHAR_DETAIL_MAX = 20
# ...and only when at least this share of their letters survives; "cat" -> "dog" letter
# by letter would only add noise.
CHAR_DETAIL_MIN_SIMILARITY = 0.5
# Gaps with at most this many (deleted x inserted) paragraph pairs are aligned optimally;
# bigger gaps (a rewritten article) use a greedy window so pairing stays linear.
OPTIMAL_GAP_PAIRS = 400
GREEDY_WINDOW = 8
# Fuzzy move search compares every leftover deleted block with every inserted one (~10 us
# a pair for news paragraphs). Past this many pairs (a rewritten article) only exact moves
# are looked for, which keeps a 50,000-word rewrite well under difflib's time.
FUZZY_MOVE_PAIRS = 20_000
# Indel.opcodes keeps an N*M bit matrix (N*M/8 bytes): about 300 MiB for one 50,000-word
# paragraph. Above this many token pairs (2 MiB of matrix) a banded, Hirschberg-backed
# Levenshtein alignment with a distance hint keeps memory linear.
INDEL_MAX_CELLS = 1 << 24
# Changed stretches of ASCII paragraphs at least this long (code points, both sides) are
# searched for a kept stretch of at least PROBE code points, looked for within PROBE_REACH
# of where it stood; that stretch is then diffed as a single token.
SPLIT_MIN = 96
PROBE = 24
PROBE_REACH = 64

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
CHANGE, MOVE_FROM, MOVE_TO = "change", "move_from", "move_to"
_OLD_SIDE = frozenset({EQUAL, CHANGE, DELETE, MOVE_FROM})
_NEW_SIDE = frozenset({EQUAL, CHANGE, INSERT, MOVE_TO})


@dataclass(frozen=True)
class Piece:
    """A run inside a paragraph: kept, deleted or inserted text, maybe with letter detail."""

    tag: str  # "equal" | "delete" | "insert"
    text: str
    # Letter-level pieces whose texts concatenate to `text`: equal/delete inside a delete
    # piece, equal/insert inside an insert piece. Empty when not worth showing.
    chars: tuple["Piece", ...] = ()


@dataclass(frozen=True)
class BlockOp:
    """One paragraph-level operation; the headline is block 0.

    `old` and `new` hold the block's text on each side ("" on the side it is absent from).
    Both halves of a move carry both indices and both texts, so a renderer can say
    "moved from paragraph 3"; `move_from` sits where the block was, `move_to` where it
    now is. `pieces` are the word pieces of a "change" and of a `move_to` whose text was
    also edited; empty otherwise.
    """

    tag: str  # "equal" | "change" | "delete" | "insert" | "move_from" | "move_to"
    old_index: int | None
    new_index: int | None
    old: str
    new: str
    pieces: tuple[Piece, ...]
    move_id: int | None = None


@cache
def _patterns() -> tuple["re.Pattern[str]", "re.Pattern[str]"]:
    """Token and grapheme patterns; built lazily because scanning Unicode takes ~50 ms."""
    # Combining marks, joiners, variation selectors, skin tones and emoji tags never start
    # a token: splitting them from their base would highlight half a letter or emoji.
    ranges: list[tuple[int, int]] = []
    for code in range(0x20000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    ranges += [(0x200C, 0x200D), (0xFE00, 0xFE0F), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F)]
    ranges.append((0xE0100, 0xE01EF))
    extend = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)
    # A joiner glues the next non-space character (emoji ZWJ sequences); flags are pairs.
    cluster = rf"(?:[\U0001F1E6-\U0001F1FF]{{2}}|(?s:.))(?:\u200d\S|[{extend}])*"
    token = re.compile(rf"[\w{extend}]+|\s+|{cluster}")
    return token, re.compile(cluster)


# ASCII text has no marks or emoji, and this pattern tokenises it the same, 3x faster.
_ASCII_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)


class _Codes(dict[str, str]):
    """Interns tokens as single code points, so rapidfuzz diffs plain strings (fastest path)."""

    def __missing__(self, token: str) -> str:
        number = len(self)
        # Skip the surrogate range; beyond the last code point there is no room left.
        code = number if number < 0xD800 else number + 0x800
        if code > 0x10FFFF:
            raise OverflowError("too many distinct tokens to diff")
        self[token] = chr(code)
        return self[token]

    def encode(self, tokens: Iterable[str]) -> str:
        return "".join(map(self.__getitem__, tokens))


def _encode_pair(old: Sequence[str], new: Sequence[str]) -> tuple[str, str]:
    """Both token lists as strings with one code point per distinct token.

    The table is built by C-level dict and map calls only; a pair with more distinct tokens
    than the code points below the surrogates falls back to `_Codes`.
    """
    distinct = dict.fromkeys(old)
    distinct.update(dict.fromkeys(new))
    if len(distinct) >= 0xD800:
        codes = _Codes()
        return codes.encode(old), codes.encode(new)
    table = dict(zip(distinct, map(chr, range(len(distinct))), strict=True))
    code = table.__getitem__
    return "".join(map(code, old)), "".join(map(code, new))


_Opcode = tuple[str, int, int, int, int]


def _tuples(opcodes: Opcodes) -> list[_Opcode]:
    # as_list gives plain tuples (its stub says Opcode objects, ~3x slower to read).
    return cast(list[_Opcode], opcodes.as_list())


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[_Opcode]:
    """A minimal token alignment, picking the rapidfuzz method that fits the size."""
    if len(a) * len(b) <= INDEL_MAX_CELLS:
        # Indel = insertions and deletions only: a longest-common-subsequence (minimal) diff.
        return _tuples(Indel.opcodes(a, b))
    # Levenshtein is minimal too (a substitution counts once); the hint starts a narrow band
    # around the diagonal, widened until the alignment is proven optimal.
    hint = max(abs(len(a) - len(b)), 64)
    return _tuples(Levenshtein.opcodes(a, b, score_hint=hint))


def _token_opcodes(old: list[str], new: list[str]) -> list[_Opcode]:
    """A minimal alignment of two token lists.

    rapidfuzz compares list items by their hash, which saves building a code table; a hash
    collision would show as an "equal" run of different tokens, so those are checked, and
    the tokens re-diffed as exact code points if one ever is.
    """
    ops = _opcodes(old, new)
    for tag, i1, i2, j1, j2 in ops:
        if tag == EQUAL and old[i1:i2] != new[j1:j2]:
            return _opcodes(*_encode_pair(old, new))
    return ops


def _token_cut_prefix(old: str, new: str) -> int:
    """Length of a common prefix that ends on a token boundary in both texts."""
    common = Prefix.similarity(old, new)
    if common == len(old) == len(new):
        return common
    # After a space and before a non-space is always a token boundary.
    cut = old.rfind(" ", 0, common) + 1
    while cut > 0 and (old[cut : cut + 1].isspace() or new[cut : cut + 1].isspace()):
        cut = old.rfind(" ", 0, cut - 1) + 1
    return cut


def _token_cut_suffix(old: str, new: str, head: int) -> int:
    """Length of a common suffix, not overlapping `head`, that starts on a token boundary."""
    common = min(Postfix.similarity(old, new), len(old) - head, len(new) - head)
    start = old.find(" ", len(old) - common)
    while start != -1:
        size = len(old) - start
        before_old = old[start - 1 : start] if start else ""
        before_new = new[len(new) - size - 1 : len(new) - size] if len(new) > size else ""
        # Before a space and after a non-space is a token boundary.
        if not before_old.isspace() and not before_new.isspace():
            return size
        start = old.find(" ", start + 1)
    return 0


def _char_detail(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """Letter-level pieces for the deleted and the inserted side of a short replacement."""
    if not (0 < len(old) <= CHAR_DETAIL_MAX and 0 < len(new) <= CHAR_DETAIL_MAX):
        return (), ()
    if old.isascii() and new.isascii():
        # Every ASCII character is a grapheme of its own: diff and slice the strings as-is.
        old_side, new_side = _char_pieces(old, new, old, new)
    else:
        cluster = _patterns()[1]
        old_chars, new_chars = cluster.findall(old), cluster.findall(new)
        old_side, new_side = _char_pieces(*_encode_pair(old_chars, new_chars), old_chars, new_chars)
    return tuple(old_side), tuple(new_side)


def _char_pieces(
    a: str, b: str, old_chars: Sequence[str], new_chars: Sequence[str]
) -> tuple[list[Piece], list[Piece]]:
    """Letter pieces from graphemes encoded one code point each (`a`, `b`); [] if too few kept."""
    # Indel similarity is twice the number of graphemes kept (len(a) + len(b) - distance).
    if Indel.similarity(a, b) < CHAR_DETAIL_MIN_SIMILARITY * (len(a) + len(b)):
        return [], []
    join = "".join
    old_side: list[Piece] = []
    new_side: list[Piece] = []
    for tag, i1, i2, j1, j2 in _tuples(Indel.opcodes(a, b)):
        if i2 > i1:
            _append(old_side, EQUAL if tag == EQUAL else DELETE, join(old_chars[i1:i2]))
        if j2 > j1:
            _append(new_side, EQUAL if tag == EQUAL else INSERT, join(new_chars[j1:j2]))
    return old_side, new_side


_new_object = object.__new__


def _piece(tag: str, text: str, chars: tuple[Piece, ...] = ()) -> Piece:
    """Piece(tag, text, chars) without the frozen dataclass's per-field __setattr__ calls."""
    piece = _new_object(Piece)
    piece.__dict__.update(tag=tag, text=text, chars=chars)
    return piece


def _block_op(
    tag: str,
    old_index: int | None,
    new_index: int | None,
    old: str,
    new: str,
    pieces: tuple[Piece, ...] = (),
) -> BlockOp:
    """BlockOp(...) without a move, built like `_piece`."""
    op = _new_object(BlockOp)
    op.__dict__.update(
        tag=tag,
        old_index=old_index,
        new_index=new_index,
        old=old,
        new=new,
        pieces=pieces,
        move_id=None,
    )
    return op


def _append(pieces: list[Piece], tag: str, text: str) -> None:
    """Add a run, merging it into the previous one of the same kind."""
    if not text:
        return
    if pieces and pieces[-1].tag == tag:
        pieces[-1] = _piece(tag, pieces[-1].text + text)
    else:
        pieces.append(_piece(tag, text))


def _middle_opcodes(
    old: str, new: str, head: int, tail: int
) -> tuple[list[str], list[str], list[_Opcode]]:
    """Tokens of old[head:-tail] and new[head:-tail] and a minimal alignment of them.

    A paragraph edited in two far-apart places keeps a long stretch between the edits.
    In ASCII text such stretches are found by searching a probe string (C-level `find`)
    and kept as one token each, so only the changed stretches are tokenised. That
    alignment is used only when certified minimal: its distance equals the bag-of-tokens
    lower bound (no alignment beats it), else the whole middle is tokenised.
    """
    old_end, new_end = len(old) - tail, len(new) - tail
    if old.isascii() and new.isascii():
        if min(old_end, new_end) - head >= SPLIT_MIN:
            old_tokens: list[str] = []
            new_tokens: list[str] = []
            kept_whole = _split_tokens(
                old, new, head, old_end, head, new_end, old_tokens, new_tokens
            )
            ops = _token_opcodes(old_tokens, new_tokens)
            if not kept_whole:
                return old_tokens, new_tokens, ops
            # Every alignment deletes and inserts at least the tokens one side has more of.
            changed = sum(i2 - i1 + j2 - j1 for tag, i1, i2, j1, j2 in ops if tag != EQUAL)
            if changed == Indel.distance(sorted(old_tokens), sorted(new_tokens)):
                return old_tokens, new_tokens, ops
        token = _ASCII_TOKEN
    else:
        token = _patterns()[0]
    old_tokens = token.findall(old, head, old_end)
    new_tokens = token.findall(new, head, new_end)
    return old_tokens, new_tokens, _token_opcodes(old_tokens, new_tokens)


def _ascii_boundary(text: str, at: int) -> bool:
    """Whether ASCII `text` has a token boundary before `at` (for _ASCII_TOKEN)."""
    before, after = text[at - 1], text[at]
    if before.isspace():
        return not after.isspace()
    return (
        after.isspace()
        or not (before.isalnum() or before == "_")
        or not (after.isalnum() or after == "_")
    )


def _split_tokens(
    old: str,
    new: str,
    a0: int,
    a1: int,
    b0: int,
    b1: int,
    old_tokens: list[str],
    new_tokens: list[str],
) -> bool:
    """Append the tokens of old[a0:a1] and new[b0:b1], a long kept stretch as one token.

    Both ranges start and end on token boundaries. The probe is the middle of the old
    range, looked for in the new range near the same offset. True if a stretch was kept.
    """
    if a1 - a0 >= SPLIT_MIN and b1 - b0 >= SPLIT_MIN:
        centre = (a0 + a1) // 2 - PROBE // 2
        guess = b0 + centre - a0
        found = new.find(old[centre : centre + PROBE], max(b0 + 1, guess - PROBE_REACH), b1 - 1)
        if found != -1 and found <= guess + PROBE_REACH:
            # Grow the probe to the whole kept stretch, then shrink it to token boundaries.
            start = centre - Postfix.similarity(old[a0:centre], new[b0:found])
            end = centre + PROBE
            end += Prefix.similarity(old[end:a1], new[found + PROBE : b1])
            shift = found - centre
            # A boundary is judged by the characters on both sides of it, so only cuts
            # strictly inside the kept stretch are boundaries in both texts alike.
            start = max(start + 1, a0 + 1, b0 + 1 - shift)
            end = min(end - 1, a1 - 1, b1 - 1 - shift)
            while start < end and not _ascii_boundary(old, start):
                start += 1
            while end > start and not _ascii_boundary(old, end):
                end -= 1
            if end - start >= PROBE:
                _split_tokens(old, new, a0, start, b0, start + shift, old_tokens, new_tokens)
                old_tokens.append(old[start:end])
                new_tokens.append(old[start:end])
                _split_tokens(old, new, end, a1, end + shift, b1, old_tokens, new_tokens)
                return True
    old_tokens += _ASCII_TOKEN.findall(old, a0, a1)
    new_tokens += _ASCII_TOKEN.findall(new, b0, b1)
    return False


def _word_pieces(old: str, new: str) -> list[Piece]:
    if old == new:
        return [Piece(EQUAL, old)] if old else []
    # The untouched start and end of a paragraph are never tokenised: a 1% edit then
    # costs a few tokens, not the whole article.
    head = _token_cut_prefix(old, new)
    tail = _token_cut_suffix(old, new, head)
    old_tokens, new_tokens, ops = _middle_opcodes(old, new, head, tail)
    # Runs: (kept text, None) or (deleted text, inserted text).
    runs: list[tuple[str, str | None]] = []
    for tag, i1, i2, j1, j2 in ops:
        deleted = "".join(old_tokens[i1:i2])
        if tag == EQUAL:
            runs.append((deleted, None))
            continue
        inserted = "".join(new_tokens[j1:j2])
        if runs and runs[-1][1] is not None:
            runs[-1] = (runs[-1][0] + deleted, f"{runs[-1][1]}{inserted}")
        elif len(runs) >= 2 and runs[-1][0].isspace() and runs[-2][1] is not None:
            # Two edits separated only by a space read as one phrase: "Georgia Maloney"
            # -> "Giorgia Meloni", not two word swaps around a kept space.
            space = runs.pop()[0]
            before_old, before_new = runs.pop()
            runs.append((before_old + space + deleted, f"{before_new}{space}{inserted}"))
        else:
            runs.append((deleted, inserted))
    pieces: list[Piece] = []
    kept = old[:head]  # kept text not yet made a piece, so neighbouring runs merge
    for before, after in runs:
        if after is None:
            kept += before
            continue
        if kept:
            pieces.append(_piece(EQUAL, kept))
            kept = ""
        old_chars, new_chars = _char_detail(before, after)
        # Deletes before inserts, so a replacement reads "old, then new".
        if before:
            pieces.append(_piece(DELETE, before, old_chars))
        if after:
            pieces.append(_piece(INSERT, after, new_chars))
    kept += old[len(old) - tail :]
    if kept:
        pieces.append(_piece(EQUAL, kept))
    return pieces


def tokens_of(text: str) -> list[str]:
    """The tokens word diffs align: words, white-space runs, punctuation marks and emoji."""
    return (_ASCII_TOKEN if text.isascii() else _patterns()[0]).findall(text)


def diff_words(old: str, new: str) -> list[Piece]:
    """Word-level pieces turning `old` into `new`, with letter detail inside short replacements.

    Tokens are words (letters, digits and their combining marks), white-space runs, and
    single punctuation marks or emoji; the alignment is minimal in tokens.
    """
    return _word_pieces(old, new)


def _best_path(score: list[list[float]]) -> list[tuple[int, int]]:
    """Order-keeping pairs (row, column) of non-zero cells with the largest total score."""
    rows, cols = len(score), len(score[0])
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for k in range(rows):
        above, here, row = best[k], best[k + 1], score[k]
        for m in range(cols):
            diagonal = above[m] + row[m] if row[m] else 0.0
            here[m + 1] = max(above[m + 1], here[m], diagonal)
    path: list[tuple[int, int]] = []
    k, m = rows, cols
    while k and m:
        if score[k - 1][m - 1] and best[k][m] == best[k - 1][m - 1] + score[k - 1][m - 1]:
            path.append((k - 1, m - 1))
            k, m = k - 1, m - 1
        elif best[k][m] == best[k - 1][m]:
            k -= 1
        else:
            m -= 1
    path.reverse()
    return path


def _optimal_pairs(
    old: Sequence[str], new: Sequence[str], dels: range, ins: range
) -> list[tuple[int, int]]:
    """Keep reading order and maximise total similarity (an LCS over scores).

    Scoring every pair costs ~15 us per pair of unrelated news paragraphs, so cells start
    at an upper bound (fuzz.ratio never beats the length ratio) and only the cells the best
    path runs through are scored, until that path uses scored cells alone: its total is
    then exact and no other path can beat it. A 1%-edited article needs one score a pair.
    """
    # Slack against float rounding: a bound must never fall below rapidfuzz's own score.
    slack = 1e-9
    score: list[list[float]] = []
    unknown: set[tuple[int, int]] = set()
    for k, i in enumerate(dels):
        row: list[float] = []
        for m, j in enumerate(ins):
            total = len(old[i]) + len(new[j])
            bound = 200.0 * min(len(old[i]), len(new[j])) / total if total else 100.0
            if bound < CHANGE_CUTOFF - slack:
                row.append(0.0)  # what fuzz.ratio with the cutoff returns
            else:
                row.append(bound + slack)
                unknown.add((k, m))
        score.append(row)
    for rounds in range(len(unknown) + 1):
        path = _best_path(score)
        guessed = unknown.intersection(path)
        if not guessed:
            return path
        # A path that keeps running into guesses (rewritten paragraphs): score them all.
        for k, m in guessed if rounds < 2 else list(unknown):
            unknown.discard((k, m))
            score[k][m] = fuzz.ratio(
                old[dels[k]], new[ins[m]], processor=None, score_cutoff=CHANGE_CUTOFF
            )
    return _best_path(score)


def _sure_diagonal(
    old: Sequence[str], new: Sequence[str], dels: range, ins: range
) -> list[tuple[int, int]]:
    """Pair a gap's k deleted and k inserted blocks in order when that surely scores best.

    Any other order-keeping pairing leaves a block unpaired, so it totals at most
    100 * (k - 1): a diagonal of edited paragraphs scoring more is the unique optimum of
    the search below, found with k scores instead of k * k. [] when not sure.
    """
    if not dels or len(dels) * len(ins) > OPTIMAL_GAP_PAIRS:
        return []
    total = 0.0
    for i, j in zip(dels, ins, strict=True):
        score = fuzz.ratio(old[i], new[j], processor=None, score_cutoff=CHANGE_CUTOFF)
        if not score:
            return []
        total += score
    # The margin keeps float rounding from deciding a near-tie.
    return list(zip(dels, ins, strict=True)) if total > 100.0 * (len(dels) - 1) + 1e-6 else []


def _pair_gap(
    old: Sequence[str], new: Sequence[str], dels: range, ins: range
) -> list[tuple[int | None, int | None]]:
    """Order a gap's deleted and inserted blocks, pairing similar ones as changes."""
    pairs: list[tuple[int, int]] = []
    if len(dels) == len(ins) and (diagonal := _sure_diagonal(old, new, dels, ins)):
        pairs = diagonal
    elif dels and ins and len(dels) * len(ins) <= OPTIMAL_GAP_PAIRS:
        pairs = [(dels[k], ins[m]) for k, m in _optimal_pairs(old, new, dels, ins)]
    elif dels and ins:
        start = 0
        for i in dels:
            window = [new[j] for j in ins[start : start + GREEDY_WINDOW]]
            found = process.extractOne(
                old[i], window, scorer=fuzz.ratio, processor=None, score_cutoff=CHANGE_CUTOFF
            )
            if found is not None:
                pairs.append((i, ins[start + found[2]]))
                start += found[2] + 1
    order: list[tuple[int | None, int | None]] = []
    i, j = dels.start, ins.start
    for pair_old, pair_new in [*pairs, (dels.stop, ins.stop)]:
        order += [(k, None) for k in range(i, pair_old)]
        order += [(None, m) for m in range(j, pair_new)]
        if pair_old < dels.stop:
            order.append((pair_old, pair_new))
        i, j = pair_old + 1, pair_new + 1
    return order


def diff_blocks(old: list[str], new: list[str]) -> list[BlockOp]:
    """Paragraph-level operations in the new text's reading order.

    Equal blocks are matched exactly (a minimal diff over block hashes); deleted and
    inserted blocks in the same gap that reach CHANGE_CUTOFF become word-level "change"s;
    a deleted block found again elsewhere (MOVE_CUTOFF) becomes a move_from/move_to pair.
    Deleted and moved-away blocks are listed where they stood.
    """
    # Indel yields separate delete and insert runs; consecutive ones form one gap.
    spans: list[_Opcode] = []
    for tag, i1, i2, j1, j2 in _tuples(Indel.opcodes(*_encode_pair(old, new))):
        if spans and tag != EQUAL and spans[-1][0] != EQUAL:
            spans[-1] = (CHANGE, spans[-1][1], i2, spans[-1][3], j2)
        else:
            spans.append((tag if tag == EQUAL else CHANGE, i1, i2, j1, j2))
    # Equal blocks become ops at once (an unchanged paragraph costs a hash compare and this);
    # the others are (old index, new index) slots until moves are known.
    slots: list[tuple[int | None, int | None] | BlockOp] = []
    for tag, i1, i2, j1, j2 in spans:
        if tag == EQUAL:
            slots += [
                _block_op(EQUAL, i1 + k, j1 + k, old[i1 + k], new[j1 + k]) for k in range(i2 - i1)
            ]
        else:
            slots += _pair_gap(old, new, range(i1, i2), range(j1, j2))
    moves = _find_moves(old, new, [slot for slot in slots if isinstance(slot, tuple)])
    result: list[BlockOp] = []
    for slot in slots:
        if isinstance(slot, BlockOp):
            result.append(slot)
            continue
        i, j = slot
        if i is not None and j is not None:
            pieces = tuple(_word_pieces(old[i], new[j]))
            result.append(_block_op(CHANGE, i, j, old[i], new[j], pieces))
        elif i is not None and i in moves.old_to:
            move_id, target = moves.old_to[i]
            result.append(BlockOp(MOVE_FROM, i, target, old[i], new[target], (), move_id))
        elif i is not None:
            result.append(_block_op(DELETE, i, None, old[i], ""))
        elif j is not None and j in moves.new_from:
            move_id, source = moves.new_from[j]
            edited = old[source] != new[j]
            pieces = tuple(_word_pieces(old[source], new[j])) if edited else ()
            result.append(BlockOp(MOVE_TO, source, j, old[source], new[j], pieces, move_id))
        elif j is not None:
            result.append(_block_op(INSERT, None, j, "", new[j]))
    return result


@dataclass
class _Moves:
    old_to: dict[int, tuple[int, int]]  # old index -> (move id, new index)
    new_from: dict[int, tuple[int, int]]  # new index -> (move id, old index)


def _find_moves(
    old: Sequence[str], new: Sequence[str], slots: list[tuple[int | None, int | None]]
) -> _Moves:
    """Pair blocks deleted in one place with blocks inserted in another."""
    deleted = [i for i, j in slots if j is None and i is not None and old[i]]
    inserted = {j: new[j] for i, j in slots if i is None and j is not None and new[j]}
    moves = _Moves({}, {})
    if not deleted or not inserted:
        return moves
    by_text: dict[str, list[int]] = {}
    for j, text in sorted(inserted.items(), reverse=True):
        by_text.setdefault(text, []).append(j)
    unmatched: list[int] = []
    for i in deleted:
        # Identical text first, so a fuzzy match never steals an exact one.
        candidates = by_text.get(old[i])
        if candidates:
            _pair_move(moves, i, candidates.pop())
        else:
            unmatched.append(i)
    for j in moves.new_from:
        del inserted[j]
    if len(unmatched) * len(inserted) > FUZZY_MOVE_PAIRS:
        return moves
    for i in unmatched:
        if not inserted:
            break
        found = process.extractOne(
            old[i], inserted, scorer=fuzz.ratio, processor=None, score_cutoff=MOVE_CUTOFF
        )
        if found is not None:
            _pair_move(moves, i, found[2])
            del inserted[found[2]]
    return moves


def _pair_move(moves: _Moves, old_index: int, new_index: int) -> None:
    move_id = len(moves.old_to)
    moves.old_to[old_index] = (move_id, new_index)
    moves.new_from[new_index] = (move_id, old_index)


def diff_texts(old_text: str, new_text: str) -> list[BlockOp]:
    """Block operations between two canonical texts (headline = block 0)."""
    return diff_blocks(old_text.split(PARAGRAPH_SEPARATOR), new_text.split(PARAGRAPH_SEPARATOR))


def _sides(pieces: Iterable[Piece]) -> tuple[str, str]:
    """The old and the new text that a run of pieces spells."""
    old = "".join(p.text for p in pieces if p.tag != INSERT)
    new = "".join(p.text for p in pieces if p.tag != DELETE)
    return old, new


def apply_ops(old_blocks: list[str], ops: list[BlockOp]) -> list[str]:
    """Rebuild the new blocks from the old ones and the ops; ValueError if they disagree.

    New text comes only from inserted blocks and inserted pieces: everything else is
    taken from `old_blocks`, so this checks the ops rather than trusting their `new`.
    """
    result: list[str] = []
    for op in ops:
        if op.tag not in _OLD_SIDE | _NEW_SIDE:
            raise ValueError(f"unknown block op {op.tag!r}")
        source = ""
        if op.tag != INSERT:
            if op.old_index is None or not 0 <= op.old_index < len(old_blocks):
                raise ValueError(f"{op.tag} op points outside the old blocks")
            source = old_blocks[op.old_index]
        if op.tag not in _NEW_SIDE:
            continue
        if op.new_index != len(result):
            raise ValueError(f"{op.tag} op for block {op.new_index} is out of reading order")
        if op.tag == INSERT:
            result.append(op.new)
        elif op.pieces:
            before, after = _sides(op.pieces)
            if before != source:
                raise ValueError(f"pieces of block {op.new_index} do not match the old text")
            result.append(after)
        elif op.tag == CHANGE:
            raise ValueError(f"change of block {op.new_index} has no pieces")
        else:
            result.append(source)
    return result


def _segments(ops: Iterable[BlockOp]) -> Iterator[tuple[str, str]]:
    """(old, new) text segments in order; equal segments have old is new."""
    for op in ops:
        # Every block but the first is preceded by the separator on its side.
        old_part = PARAGRAPH_SEPARATOR if op.tag in _OLD_SIDE and op.old_index else ""
        new_part = PARAGRAPH_SEPARATOR if op.tag in _NEW_SIDE and op.new_index else ""
        if op.tag in (DELETE, MOVE_FROM):
            yield old_part + op.old, ""
        elif op.tag in (INSERT, MOVE_TO):
            # A flat edit list cannot say "moved": the move is a delete plus an insert here.
            yield "", new_part + op.new
        else:
            if old_part == new_part:
                yield old_part, old_part
            else:
                yield old_part, new_part
            for piece in op.pieces or (Piece(EQUAL, op.old),):
                if piece.tag == EQUAL:
                    yield piece.text, piece.text
                elif piece.tag == DELETE:
                    yield piece.text, ""
                else:
                    yield "", piece.text


def text_ops(old_text: str, new_text: str) -> list[dict[str, object]]:
    """Code-point edit operations on the canonical text, ready for JSON.

    Each is {"op", "old_start", "old_end", "new_start", "new_end", "old", "new"} with
    op "equal", "delete", "insert" or "replace"; together they cover both texts in order.
    """
    result: list[dict[str, object]] = []
    old_at = new_at = 0
    kept: list[str] = []
    removed: list[str] = []
    added: list[str] = []

    def flush_edit() -> None:
        nonlocal old_at, new_at
        old, new = "".join(removed), "".join(added)
        removed.clear()
        added.clear()
        if old or new:
            kind = "replace" if old and new else "delete" if old else "insert"
            result.append(_text_op(kind, old_at, new_at, old, new))
            old_at, new_at = old_at + len(old), new_at + len(new)

    def flush_equal() -> None:
        nonlocal old_at, new_at
        text = "".join(kept)
        kept.clear()
        if text:
            result.append(_text_op(EQUAL, old_at, new_at, text, text))
            old_at, new_at = old_at + len(text), new_at + len(text)

    for old, new in _segments(diff_texts(old_text, new_text)):
        if old is new:
            if old:
                flush_edit()
                kept.append(old)
        else:
            flush_equal()
            removed.append(old)
            added.append(new)
    flush_edit()
    flush_equal()
    return result


def _text_op(kind: str, old_at: int, new_at: int, old: str, new: str) -> dict[str, object]:
    return {
        "op": kind,
        "old_start": old_at,
        "old_end": old_at + len(old),
        "new_start": new_at,
        "new_end": new_at + len(new),
        "old": old,
        "new": new,
    }


def apply_text_ops(old_text: str, ops: list[dict[str, object]]) -> str:
    """Apply `text_ops` output to the old text; equal ops may be left out.

    Raises ValueError when an op does not fit the text (wrong offsets, stale text).
    """
    parts: list[str] = []
    position = length = 0
    for op in ops:
        kind, start, end = op.get("op"), op.get("old_start"), op.get("old_end")
        if kind not in (EQUAL, DELETE, INSERT, "replace"):
            raise ValueError(f"unknown text op {kind!r}")
        if not isinstance(start, int) or not isinstance(end, int):
            raise ValueError("old_start and old_end must be integers")
        if not position <= start <= end <= len(old_text) or old_text[start:end] != op.get("old"):
            raise ValueError(f"op at {start}:{end} does not match the old text")
        length += start - position
        if op.get("new_start", length) != length:
            raise ValueError(f"op at {start}:{end} has new_start {op.get('new_start')}")
        replacement = old_text[start:end] if kind == EQUAL else op.get("new", "")
        if not isinstance(replacement, str):
            raise ValueError("new must be a string")
        parts += [old_text[position:start], replacement]
        position, length = end, length + len(replacement)
    parts.append(old_text[position:])
    return "".join(parts)


def _piece_json(piece: Piece) -> dict[str, object]:
    return {"op": piece.tag, "text": piece.text, "chars": [_piece_json(c) for c in piece.chars]}


def to_json(ops: list[BlockOp]) -> list[dict[str, object]]:
    """Block operations as JSON-ready dicts (the API's diff)."""
    return [
        {
            "op": op.tag,
            "old_index": op.old_index,
            "new_index": op.new_index,
            "old": op.old,
            "new": op.new,
            "pieces": [_piece_json(p) for p in op.pieces],
            "move_id": op.move_id,
        }
        for op in ops
    ]


def stats(old_text: str, new_text: str) -> tuple[int, int]:
    """Code points added and removed, as a history page's "+12 −3".

    Counts what a reader sees change: block text, not separators; a moved paragraph
    counts only for the words edited in it.
    """
    added = removed = 0
    for op in diff_texts(old_text, new_text):
        if op.tag == INSERT:
            added += len(op.new)
        elif op.tag == DELETE:
            removed += len(op.old)
        for piece in op.pieces:
            if piece.tag == INSERT:
                added += len(piece.text)
            elif piece.tag == DELETE:
                removed += len(piece.text)
    return added, removed
