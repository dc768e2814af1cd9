"""Bounded lists: numbered pages for the HTML pages, keyset (cursor) slices for the API."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import and_, or_
from sqlmodel import Session, func, select

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One numbered page of a list; `page` is clamped into 1..pages."""

    items: list[T]
    page: int
    pages: int
    total: int
    per_page: int

    def numbers(self, around: int = 3) -> list[int | None]:
        """Page links to show: the first, the last and a few around this one; None is a gap."""
        wanted = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        shown: list[int | None] = []
        last = 0
        for number in sorted(n for n in wanted if 1 <= n <= self.pages):
            if last and number - last > 1:
                shown.append(None)
            shown.append(number)
            last = number
        return shown


def paginate(
    session: Session, statement: Any, *, page: int, per_page: int, count: Any = None
) -> Page[Any]:
    """`statement` (already ordered) cut to one page, with the number of pages.

    A page past the last shows the last one: a stale link still lands somewhere useful, and
    no huge OFFSET is ever sent to the database. `count`, when given, is a cheaper statement
    counting the same rows (an index alone, without the joins the page needs).
    """
    counted = (
        count
        if count is not None
        else select(func.count()).select_from(statement.order_by(None).subquery())
    )
    total = session.exec(counted).one()
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = list(session.exec(statement.offset((page - 1) * per_page).limit(per_page)).all())
    return Page(rows, page, pages, total, per_page)


@dataclass(frozen=True)
class Slice(Generic[T]):
    """A keyset slice: the rows, and whether more follow the last one."""

    items: list[T]
    more: bool


def beyond(keys: Sequence[Any], values: Sequence[Any]) -> Any:
    """Rows that sort after `values` in an order that is descending on every key in `keys`:
    (k1 < v1) or (k1 = v1 and k2 < v2) or … — the last key must be unique (an id), so a row
    inserted meanwhile lands either before the cursor or after it, never twice."""
    condition = keys[-1] < values[-1]
    for index in reversed(range(len(keys) - 1)):
        condition = or_(keys[index] < values[index], and_(keys[index] == values[index], condition))
    return condition


def keyset(session: Session, statement: Any, *, limit: int) -> Slice[Any]:
    """The first `limit` rows of `statement` (ordered, already cut at the cursor)."""
    rows = list(session.exec(statement.limit(limit + 1)).all())
    return Slice(rows[:limit], len(rows) > limit)
