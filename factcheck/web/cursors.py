"""Opaque cursors for the API's keyset pagination: the last row's sort key, base64url JSON.

A cursor names the list it belongs to, so one list's cursor is refused by another. It is
not signed: anyone may forge one, and it only ever selects rows "after" a key they could
have asked for anyway; it is validated as strictly as any other input.
"""

import base64
import binascii
import json
import math
from datetime import UTC, datetime
from typing import Any

from factcheck.domain.errors import Invalid

MESSAGE = "Not a cursor this list gave out; use the `next` value of the previous answer."


def _utc(value: datetime) -> datetime:
    # Both databases hand back naive UTC; a row fresh from this process carries tzinfo.
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def encode(kind: str, *values: int | float | datetime) -> str:
    data = [kind, *(_utc(v).isoformat() if isinstance(v, datetime) else v for v in values)]
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(raw: str, kind: str, *types: type) -> tuple[Any, ...]:
    """The key `raw` carries for list `kind`, one value per type (int, float or datetime)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise Invalid(MESSAGE, {"cursor": MESSAGE}) from None
    if not isinstance(data, list) or len(data) != len(types) + 1 or data[0] != kind:
        raise Invalid(MESSAGE, {"cursor": MESSAGE})
    values: list[Any] = []
    for value, wanted in zip(data[1:], types, strict=True):
        if wanted is int and type(value) is int and 0 <= value < 2**31:
            values.append(value)
        elif wanted is float and type(value) in (int, float) and math.isfinite(value):
            values.append(float(value))
        elif wanted is datetime and isinstance(value, str) and len(value) <= 40:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                raise Invalid(MESSAGE, {"cursor": MESSAGE}) from None
            values.append(_utc(parsed))
        else:
            raise Invalid(MESSAGE, {"cursor": MESSAGE})
    return tuple(values)
