"""Where report intake reads and writes: one protocol, two ways to talk to the database.

Intake (anchoring, the same-reader check, grouping, the insert) is the one path a crowd
hits after a viral story, so it has a lean store beside the ORM one:

- `SessionStore` works through the ORM session: loaded groups are the session's own
  objects. The checker files its reports this way, inside a revision's transaction,
  where other code already holds groups in the session.
- `CoreStore` runs a handful of SQL statements on the session's connection, in the same
  transaction, and builds detached `Group`/`Report` objects from the rows. Writing back
  sends only the columns placement changed. A reader's report takes this path: the ORM's
  unit of work cost several times the SQL itself there (README: Performance).

Neither commits; the service that owns the transaction does.
"""

from collections.abc import Iterable
from functools import cache
from typing import Any, Protocol

from sqlalchemy import Connection, Table, bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from factcheck.domain.confusables import skeleton
from factcheck.domain.errors import NotFound
from factcheck.domain.lifecycle import COLLECTING, GroupStatus
from factcheck.models import Article, Group, Report, Revision, rank
from factcheck.services.articles import lock_article_by_id, revision_text

# Groups start at most this far before a report's window: a quote is at most 300 code
# points and a group's span widens only to the union of its reports' minimal edits.
MAX_GROUP_SPAN = 600

GROUPS: Table = Group.__table__  # type: ignore[attr-defined]
REPORTS: Table = Report.__table__  # type: ignore[attr-defined]
ARTICLES: Table = Article.__table__  # type: ignore[attr-defined]
REVISIONS: Table = Revision.__table__  # type: ignore[attr-defined]

# What intake asks for, written once with bound parameters and shared by both stores. Built
# once, their compiled SQL is reused: building them per call cost more than running them.
_g, _r, _a, _v = GROUPS.c, REPORTS.c, ARTICLES.c, REVISIONS.c
NEARBY_OPEN = (
    (_g.article_id == bindparam("article_id"))
    & _g.status.in_(COLLECTING)
    & (_g.start >= bindparam("lowest"))
    & (_g.start <= bindparam("hi"))
    & (_g.end >= bindparam("lo"))
)
FIXED = (_g.article_id == bindparam("article_id")) & (_g.status == GroupStatus.FIXED)
FIXED_AFTER = FIXED & (_g.fixed_revision > bindparam("after"))
SAME_REPORT = (
    (_r.article_id == bindparam("article_id"))
    & (_r.reporter == bindparam("reporter"))
    & (_r.quote == bindparam("quote"))
    & (_r.suggestion_key == bindparam("suggestion_key"))
)
REPORTED = (_r.group_id == bindparam("group_id")) & (_r.reporter == bindparam("reporter"))
ARTICLE_TEXTS = (
    # SQLAlchemy's own select: SQLModel's stops at four columns.
    core_select(_a.id, _a.current_revision, _v.number, _v.text, _a.language)
    .select_from(ARTICLES)
    .outerjoin(
        REVISIONS,
        (_v.article_id == _a.id)
        & ((_v.number == bindparam("seen")) | (_v.number == _a.current_revision)),
    )
    .where(_a.slug == bindparam("slug"))
)


def _nearby_params(article_id: int, lo: int, hi: int) -> dict[str, Any]:
    return {"article_id": article_id, "lowest": lo - MAX_GROUP_SPAN, "lo": lo, "hi": hi}


def _fixed(article_id: int, fixed_after: int | None) -> tuple[Any, dict[str, Any]]:
    if fixed_after is None:
        return FIXED, {"article_id": article_id}
    return FIXED_AFTER, {"article_id": article_id, "after": fixed_after}


def _same_params(article_id: int, reporter: str, quote: str, suggestion: str) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "reporter": reporter,
        "quote": quote,
        "suggestion_key": skeleton(suggestion),
    }


def article_texts(
    connection: Connection, slug: str, seen: int
) -> tuple[int, int, dict[int, str], str] | None:
    """One query: an article's id, its current revision number, the texts of that
    revision and of revision `seen`, and its language (None when there is no such article)."""
    rows = connection.execute(ARTICLE_TEXTS, {"slug": slug, "seen": seen}).all()
    if not rows:
        return None
    texts = {number: text for _, _, number, text, _ in rows if number is not None}
    return rows[0][0], rows[0][1], texts, rows[0][4]


class IntakeStore(Protocol):
    def lock_article(self, article_id: int) -> int:
        """Serialise writers of one article; returns its current revision number."""

    def revision_text(self, article_id: int, number: int) -> str: ...

    def existing_report(
        self, article_id: int, reporter: str, quote: str, suggestion: str
    ) -> Report | None:
        """The same reader's identical report on this article, if any."""

    def nearby_open_groups(self, article_id: int, lo: int, hi: int) -> list[Group]: ...

    def has_reported(self, group: Group, reporter: str) -> bool: ...

    def fixed_groups(self, article_id: int, fixed_after: int | None = None) -> Iterable[Group]: ...

    def save_group(self, group: Group) -> None:
        """Insert a new group (setting its id) or write back a loaded one's changes."""

    def add_report(self, report: Report) -> None:
        """Insert the report (setting its id)."""

    def update_report(self, report: Report, changes: dict[str, str]) -> None:
        """Write `changes` (column -> value) to a stored report, and to `report`."""


class _OnSession:
    """What both stores do alike: they work in a session's transaction and read an older
    revision's text (a rare path: late reports, a revision landing mid-report) the usual way."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def revision_text(self, article_id: int, number: int) -> str:
        return revision_text(self.session, article_id, number)


class SessionStore(_OnSession):
    """Intake through the ORM session (objects stay in its identity map)."""

    def lock_article(self, article_id: int) -> int:
        return lock_article_by_id(self.session, article_id).current_revision

    def existing_report(
        self, article_id: int, reporter: str, quote: str, suggestion: str
    ) -> Report | None:
        statement = select(Report).where(SAME_REPORT).limit(1)
        params = _same_params(article_id, reporter, quote, suggestion)
        found: Report | None = self.session.execute(statement, params).scalars().first()
        return found

    def _groups(self, where: Any, params: dict[str, Any]) -> list[Group]:
        statement = select(Group).where(where).order_by(_g.id).with_for_update()
        return list(self.session.execute(statement, params).scalars())

    def nearby_open_groups(self, article_id: int, lo: int, hi: int) -> list[Group]:
        return self._groups(NEARBY_OPEN, _nearby_params(article_id, lo, hi))

    def has_reported(self, group: Group, reporter: str) -> bool:
        if group.id is None:
            return False
        statement = select(_r.id).where(REPORTED).limit(1)
        params = {"group_id": group.id, "reporter": reporter}
        return self.session.execute(statement, params).first() is not None

    def fixed_groups(self, article_id: int, fixed_after: int | None = None) -> Iterable[Group]:
        return self._groups(*_fixed(article_id, fixed_after))

    def save_group(self, group: Group) -> None:
        self.session.add(group)
        if group.id is None:
            self.session.flush()

    def add_report(self, report: Report) -> None:
        self.session.add(report)
        self.session.flush()

    def update_report(self, report: Report, changes: dict[str, str]) -> None:
        for name, value in changes.items():
            setattr(report, name, value)
        self.session.add(report)
        self.session.flush()


_SQL: dict[str, Any] = {
    "lock": select(_a.current_revision).where(_a.id == bindparam("id")).with_for_update(),
    "same": REPORTS.select().where(SAME_REPORT).limit(1),
    "reported": select(_r.id).where(REPORTED).limit(1),
    "new_group": insert(GROUPS).returning(_g.id),
    "new_report": insert(REPORTS).returning(_r.id),
}
_GROUP_COLUMNS = tuple(c.name for c in GROUPS.columns if c.name != "id")
_REPORT_COLUMNS = tuple(c.name for c in REPORTS.columns if c.name != "id")


@cache  # keyed by the (few, module-level) conditions above
def _group_select(where: Any) -> Any:
    return GROUPS.select().where(where).order_by(_g.id).with_for_update()


@cache
def _group_update(columns: frozenset[str]) -> Any:
    values: dict[str, Any] = {name: bindparam(f"new_{name}") for name in sorted(columns)}
    return update(GROUPS).where(_g.id == bindparam("group_id")).values(values)


class CoreStore(_OnSession):
    """Intake as plain SQL on the session's connection, in the session's transaction."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.connection = session.connection()
        # What each loaded group held, so saving writes only what placement changed.
        self._loaded: dict[int, dict[str, Any]] = {}

    def lock_article(self, article_id: int) -> int:
        number = self.connection.execute(_SQL["lock"], {"id": article_id}).scalar()
        if number is None:
            raise NotFound("No such article.")
        return int(number)

    def existing_report(
        self, article_id: int, reporter: str, quote: str, suggestion: str
    ) -> Report | None:
        params = _same_params(article_id, reporter, quote, suggestion)
        row = self.connection.execute(_SQL["same"], params).first()
        return None if row is None else Report(**row._asdict())

    def _groups(self, where: Any, params: dict[str, Any]) -> list[Group]:
        groups: list[Group] = []
        for row in self.connection.execute(_group_select(where), params):
            values = row._asdict()
            self._loaded[values["id"]] = values
            groups.append(Group(**values))
        return groups

    def nearby_open_groups(self, article_id: int, lo: int, hi: int) -> list[Group]:
        return self._groups(NEARBY_OPEN, _nearby_params(article_id, lo, hi))

    def has_reported(self, group: Group, reporter: str) -> bool:
        if group.id is None:
            return False
        params = {"group_id": group.id, "reporter": reporter}
        return self.connection.execute(_SQL["reported"], params).first() is not None

    def fixed_groups(self, article_id: int, fixed_after: int | None = None) -> Iterable[Group]:
        return self._groups(*_fixed(article_id, fixed_after))

    def save_group(self, group: Group) -> None:
        rank(group)  # the ORM's listener does not see plain SQL
        values = {name: getattr(group, name) for name in _GROUP_COLUMNS}
        if group.id is None:
            group.id = int(self.connection.execute(_SQL["new_group"], values).scalar_one())
            self._loaded[group.id] = {**values, "id": group.id}
            return
        before = self._loaded[group.id]
        changed = {name: value for name, value in values.items() if before.get(name) != value}
        if changed:
            params = {f"new_{name}": value for name, value in changed.items()}
            params["group_id"] = group.id
            self.connection.execute(_group_update(frozenset(changed)), params)
            before.update(changed)

    def add_report(self, report: Report) -> None:
        values = {name: getattr(report, name) for name in _REPORT_COLUMNS}
        report.id = int(self.connection.execute(_SQL["new_report"], values).scalar_one())

    def update_report(self, report: Report, changes: dict[str, str]) -> None:
        statement = update(REPORTS).where(_r.id == bindparam("report_id")).values(changes)
        self.connection.execute(statement, {"report_id": report.id})
        for name, value in changes.items():
            setattr(report, name, value)
