"""SQLite writers queue on a file lock beside the database (factcheck/sqlite_writers.py)."""

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from factcheck.db import make_engine
from factcheck.services.transactions import WRITE_OPTION


def an_engine(path: Path, busy_timeout_ms: int = 5_000) -> Engine:
    engine = make_engine(f"sqlite:///{path}", sqlite_busy_timeout_ms=busy_timeout_ms)
    return engine.execution_options(**{WRITE_OPTION: True})


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "writers.sqlite3"
    with an_engine(path).begin() as connection:
        connection.execute(text("CREATE TABLE row (id INTEGER PRIMARY KEY, value TEXT)"))
    return path


def write(connection: Connection, value: str) -> None:
    connection.execute(text("INSERT INTO row (value) VALUES (:value)"), {"value": value})


def test_a_second_writer_waits_for_the_first_and_goes_on_when_it_commits(database):
    first, second = an_engine(database).connect(), an_engine(database).connect()
    first.begin()
    write(first, "first")
    got_lock_at: list[float] = []

    def other_writer() -> None:
        with second.begin():
            got_lock_at.append(time.monotonic())
            write(second, "second")

    waiter = threading.Thread(target=other_writer)
    waiter.start()
    time.sleep(0.3)
    assert not got_lock_at, "the second writer must wait while the first holds the lock"
    committed_at = time.monotonic()
    first.commit()
    waiter.join(timeout=5)
    assert got_lock_at and got_lock_at[0] >= committed_at
    assert got_lock_at[0] - committed_at < 0.5  # handed over at once (a loaded CI box aside)
    values = first.execute(text("SELECT value FROM row ORDER BY id")).scalars().all()
    assert values == ["first", "second"]
    first.close()
    second.close()


def test_a_writer_waiting_past_the_busy_timeout_gets_database_is_locked(database):
    holder = an_engine(database).connect()
    holder.begin()
    impatient = an_engine(database, busy_timeout_ms=150).connect()
    started = time.monotonic()
    with pytest.raises(OperationalError, match="database is locked"):
        impatient.begin()
        write(impatient, "never")
    assert 0.1 < time.monotonic() - started < 2
    impatient.close()
    holder.rollback()
    holder.close()


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
def test_every_way_a_transaction_ends_releases_the_lock(database, ending):
    holder = an_engine(database).connect()
    holder.begin()
    write(holder, "held")
    getattr(holder, ending)()
    other = an_engine(database, busy_timeout_ms=150).connect()
    with other.begin():
        write(other, "after")
    other.close()
    holder.close()


def test_readers_never_wait_for_the_writer_lock(database):
    writer = an_engine(database).connect()
    writer.begin()
    write(writer, "uncommitted")
    reader = make_engine(f"sqlite:///{database}", sqlite_busy_timeout_ms=150).connect()
    assert reader.execute(text("SELECT count(*) FROM row")).scalar_one() == 0
    reader.close()
    writer.rollback()
    writer.close()
