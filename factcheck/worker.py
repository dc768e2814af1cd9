"""The outbox worker: `flask --app app worker`, or a daemon thread of the web process."""

import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from flask import Flask

from factcheck.db import get_engine, open_session, refresh_statistics
from factcheck.delivery import Courier
from factcheck.services import connectors, outbox

log = logging.getLogger(__name__)
BATCH = 10
STATISTICS_EVERY = 3600.0  # seconds between refreshes of SQLite's planner statistics


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_pass(app: Flask, worker_id: str, courier: Courier | None = None) -> outbox.RunStats:
    """Deliver every message due now, batch by batch."""
    courier = courier or Courier.from_config(app.config)
    total = outbox.RunStats()
    with app.app_context():
        # A writer session: on SQLite every claim and outcome begins with BEGIN IMMEDIATE.
        session = open_session(get_engine(), write=True)
        try:
            while True:
                stats = outbox.deliver_due(
                    session=session,
                    courier=courier,
                    worker_id=worker_id,
                    limit=BATCH,
                    retention_days=app.config["EMAIL_RETENTION_DAYS"],
                )
                for name in ("claimed", "sent", "failed", "dead", "purged"):
                    setattr(total, name, getattr(total, name) + getattr(stats, name))
                if stats.claimed < BATCH:
                    return total
        finally:
            session.close()


def sync_connectors(app: Flask, courier: Courier) -> int:
    """Sync every connected site whose last sync is older than FACTCHECK_CONNECTOR_SYNC_MINUTES
    (each claimed by one worker); the number of sites synced."""
    minutes = app.config["CONNECTOR_SYNC_MINUTES"]
    if minutes <= 0:
        return 0
    with app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            due = connectors.due_sites(session, every=timedelta(minutes=minutes))
            for site_id in due:
                try:
                    result = connectors.sync(
                        session=session,
                        site_id=site_id,
                        clients=courier.clients,
                        max_body_chars=app.config["MAX_BODY_CHARS"],
                    )
                except Exception:
                    log.exception("sync of site %s failed", site_id)
                    continue
                log.info(
                    "site %s synced: %s new, %s updated, %s errors",
                    site_id,
                    result.created,
                    result.revised,
                    len(result.errors),
                )
            return len(due)
        finally:
            session.close()


def run_forever(app: Flask, *, interval: float, stop: threading.Event | None = None) -> None:
    """Poll until stopped; one failed pass (database away, bad config) never ends the loop."""
    stop = stop or threading.Event()
    worker_id = new_worker_id()
    courier = Courier.from_config(app.config)
    log.info("outbox worker %s started (every %ss)", worker_id, interval)
    analysed: float | None = None
    while not stop.is_set():
        try:
            run_pass(app, worker_id, courier)
            sync_connectors(app, courier)
            if analysed is None or time.monotonic() - analysed >= STATISTICS_EVERY:
                analysed = time.monotonic()
                with app.app_context():
                    refresh_statistics(get_engine())
        except Exception:
            log.exception("outbox worker pass failed; retrying in %ss", interval)
        stop.wait(interval)


def start_in_process(app: Flask) -> threading.Thread:
    """The embedded default: a daemon thread that dies with the web process."""
    thread = threading.Thread(
        target=run_forever,
        args=(app,),
        kwargs={"interval": float(app.config["WORKER_INTERVAL"])},
        name="factcheck-outbox-worker",
        daemon=True,
    )
    thread.start()
    return thread
