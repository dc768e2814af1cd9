"""Grouping speed benchmark: report intake through the service on a real database.

For one article of ~3,000 words with 200 error sites, the database is prefilled to 1,000,
10,000 and 100,000 reports (bulk inserts of Report and Group rows whose counts, edit tallies
and candidates come from the same pure grouping functions the service uses), then a sample of
fresh reports is sent through `submit_report` (anchor, store, place in a group, commit) and
each call is timed. Printed: per-report p50/p99 per size, the ratio p99(100k)/p99(1k) (target
<= 2) and, from the same run, a naive all-pairs difflib grouping as the baseline.

Run: python bench/grouping_speed.py [--sizes 1000,10000,100000] [--sample 500] [--no-postgres]
"""

import argparse
import hashlib
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, insert, select, text
from sqlmodel import SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import FILLER, mutate, pseudo_word  # bench/corpus.py

from factcheck.db import make_engine, open_session
from factcheck.domain import anchoring
from factcheck.domain import grouping as domain
from factcheck.domain.grouping import Edit
from factcheck.domain.reports import ReportDraft
from factcheck.models import Group, Report, utcnow
from factcheck.services import grouping as service_grouping
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import ingest_article
from factcheck.services.reports import submit_report
from factcheck.services.stores import MAX_GROUP_SPAN

POSTGRES_URL = os.environ.get(
    "FACTCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SLUG = "speed-bench"
SITES = 200
WORDS_PER_SITE = 15  # 200 sites x 15 words = an article of ~3,000 words
SITES_PER_PARAGRAPH = 7
TARGET_RATIO = 2.0
BASELINE_THRESHOLD = 0.6
WARMUP = 20
BATCH = 5_000

COMMENTS = ["This is misspelled.", "Wrong name, please check.", "Typo here", "?"]


# --- the article and its error sites ------------------------------------------------------


@dataclass
class Token:
    word: str
    trailing: str = ""
    correct: str | None = None  # set on wrong words
    start: int = 0
    paragraph: int = 0


@dataclass
class Site:
    kind: str  # typo | name
    tokens: list[int]  # indices of the wrong words


@dataclass
class Corpus:
    title: str
    paragraphs: list[str]
    text: str  # canonical text: title, blank line, paragraphs separated by blank lines
    tokens: list[Token]
    sites: list[Site]
    weights: list[float]  # how often each site is reported (a few draw most reports)


def filler_word(rng: random.Random) -> str:
    return rng.choice(FILLER) if rng.random() < 0.45 else pseudo_word(rng, rng.randint(1, 3))


def build_corpus(rng: random.Random, n_sites: int = SITES) -> Corpus:
    """~3,000 words; every ~15 words one error site (a misspelled word or a misspelled name)."""
    names = [(pseudo_word(rng, 2).title(), pseudo_word(rng, 3).title()) for _ in range(12)]
    tokens: list[Token] = []
    sites: list[Site] = []
    placed = 0
    for s in range(n_sites):
        paragraph = s // SITES_PER_PARAGRAPH
        before = rng.randint(4, 9)
        for _ in range(before):
            tokens.append(Token(filler_word(rng), "," if rng.random() < 0.05 else ""))
        if rng.random() < 0.3:  # a name, usually both halves wrong ("Georgia Maloney")
            first, last = rng.choice(names)
            at = len(tokens)
            tokens += [Token(first), Token(last, rng.choice(["", "", "'s", ","]))]
            wrong = [at, at + 1] if rng.random() < 0.7 else [at + 1]
            sites.append(Site("name", wrong))
        else:
            word = pseudo_word(rng, rng.randint(2, 4))
            tokens.append(Token(word, "," if rng.random() < 0.1 else ""))
            sites.append(Site("typo", [len(tokens) - 1]))
        for i in sites[-1].tokens:
            tokens[i].correct = tokens[i].word
            tokens[i].word = mutate(rng, tokens[i].word)
            if sites[-1].kind == "name":
                tokens[i].word = tokens[i].word.title()
        after = WORDS_PER_SITE - before - len(sites[-1].tokens)
        for k in range(max(3, after)):
            last = k == max(3, after) - 1
            tokens.append(Token(filler_word(rng), "." if last else ""))
        for token in tokens[placed:]:
            token.paragraph = paragraph
        placed = len(tokens)
    title = f"{pseudo_word(rng, 3).title()} council approves the {pseudo_word(rng, 2)} plan"
    pieces: list[list[str]] = []
    position = len(title)
    previous = -1
    for token in tokens:
        if token.paragraph != previous:
            pieces.append([])
            position += 2  # "\n\n"
            previous = token.paragraph
        elif pieces[-1]:
            position += 1  # " "
        token.start = position
        pieces[-1].append(token.word + token.trailing)
        position += len(token.word) + len(token.trailing)
    paragraphs = [" ".join(words) for words in pieces]
    text_ = "\n\n".join([title, *paragraphs])
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(sites))]
    rng.shuffle(weights)
    return Corpus(title, paragraphs, text_, tokens, sites, weights)


@dataclass(frozen=True)
class Sent:
    """One reader's report as the browser sends it (offsets into the canonical text)."""

    start: int
    end: int
    suggestion: str
    comment: str
    kind: str


def make_report(rng: random.Random, corpus: Corpus, site: Site) -> Sent:
    """Noise as readers make it: boundaries, punctuation, case, white space, typos, comments."""
    tokens = corpus.tokens
    first, last = site.tokens[0], site.tokens[-1]
    paragraph = tokens[first].paragraph
    left = max(0, first - rng.choice([0, 0, 0, 1, 1, 2, 3]))
    right = min(len(tokens) - 1, last + rng.choice([0, 0, 0, 1, 1, 2, 3]))
    while tokens[left].paragraph != paragraph:
        left += 1
    while tokens[right].paragraph != paragraph:
        right -= 1
    start = tokens[left].start
    end = tokens[right].start + len(tokens[right].word)
    if rng.random() < 0.4:
        end += len(tokens[right].trailing)  # the selection took the punctuation too
    fixing = set(site.tokens)
    if len(site.tokens) == 2 and rng.random() < 0.25:
        fixing = {rng.choice(site.tokens)}  # only one half of the name fixed
    comment_only = rng.random() < 0.08
    typo = rng.random() < 0.12
    words: list[str] = []
    for i in range(left, right + 1):
        token = tokens[i]
        word = token.word
        if not comment_only and i in fixing and token.correct is not None:
            word = mutate(rng, token.correct) if typo else token.correct
            if word.casefold() == token.word.casefold():  # the typo restored the error
                word = token.correct
        tail = token.trailing if i < right or end > token.start + len(token.word) else ""
        words.append(word + tail)
    suggestion = " ".join(words)
    cut = rng.random()
    if cut < 0.15 and left < first:  # the selection starts inside the word before
        skip = rng.randint(1, max(1, len(tokens[left].word) - 1))
        start += skip
        suggestion = suggestion[skip:]
    elif cut < 0.25 and right > last:  # ... or ends inside the word after
        removed = rng.randint(1, max(1, end - tokens[right].start - 1))
        end -= removed
        suggestion = suggestion[:-removed]
    if comment_only:
        return Sent(start, end, corpus.text[start:end], rng.choice(COMMENTS), "other")
    noise = rng.random()
    if noise < 0.15:
        suggestion = suggestion.lower()
    elif noise < 0.25:
        suggestion = "  " + suggestion.replace(" ", "  ", 1) + " "
    elif noise < 0.3:
        suggestion = suggestion.upper()
    return Sent(start, end, suggestion, "", site.kind)


def make_reports(rng: random.Random, corpus: Corpus, n: int) -> list[Sent]:
    chosen = rng.choices(corpus.sites, weights=corpus.weights, k=n)
    return [make_report(rng, corpus, site) for site in chosen]


# --- prefill: the service's grouping, replayed in memory, then bulk inserted ---------------


@dataclass
class SimGroup:
    id: int
    kind: str
    start: int
    end: int
    first: int  # index of the first and last report (for first_seen / last_seen)
    last: int = 0
    reports: int = 0
    edits: Counter[Edit] = field(default_factory=Counter)

    def copy(self) -> "SimGroup":
        return SimGroup(
            self.id, self.kind, self.start, self.end, self.first, self.last, self.reports,
            Counter(self.edits),
        )  # fmt: skip


@dataclass(frozen=True)
class Placed:
    group: int
    start: int
    end: int
    reason: str
    possible: bool


@dataclass
class Snapshot:
    groups: list[SimGroup]
    placed: list[Placed]


def simulate(text_: str, reports: list[Sent], checkpoints: list[int]) -> dict[int, Snapshot]:
    """Place reports exactly as `services.grouping._place_current` does, without a database.

    Every prefilled reporter is distinct, so a group's unique reporters equal its reports.
    """
    settings = service_grouping.SETTINGS
    groups: list[SimGroup] = []
    buckets: dict[int, set[int]] = {}
    bucket = 64
    placed: list[Placed] = []
    snapshots: dict[int, Snapshot] = {}

    def index(group: SimGroup) -> None:
        buckets.setdefault(group.start // bucket, set()).add(group.id)

    for n, sent in enumerate(reports):
        comment_only = sent.suggestion.strip() == text_[sent.start : sent.end].strip()
        if comment_only:
            edit = Edit(sent.start, sent.end, text_[sent.start : sent.end])
        else:
            edit = domain.minimal_edit(text_, sent.start, sent.end, sent.suggestion)
        lo, hi = domain.near_window(edit, settings.window_slack)
        low = lo - MAX_GROUP_SPAN
        nearby = [
            groups[gid]
            for key in range(max(0, low) // bucket, hi // bucket + 1)
            for gid in sorted(buckets.get(key, ()))
            if low <= groups[gid].start <= hi and groups[gid].end >= lo
        ]
        views = [
            domain.GroupView(g.id, g.start, g.end, [e for e, _ in g.edits.most_common(3)])
            for g in nearby
        ]
        decision = domain.decide(text_, edit, comment_only, views, settings)
        if decision.action == domain.NEW or decision.group_id is None:
            start, end = (edit.start, edit.end) if edit.start < edit.end else (sent.start, sent.end)
            group = SimGroup(len(groups), sent.kind, start, end, n)
            groups.append(group)
            index(group)
            joins = True
        else:
            group = groups[decision.group_id]
            joins = decision.action == domain.JOIN
        group.reports += 1
        group.last = n
        if joins:
            old = group.start
            group.start, group.end = domain.widened_span(group.start, group.end, edit, comment_only)
            if group.start != old:
                buckets[old // bucket].discard(group.id)
                index(group)
            if not comment_only:
                group.edits = domain.fold_edit(text_, group.edits, edit, settings)
        placed.append(
            Placed(
                group.id, sent.start, sent.end, decision.reason, decision.action == domain.POSSIBLE
            )
        )
        if n + 1 in checkpoints:
            snapshots[n + 1] = Snapshot([g.copy() for g in groups], list(placed))
    return snapshots


def prefill(
    engine: Engine, corpus: Corpus, article_id: int, reports: list[Sent], snap: Snapshot
) -> None:
    """Bulk insert the snapshot's groups and reports (ids of groups: sim id + 1)."""
    text_ = corpus.text
    base = utcnow() - timedelta(days=2)

    def at(n: int) -> datetime:
        return base + timedelta(milliseconds=n)

    group_rows: list[dict[str, Any]] = []
    for g in snap.groups:
        candidates = domain.candidates(text_, g.start, g.end, g.edits, service_grouping.SETTINGS)
        group_rows.append(
            {
                "id": g.id + 1,
                "article_id": article_id,
                "status": "open",
                "kind": g.kind,
                "revision": 1,
                "start": g.start,
                "end": g.end,
                "quote": text_[g.start : g.end],
                "report_count": g.reports,
                "reporter_count": g.reports,
                "first_seen": at(g.first),
                "last_seen": at(g.last),
                "candidates": json.dumps(
                    [{"text": c.text, "count": c.count, "merged": c.merged} for c in candidates]
                ),
                "edits": json.dumps(
                    [[e.start, e.end, e.replacement, k] for e, k in g.edits.most_common()]
                ),
                "found_by_checker": False,
                "updated_at": at(g.last),
            }
        )
    with engine.begin() as connection:
        connection.execute(insert(Group), group_rows)
        rows: list[dict[str, Any]] = []
        for n, (sent, where) in enumerate(zip(reports, snap.placed, strict=False)):
            prefix, suffix = anchoring.context_of(text_, sent.start, sent.end)
            rows.append(
                {
                    "token": secrets.token_urlsafe(24),
                    "article_id": article_id,
                    "group_id": where.group + 1,
                    "seen_revision": 1,
                    "seen_start": sent.start,
                    "seen_end": sent.end,
                    "quote": text_[sent.start : sent.end],
                    "prefix": prefix,
                    "suffix": suffix,
                    "suggestion": sent.suggestion,
                    "comment": sent.comment,
                    "kind": sent.kind,
                    "email": None,
                    "reporter": hashlib.sha256(f"prefill-{n}".encode()).hexdigest(),
                    "source": "reader",
                    "revision": 1,
                    "start": where.start,
                    "end": where.end,
                    "join_reason": where.reason,
                    "possible_duplicate": where.possible,
                    "created_at": at(n),
                }
            )
            if len(rows) == BATCH:
                connection.execute(insert(Report), rows)
                rows = []
        if rows:
            connection.execute(insert(Report), rows)
        if engine.dialect.name == "postgresql":
            # Explicit ids do not move the sequence; the service's next group must not collide.
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('errorgroup', 'id'), :n)"),
                {"n": len(group_rows)},
            )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # What autovacuum does within a minute of a bulk load in production.
            connection.execute(text("ANALYZE"))


# --- one database ---------------------------------------------------------------------------


class Database:
    """A throwaway database: a SQLite file, or a fresh schema in PostgreSQL."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.schema: str | None = None
        if kind == "postgresql":
            self.schema = f"bench_{uuid.uuid4().hex[:12]}"
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            admin.dispose()
            separator = "&" if "?" in POSTGRES_URL else "?"
            self.url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{self.schema}"
        else:
            self.url = f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.sqlite3'}"
        self.engine = make_engine(self.url)
        SQLModel.metadata.create_all(self.engine)

    def drop(self) -> None:
        self.engine.dispose()
        if self.schema:
            admin = create_engine(POSTGRES_URL)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            admin.dispose()


def postgres_reachable() -> str | None:
    """None when reachable, else why not."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        return f"{error.__class__.__name__}: {str(error).splitlines()[0][:120]}"
    return None


def draft_of(corpus: Corpus, sent: Sent) -> ReportDraft:
    prefix, suffix = anchoring.context_of(corpus.text, sent.start, sent.end)
    return ReportDraft(
        slug=SLUG,
        revision=1,
        quote=corpus.text[sent.start : sent.end],
        suggestion=sent.suggestion,
        kind=sent.kind,
        prefix=prefix,
        suffix=suffix,
        start=sent.start,
        end=sent.end,
        comment=sent.comment,
    )


@dataclass
class Measured:
    size: int
    prefill_s: float
    times_ms: list[float]
    groups: int
    largest: int  # reports in the largest group
    variety: int  # distinct stored edits in the largest group


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure(
    kind: str,
    workdir: Path,
    corpus: Corpus,
    size: int,
    prefill_reports: list[Sent],
    snap: Snapshot,
    sample: list[Sent],
    seed: int,
) -> Measured:
    db = Database(kind, workdir)
    try:
        began = time.perf_counter()
        with open_session(db.engine, write=True) as session:
            result = ingest_article(
                session=session,
                draft=ArticleDraft(SLUG, corpus.title, "\n\n".join(corpus.paragraphs)),
                author="bench",
            )
            if result.revision.text != corpus.text:
                raise SystemExit("the generated text is not canonical; offsets would be wrong")
            article_id = result.article.id
        assert article_id is not None
        prefill(db.engine, corpus, article_id, prefill_reports[:size], snap)
        prefill_s = time.perf_counter() - began
        times: list[float] = []
        for i, sent in enumerate(sample):
            draft = draft_of(corpus, sent)
            reporter = hashlib.sha256(f"sample-{seed}-{size}-{i}".encode()).hexdigest()
            with open_session(db.engine, write=True) as session:
                t0 = time.perf_counter()
                submitted = submit_report(session=session, draft=draft, reporter=reporter)
                elapsed = time.perf_counter() - t0
            if not submitted.created:
                raise SystemExit("a fresh reporter's report was taken for a duplicate")
            if i >= WARMUP:
                times.append(elapsed * 1000)
        with db.engine.connect() as connection:
            groups = connection.execute(select(func.count()).select_from(Group)).scalar_one()
            largest = connection.execute(select(func.max(Group.report_count))).scalar_one()
            edits = connection.execute(
                select(Group.edits).order_by(Group.report_count.desc()).limit(1)  # type: ignore[attr-defined]
            ).scalar_one()
        return Measured(size, prefill_s, times, groups, largest, len(json.loads(edits)))
    finally:
        db.drop()


# --- the baseline: naive all-pairs difflib grouping ----------------------------------------


def naive_key(corpus: Corpus, sent: Sent) -> str:
    return corpus.text[sent.start : sent.end] + " -> " + sent.suggestion


def naive_place(existing: list[str], labels: list[int], key: str) -> int:
    """Compare with every earlier report; join the most similar above the threshold."""
    best, best_label = BASELINE_THRESHOLD, -1
    for other, label in zip(existing, labels, strict=True):
        score = SequenceMatcher(None, key, other).ratio()
        if score > best:
            best, best_label = score, label
    return best_label if best_label >= 0 else max(labels, default=-1) + 1


def measure_baseline(
    corpus: Corpus, prefilled: list[Sent], snap: Snapshot, sample: list[Sent]
) -> list[float]:
    """ms per report for reports arriving when `len(prefilled)` reports are stored (in memory)."""
    existing = [naive_key(corpus, s) for s in prefilled]
    labels = [p.group for p in snap.placed[: len(prefilled)]]
    times: list[float] = []
    for sent in sample:
        key = naive_key(corpus, sent)
        t0 = time.perf_counter()
        label = naive_place(existing, labels, key)
        existing.append(key)
        labels.append(label)
        times.append((time.perf_counter() - t0) * 1000)
    return times


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated")
    parser.add_argument("--sample", type=int, default=500, help="timed intakes per size")
    parser.add_argument("--baseline-sample", type=int, default=40, help="naive reports at 1k")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=20240111)
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    run_began = time.perf_counter()
    rng = random.Random(args.seed)
    corpus = build_corpus(rng)
    words = sum(len(p.split()) for p in corpus.paragraphs)
    began = time.perf_counter()
    reports = make_reports(rng, corpus, max(sizes))
    snapshots = simulate(corpus.text, reports, sizes)
    print(
        f"article: {words} words, {len(corpus.text)} code points, {len(corpus.sites)} error "
        f"sites; {max(sizes):,} prefill reports generated and grouped in memory in "
        f"{time.perf_counter() - began:.1f} s"
    )
    samples = {
        size: make_reports(random.Random(args.seed + size), corpus, args.sample + WARMUP)
        for size in sizes
    }

    databases = ["sqlite"]
    if args.no_postgres:
        print("PostgreSQL: skipped (--no-postgres)")
    elif (why := postgres_reachable()) is not None:
        print(f"PostgreSQL: skipped, not reachable at {POSTGRES_URL} ({why})")
    else:
        databases.append("postgresql")

    results: dict[str, list[Measured]] = {}
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-") as tmp:
        for kind in databases:
            results[kind] = []
            for size in sizes:
                m = measure(
                    kind,
                    Path(tmp),
                    corpus,
                    size,
                    reports,
                    snapshots[size],
                    samples[size],
                    args.seed,
                )
                results[kind].append(m)
                print(
                    f"  {kind:10} {size:>7,} reports: prefill {m.prefill_s:5.1f} s, "
                    f"{len(m.times_ms)} intakes timed, p50 {percentile(m.times_ms, 50):.2f} ms",
                    flush=True,
                )

    # Baseline: naive all-pairs difflib on the smallest size (and a small sample at the next).
    baseline: dict[int, list[float]] = {}
    smallest = sizes[0]
    baseline[smallest] = measure_baseline(
        corpus,
        reports[:smallest],
        snapshots[smallest],
        samples[smallest][WARMUP : WARMUP + args.baseline_sample],
    )
    if len(sizes) > 1:
        second = sizes[1]
        small = max(5, args.baseline_sample * smallest // second)
        baseline[second] = measure_baseline(
            corpus, reports[:second], snapshots[second], samples[second][WARMUP : WARMUP + small]
        )

    print()
    print(
        "Per-report intake through services.reports.submit_report (validate, anchor, store, "
        "group, commit);"
    )
    print(f"{args.sample} timed intakes per size after {WARMUP} warm-up ones, each a new reporter.")
    header = (
        f"{'database':10} {'reports':>8} {'groups':>6} {'largest':>7} {'edits':>5} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'mean ms':>7} {'max ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for kind, rows in results.items():
        for m in rows:
            print(
                f"{kind:10} {m.size:>8,} {m.groups:>6} {m.largest:>7} {m.variety:>5} "
                f"{percentile(m.times_ms, 50):7.2f} {percentile(m.times_ms, 99):7.2f} "
                f"{statistics.fmean(m.times_ms):7.2f} {max(m.times_ms):7.2f}"
            )
    print(
        "(groups/largest/edits: after the run; 'largest' = reports in the biggest group, "
        "'edits' = distinct minimal edits stored on it)"
    )
    print()
    verdicts: list[str] = []
    for kind, rows in results.items():
        low, high = rows[0], rows[-1]
        p99_ratio = percentile(high.times_ms, 99) / percentile(low.times_ms, 99)
        p50_ratio = percentile(high.times_ms, 50) / percentile(low.times_ms, 50)
        met = p99_ratio <= TARGET_RATIO
        verdicts.append(f"{kind}: {'met' if met else 'MISSED'}")
        print(
            f"{kind:10} p99({high.size:,})/p99({low.size:,}) = {p99_ratio:.2f}   "
            f"p50 ratio = {p50_ratio:.2f}   target <= {TARGET_RATIO:g}: "
            f"{'met' if met else 'MISSED'}"
        )
    print()
    print(
        "Baseline: naive all-pairs grouping (difflib.SequenceMatcher.ratio of selected text + "
        f"suggestion against every stored report, join the best > {BASELINE_THRESHOLD}), in "
        "memory, no database:"
    )
    ours = results["sqlite"]
    for size, times in baseline.items():
        mine = next((m for m in ours if m.size == size), None)
        line = (
            f"  at {size:>7,} reports: {len(times):>3} reports, p50 {percentile(times, 50):8.2f} ms"
            f", mean {statistics.fmean(times):8.2f} ms"
        )
        if mine is not None:
            ratio = statistics.fmean(times) / statistics.fmean(mine.times_ms)
            line += f"  = {ratio:,.1f}x our SQLite mean (measured)"
        print(line)
    if len(sizes) > 2:
        # All-pairs cost is linear in the number of stored reports: extrapolate the largest.
        top = sizes[-1]
        per_stored = statistics.fmean(baseline[sizes[1]]) / sizes[1]
        estimate = per_stored * top
        ratio = estimate / statistics.fmean(ours[-1].times_ms)
        print(
            f"  at {top:>7,} reports: ~{estimate:,.0f} ms per report (extrapolated linearly "
            f"from {sizes[1]:,}, not measured) = ~{ratio:,.0f}x our SQLite mean"
        )
    print()
    print("target p99 ratio <= 2 —", "; ".join(verdicts))
    print(f"whole run: {time.perf_counter() - run_began:.0f} s")


if __name__ == "__main__":
    main()
