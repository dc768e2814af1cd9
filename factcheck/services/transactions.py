"""Transactions: one unit of work per use case, and the modes the engine begins them in.

Sessions opened for writing (every non-GET request, the CLI, the worker) begin their
transactions as writers: `BEGIN IMMEDIATE` on SQLite (factcheck/db.py), after queueing
for the writer lock (factcheck/sqlite_writers.py). Sessions opened for reading begin a
plain deferred `BEGIN` and never wait for writers.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from sqlmodel import Session

F = TypeVar("F", bound=Callable[..., Any])
_DEPTH = "factcheck.unit_of_work_depth"

# The connection execution option factcheck/db.py reads when a transaction begins.
WRITE_OPTION = "factcheck_write"


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """One use case's transaction: commit when the block ends, roll back on any error.

    A unit of work opened inside another on the same session joins it: only the outermost
    commits, so a use case may call another and still commit once.
    """
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def in_unit_of_work(session: Session) -> bool:
    return bool(session.info.get(_DEPTH, 0))


def use_case(function: F) -> F:
    """Run a keyword-only service function (`session=` among its arguments) as one unit of
    work: the service owns its transaction and leaves the session clean when it raises."""

    @wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with unit_of_work(kwargs["session"]):
            return function(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
