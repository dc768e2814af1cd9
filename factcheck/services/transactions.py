"""Transaction modes, named where services and the engine can both see them.

Sessions opened for writing (every non-GET request, the CLI, the worker) begin their
transactions as writers: `BEGIN IMMEDIATE` on SQLite (factcheck/db.py), after queueing
for the writer lock (factcheck/sqlite_writers.py). Sessions opened for reading begin a
plain deferred `BEGIN` and never wait for writers.
"""

# The connection execution option factcheck/db.py reads when a transaction begins.
WRITE_OPTION = "factcheck_write"
