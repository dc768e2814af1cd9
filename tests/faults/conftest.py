"""A real gunicorn server on loopback for fault and concurrency tests."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.notify_servers import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
FLASK = Path(sys.executable).parent / "flask"
DEMO = "italy-signals-peace-talks-russia-ukraine"


@dataclass
class Server:
    url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Answer:
    status: int
    retry_after: str | None
    seconds: float
    body: dict[str, object]


def post_report(base: str, suggestion: str, timeout: float = 30.0) -> Answer:
    data = json.dumps(
        {"revision": 1, "quote": "Georgia Maloney", "suggestion": suggestion, "kind": "name"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/articles/{DEMO}/reports",
        data=data,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(
                response.status,
                response.headers.get("Retry-After"),
                time.monotonic() - started,
                json.loads(response.read()),
            )
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = {"raw": body[:200].decode("utf-8", "replace")}
        return Answer(
            error.code, error.headers.get("Retry-After"), time.monotonic() - started, parsed
        )
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        return Answer(0, None, time.monotonic() - started, {"error": str(error)})


def answers_healthz(base: str, *, within: float) -> bool:
    """Whether `base` answers GET /healthz within `within` seconds (a server starting)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


@contextmanager
def running_server(
    database_url: str, tmp_path: Path, workers: int = 2, extra_env: dict[str, str] | None = None
) -> Iterator[Server]:
    env = {
        **os.environ,
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SECRET_KEY": "fault-test-secret",
        "FACTCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
        "FACTCHECK_REPORT_RATE_LIMIT": "1000000/minute",
        "FACTCHECK_LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    for command in (["db", "upgrade"], ["seed"]):
        subprocess.run(
            [str(FLASK), "--app", "app", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "app:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    if not answers_healthz(base, within=30):
        process.terminate()
        pytest.fail("gunicorn did not start:\n" + log.read_text()[-2000:])
    try:
        yield Server(base, env, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
