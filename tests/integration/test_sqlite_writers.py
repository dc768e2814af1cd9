"""SQLite writers queue on a file lock beside the database (factcheck/sqlite_writers.py)."""

import fcntl
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from factcheck import sqlite_writers
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


def lock_is_taken(database: Path) -> bool:
    """Whether anyone holds the writer lock `<database>-writer`, probed from a fresh file
    description (flock locks of two descriptions conflict, even in one process)."""
    fd = os.open(f"{database}-writer", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Statement:
    writer: str
    sql: str
    at: float
    lock_taken: bool  # the writer lock, the moment SQLite started the statement


def traced(database: Path, writer: str, log: list[Statement]) -> Connection:
    """A writer connection that logs each BEGIN/COMMIT as SQLite starts it (before any
    wait in SQLite's busy handler), with whether the writer lock was held at that point."""
    connection = an_engine(database).connect()

    def trace(sql: str) -> None:
        if sql.startswith(("BEGIN", "COMMIT")):
            log.append(Statement(writer, sql, time.monotonic(), lock_is_taken(database)))

    connection.connection.dbapi_connection.set_trace_callback(trace)  # type: ignore[union-attr]
    return connection


def waiting_in_the_writer_queue(thread: threading.Thread) -> bool:
    """Whether `thread` is inside sqlite_writers.acquire right now."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if frame.f_code is sqlite_writers.acquire.__code__:
            return True
        frame = frame.f_back
    return False


def test_a_second_writer_queues_on_the_file_lock_and_is_handed_it_at_the_first_commit(database):
    log: list[Statement] = []
    first, second = traced(database, "first", log), traced(database, "second", log)

    first.begin()
    write(first, "first")
    # The flock on <db>-writer is taken before SQLite's own write lock is asked for.
    assert [(entry.writer, entry.sql, entry.lock_taken) for entry in log] == [
        ("first", "BEGIN IMMEDIATE", True)
    ], "the writer lock must be held when BEGIN IMMEDIATE starts"
    assert lock_is_taken(database)

    began = threading.Event()
    may_commit = threading.Event()

    def other_writer() -> None:
        with second.begin():
            began.set()
            write(second, "second")
            may_commit.wait(timeout=5)

    waiter = threading.Thread(target=other_writer)
    waiter.start()
    deadline = time.monotonic() + 5
    while not waiting_in_the_writer_queue(waiter) and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.2)
    # Still queued on the file lock: it never started BEGIN IMMEDIATE, so it is not
    # sleeping in SQLite's busy handler.
    assert waiting_in_the_writer_queue(waiter), "the second writer must wait in acquire()"
    assert not began.is_set()
    assert [entry.writer for entry in log] == ["first"]

    committed_at = time.monotonic()
    first.commit()
    assert began.wait(timeout=5), "the second writer must go on once the first commits"
    commit, handed_over = log[1], log[2]
    assert (commit.writer, commit.sql) == ("first", "COMMIT")
    assert (handed_over.writer, handed_over.sql) == ("second", "BEGIN IMMEDIATE")
    assert handed_over.lock_taken, "the second writer holds the flock before its BEGIN"
    assert committed_at <= handed_over.at < committed_at + 0.5  # at once (a loaded CI box aside)
    assert lock_is_taken(database)  # now the second writer's

    may_commit.set()
    waiter.join(timeout=5)
    assert not waiter.is_alive()
    assert not lock_is_taken(database)  # the second commit released it
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
