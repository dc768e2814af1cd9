"""Archive scale benchmark: every page and list stays as fast and as small at N× the archive.

Builds two archives in the same run (default 1,000 and 100,000 articles of ~800 words, with
10 reports per article: 10,000 and 1,000,000) bulk-loaded through the real tables (COPY on
PostgreSQL, executemany on SQLite; the load is not timed), serves each with gunicorn, and
times through HTTP the p50/p99 and the response size of: the home page, an article, its
history, a diff, /corrections, the queue (default, by article, text search for a term in
every group and for one in none), a group page, GET /api/v1/articles, GET /api/v1/groups
and a report submission. Prints per route both sizes and the ratios; targets
p99(large)/p99(small) <= 1.5 and size ratio <= 1.1.

Run: python bench/archive_scale.py [--small 1000] [--large 100000] [--reports 10]
     [--requests 40] [--sqlite]
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import FILLER, pseudo_word  # noqa: E402  (bench/corpus.py)

from factcheck import db  # noqa: E402
from factcheck.domain.text import canonical_text  # noqa: E402
from factcheck.domain.triage import Signals, impact  # noqa: E402
from factcheck.models import Article, Group, Report, Revision  # noqa: E402

POSTGRES_URL = os.environ.get(
    "FACTCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BIN = Path(sys.executable).parent
WORDS = 800
PARAGRAPHS = 8
QUOTE = "Georgia Maloney"
TARGET_TIME, TARGET_SIZE = 1.5, 1.1
BATCH = 2_000


def article_body(rng: random.Random, vocabulary: list[str]) -> str:
    paragraphs = []
    for p in range(PARAGRAPHS):
        words = [
            rng.choice(FILLER) if rng.random() < 0.4 else rng.choice(vocabulary)
            for _ in range(WORDS // PARAGRAPHS)
        ]
        if p == 1:
            words[10:12] = QUOTE.split()
        sentence = " ".join(words)
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
    return "\n\n".join(paragraphs)


def rows(count: int, reports_each: int, seed: int = 1) -> dict[str, list[dict[str, Any]]]:
    """Articles (every tenth with a corrected second revision), one group of
    `reports_each` reports each on the same words."""
    rng = random.Random(seed)
    vocabulary = [pseudo_word(rng, rng.randint(1, 3)) for _ in range(5000)]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    out: dict[str, list[dict[str, Any]]] = {
        "article": [],
        "revision": [],
        "errorgroup": [],
        "report": [],
    }
    revision_id = 0
    for a in range(1, count + 1):
        when = start + timedelta(minutes=a)
        title = f"Story {a}: " + " ".join(rng.choice(vocabulary) for _ in range(5))
        body = article_body(rng, vocabulary)
        txt = canonical_text(title, body.split("\n\n"))
        revisions = 2 if a % 10 == 0 else 1
        out["article"].append(
            dict(
                id=a,
                slug=f"story-{a}",
                title=title,
                published_at=when,
                updated_at=when,
                current_revision=revisions,
                url=None,
                site_id=None,
                language="en",
            )
        )
        for number in range(1, revisions + 1):
            revision_id += 1
            out["revision"].append(
                dict(
                    id=revision_id,
                    article_id=a,
                    number=number,
                    title=title,
                    body=body,
                    text=txt,
                    created_at=when + timedelta(seconds=number),
                    author="bench",
                    summary="",
                    note="Corrected a name." if number == 2 else None,
                )
            )
        begin = txt.index(QUOTE)
        out["errorgroup"].append(
            dict(
                id=a,
                article_id=a,
                status="open",
                kind="name",
                revision=revisions,
                start=begin,
                end=begin + len(QUOTE),
                quote=QUOTE,
                report_count=reports_each,
                reporter_count=reports_each,
                first_seen=when,
                last_seen=when,
                candidates=json.dumps(
                    [{"text": "Giorgia Meloni", "count": reports_each, "merged": 0}]
                ),
                edits="[]",
                found_by_checker=False,
                updated_at=when,
                priority=0,
                # The stored rank the app keeps on every write (models.rank).
                impact=impact(
                    Signals(
                        reporters=reports_each,
                        reports=reports_each,
                        agreeing=reports_each,
                        checker=False,
                        kind="name",
                        priority=0,
                        last_seen=when,
                    )
                ),
            )
        )
        for r in range(reports_each):
            out["report"].append(
                dict(
                    token=uuid.uuid4().hex,
                    article_id=a,
                    group_id=a,
                    seen_revision=revisions,
                    seen_start=begin,
                    seen_end=begin + len(QUOTE),
                    quote=QUOTE,
                    prefix=txt[max(0, begin - 32) : begin],
                    suffix=txt[begin + 15 : begin + 47],
                    suggestion="Giorgia Meloni",
                    comment=f"comment {r}",
                    kind="name",
                    reporter=f"reader-{a}-{r}",
                    source="reader",
                    revision=revisions,
                    start=begin,
                    end=begin + len(QUOTE),
                    join_reason="",
                    possible_duplicate=False,
                    created_at=when,
                )
            )
    return out


def load(url: str, data: dict[str, list[dict[str, Any]]]) -> None:
    """Bulk-load through the real tables (after `flask db upgrade`)."""
    tables = {"article": Article, "revision": Revision, "errorgroup": Group, "report": Report}
    engine = db.make_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # The app's statement timeout bounds requests, not a bulk load of 1.5 GB.
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        for name, model in tables.items():
            table = model.__table__  # type: ignore[attr-defined]
            items = data[name]
            if not items:
                continue
            columns = list(items[0])
            if engine.dialect.name == "postgresql":
                raw = connection.connection.driver_connection
                with raw.cursor() as cursor:
                    quoted = ", ".join(f'"{c}"' for c in columns)
                    with cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                        for item in items:
                            copy.write_row([item[c] for c in columns])
            else:
                for i in range(0, len(items), BATCH):
                    connection.execute(table.insert(), items[i : i + BATCH])
        if engine.dialect.name == "postgresql":
            for name in tables:
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {name}))"
                    )
                )
        # Statistics, as a database that grew would have them (autovacuum; SQLite's ANALYZE
        # or PRAGMA optimize): without them SQLite takes the status index and sorts the
        # whole queue instead of walking the queue's partial index.
        connection.execute(text("ANALYZE"))
    engine.dispose()


def flask(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "app", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return done.stdout.decode()


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def call(
        self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as answer:
                body = answer.read()
                return answer.status, body, time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read(), time.perf_counter() - started

    def login(self, email: str, password: str) -> None:
        _, page, _ = self.call("/editor/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            rb'name="csrf_token" value="([^"]+)"', page
        )
        assert token, "no CSRF token on the login page"
        form = urllib.parse.urlencode(
            {"csrf_token": token.group(1).decode(), "email": email, "password": password}
        ).encode()
        status, _, _ = self.call(
            "/editor/login", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status in (200, 302), status


def measure(url: str, count: int, requests: int, tmp: Path) -> dict[str, tuple[float, float, int]]:
    env = {
        **os.environ,
        "FACTCHECK_DATABASE_URL": url,
        "FACTCHECK_SECRET_KEY": "bench",
        "FACTCHECK_INSTANCE_PATH": str(tmp / "instance"),
        "FACTCHECK_REPORT_RATE_LIMIT": "1000000/minute",
        "FACTCHECK_LOG_LEVEL": "WARNING",
    }
    flask(env, "create-editor", "bench@example.com", "--password", "a-long-password")
    token = flask(env, "create-token", "bench@example.com").strip().splitlines()[-1]
    port = 20000 + random.randint(0, 20000)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = Client(f"http://127.0.0.1:{port}")
    for _ in range(100):
        try:
            client.call("/healthz")
            break
        except OSError:
            time.sleep(0.2)
    client.login("bench@example.com", "a-long-password")
    mid = max(1, count // 2) // 10 * 10 or 10
    auth = {"Authorization": f"Bearer {token}"}
    routes: dict[str, Any] = {
        "home": lambda i: client.call("/"),
        "article": lambda i: client.call(f"/articles/story-{mid}"),
        "history": lambda i: client.call(f"/articles/story-{mid}/history"),
        "diff": lambda i: client.call(f"/articles/story-{mid}/diff"),
        "corrections": lambda i: client.call("/corrections"),
        "queue": lambda i: client.call("/editor/"),
        "queue by article": lambda i: client.call(f"/editor/?article=story-{mid}"),
        # "comment 7" is in every group (a report's comment): the walk settles it.
        "queue search": lambda i: client.call("/editor/?q=comment+7"),
        # A term in no group: the walk finds nothing, the trigram indexes answer.
        "search, no match": lambda i: client.call("/editor/?q=no+such+words"),
        "group page": lambda i: client.call(f"/editor/groups/{mid}"),
        "API articles": lambda i: client.call("/api/v1/articles"),
        "API groups": lambda i: client.call("/api/v1/groups", headers=auth),
        "report": lambda i: client.call(
            f"/api/v1/articles/story-{mid}/reports",
            json.dumps(
                {
                    "revision": 2,
                    "quote": QUOTE,
                    "suggestion": f"G. Meloni {i}",
                    "kind": "name",
                    "reader": f"bench-reader-{i:06d}-abcdef",
                }
            ).encode(),
            {"Content-Type": "application/json"},
        ),
    }
    results = {}
    try:
        for name, call in routes.items():
            call(0)  # warm
            times, size = [], 0
            for i in range(1, requests + 1):
                status, body, seconds = call(i)
                assert status in (200, 201), (name, status, body[:200])
                times.append(seconds * 1000)
                size = len(body)
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            results[name] = (statistics.median(times), p99, size)
    finally:
        server.terminate()
        server.wait(timeout=15)
    return results


def archive(kind: str, count: int, reports: int, tmp: Path) -> tuple[str, Any]:
    if kind == "postgresql":
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"

        def drop() -> None:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    else:
        url = f"sqlite:///{tmp / f'archive-{count}.db'}"

        def drop() -> None:
            pass

    db.upgrade(url)
    started = time.monotonic()
    load(url, rows(count, reports))
    print(
        f"  built {count:,} articles / {count * reports:,} reports on {kind} "
        f"in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return url, drop


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=10, help="reports per article")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    kind = "sqlite" if args.sqlite else "postgresql"
    measured = []
    with tempfile.TemporaryDirectory() as folder:
        for count in (args.small, args.large):
            tmp = Path(folder) / str(count)
            tmp.mkdir()
            url, drop = archive(kind, count, args.reports, tmp)
            try:
                measured.append(measure(url, count, args.requests, tmp))
            finally:
                drop()
    small, large = measured
    print(f"\n{kind}: {args.small:,} vs {args.large:,} articles, {args.reports} reports each")
    print(
        f"{'route':18} {'p50 ms':>14} {'p99 ms':>14} {'bytes':>16} {'p99 ratio':>9} "
        f"{'size ratio':>10}"
    )
    missed = []
    for name in small:
        s, b = small[name], large[name]
        time_ratio, size_ratio = b[1] / s[1], b[2] / max(1, s[2])
        ok = time_ratio <= TARGET_TIME and size_ratio <= TARGET_SIZE
        if not ok:
            missed.append(name)
        print(
            f"{name:18} {s[0]:6.1f} {b[0]:7.1f} {s[1]:6.1f} {b[1]:7.1f} {s[2]:7} {b[2]:8} "
            f"{time_ratio:9.2f} {size_ratio:10.2f}{'' if ok else '  MISSED'}"
        )
    print(
        "targets: p99 ratio <= 1.5, size ratio <= 1.1: "
        + (f"missed by {missed}" if missed else "met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
