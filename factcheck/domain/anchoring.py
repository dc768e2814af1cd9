"""Anchoring: find where a reader's selection lives in a revision's text, even after edits.

The order of attempts: the reader's offsets (when they are canonical), the quote verbatim,
the quote verbatim after the matching fold of both sides (`pagetext.fold`: a page's curly
quotes, dashes, NBSP and soft hyphens against the stored text), then approximately, also on
folded text. Every result is in code points of the canonical text as stored.
"""

from bisect import bisect_left
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from factcheck.domain.pagetext import fold, fold_spans, folded_offset, has_artefacts

# Code points of canonical text kept before and after a selection (DESIGN.md, "A report").
CONTEXT = 32

NOT_FOUND = "not_found"
AMBIGUOUS = "ambiguous"
_MESSAGES = {
    NOT_FOUND: "The selected text could not be found in the article.",
    AMBIGUOUS: "The selected text appears several times; select a few more words.",
}

# How many candidate windows are compared per rapidfuzz call: bounds memory on long texts.
_CHUNK = 4096


@dataclass(frozen=True)
class Selector:
    """What a reader's browser sends: W3C TextQuoteSelector plus TextPositionSelector."""

    quote: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    # True when start/end count code points of a page's text (the embed widget on a newsroom's
    # own page), not of the canonical text: boxes, captions and edits shift them, so they only
    # weigh as a proportional position and never decide between occurrences.
    page_hint: bool = False


@dataclass(frozen=True)
class Anchor:
    """Where a selection was found: code point offsets into the text it was anchored in."""

    start: int
    end: int
    score: float  # 0..100; 100 when the quote was found exactly
    # "position", "exact" (verbatim), "folded" (verbatim once both sides are folded: the same
    # words, typography aside) or "fuzzy"
    method: str


@dataclass(frozen=True)
class AnchorSettings:
    """Thresholds for re-anchoring; scores are on a 0..100 scale."""

    # Weights of quote, prefix, suffix and position similarity, taken from the Hypothesis
    # client (src/annotator/anchoring/match-quote.ts); position is only a tie-breaker.
    quote_weight: float = 50.0
    prefix_weight: float = 20.0
    suffix_weight: float = 20.0
    position_weight: float = 2.0
    # Perfect context with half the quote changed scores (50*0.5 + 42)/92 = 72.8: the reader's
    # words are gone, so the bar sits just above. An exact quote elsewhere with unrelated context
    # scores about (50 + 40*0.14 + 2)/92 = 63 (0.14 is the mean Levenshtein similarity of two
    # unrelated 32-code-point snippets of the demo article; the worst of 2,000 samples was 0.41,
    # giving 74), so a look-alike elsewhere stays below it.
    min_score: float = 75.0
    # Each of the 64 context code points is worth 100*20/32/92 = 0.68 points, so 3 points is
    # about four or five code points of context: closer than that, one edit since the reader's
    # revision could flip the order, and we ask for a longer selection instead of guessing.
    # The same margin tells apart several verbatim (or folded) occurrences of a quote: the one
    # whose context is closer by more than four or five code points is taken, else, with no
    # canonical offsets to break the tie, the report is refused as ambiguous. A page's context
    # that differs from the stored one by a word ("Rome, Italy" for "Rome") still leaves its
    # own occurrence ahead of one whose context is unrelated (about 22 code points of 32 off).
    margin: float = 3.0
    # The fuzzy search first looks this far (code points) around the position hint: about
    # three newspaper paragraphs, enough for the edits between two revisions of one article.
    search_radius: int = 2_000
    # Shorter quotes carry too little signal to look for approximate copies of them across the
    # whole article (a 4-letter word with one error matches half the words of a text); they
    # are matched approximately only near the position hint.
    min_fuzzy_quote_anywhere: int = 8


class AnchorError(ValueError):
    """A selection could not be placed in the text; `reason` is "not_found" or "ambiguous"."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.message = _MESSAGES[reason]
        super().__init__(self.message)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    quote: float  # similarity of the span to the quote, 0..1
    content: float  # quote and context part of the score, 0..100
    total: float  # content plus the position part, 0..100


def context_of(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str]:
    """The prefix and suffix (up to `width` code points each) around text[start:end]."""
    return text[max(0, start - width) : start], text[end : end + width]


def anchor(text: str, selector: Selector, settings: AnchorSettings = AnchorSettings()) -> Anchor:
    """Place a reader's selection in `text`: at its offsets, else by quote and context."""
    quote = selector.quote
    if not quote:
        raise AnchorError(NOT_FOUND)
    hint = _hint(selector, len(text))
    if hint is not None and not selector.page_hint and text[hint[0] : hint[1]] == quote:
        return Anchor(hint[0], hint[1], 100.0, "position")
    folded_selector = Selector(
        fold(quote),
        fold(selector.prefix),
        fold(selector.suffix),
        selector.start,
        selector.end,
        selector.page_hint,
    )
    if not any(has_artefacts(part) for part in (quote, selector.prefix, selector.suffix)):
        # Verbatim first: cheap, and it needs no fold of the (long) text.
        found = _anchor_exact(text, selector, hint, settings)
        if found is not None:
            return found
    if not folded_selector.quote:
        raise AnchorError(NOT_FOUND)  # nothing but soft hyphens and zero-width characters
    # Folded: the page's typography against the stored text's, in folded coordinates.
    folded, starts, ends = fold_spans(text)
    folded_hint = None
    if hint is not None:
        folded_hint = (folded_offset(starts, hint[0]), folded_offset(starts, hint[1]))
    located = _anchor_exact(folded, folded_selector, folded_hint, settings)
    if located is None:
        located = _anchor_fuzzy(folded, folded_selector, folded_hint, settings)
    if located.end <= located.start:
        raise AnchorError(NOT_FOUND)
    method = "folded" if located.method == "exact" else located.method
    return replace(located, start=starts[located.start], end=ends[located.end - 1], method=method)


def reanchor(
    old_text: str,
    new_text: str,
    start: int,
    end: int,
    settings: AnchorSettings = AnchorSettings(),
) -> Anchor:
    """Map the span old_text[start:end] onto new_text, the same article after an edit."""
    if not 0 <= start < end <= len(old_text):
        raise AnchorError(NOT_FOUND)
    if old_text == new_text:
        return Anchor(start, end, 100.0, "position")
    hint_start = start
    # One edit wholly after or wholly before the span is the common case; it is cheap to see
    # (two C-speed comparisons) and gives an exact position instead of a stale one.
    if not new_text.startswith(old_text[:end]) and new_text.endswith(old_text[start:]):
        hint_start = len(new_text) - (len(old_text) - start)
    prefix, suffix = context_of(old_text, start, end)
    selector = Selector(old_text[start:end], prefix, suffix, hint_start, hint_start + end - start)
    return anchor(new_text, selector, settings)


def _hint(selector: Selector, length: int) -> tuple[int, int] | None:
    """The reader's offsets when they can point into this text at all; they are only a hint."""
    start, end = selector.start, selector.end
    if selector.page_hint and start is not None and end is not None and 0 <= start <= end:
        # A page's text is usually longer than the stored one (boxes, captions): keep the
        # proportional hint inside the text rather than dropping it.
        return min(start, length), min(end, length)
    if start is None or end is None or not 0 <= start <= end <= length:
        return None
    return start, end


def _occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    """Start of every (possibly overlapping) exact occurrence of `needle`, at most `limit`."""
    found: list[int] = []
    position = text.find(needle)
    while position != -1 and (limit is None or len(found) < limit):
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _context_similarity(expected: str, actual: str, at_edge: bool, given: bool) -> float:
    if not expected:
        # An empty side is what a selection at the very start/end of the text has; when the
        # client sent no context at all, or the candidate is not at the edge, it is no
        # evidence either way.
        return 1.0 if at_edge and given else 0.5
    return Levenshtein.normalized_similarity(expected, actual, processor=None, score_cutoff=None)


def _boundary_penalty(text: str, selector: Selector, start: int, end: int) -> tuple[float, float]:
    """How much better prefix and suffix fit a few code points away from this candidate.

    Levenshtein forgives a shift of a few code points cheaply, so the "a" of "and" next to a
    replaced "a" would inherit the reader's context; a context that fits better elsewhere says
    the selection's boundary is there instead, not here.
    """
    reach = CONTEXT // 4
    prefix, suffix = selector.prefix, selector.suffix

    def fit_prefix(at: int) -> float:
        return Levenshtein.normalized_similarity(
            prefix, text[max(0, at - len(prefix)) : max(0, at)], processor=None, score_cutoff=None
        )

    def fit_suffix(at: int) -> float:
        return Levenshtein.normalized_similarity(
            suffix, text[max(0, at) : at + len(suffix)], processor=None, score_cutoff=None
        )

    before = after = 0.0
    if prefix:
        here = fit_prefix(start)
        before = max(fit_prefix(start + d) for d in range(-reach, reach + 1)) - here
    if suffix:
        here = fit_suffix(end)
        after = max(fit_suffix(end + d) for d in range(-reach, reach + 1)) - here
    return before, after


def _score(
    text: str,
    selector: Selector,
    hint: tuple[int, int] | None,
    span: tuple[int, int],
    quote_similarity: float,
    settings: AnchorSettings,
    strict: bool = False,
) -> _Candidate:
    """Weigh a candidate span the way the Hypothesis client does (match-quote.ts).

    `strict` also charges for context that fits better at a shifted boundary; it costs about
    thirty times more, so only the front runners are scored that way.
    """
    start, end = span
    given = bool(selector.prefix or selector.suffix)
    prefix = _context_similarity(
        selector.prefix, text[max(0, start - len(selector.prefix)) : start], start == 0, given
    )
    suffix = _context_similarity(
        selector.suffix, text[end : end + len(selector.suffix)], end == len(text), given
    )
    if strict:
        before, after = _boundary_penalty(text, selector, start, end)
        # Counted twice, once for the misfit and once for the displacement: a shift of a few
        # code points must cost more than the few edits Levenshtein charges for it.
        prefix = max(0.0, prefix - 2 * before)
        suffix = max(0.0, suffix - 2 * after)
    position = 0.5 if hint is None else 1.0 - abs(start - hint[0]) / max(1, len(text))
    weights = _total_weight(settings)
    content = (
        settings.quote_weight * quote_similarity
        + settings.prefix_weight * prefix
        + settings.suffix_weight * suffix
    )
    return _Candidate(
        start,
        end,
        quote_similarity,
        100.0 * content / weights,
        100.0 * (content + settings.position_weight * position) / weights,
    )


def _total_weight(settings: AnchorSettings) -> float:
    return (
        settings.quote_weight
        + settings.prefix_weight
        + settings.suffix_weight
        + settings.position_weight
    )


def _choose(
    candidates: list[_Candidate],
    text: str,
    selector: Selector,
    hint: tuple[int, int] | None,
    settings: AnchorSettings,
    overlapping_is_same: bool,
) -> _Candidate | None:
    """The clear winner; None when nothing is good enough; AnchorError when it is a toss-up."""
    if not candidates:
        return None
    # Strict scores are never higher than cheap ones, so candidates are rescored best first
    # until the rest could no longer come within the margin of the best (position adds at
    # most position_weight to a total).
    slack = settings.margin + 100.0 * settings.position_weight / _total_weight(settings)
    rescored: list[_Candidate] = []
    top = 0.0
    for candidate in sorted(candidates, key=lambda c: c.content, reverse=True):
        if rescored and candidate.content < top - slack:
            break
        strict = _score(
            text, selector, hint, (candidate.start, candidate.end), candidate.quote, settings, True
        )
        rescored.append(strict)
        top = max(top, strict.content)
    candidates = rescored
    best = max(candidates, key=lambda c: c.total)
    if best.total < settings.min_score:
        return None
    contenders = [best]
    for candidate in candidates:
        if candidate is best or candidate.content < best.content - settings.margin:
            continue
        # Fuzzy candidates that overlap the best are the same place seen slightly shifted.
        if overlapping_is_same and candidate.start < best.end and best.start < candidate.end:
            continue
        contenders.append(candidate)
    if len(contenders) == 1:
        return best
    # Context cannot tell them apart; the reader's offsets can, if one is strictly nearest
    # (a page's offsets cannot: they are not in this text's coordinates).
    if hint is None or selector.page_hint:
        raise AnchorError(AMBIGUOUS)
    contenders.sort(key=lambda c: abs(c.start - hint[0]))
    if abs(contenders[0].start - hint[0]) < abs(contenders[1].start - hint[0]):
        return contenders[0]
    raise AnchorError(AMBIGUOUS)


def _anchor_exact(
    text: str, selector: Selector, hint: tuple[int, int] | None, settings: AnchorSettings
) -> Anchor | None:
    """The quote found verbatim elsewhere (text was inserted or removed before it)."""
    quote = selector.quote
    starts = _occurrences(text, quote)
    if not starts:
        return None
    if (selector.prefix or selector.suffix) and not selector.page_hint:
        # The whole context found verbatim once is decisive, however small the difference to
        # another occurrence: it is the very text the reader saw. Not so for a page's text:
        # the page may predate an edit that changed the true place's context by a letter and
        # left a word-for-word repeat elsewhere looking like it, so the margin decides.
        whole = _occurrences(text, selector.prefix + quote + selector.suffix, limit=2)
        if len(whole) == 1:
            start = whole[0] + len(selector.prefix)
            return Anchor(start, start + len(quote), 100.0, "exact")
    candidates = [
        _score(text, selector, hint, (start, start + len(quote)), 1.0, settings) for start in starts
    ]
    best = _choose(candidates, text, selector, hint, settings, overlapping_is_same=False)
    return None if best is None else Anchor(best.start, best.end, 100.0, "exact")


def _anchor_fuzzy(
    text: str, selector: Selector, hint: tuple[int, int] | None, settings: AnchorSettings
) -> Anchor:
    """An approximate copy of the quote, near the hint first, then anywhere if it is long."""
    length = len(text)
    searched: tuple[int, int] | None = None
    if hint is not None and not (
        selector.page_hint and len(selector.quote) >= settings.min_fuzzy_quote_anywhere
    ):
        searched = (
            max(0, hint[0] - settings.search_radius),
            min(length, hint[1] + settings.search_radius),
        )
        found = _fuzzy_between(text, selector, hint, settings, *searched)
        if found is not None:
            return found
    whole = (0, length)
    if searched != whole and len(selector.quote) >= settings.min_fuzzy_quote_anywhere:
        found = _fuzzy_between(text, selector, hint, settings, *whole)
        if found is not None:
            return found
    raise AnchorError(NOT_FOUND)


def _fuzzy_between(
    text: str,
    selector: Selector,
    hint: tuple[int, int] | None,
    settings: AnchorSettings,
    low: int,
    high: int,
) -> Anchor | None:
    quote = selector.quote
    size = len(quote)
    weights = _total_weight(settings)
    # The least quote similarity that could still reach min_score with perfect context.
    floor = (settings.min_score * weights / 100.0 - (weights - settings.quote_weight)) / (
        settings.quote_weight
    )
    # Hypothesis never accepts more errors than half the quote (match-quote.ts, maxErrors).
    floor = max(floor, 0.5)
    # Comparing every window is O(n * quote); a stride of an eighth of the quote keeps the scan
    # linear with a small constant. A window off by half a stride loses at most stride/size of
    # similarity, and a tenth more covers letters inserted or deleted inside the quote.
    stride = max(1, size // 8)
    scan_floor = floor - stride / size - 0.1
    hits = _scan(text, quote, low, high, stride, scan_floor)

    candidates: list[_Candidate] = []
    taken: list[tuple[int, int]] = []  # disjoint spans already refined, sorted by start
    for _, window_start in sorted(hits, reverse=True):
        window = (window_start, min(len(text), window_start + size))
        if _overlaps(taken, window):
            continue  # a neighbour of a better window: the same match
        taken.insert(bisect_left(taken, window), window)
        candidate = _refine(text, selector, hint, window, settings)
        if candidate.quote >= floor:
            candidates.append(candidate)
    best = _choose(candidates, text, selector, hint, settings, overlapping_is_same=True)
    if best is None:
        return None
    return Anchor(best.start, best.end, round(best.total, 2), "fuzzy")


def _scan(
    text: str, quote: str, low: int, high: int, stride: int, cutoff: float
) -> list[tuple[float, int]]:
    """(similarity, start) of every quote-sized window in text[low:high] scoring at least cutoff."""
    size = len(quote)
    last = max(low, high - size)
    starts = list(range(low, last + 1, stride))
    if starts[-1] != last:
        starts.append(last)
    hits: list[tuple[float, int]] = []
    for offset in range(0, len(starts), _CHUNK):
        chunk = starts[offset : offset + _CHUNK]
        windows = [text[start : start + size] for start in chunk]
        for _, similarity, index in process.extract(
            quote,
            windows,
            scorer=Levenshtein.normalized_similarity,
            processor=None,
            score_cutoff=max(0.0, cutoff),
            limit=None,
        ):
            hits.append((similarity, chunk[index]))
    return hits


def _overlaps(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    index = bisect_left(taken, span)
    if index < len(taken) and taken[index][0] < span[1]:
        return True
    return index > 0 and taken[index - 1][1] > span[0]


def _refine(
    text: str,
    selector: Selector,
    hint: tuple[int, int] | None,
    window: tuple[int, int],
    settings: AnchorSettings,
) -> _Candidate:
    """Move the window's ends to where quote and context fit best (letters may be added or lost)."""
    quote = selector.quote
    radius = max(1, min(len(quote) // 4, CONTEXT))

    def candidate(a: int, b: int) -> _Candidate:
        similarity = Levenshtein.normalized_similarity(
            quote, text[a:b], processor=None, score_cutoff=None
        )
        # The context decides between ends that fit the quote equally well
        # ("Giorgia Meloni" or "Giorgia Meloni'" for "Georgia Maloney").
        return _score(text, selector, hint, (a, b), similarity, settings)

    best = candidate(*window)
    # Two rounds of moving one end at a time: exact alignment would be quadratic, and the
    # start and end errors of a quote are nearly independent.
    for _ in range(2):
        start, end = best.start, best.end
        for a in range(max(0, start - radius), min(end, start + radius + 1)):
            trial = candidate(a, end)
            if trial.content > best.content:
                best = trial
        start = best.start
        for b in range(max(start + 1, end - radius), min(len(text), end + radius) + 1):
            trial = candidate(start, b)
            if trial.content > best.content:
                best = trial
    return best
