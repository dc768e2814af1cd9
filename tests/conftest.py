"""Fixtures: an app on a fresh database per test (SQLite file, or a PostgreSQL schema)."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request_finished
from flask.testing import FlaskClient, FlaskCliRunner
from playwright.sync_api import Browser, Playwright, sync_playwright
from sqlalchemy import create_engine, exc, text
from sqlmodel import Session, SQLModel

from factcheck import ROOT, create_app
from factcheck.db import get_engine, open_session

# Set to a PostgreSQL URL to run every database test against PostgreSQL instead of SQLite.
TEST_DATABASE_URL = os.environ.get("FACTCHECK_TEST_DATABASE_URL", "")
POSTGRES_URL = os.environ.get(
    "FACTCHECK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_postgres(url: str = POSTGRES_URL) -> str:
    """The PostgreSQL URL, or a skip on a laptop without it — a failure in CI."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except exc.OperationalError as error:
        message = f"PostgreSQL is not reachable at {url}: {error.__class__.__name__}"
        if IN_CI:
            pytest.fail(message + " (CI requires it)")
        pytest.skip(message)
    return url


SOURCE_INSTANCE = ROOT / "instance"


def instance_files(folder: Path = SOURCE_INSTANCE) -> dict[str, tuple[int, int]] | None:
    """Every file under `folder` with its size and mtime, or None when there is no folder."""
    if not folder.exists():
        return None
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def source_tree_instance_untouched() -> Iterator[None]:
    """The suite never writes into the source tree's instance/ (a developer's `make run` data
    lives there): whatever was there before the run is there, unchanged, after it."""
    before = instance_files()
    yield
    after = instance_files()
    assert after == before, (
        f"the test run wrote into {SOURCE_INSTANCE}: before {before}, after {after}; "
        "give create_app an instance_path (tests/conftest.py: build_app)"
    )


class Database:
    """A throwaway database: a SQLite file, or a fresh schema in PostgreSQL."""

    def __init__(self, base_url: str, tmp_path: Path) -> None:
        self.schema: str | None = None
        self.base_url = base_url
        if base_url.startswith("postgresql"):
            self.schema = f"t_{uuid.uuid4().hex[:12]}"
            admin = create_engine(base_url)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            admin.dispose()
            separator = "&" if "?" in base_url else "?"
            self.url = f"{base_url}{separator}options=-csearch_path%3D{self.schema}"
        else:
            self.url = f"sqlite:///{tmp_path / 'test.sqlite3'}"

    def drop(self) -> None:
        if self.schema:
            admin = create_engine(self.base_url)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            admin.dispose()


def build_app(database_url: str, instance: Path, **overrides: Any) -> Flask:
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "LOG_LEVEL": "WARNING",  # quiet; tests/web/test_logging.py turns it up
        **overrides,
    }
    app = create_app(config, instance_path=instance)
    with app.app_context():
        SQLModel.metadata.create_all(get_engine())
    return app


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    base = TEST_DATABASE_URL
    if base.startswith("postgresql"):
        require_postgres(base)
    db = Database(base, tmp_path)
    yield db
    db.drop()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module to change settings."""
    return {}


@pytest.fixture
def app(database: Database, tmp_path: Path, app_config: dict[str, Any]) -> Iterator[Flask]:
    app = build_app(database.url, tmp_path / "instance", **app_config)
    yield app
    with app.app_context():
        get_engine().dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        # A deferred session: a test's own reads must not hold SQLite's write lock
        # while the app under test writes.
        db_session = open_session(get_engine())

        def end_snapshot(*_args: Any, **_kwargs: Any) -> None:
            # SQLite in WAL mode reads from a snapshot until the transaction ends; after each
            # request the test's session starts afresh, so it sees what the request wrote.
            db_session.rollback()

        request_finished.connect(end_snapshot, app, weak=False)
        yield db_session
        request_finished.disconnect(end_snapshot, app)
        db_session.close()


# Debian's Chromium through Playwright: session fixtures here, so the browser tests and the
# WordPress loop (tests/wordpress/test_loop.py) share one Playwright (it cannot start twice).
CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + "; CI must run the browser tests")
        pytest.skip(message)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            # Lets Shift+arrows select page text, as a keyboard user does with F7 caret browsing.
            "--enable-caret-browsing",
        ],
    )
    yield browser
    browser.close()
