"""SQLite's planner statistics: the worker refreshes them (a sampled ANALYZE) when it starts
and hourly, so the queue keeps walking its partial indexes as the archive grows."""

import threading

import pytest
from sqlalchemy import text

from factcheck import worker
from factcheck.db import get_engine, refresh_statistics
from tests.builders import a_report, an_article


def statistics(session) -> set[str]:
    rows = session.exec(text("SELECT tbl FROM sqlite_stat1"))  # type: ignore[call-overload]
    return {row[0] for row in rows}


def test_the_worker_refreshes_sqlite_statistics_when_it_starts(app, session, monkeypatch):
    an_article(session, "story")
    a_report(session, "story")
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        with app.app_context():
            assert refresh_statistics(get_engine()) is False  # autovacuum's job there
        return
    session.commit()
    stop = threading.Event()
    passes = []
    real_pass = worker.run_pass

    def one_pass(*args, **kwargs):
        passes.append(1)
        stop.set()  # the loop ends after this pass, its statistics refresh included
        return real_pass(*args, **kwargs)

    monkeypatch.setattr(worker, "run_pass", one_pass)
    worker.run_forever(app, interval=0.01, stop=stop)
    assert passes == [1]
    session.rollback()
    assert {"errorgroup", "report", "revision"} <= statistics(session)


def test_a_refresh_is_repeatable_and_sampled(app, session):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's statistics; on PostgreSQL autovacuum keeps them (tested above)")
    an_article(session, "story")
    session.commit()
    with app.app_context():
        assert refresh_statistics(get_engine()) is True
        assert refresh_statistics(get_engine()) is True
    session.rollback()
    assert "revision" in statistics(session)
