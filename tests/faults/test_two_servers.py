"""Two app servers, one PostgreSQL, one Redis, two outbox workers: one truth.

Concurrent reports on one article sent to both servers make one group with every count;
the rate limit is counted once across both (Redis); each outcome email goes out once.
"""

import json
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.conftest import Database, require_postgres
from tests.faults.conftest import DEMO, FLASK, ROOT, running_server
from tests.notify_servers import SmtpServer
from tests.web.test_rate_limits import require_redis

pytestmark = pytest.mark.postgres
READERS = 24
LIMIT = 40  # reports a minute from one address, across every server


def post(base: str, body: dict[str, object], headers: dict[str, str] | None = None):
    request = urllib.request.Request(
        base,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def report(base: str, n: int):
    return post(
        f"{base}/api/v1/articles/{DEMO}/reports",
        {
            "revision": 1,
            "quote": "Georgia Maloney",
            "prefix": "e Minister ",
            "suffix": "'s Brothers of Italy",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
            "reader": f"reader-{n:04d}-0123456789abcdef",
            "email": f"reader{n}@example.com",
        },
    )


def at_once(calls):
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_servers_and_two_workers_agree(tmp_path: Path):
    database = Database(require_postgres(), tmp_path)
    redis_url = require_redis().rsplit("/", 1)[0] + "/14"
    redis.Redis.from_url(redis_url).flushdb()
    smtp = SmtpServer()
    smtp.start()
    env = {
        "FACTCHECK_RATELIMIT_STORAGE_URL": redis_url,
        "FACTCHECK_REPORT_RATE_LIMIT": f"{LIMIT}/minute",
        "FACTCHECK_SMTP_URL": smtp.url,
        "FACTCHECK_OUTBOUND_ALLOW": "127.0.0.1",
    }
    workers: list[subprocess.Popen[bytes]] = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    try:
        with (
            running_server(database.url, tmp_path / "a", extra_env=env) as one,
            running_server(database.url, tmp_path / "b", extra_env=env) as other,
        ):
            servers = [one.url, other.url]
            engine = create_engine(database.url)
            with engine.connect() as connection:
                # The demo seed may already hold a report on these words.
                seeded = connection.execute(
                    text("SELECT coalesce(sum(report_count), 0) FROM errorgroup")
                ).scalar_one()
            answers = at_once([lambda n=n: report(servers[n % 2], n) for n in range(READERS)])
            assert [status for status, _ in answers] == [201] * READERS, answers
            groups = {body["group"] for _, body in answers}
            assert len(groups) == 1, f"duplicate groups: {groups}"
            with engine.connect() as connection:
                counts = connection.execute(
                    text("SELECT report_count, reporter_count FROM errorgroup")
                ).all()
            assert counts == [(seeded + READERS, seeded + READERS)], "lost counts"

            # The limit is one budget across both servers' four processes.
            more = at_once([lambda n=n: report(servers[n % 2], READERS + n) for n in range(LIMIT)])
            accepted = sum(1 for status, _ in more if status in (200, 201))
            assert accepted == LIMIT - READERS
            assert sum(1 for status, _ in more if status == 429) == READERS

            # An editor fixes the group on one server; two workers deliver the outcome.
            for command in (
                ["create-editor", "fixer@example.com", "--password", "a-long-password"],
                ["create-token", "fixer@example.com"],
            ):
                done = subprocess.run(
                    [str(FLASK), "--app", "app", *command],
                    cwd=ROOT,
                    env=one.env,
                    check=True,
                    capture_output=True,
                )
            token = done.stdout.decode().strip().splitlines()[-1]
            [group] = groups
            status, fixed = post(
                f"{other.url}/api/v1/groups/{group}/apply",
                {"text": "Giorgia Meloni", "base_revision": 1, "summary": "Name"},
                {"Authorization": f"Bearer {token}"},
            )
            assert status == 201, fixed
            for _ in range(2):
                workers.append(
                    subprocess.Popen(
                        [str(FLASK), "--app", "app", "worker", "--interval", "0.2"],
                        cwd=ROOT,
                        env=one.env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            expected = LIMIT  # every accepted report left its own address
            deadline = time.monotonic() + 60
            while len(smtp.mails) < expected and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2)  # a duplicate would arrive now
            recipients = [r for mail in smtp.mails for r in mail.recipients]
            assert len(recipients) == expected, len(recipients)
            assert len(set(recipients)) == expected
            engine.dispose()
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=15)
        smtp.stop()
        database.drop()
