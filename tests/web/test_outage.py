"""A database outage answers 503 with Retry-After, quickly; never a 500, never a hang."""

import sqlite3
import time

import pytest
from sqlalchemy.engine import make_url

from factcheck import create_app
from factcheck.db import make_engine
from factcheck.services.transactions import WRITE_OPTION
from tests.builders import an_article

DEAD_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:1/none"
REPORT = {
    "revision": 1,
    "quote": "Georgia Maloney",
    "suggestion": "Giorgia Meloni",
    "kind": "name",
}


@pytest.fixture
def dead_app(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": DEAD_POSTGRES,
            "SECRET_KEY": "x",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "LOG_LEVEL": "CRITICAL",
        },
        instance_path=tmp_path / "instance",
    )


def test_a_report_while_postgres_is_down_gets_503_with_retry_after(dead_app):
    started = time.monotonic()
    response = dead_app.test_client().post("/api/v1/articles/story/reports", json=REPORT)
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["error"]["code"] == "unavailable"
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_page_while_postgres_is_down_is_a_friendly_503(dead_app):
    response = dead_app.test_client().get("/articles/story")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.mimetype == "text/html"
    assert "try again" in response.get_data(as_text=True)


class TestLockedSqlite:
    @pytest.fixture
    def app_config(self):
        return {"SQLITE_BUSY_TIMEOUT_MS": 100}

    @pytest.fixture
    def url(self, app, session):
        """The SQLite database, holding the article "story"."""
        url = make_url(app.config["DATABASE_URL"])
        if url.get_backend_name() != "sqlite":
            pytest.skip("SQLite's write lock only")
        an_article(session, "story")
        session.close()
        return url

    def test_a_report_while_another_writer_holds_the_lock_gets_503(self, url, client):
        other = sqlite3.connect(url.database, isolation_level=None, timeout=0.1)
        other.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            response = client.post("/api/v1/articles/story/reports", json=REPORT)
            page = client.post(
                "/articles/story/report",
                data={"revision": "1", "quote": "Georgia Maloney", "suggestion": "G"},
            )
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert time.monotonic() - started < 5
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert response.get_json()["error"]["code"] == "unavailable"
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "5"
        # Once the lock is gone the same report goes through.
        assert client.post("/api/v1/articles/story/reports", json=REPORT).status_code == 201

    def test_a_report_while_another_app_writer_holds_the_queue_gets_503(self, url, client):
        # Another worker process of the app, mid-transaction: it holds the writer file lock.
        engine = make_engine(url.render_as_string(hide_password=False))
        holder = engine.execution_options(**{WRITE_OPTION: True}).connect()
        holder.begin()
        try:
            started = time.monotonic()
            response = client.post("/api/v1/articles/story/reports", json=REPORT)
        finally:
            holder.rollback()
            holder.close()
            engine.dispose()
        assert time.monotonic() - started < 5
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "5"
        assert client.post("/api/v1/articles/story/reports", json=REPORT).status_code == 201
