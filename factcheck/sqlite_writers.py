"""One writer at a time on a SQLite file, queued on a file lock instead of SQLite's sleeps.

SQLite lets one transaction write at a time. A connection that finds the lock taken retries
after sleeping 1, 2, 5, 10 ... ms (its busy handler), so under a burst of reports the
writers sleep while the lock is free again long before they wake, and the CPUs idle. Here
every writing transaction of every process (gunicorn workers, the CLI, the outbox worker)
first takes an exclusive `flock` on a file beside the database, `<database>-writer`:
waiters are woken the moment it is released. The lock is held from `BEGIN IMMEDIATE` until
the connection commits, rolls back or closes, and the kernel drops it should the process
die. A wait longer than the busy timeout fails like SQLite would ("database is locked"),
which the web edge answers with 503.

Connections come from `connection_class(...)`, passed to sqlite3 as its `factory`.
"""

import errno
import fcntl
import os
import sqlite3
import time
from typing import Any

# Between checks while another process writes; short enough to hand over quickly, long
# enough that a waiting worker costs next to no CPU.
_FIRST_PAUSE = 0.00005
_LONGEST_PAUSE = 0.001


class WriterConnection(sqlite3.Connection):
    """A sqlite3 connection that releases the writer lock when its transaction ends."""

    lock_path = ""
    timeout = 15.0
    _lock_fd: int | None = None
    _held = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            release(self)

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            release(self)

    def close(self) -> None:
        try:
            super().close()
        finally:
            release(self)
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def connection_class(lock_path: str, timeout: float) -> type[WriterConnection]:
    """A connection class bound to one database's lock file and busy timeout."""
    return type(
        "WriterConnection", (WriterConnection,), {"lock_path": lock_path, "timeout": timeout}
    )


def acquire(connection: Any) -> None:
    """Take the writer lock for `connection` (a no-op for other connection classes)."""
    if not isinstance(connection, WriterConnection) or connection._held:
        return
    if connection._lock_fd is None:
        connection._lock_fd = os.open(connection.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fd = connection._lock_fd
    deadline = time.monotonic() + connection.timeout
    pause = _FIRST_PAUSE
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):
                raise
        else:
            connection._held = True
            return
        if time.monotonic() >= deadline:
            raise sqlite3.OperationalError("database is locked")
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_PAUSE)


def release(connection: Any) -> None:
    if isinstance(connection, WriterConnection) and connection._held:
        connection._held = False
        if connection._lock_fd is not None:
            fcntl.flock(connection._lock_fd, fcntl.LOCK_UN)
