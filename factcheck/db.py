"""Engine, per-request sessions and migrations wiring."""

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, g, request
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlmodel import Session

from factcheck import sqlite_writers
from factcheck.services.transactions import WRITE_OPTION

log = logging.getLogger("factcheck.db")
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# SQLite waits this long (ms) for another writer before giving up.
SQLITE_BUSY_TIMEOUT_MS = 15_000
_WRITE = WRITE_OPTION  # set on the engine of sessions opened for writing


def make_engine(
    url: str,
    *,
    connect_timeout: int = 5,
    statement_timeout_ms: int = 15_000,
    sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    **options: Any,
) -> Engine:
    """An engine tuned for the backend: SQLite in WAL mode, PostgreSQL with pre-ping.

    Every wait is bounded (connecting, a statement, SQLite's lock) so that a database outage
    surfaces as an error the edge answers with 503, never as a request that hangs.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args: dict[str, Any] = {
            "check_same_thread": False,
            "timeout": sqlite_busy_timeout_ms / 1000,
        }
        if parsed.database and parsed.database != ":memory:":
            connect_args["factory"] = sqlite_writers.connection_class(
                f"{parsed.database}-writer", sqlite_busy_timeout_ms / 1000
            )
        engine = create_engine(url, connect_args=connect_args, **options)
        _tune_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    options.setdefault("pool_pre_ping", True)
    if parsed.get_backend_name() == "postgresql":
        query = dict(parsed.query)
        query.setdefault("connect_timeout", str(connect_timeout))
        # Appended to any libpq `options` already in the URL (tests pass a search_path there).
        existing = query.get("options", "")
        existing = existing if isinstance(existing, str) else " ".join(existing)
        query["options"] = f"{existing} -c statement_timeout={statement_timeout_ms}".strip()
        parsed = parsed.update_query_dict(query)
    return create_engine(parsed, **options)


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the write lock up front: a deferred transaction that reads
        # first and writes later can fail with "database is locked" instead of waiting.
        if not connection.get_execution_options().get(_WRITE):
            connection.exec_driver_sql("BEGIN")
            return
        # Writers of every process queue on a file lock first (sqlite_writers.py): SQLite's
        # own wait for its lock sleeps in steps of milliseconds, which idles the CPUs and
        # stretches the tail under load.
        try:
            sqlite_writers.acquire(connection.connection.dbapi_connection)
        except sqlite3.OperationalError as error:  # waited past the busy timeout
            raise exc.OperationalError("BEGIN IMMEDIATE", None, error) from error
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            sqlite_writers.release(connection.connection.dbapi_connection)
            raise


# SQLite's planner needs statistics to prefer the partial indexes the queue walks (without
# them the default queue at 100,000 articles read 320 ms instead of 27); PostgreSQL's
# autovacuum keeps its own. Sampled: at most this many rows of each index are read.
ANALYSIS_LIMIT = 1000


def refresh_statistics(engine: Engine) -> bool:
    """On SQLite, refresh the planner's statistics (a sampled ANALYZE, milliseconds at any
    archive size); the outbox worker calls it hourly. False on other engines."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as connection:
        writer = connection.execution_options(**{_WRITE: True})
        with writer.begin():
            writer.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            writer.exec_driver_sql("ANALYZE")
    return True


def open_session(engine: Engine, *, write: bool = False) -> Session:
    bind = engine.execution_options(**{_WRITE: True}) if write else engine
    return Session(bind=bind, expire_on_commit=False)


def get_engine() -> Engine:
    engine: Engine = current_app.extensions["factcheck.engine"]
    return engine


def get_session() -> Session:
    """The request's session; a request that may write begins its transactions as a writer."""
    if "db_session" not in g:
        write = request.method not in {"GET", "HEAD", "OPTIONS"}
        g.db_session = open_session(get_engine(), write=write)
    session: Session = g.db_session
    return session


@contextmanager
def session_scope(*, write: bool = True) -> Iterator[Session]:
    """A session outside any request (CLI, worker)."""
    session = open_session(get_engine(), write=write)
    try:
        yield session
    finally:
        session.close()


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.close()
    except Exception:
        # Closing rolls back; on a connection the database dropped (a restart) that fails.
        # The answer is already made: drop the connection rather than turn it into a 500.
        log.warning("closing a session failed; its connection is discarded", exc_info=True)
        with suppress(Exception):
            session.invalidate()


# The database is down, restarting, out of connections or locked by another writer: a
# request may succeed if retried (the web edge answers 503 + Retry-After, never 500).
UNAVAILABLE: tuple[type[Exception], ...] = (
    exc.OperationalError,
    exc.InterfaceError,
    exc.DisconnectionError,
    exc.TimeoutError,
)


def readiness(engine: Engine, url: str) -> dict[str, Any]:
    """Whether the database answers and its schema is at this code's migration head."""
    from alembic.runtime.migration import MigrationContext

    checks: dict[str, Any] = {}
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except (exc.DBAPIError, exc.DisconnectionError, exc.TimeoutError) as error:
        checks["database"] = f"unreachable ({error.__class__.__name__})"
        return checks
    checks["database"] = "ok"
    expected = _script_heads(url)
    if current == expected:
        checks["migrations"] = "ok"
    else:
        checks["migrations"] = "pending"
        checks["database_revision"] = sorted(current)
        checks["code_revision"] = sorted(expected)
    return checks


_HEADS: dict[str, set[str]] = {}


def _script_heads(url: str) -> set[str]:
    """The migration heads shipped with this code (read once per process)."""
    if url not in _HEADS:
        from alembic.script import ScriptDirectory

        _HEADS[url] = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    return _HEADS[url]


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def init_app(app: Flask) -> None:
    url = app.config["DATABASE_URL"]
    options: dict[str, Any] = {}
    if make_url(url).get_backend_name() != "sqlite":
        options["pool_timeout"] = app.config["DATABASE_POOL_TIMEOUT"]
    app.extensions["factcheck.engine"] = make_engine(
        url,
        connect_timeout=app.config["DATABASE_CONNECT_TIMEOUT"],
        statement_timeout_ms=app.config["DATABASE_STATEMENT_TIMEOUT_MS"],
        sqlite_busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
        **options,
    )
    # Per request, not per app context: a test (or CLI) may hold one app context open
    # across many requests, and a session must never outlive its request.
    app.teardown_request(_close_session)
    app.teardown_appcontext(_close_session)
    app.cli.add_command(db_cli)


@click.group("db", help="Database migrations.")
def db_cli() -> None:
    pass


@db_cli.command("upgrade", help="Apply every pending migration.")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("current", help="Show the database's migration.")
def db_current() -> None:
    from alembic import command

    command.current(alembic_config(current_app.config["DATABASE_URL"]))
