"""gunicorn settings for `make serve` (gunicorn loads ./gunicorn.conf.py by default).

The worker model follows the database (README: Deployment):

- PostgreSQL: sync workers, 2 x cores + 1. A request spends part of its time waiting on
  the database, so a few more processes than cores keep the CPUs busy; each worker holds
  one pooled connection at a time, so the database sees at most `workers` of them.
- SQLite: sync workers, cores + 1. Writes serialise on SQLite's single write lock
  anyway; more processes (or threads) only queue longer for it and stretch the tail.

Threads are not used: they share the GIL for the CPU-bound intake (anchoring, grouping)
and, on SQLite, queue for the write lock inside one process.
WEB_CONCURRENCY (or --workers) overrides the count.
"""

import multiprocessing
import os

_cores = multiprocessing.cpu_count()
_url = os.environ.get("FACTCHECK_DATABASE_URL", "")
_sqlite = not _url or _url.startswith("sqlite")

worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or (_cores + 1 if _sqlite else 2 * _cores + 1))
# A request is bounded well below this by the database timeouts (config.py).
timeout = 60
graceful_timeout = 20
