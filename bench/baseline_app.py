"""Baselines for bench/load.py: a bare hello endpoint and a bare single-row durable insert.

A Flask app with the raw driver (no ORM, no app code), so it measures the server, the
framework the real app uses and the database, and (c) minus (b) is the report path itself:

- `GET /hello` answers a fixed body.
- `POST /insert` reads the request body and inserts it as one row into `bench_baseline`,
  then commits, with the same driver and durability settings as the real app
  (factcheck/db.py): sqlite3 in WAL mode with `synchronous=NORMAL`, foreign keys on, the
  same busy timeout and `BEGIN IMMEDIATE`; psycopg 3 for PostgreSQL. One connection per
  worker process, opened on first use (the app's pool keeps one per sync worker as well).

The database comes from FACTCHECK_DATABASE_URL; bench/load.py creates the table.
Run: gunicorn -c gunicorn.conf.py bench.baseline_app:app
"""

import os
import time
from typing import Any

from flask import Flask, Response, request
from sqlalchemy.engine import make_url

TABLE = "bench_baseline"
CREATE_SQLITE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at REAL NOT NULL)"
)
CREATE_POSTGRES = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(id SERIAL PRIMARY KEY, body TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL)"
)
MAX_BODY = 16 * 1024
BUSY_TIMEOUT_MS = int(os.environ.get("FACTCHECK_SQLITE_BUSY_TIMEOUT_MS", "15000"))

_connection: Any = None


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database:
        raise SystemExit("the baseline needs a file database, not an in-memory one")
    return database


def connect(url: str) -> Any:
    """A DB-API connection tuned like the app's engine (see factcheck/db.py)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        import sqlite3

        connection = sqlite3.connect(
            _sqlite_path(url), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        connection.isolation_level = None  # explicit BEGIN, as the app does
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection
    import psycopg

    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(conninfo, connect_timeout=5)


def create_table(url: str) -> None:
    connection = connect(url)
    try:
        if make_url(url).get_backend_name() == "sqlite":
            connection.execute(CREATE_SQLITE)
        else:
            connection.execute(CREATE_POSTGRES)
            connection.commit()
    finally:
        connection.close()


def insert(body: str) -> int:
    global _connection
    url = os.environ["FACTCHECK_DATABASE_URL"]
    if _connection is None:
        _connection = connect(url)
    if make_url(url).get_backend_name() == "sqlite":
        cursor = _connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            cursor.execute(
                f"INSERT INTO {TABLE} (body, created_at) VALUES (?, ?)", (body, time.time())
            )
            row_id = int(cursor.lastrowid or 0)
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        return row_id
    with _connection.transaction():
        row = _connection.execute(
            f"INSERT INTO {TABLE} (body, created_at) VALUES (%s, %s) RETURNING id",
            (body, time.time()),
        ).fetchone()
    return int(row[0])


app = Flask(__name__)


@app.get("/hello")
def hello() -> Response:
    return Response("hello\n", mimetype="text/plain")


@app.post("/insert")
def insert_row() -> tuple[dict[str, int], int]:
    body = request.get_data(as_text=True)[:MAX_BODY]
    return {"id": insert(body)}, 201
