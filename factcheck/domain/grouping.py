"""Grouping reader reports of the same error: minimal edits, group decisions and candidates."""

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

JOIN = "join"
POSSIBLE = "possible"
NEW = "new"

# Words, white space runs and single punctuation marks: the units sub-edits are cut into.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class Edit:
    """A minimal edit on the revision text: replace text[start:end] with replacement."""

    start: int
    end: int
    replacement: str

    def is_identity(self, text: str) -> bool:
        """True for a comment-only report: it points at text without proposing a change."""
        return text[self.start : self.end] == self.replacement


@dataclass(frozen=True)
class GroupingSettings:
    """Thresholds for grouping; the numbers come from `bench/grouping_quality.py`.

    On its seeded corpus (60 articles, 303 true errors, 20,000 noisy reports) these values give
    pairwise precision 0.9997 and recall 0.989, counting possible duplicates as members. The
    sweep high 70..90, low 40..60, min_overlap 0.3..0.7 left both unchanged; what moves is how
    many reports wait for an editor as "possible" (high 70: 405, 80: 460, 85: 1011, 90: 1558),
    so `high` sits at the knee. Re-run the benchmark before changing them.
    """

    # token_set_ratio (0..100) of the projected suggestions at or above which a report joins.
    high: float = 80.0
    # At or above this (but below `high`) the report is shown in the group as a possible
    # duplicate for an editor to confirm or split; below it the report starts a new group.
    low: float = 50.0
    # Share of the smaller of the two spans that must overlap for an automatic join.
    min_overlap: float = 0.5
    # Edits of one or two words carry little text to compare, so they must lie wholly
    # inside the group's span (or cover it) to join without an editor.
    short_quote_overlap: float = 1.0
    short_quote_words: int = 2
    # fuzz.ratio cutoff for folding candidates into one: one typo in a 6-letter name scores
    # ~92, a different word ~60-80.
    cluster_cutoff: float = 90.0
    # A sub-edit enters the merged candidate only if at least this share of the group's
    # suggestions propose it, so a lone stray change does not ride along.
    merge_min_share: float = 0.1
    # How many of a group's distinct edits the service hands to `decide` (GroupView.top_edits).
    top_edits: int = 3
    # Distinct edits a group keeps at most: past it, look-alikes count towards their nearest
    # and an unlike edit replaces the least reported one (see `fold_edit`);
    # bench/grouping_speed.py saw 235 distinct edits in a 9,720-report group without it,
    # nearly all one-off typos of the same fix.
    tally_limit: int = 24
    # How far around a report the service looks for groups (code points).
    window_slack: int = 32


@dataclass
class GroupView:
    """What the service hands in for each open group near a report."""

    id: int
    start: int  # the group's span: the region its candidates replace
    end: int
    # The group's most reported distinct minimal edits (a few, best first); empty while the
    # group holds only comment-only reports.
    top_edits: Sequence[Edit] = field(default_factory=tuple)


@dataclass(frozen=True)
class Decision:
    """Where a report goes, and why, so an editor can see the reasoning."""

    action: str  # "join" | "possible" | "new"
    group_id: int | None
    overlap: float  # 0..1, share of the smaller span covered by the other
    similarity: float  # 0..100, token_set_ratio against the group's best matching edit
    reason: str


@dataclass(frozen=True)
class Candidate:
    """A full replacement text for a group's span, with how many reports support it."""

    text: str
    count: int
    merged: bool = False


def normalise(value: str) -> str:
    """Case-folded, white space folded: how suggestions are compared."""
    return " ".join(value.casefold().split())


def _is_word(char: str) -> bool:
    # Same notion of a word character as the \w regex class (Unicode aware).
    return bool(char) and (char.isalnum() or char == "_")


def _trim_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding non-word characters, then widen to whole words."""
    lo, hi = start, end
    while lo < hi and not _is_word(text[lo]):
        lo += 1
    while hi > lo and not _is_word(text[hi - 1]):
        hi -= 1
    if lo == hi:  # nothing word-like selected (e.g. a lone dash): keep the selection
        return start, end
    while lo > 0 and _is_word(text[lo - 1]):
        lo -= 1
    while hi < len(text) and _is_word(text[hi]):
        hi += 1
    return lo, hi


def _quote_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quote as units: one per character, one per white space run (folded)."""
    units: list[tuple[int, int]] = []
    i = start
    while i < end:
        j = i + 1
        if text[i].isspace():
            while j < end and text[j].isspace():
                j += 1
        units.append((i, j))
        i = j
    return units


def _comparison_keys(value: str, fold_case: bool) -> str | list[str]:
    # One key per character; casefold() can lengthen a string ("ß" -> "ss"), then go per char.
    if not fold_case:
        return value
    folded = value.casefold()
    return folded if len(folded) == len(value) else [char.casefold() for char in value]


def minimal_edit(text: str, start: int, end: int, suggestion: str) -> Edit:
    """Reduce a report to the smallest whole-word edit that turns the quote into the suggestion.

    The common prefix and suffix of quote and suggestion are stripped (compared case-insensitively
    with white space folded), then the changed region is widened to whole words in the text and
    correspondingly in the suggestion. A suggestion equal to the quote (comment-only report) gives
    an identity edit over the selection trimmed to whole words.
    """
    # White space at either end of a selection or suggestion is never what a reader means to fix.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    folded = " ".join(suggestion.split())
    if folded == " ".join(text[start:end].split()):
        lo, hi = _trim_to_words(text, start, end)
        return Edit(lo, hi, text[lo:hi])

    quote = " ".join(text[start:end].split())
    # Canonical text has single spaces, so a quote's characters are its units; only a quote
    # across a paragraph break ("\n\n") needs the map from folded units back to offsets.
    unit_starts = (
        [unit[0] for unit in _quote_units(text, start, end)] if quote != text[start:end] else None
    )

    # Case-insensitive first; a pure case fix ("paris" -> "Paris") then falls back to exact.
    for fold_case in (True, False):
        quote_keys = _comparison_keys(quote, fold_case)
        sugg_keys = _comparison_keys(folded, fold_case)
        limit = min(len(quote_keys), len(sugg_keys))
        prefix = 0
        while prefix < limit and quote_keys[prefix] == sugg_keys[prefix]:
            prefix += 1
        suffix = 0
        while (
            suffix < limit - prefix
            and quote_keys[len(quote_keys) - 1 - suffix] == sugg_keys[len(sugg_keys) - 1 - suffix]
        ):
            suffix += 1
        if prefix + suffix < max(len(quote_keys), len(sugg_keys)):
            break

    def offset(unit: int) -> int:
        if unit >= len(quote):
            return end
        return unit_starts[unit] if unit_starts is not None else start + unit

    left = offset(prefix)
    right = offset(len(quote) - suffix)
    left_sugg = prefix
    right_sugg = len(folded) - suffix

    def after_char(i: int) -> str:
        # The text as it reads after the suggestion is applied, indexed relative to it.
        if i < 0:
            return text[start + i] if start + i >= 0 else ""
        if i >= len(folded):
            j = end + i - len(folded)
            return text[j] if j < len(text) else ""
        return folded[i]

    # A pure deletion or insertion inside repeated text ("on on" -> "on") can sit at several
    # places; slide it as far left as it goes so every reader's version lands on one spot.
    if left == right or left_sugg == right_sugg:
        while (
            left > 0
            and (left == right or text[left - 1] == text[right - 1])
            and (left_sugg == right_sugg or after_char(left_sugg - 1) == after_char(right_sugg - 1))
            and text[left - 1].casefold() == after_char(left_sugg - 1).casefold()
        ):
            left, right, left_sugg, right_sugg = left - 1, right - 1, left_sugg - 1, right_sugg - 1
    # Widen while a boundary cuts a word, before or after the change.
    while left > 0 and _is_word(text[left - 1]):
        inner_before = text[left] if left < len(text) else ""
        if not (_is_word(inner_before) or _is_word(after_char(left_sugg))):
            break
        left -= 1
        left_sugg -= 1
    while right < len(text) and _is_word(text[right]):
        inner_before = text[right - 1] if right > 0 else ""
        if not (_is_word(inner_before) or _is_word(after_char(right_sugg - 1))):
            break
        right += 1
        right_sugg += 1
    replacement = "".join(after_char(i) for i in range(left_sugg, right_sugg))
    return Edit(left, right, replacement)


def project(text: str, edit: Edit, span_start: int, span_end: int) -> str:
    """The candidate text for the union of the span and the edit: the edit applied within it.

    The result replaces text[min(span_start, edit.start):max(span_end, edit.end)]; callers widen
    the group's span to that union first (see `widened_span`) so candidates stay comparable.
    """
    lo = min(span_start, edit.start)
    hi = max(span_end, edit.end)
    return text[lo : edit.start] + edit.replacement + text[edit.end : hi]


def widened_span(
    span_start: int, span_end: int, edit: Edit, is_comment_only: bool
) -> tuple[int, int]:
    """The group's span after a report joins: suggestions widen it, comments do not.

    Call it for automatic joins; a possible duplicate widens the span once an editor confirms
    it, so a doubtful report cannot drag the group over its neighbours.

    Comment-only selections are loose; letting them widen the span would make every candidate
    longer and the group overlap its neighbours.
    """
    if is_comment_only:
        return span_start, span_end
    return min(span_start, edit.start), max(span_end, edit.end)


def near_window(edit: Edit, slack: int = GroupingSettings.window_slack) -> tuple[int, int]:
    """The span range in which the service should look for open groups of the article."""
    return max(0, edit.start - slack), edit.end + slack


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every exact occurrence of quote in text (for "same error elsewhere")."""
    if not quote:
        return []
    found: list[int] = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _footprint(text: str, edit: Edit) -> tuple[int, int]:
    """The region an edit touches; a pure insertion touches the words on either side.

    A deletion in repeated text ("on on") touches every copy it could have removed: readers
    who select the second copy report the same error as those whose edit slid to the first.
    """
    if edit.start < edit.end:
        end = edit.end
        if not edit.replacement:
            while end < len(text) and text[end] == text[end - (edit.end - edit.start)]:
                end += 1
        return edit.start, end
    lo = edit.start
    while lo > 0 and not _is_word(text[lo - 1]):
        lo -= 1
    while lo > 0 and _is_word(text[lo - 1]):
        lo -= 1
    hi = edit.end
    while hi < len(text) and not _is_word(text[hi]):
        hi += 1
    while hi < len(text) and _is_word(text[hi]):
        hi += 1
    return lo, hi


def _group_footprint(text: str, group: GroupView) -> tuple[int, int]:
    # The group's span plus wherever its edits could equally sit (both copies of "on on").
    start, end = group.start, group.end
    for edit in group.top_edits:
        edit_start, edit_end = _footprint(text, edit)
        start, end = min(start, edit_start), max(end, edit_end)
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    # Relative to the smaller span: "Maloney" lies wholly inside "Georgia Maloney".
    shared = min(a[1], b[1]) - max(a[0], b[0])
    smaller = min(a[1] - a[0], b[1] - b[0])
    if shared <= 0 or smaller <= 0:
        return 0.0
    return shared / smaller


def _sub_edits(text: str, edit: Edit) -> list[Edit]:
    """Cut an edit into word-level changes, so compatible parts of different reports combine."""
    return list(_word_changes(text[edit.start : edit.end], edit.replacement, edit.start))


@lru_cache(maxsize=4096)
def _word_changes(old: str, replacement: str, start: int) -> tuple[Edit, ...]:
    # Cached: a group's candidates are recomputed on every join from the same few edits.
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(replacement)
    offsets = [start]
    for token in old_tokens:
        offsets.append(offsets[-1] + len(token))
    parts: list[Edit] = []
    for op in Levenshtein.opcodes(old_tokens, new_tokens):
        if op.tag == "equal":
            continue
        begin, end = offsets[op.src_start], offsets[op.src_end]
        replaced = "".join(new_tokens[op.dest_start : op.dest_end])
        if parts and parts[-1].end == begin:  # adjacent changes are one change
            last = parts.pop()
            parts.append(Edit(last.start, end, last.replacement + replaced))
        else:
            parts.append(Edit(begin, end, replaced))
    return tuple(parts)


def _conflicts(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions clash at the same point or inside
        return a.start <= b.end and b.start <= a.end and (a.start, a.end) != (b.end, b.end)
    return a.start < b.end and b.start < a.end


def _apply(text: str, span_start: int, span_end: int, edits: Sequence[Edit]) -> str:
    pieces: list[str] = []
    position = span_start
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:span_end])
    return "".join(pieces)


def _compatible_merge(text: str, group_edit: Edit, edit: Edit) -> str | None:
    """Both edits applied together, if they change different words; else None."""
    mine = _sub_edits(text, edit)
    theirs = _sub_edits(text, group_edit)
    if not mine or any(_conflicts(a, b) for a in mine for b in theirs):
        return None
    lo = min(edit.start, group_edit.start)
    hi = max(edit.end, group_edit.end)
    return _apply(text, lo, hi, [*mine, *theirs])


def _word_count(text: str, edit: Edit) -> int:
    return len(_WORD_RUN.findall(text[edit.start : edit.end])) or len(
        _WORD_RUN.findall(edit.replacement)
    )


_RANK = {JOIN: 2, POSSIBLE: 1, NEW: 0}


def decide(
    text: str,
    edit: Edit,
    is_comment_only: bool,
    groups: Sequence[GroupView],
    settings: GroupingSettings = GroupingSettings(),
) -> Decision:
    """Choose the nearby open group a report belongs to, or say it starts a new one.

    `groups` are only the article's open groups near the report (see `near_window`): the cost
    per report does not grow with the number of reports. The same wrong text at another place
    never overlaps, so it always becomes its own group.
    """
    comment_only = is_comment_only or edit.is_identity(text)
    footprint = _footprint(text, edit)
    short = _word_count(text, edit) <= settings.short_quote_words
    needed = settings.short_quote_overlap if short else settings.min_overlap
    best: Decision | None = None
    for group in groups:
        overlap = _overlap(footprint, _group_footprint(text, group))
        if overlap <= 0.0:
            continue
        share = f"overlaps {overlap:.0%} of the smaller span"
        if comment_only or not group.top_edits:
            # Nothing to compare as text (a comment, or a group of comments): the span decides.
            action = JOIN if overlap >= needed else POSSIBLE
            what = "comment-only report" if comment_only else "group has no suggestion yet"
            decision = Decision(action, group.id, overlap, 0.0, f"{share}; {what}, joined by span")
        else:
            similarity, matched = _similarity(text, edit, group, settings)
            if similarity >= settings.high and overlap >= needed:
                action = JOIN
            elif similarity >= settings.low:
                action = POSSIBLE
            else:
                continue
            reason = f"{share}; suggestion matches {matched!r} ({similarity:.0f})"
            if action == POSSIBLE and similarity >= settings.high:
                reason += f"; a short edit needs {needed:.0%} overlap to join by itself"
            decision = Decision(action, group.id, overlap, similarity, reason)
        if best is None or (_RANK[decision.action], decision.overlap, decision.similarity) > (
            _RANK[best.action],
            best.overlap,
            best.similarity,
        ):
            best = decision
    if best is None:
        return Decision(NEW, None, 0.0, 0.0, "no open group nearby overlaps with a similar fix")
    return best


def _similarity(
    text: str, edit: Edit, group: GroupView, settings: GroupingSettings
) -> tuple[float, str]:
    """Best token_set_ratio of the report against the group's edits, on their common span."""
    lo, hi = min(group.start, edit.start), max(group.end, edit.end)
    mine = project(text, edit, lo, hi)
    best_score, best_text = 0.0, ""
    for group_edit in list(group.top_edits)[: settings.top_edits]:
        theirs = project(text, group_edit, lo, hi)
        if normalise(mine) == normalise(theirs):
            # Also covers two deletions of the same words, whose projections are both empty
            # (token_set_ratio scores empty strings 0).
            return 100.0, theirs
        score = fuzz.token_set_ratio(mine, theirs, processor=normalise, score_cutoff=0)
        # A fix of a different word in the group's span (Georgia -> Giorgia beside
        # Maloney -> Meloni) is compatible: compare what the two make together.
        merged = _compatible_merge(text, group_edit, edit)
        if merged is not None:
            together = text[lo : min(edit.start, group_edit.start)] + merged
            together += text[max(edit.end, group_edit.end) : hi]
            score = max(
                score, fuzz.token_set_ratio(together, theirs, processor=normalise, score_cutoff=0)
            )
        if score > best_score:
            best_score, best_text = score, theirs
    return best_score, best_text


def _case_agreement(original: str, spelling: str) -> int:
    # Ties between spellings go to the one capitalised like the article ("Giorgia", not "giorgia").
    return sum(
        a[:1].isupper() == b[:1].isupper()
        for a, b in zip(original.split(), spelling.split(), strict=False)
    )


def _most_common(counts: Counter[str], original: str) -> str:
    return max(counts, key=lambda s: (counts[s], _case_agreement(original, s)))


def candidates(
    text: str,
    span_start: int,
    span_end: int,
    edits: Sequence[Edit] | Mapping[Edit, int],
    settings: GroupingSettings = GroupingSettings(),
) -> list[Candidate]:
    """The group's candidate texts for text[span_start:span_end], best first, with counts.

    Each suggestion is projected onto the span and similar ones (case and white space aside,
    then fuzz.ratio >= `cluster_cutoff`) fold into one candidate spelled as most reporters did.
    A merged candidate combining compatible word changes from different reports is added
    (merged=True) when it differs from all the others. Comment-only edits are skipped; every
    other edit must lie inside the span (the service widens it with `widened_span`).
    """
    original = text[span_start:span_end]
    # Distinct edits with how many reports made each: a group's cost follows its variety,
    # not its volume.
    tally = Counter(edits) if not isinstance(edits, Mapping) else Counter(dict(edits))
    suggestion_edits: Counter[Edit] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for edit, times in tally.items():
        if edit.is_identity(text) or times <= 0:
            continue
        if edit.start < span_start or edit.end > span_end:
            raise ValueError(f"edit {edit} lies outside the group's span {span_start}-{span_end}")
        value = project(text, edit, span_start, span_end)
        spellings[normalise(value)][value] += times
        suggestion_edits[edit] += times
    if not suggestion_edits:
        return []

    # Most reported forms first, so each cluster is seeded by its commonest spelling.
    forms = sorted(spellings, key=lambda f: -sum(spellings[f].values()))
    clusters: list[list[str]] = []
    for form in forms:
        match = process.extractOne(
            form,
            [cluster[0] for cluster in clusters],
            scorer=fuzz.ratio,
            processor=None,  # forms are already normalised
            score_cutoff=settings.cluster_cutoff,
        )
        if match is None:
            clusters.append([form])
        else:
            clusters[match[2]].append(form)

    result: list[Candidate] = []
    for cluster in clusters:
        head = cluster[0]  # the commonest normalised form names the cluster
        count = sum(sum(spellings[f].values()) for f in cluster)
        result.append(Candidate(_most_common(spellings[head], original), count))
    result.sort(key=lambda c: -c.count)

    merged = _merged_candidate(text, span_start, span_end, suggestion_edits, settings)
    if merged is not None and all(normalise(merged.text) != normalise(c.text) for c in result):
        position = 0 if merged.count >= result[0].count else 1
        result.insert(position, merged)
    return result


def _merged_candidate(
    text: str,
    span_start: int,
    span_end: int,
    edits: Counter[Edit],
    settings: GroupingSettings,
) -> Candidate | None:
    """Combine the best supported, mutually compatible word changes of all reports."""
    # Each report's word changes with their comparison keys (position, normalised words).
    per_report = [
        ([(part, (part.start, part.end, normalise(part.replacement))) for part in parts], times)
        for parts, times in ((_sub_edits(text, edit), times) for edit, times in edits.items())
    ]
    support: Counter[tuple[int, int, str]] = Counter()
    spellings: defaultdict[tuple[int, int, str], Counter[str]] = defaultdict(Counter)
    for parts, times in per_report:
        for part, key in dict(parts).items():
            support[key] += times
            spellings[key][part.replacement] += times
    chosen: list[Edit] = []
    chosen_keys: set[tuple[int, int, str]] = set()
    minimum = settings.merge_min_share * edits.total()
    for key, count in support.most_common():
        if count < minimum:
            break
        start, end, _ = key
        part = Edit(start, end, _most_common(spellings[key], text[start:end]))
        if any(_conflicts(part, other) for other in chosen):
            continue
        chosen.append(part)
        chosen_keys.add(key)
    if len(chosen) < 2:  # one change alone is already an ordinary candidate
        return None
    consistent = sum(
        times for parts, times in per_report if all(key in chosen_keys for _, key in parts)
    )
    return Candidate(_apply(text, span_start, span_end, chosen), consistent, merged=True)


def fold_edit(
    text: str,
    tally: Mapping[Edit, int],
    edit: Edit,
    settings: GroupingSettings = GroupingSettings(),
) -> Counter[Edit]:
    """Count `edit` in a group's tally, keeping the tally's size bounded.

    A widely read error draws thousands of suggestions, many with their own typos. Once the
    tally holds `tally_limit` distinct edits, a new one is counted towards the most similar
    edit already there (same clustering rule as `candidates`) instead of being added. A new
    edit like none of them takes the place of the least reported one (the first of those
    in the tally's order): the tally never grows past the limit, whatever a crowd or a
    script sends, so the cost of a join is bounded; the edits that stay keep exact counts.
    """
    result = Counter(dict(tally))
    if edit in result or len(result) < settings.tally_limit:
        result[edit] += 1
        return result
    lo = min([edit.start, *(e.start for e in result)])
    hi = max([edit.end, *(e.end for e in result)])
    mine = normalise(project(text, edit, lo, hi))
    keys = list(result)
    match = process.extractOne(
        mine,
        [normalise(project(text, other, lo, hi)) for other in keys],
        scorer=fuzz.ratio,
        processor=None,  # already normalised
        score_cutoff=settings.cluster_cutoff,
    )
    if match is not None:
        result[keys[match[2]]] += 1
        return result
    del result[min(keys, key=result.__getitem__)]
    result[edit] = 1
    return result
