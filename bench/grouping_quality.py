"""Grouping quality benchmark: pairwise precision/recall and µs per report against a naive baseline.

Run: python bench/grouping_quality.py [--reports N] [--articles N] [--seed N]
"""

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from math import comb
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import FILLER, mutate, pseudo_word  # bench/corpus.py

from factcheck.domain.grouping import (
    NEW,
    POSSIBLE,
    Edit,
    GroupingSettings,
    GroupView,
    decide,
    minimal_edit,
    near_window,
    normalise,
    widened_span,
)


@dataclass
class Token:
    """One word of a generated article, with what follows it and, if wrong, its correct form."""

    word: str
    trailing: str = ""  # punctuation glued to the word: "", ",", ".", "'s"
    correct: str | None = None  # set on words that are errors
    error: int | None = None  # the true error this word belongs to
    start: int = 0


@dataclass
class Article:
    text: str
    tokens: list[Token]
    paragraph_of: list[int]  # paragraph index of each token


@dataclass
class TrueError:
    id: int
    article: int
    tokens: list[int]  # token indices of the wrong words
    kind: str  # typo, name, fact, doubled


@dataclass
class Report:
    article: int
    start: int
    end: int
    suggestion: str
    error: int


def build_corpus(rng: random.Random, n_articles: int) -> tuple[list[Article], list[TrueError]]:
    errors: list[TrueError] = []
    articles = [build_article(rng, a, errors) for a in range(n_articles)]
    return articles, errors


def build_article(rng: random.Random, a: int, errors: list[TrueError]) -> Article:
    """One article with its errors planted; appends them to errors."""
    tokens: list[Token] = []
    paragraph_of: list[int] = []
    names = [(pseudo_word(rng, 2).title(), pseudo_word(rng, 3).title()) for _ in range(4)]
    for p in range(rng.randint(6, 10)):
        for _ in range(rng.randint(2, 4)):
            length = rng.randint(8, 18)
            for w in range(length):
                roll = rng.random()
                if roll < 0.08:
                    first, last = rng.choice(names)
                    tokens += [Token(first), Token(last, rng.choice(["", "'s"]))]
                    paragraph_of += [p, p]
                    continue
                if roll < 0.12:
                    word = str(rng.randint(1900, 2030))
                elif roll < 0.5:
                    word = rng.choice(FILLER)
                else:
                    word = pseudo_word(rng, rng.randint(2, 4))
                trailing = "," if rng.random() < 0.07 else ""
                tokens.append(Token(word, "." if w == length - 1 else trailing))
                paragraph_of.append(p)

    def plant(indices: list[int], kind: str, wrong: list[str] | None = None) -> None:
        error = TrueError(len(errors), a, indices, kind)
        errors.append(error)
        for k, i in enumerate(indices):
            token = tokens[i]
            token.correct = token.word
            token.word = wrong[k] if wrong else mutate(rng, token.word)
            token.error = error.id

    def free(i: int, width: int = 1) -> bool:
        span = range(i - 3, i + width + 3)
        return all(0 <= j < len(tokens) and tokens[j].error is None for j in span)

    def long_word(i: int) -> bool:
        word = tokens[i].word
        return len(word) >= 4 and word.isalpha() and word not in FILLER

    planted = 0
    attempts = 0
    while planted < 5 and attempts < 5000:
        attempts += 1
        kind = rng.choice(["typo", "typo", "name", "fact", "pair", "repeat", "doubled"])
        i = rng.randrange(1, len(tokens) - 8)
        if kind in ("name", "fact"):  # aim at a name or a number so these kinds are common
            wanted = [
                j
                for j in range(1, len(tokens) - 8)
                if (tokens[j].word.isdigit() if kind == "fact" else tokens[j].word.istitle())
            ]
            i = rng.choice(wanted) if wanted else i
        if kind == "typo" and free(i) and long_word(i):
            plant([i], "typo")
        elif (
            kind == "name"
            and free(i, 2)
            and tokens[i].word[:1].isupper()
            and (tokens[i + 1].word[:1].isupper() and not tokens[i].trailing)
        ):
            # Usually both halves of the name are wrong, like "Georgia Maloney".
            plant([i, i + 1] if rng.random() < 0.7 else [i + 1], "name")
        elif kind == "fact" and free(i) and tokens[i].word.isdigit():
            plant([i], "fact", [str(int(tokens[i].word) + rng.choice([-1, 1, 10]))])
        elif kind == "pair" and free(i, 6) and long_word(i):
            # Two different errors a few words apart in one sentence.
            gap = rng.randint(2, 4)
            if not long_word(i + gap):
                continue
            plant([i], "typo")
            plant([i + gap], "typo")
            planted += 1
        elif kind == "repeat" and free(i) and long_word(i):
            # The same misspelling at another place: a second, separate error.
            others = [j for j in range(len(tokens)) if tokens[j].word == tokens[i].word]
            others = [j for j in others if j != i and free(j)]
            if not others:
                continue
            wrong = mutate(rng, tokens[i].word)
            plant([i], "typo", [wrong])
            plant([rng.choice(others)], "typo", [wrong])
            planted += 1
        elif kind == "doubled" and free(i) and tokens[i].word in FILLER:
            # A repeated word ("the the"): the error is the second copy, fixed by deleting it.
            if tokens[i - 1].trailing:
                continue
            tokens.insert(i, Token(tokens[i - 1].word))
            paragraph_of.insert(i, paragraph_of[i])
            tokens[i].correct = ""
            tokens[i].error = len(errors)
            errors.append(TrueError(len(errors), a, [i], "doubled"))
            for error in errors:  # indices after the insertion moved by one
                if error.article == a and error.id != tokens[i].error:
                    error.tokens = [j + 1 if j >= i else j for j in error.tokens]
        else:
            continue
        planted += 1
    return render(a, tokens, paragraph_of)


def render(a: int, tokens: list[Token], paragraph_of: list[int]) -> Article:
    headline = f"Article {a}: {pseudo_word(random.Random(a), 3).title()} news"
    pieces = [headline]
    position = len(headline)
    for i, token in enumerate(tokens):
        new_paragraph = i == 0 or paragraph_of[i] != paragraph_of[i - 1]
        separator = "\n\n" if new_paragraph else " "
        pieces.append(separator)
        position += len(separator)
        token.start = position
        pieces.append(token.word + token.trailing)
        position += len(token.word) + len(token.trailing)
    return Article("".join(pieces), tokens, paragraph_of)


def make_report(rng: random.Random, article: Article, error: TrueError) -> Report:
    tokens = article.tokens
    first, last = error.tokens[0], error.tokens[-1]
    paragraph = article.paragraph_of[first]
    left = max(0, first - rng.choice([0, 0, 0, 1, 1, 2, 3]))
    right = min(len(tokens) - 1, last + rng.choice([0, 0, 0, 1, 1, 2, 3]))
    while article.paragraph_of[left] != paragraph:
        left += 1
    while article.paragraph_of[right] != paragraph:
        right -= 1
    if error.kind == "doubled" and left == right:
        left -= 1  # nobody selects a lone "the" to delete it; they select "the the"
    start = tokens[left].start
    end = tokens[right].start + len(tokens[right].word)
    if rng.random() < 0.4:
        end += len(tokens[right].trailing)  # the selection took the punctuation too
    # Which wrong words this reader fixes (some fix only one half of a wrong name).
    fixing = set(error.tokens)
    if error.kind == "name" and len(error.tokens) == 2 and rng.random() < 0.25:
        fixing = {rng.choice(error.tokens)}
    comment_only = rng.random() < (0.7 if error.kind == "fact" else 0.08)
    typo = rng.random() < 0.12
    words: list[str] = []
    for i in range(left, right + 1):
        token = tokens[i]
        word = token.word
        if not comment_only and i in fixing and token.correct is not None:
            word = token.correct
            if typo and word and not word.isdigit():
                word = mutate(rng, word)
        gap = " " if words and i > left else ""
        if word == "" and words:  # a deleted word takes its space with it
            gap = ""
        tail = token.trailing if i < right or end > token.start + len(token.word) else ""
        words.append(gap + word + tail)
    suggestion = "".join(words)
    cut = rng.random()
    if cut < 0.15 and left < first:
        # Selection starts inside the word to the left of the error.
        skip = rng.randint(1, max(1, len(tokens[left].word) - 1))
        start += skip
        suggestion = suggestion[skip:]
    elif cut < 0.25 and right > last:
        # Selection ends inside the word to the right; quote and suggestion share that tail.
        removed = rng.randint(1, max(1, end - tokens[right].start - 1))
        end -= removed
        suggestion = suggestion[:-removed]
    if comment_only:
        suggestion = article.text[start:end]
    else:
        noise = rng.random()
        if noise < 0.15:
            suggestion = suggestion.lower()
        elif noise < 0.25:
            suggestion = "  " + suggestion.replace(" ", "  ", 1) + " "
        elif noise < 0.3:
            suggestion = suggestion.upper()
    return Report(error.article, start, end, suggestion, error.id)


@dataclass
class StoredGroup:
    id: int
    article: int
    start: int
    end: int
    edits: Counter[Edit] = field(default_factory=Counter)
    top: list[Edit] = field(default_factory=list)
    quote: str = ""


class InMemoryGroups:
    """A stand-in for the database: groups per article, found by span through coarse buckets."""

    BUCKET = 64  # code points per bucket; a query touches only the buckets of its window

    def __init__(self, top_edits: int) -> None:
        self.groups: list[StoredGroup] = []
        self.buckets: dict[tuple[int, int], list[int]] = {}
        self.top_edits = top_edits

    def _keys(self, article: int, start: int, end: int) -> range:
        return range(start // self.BUCKET, end // self.BUCKET + 1)

    def near(self, article: int, start: int, end: int) -> list[StoredGroup]:
        seen: dict[int, StoredGroup] = {}
        for key in self._keys(article, start, end):
            for gid in self.buckets.get((article, key), ()):
                group = self.groups[gid]
                if group.start <= end and start <= group.end:
                    seen[gid] = group
        return list(seen.values())

    def create(self, article: int, start: int, end: int, quote: str = "") -> StoredGroup:
        group = StoredGroup(len(self.groups), article, start, end, quote=quote)
        self.groups.append(group)
        self._index(group, range(0))
        return group

    def _index(self, group: StoredGroup, old: range) -> None:
        for key in self._keys(group.article, group.start, group.end):
            if key not in old:
                self.buckets.setdefault((group.article, key), []).append(group.id)

    def widen(self, group: StoredGroup, start: int, end: int) -> None:
        old = self._keys(group.article, group.start, group.end)
        group.start, group.end = start, end
        self._index(group, old)

    def add_edit(self, group: StoredGroup, edit: Edit) -> None:
        # Keep the few most reported distinct edits up to date in O(top_edits), as a DB row would.
        group.edits[edit] += 1
        if edit not in group.top:
            group.top.append(edit)
        group.top.sort(key=lambda e: -group.edits[e])
        del group.top[self.top_edits :]


def run_ours(
    articles: list[Article], reports: list[Report], settings: GroupingSettings
) -> tuple[list[int], float, int, list[float]]:
    store = InMemoryGroups(settings.top_edits)
    assigned: list[int] = []
    possibles = 0
    lap: list[float] = []
    began = time.perf_counter()
    for report in reports:
        text = articles[report.article].text
        edit = minimal_edit(text, report.start, report.end, report.suggestion)
        comment_only = edit.is_identity(text)
        lo, hi = near_window(edit, settings.window_slack)
        nearby = store.near(report.article, lo, hi)
        views = [GroupView(g.id, g.start, g.end, tuple(g.top)) for g in nearby]
        decision = decide(text, edit, comment_only, views, settings)
        if decision.action == NEW or decision.group_id is None:
            group = store.create(report.article, edit.start, edit.end)
        else:
            group = store.groups[decision.group_id]
            possibles += decision.action == POSSIBLE
        if decision.action != POSSIBLE and not comment_only:
            # Possible duplicates wait for an editor before they shape the group.
            start, end = widened_span(group.start, group.end, edit, comment_only)
            if (start, end) != (group.start, group.end):
                store.widen(group, start, end)
            store.add_edit(group, edit)
        assigned.append(group.id)
        if len(assigned) % 5000 == 0:
            lap.append(time.perf_counter())
    elapsed = time.perf_counter() - began
    laps = [(b - a) / 5000 * 1e6 for a, b in zip([began, *lap], lap, strict=False)]
    return assigned, elapsed / len(reports) * 1e6, possibles, laps


def run_baseline(articles: list[Article], reports: list[Report]) -> tuple[list[int], float]:
    """The throwaway approach: raw selection overlap plus fuzz.ratio on the raw selected text."""
    store = InMemoryGroups(0)
    assigned: list[int] = []
    began = time.perf_counter()
    for report in reports:
        text = articles[report.article].text
        quote = text[report.start : report.end]
        best: StoredGroup | None = None
        for group in store.near(report.article, report.start, report.end):
            if group.start < report.end and report.start < group.end:
                score = fuzz.ratio(quote, group.quote, processor=normalise, score_cutoff=80)
                if score and best is None:
                    best = group
        if best is None:
            best = store.create(report.article, report.start, report.end, quote)
        assigned.append(best.id)
    return assigned, (time.perf_counter() - began) / len(reports) * 1e6


def pairwise(predicted: list[int], truth: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall: over pairs of reports, same group vs same true error."""
    both = sum(comb(n, 2) for n in Counter(zip(predicted, truth, strict=True)).values())
    grouped = sum(comb(n, 2) for n in Counter(predicted).values())
    same = sum(comb(n, 2) for n in Counter(truth).values())
    return both / grouped if grouped else 1.0, both / same if same else 1.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20240110)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    articles, errors = build_corpus(rng, args.articles)
    # Some errors draw many reports, most a few (like a real comment box).
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(errors))]
    rng.shuffle(weights)
    chosen: list[TrueError] = rng.choices(errors, weights=weights, k=args.reports)
    reports = [make_report(rng, articles[e.article], e) for e in chosen]
    truth = [r.error for r in reports]
    kinds = Counter(e.kind for e in errors)
    print(
        f"corpus: {len(articles)} articles, {len(errors)} true errors "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}), "
        f"{len(reports)} reports, {len(set(truth))} errors reported"
    )
    settings = GroupingSettings()
    ours, ours_us, possibles, laps = run_ours(articles, reports, settings)
    base, base_us = run_baseline(articles, reports)
    rows: list[tuple[str, list[int], float]] = [
        ("baseline: raw overlap + fuzz.ratio", base, base_us),
        ("minimal edit + overlap + token_set", ours, ours_us),
    ]
    print(f"{'method':38} {'precision':>9} {'recall':>7} {'groups':>7} {'µs/report':>10}")
    for name, predicted, us in rows:
        precision, recall = pairwise(predicted, truth)
        groups = len(set(predicted))
        print(f"{name:38} {precision:9.4f} {recall:7.4f} {groups:7d} {us:10.1f}")
    print(f"reports marked 'possible' (shown in the group for an editor): {possibles}")
    print("µs/report per 5,000 reports (flat = cost does not grow):", [round(x, 1) for x in laps])
    precision, recall = pairwise(ours, truth)
    met = precision >= 0.99 and recall >= 0.98
    print("target precision >= 0.99 and recall >= 0.98:", "met" if met else "MISSED")


if __name__ == "__main__":
    main()
