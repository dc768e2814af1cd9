"""Notification rules: webhook events, signatures, retry backoff, address hashing (pure)."""

import hashlib
import hmac
import time
from datetime import timedelta
from enum import StrEnum

EVENTS = ("revision.created", "group.fixed", "group.rejected")


class MessageStatus(StrEnum):
    """An outbox message's life: waiting (and retried) until sent, or given up on."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


SIGNATURE_HEADER = "X-Factcheck-Signature"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
EVENT_HEADER = "X-Factcheck-Event"
# A receiver should refuse signatures older than this (replay window), in seconds.
SIGNATURE_TOLERANCE = 300

# Backoff: 30 s, 1 min, 2 min, … capped at an hour; after 12 attempts (about eight
# hours of trying, so an hour-long mail outage is ridden out) a message is dead.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
MAX_ATTEMPTS = 12


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt (1-based)."""
    exponent = max(0, attempts - 1)
    if exponent > 20:  # 2**20 * 30 s is far past the cap; avoid huge numbers
        return BACKOFF_CAP
    return min(BACKOFF_BASE * (2**exponent), BACKOFF_CAP)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: `sha256=` + HMAC-SHA256 of "<timestamp>.<body>"."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    now: float | None = None,
    tolerance: int = SIGNATURE_TOLERANCE,
) -> bool:
    """True when `signature` signs this exact body and timestamp, and the timestamp is fresh."""
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)


def subscribed(events: str, event: str) -> bool:
    """Whether a webhook's comma-separated event list includes `event`."""
    return event in {name.strip() for name in events.split(",")}


def address_hash(address: str) -> str:
    """A short, stable stand-in for an email address in logs (never log the address)."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()[:12]
