"""Browser fixtures: the real app served over HTTP, and Debian's Chromium driven by Playwright."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from factcheck.db import get_engine, open_session
from factcheck.services.seeding import seed_directory
from tests.conftest import build_app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class LiveServer:
    """The app under test, reachable at `url`."""

    url: str
    app: Flask

    def __str__(self) -> str:
        return self.url


@pytest.fixture
def live_app_config() -> dict[str, Any]:
    """Override in a test module to change the served app's settings."""
    return {}


@pytest.fixture
def live_server(tmp_path: Path, live_app_config: dict[str, Any]) -> Iterator[LiveServer]:
    app = build_app(
        f"sqlite:///{tmp_path / 'browser.sqlite3'}",
        tmp_path / "instance",
        SERVER_NAME=None,
        **live_app_config,
    )
    with app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            seed_directory(session=session, directory=SEEDS)
        finally:
            session.close()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            get_engine().dispose()


DEMO_SLUG = "italy-signals-peace-talks-russia-ukraine"


def send_report(page: Any, live_server: LiveServer, **fields: Any) -> None:
    """A reader's report on revision 1 of the demo article, through the public API (201)."""
    response = page.request.post(
        f"{live_server.url}/api/v1/articles/{DEMO_SLUG}/reports",
        data={"revision": 1, **fields},
    )
    assert response.status == 201, (fields.get("quote"), response.text())
