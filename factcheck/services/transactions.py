"""Transaction modes a service can ask for, without knowing the database behind the session.

Sessions opened for writing (every non-GET request, the CLI, the worker) begin their
transactions as writers: `BEGIN IMMEDIATE` on SQLite (factcheck/db.py), which takes the
database's single write lock up front. A service that first does a stretch of read-only
work can run it in a reader transaction instead and take the lock only for its writes.
"""

from sqlmodel import Session

# The connection execution option factcheck/db.py reads when a transaction begins.
WRITE_OPTION = "factcheck_write"


def reading(session: Session) -> None:
    """Begin the session's transaction as a reader (a deferred `BEGIN` on SQLite).

    Call with no transaction open; end the transaction (commit) before writing, so the
    next one begins as the session's usual writer. No effect on PostgreSQL.
    """
    session.connection(execution_options={WRITE_OPTION: False})
