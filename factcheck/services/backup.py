"""Backup: every table as JSON Lines in dependency order, and a restore into an empty database.

Each line is `{"table": name, "row": {column: value}}`; datetimes are ISO 8601. The first line
is a header (`"table": "factcheck_backup"`) with the format version and the migration the
database was at. Every table the models define is included, editors' password hashes, API
token hashes and webhook secrets too — so a restore works, and a backup is a secret.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    String,
    Table,
    TypeDecorator,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlmodel import Session, SQLModel

import factcheck.models  # noqa: F401  (registers every table on SQLModel.metadata)
from factcheck.domain.errors import FactcheckError, Invalid
from factcheck.domain.lifecycle import GroupStatus, Kind
from factcheck.domain.notifications import EVENTS, MessageStatus
from factcheck.domain.outbound import parse_url
from factcheck.domain.reports import Source
from factcheck.domain.text import has_control
from factcheck.services import editors
from factcheck.services.transactions import use_case

HEADER = "factcheck_backup"
FORMAT = 1
BATCH = 500


class BackupError(FactcheckError):
    code = "backup"


@dataclass
class Counts:
    """Rows per table, in the order they were written or restored."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int = 1) -> None:
        self.rows[table] = self.rows.get(table, 0) + count


def tables() -> list[Table]:
    """Every table, parents before children (foreign keys)."""
    return list(SQLModel.metadata.sorted_tables)


def _migration(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return str(value) if value is not None else None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _is_datetime(column: Column[Any]) -> bool:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, DateTime)


def _decode(table: Table, name: str, value: Any) -> Any:
    """A backed-up value as its column takes it, or BackupError: a restore never stores
    what the app could not have written (a string revision number, a control character)."""
    column = table.columns[name]
    where = f"{table.name}.{name}"
    if value is None:
        if not column.nullable and not column.primary_key:
            raise BackupError(f"{where} may not be empty.")
        return None
    if _is_datetime(column):
        if not isinstance(value, str):
            raise BackupError(f"{where} is not an ISO datetime: {value!r}")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise BackupError(f"{where} is not an ISO datetime: {value!r}") from None
    kind = _kind(column)
    if kind is bool and not isinstance(value, bool):
        raise BackupError(f"{where} is not true or false: {value!r}")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise BackupError(f"{where} is not a whole number: {value!r}")
    if kind is int and not -(2**31) <= value < 2**31:
        raise BackupError(f"{where} is out of range: {value!r}")
    if kind is str:
        if not isinstance(value, str):
            raise BackupError(f"{where} is not text: {value!r}")
        length = getattr(getattr(column.type, "impl", column.type), "length", None)
        if (length and len(value) > length) or has_control(value):
            raise BackupError(f"{where} is too long or holds a control character.")
    return value


def _kind(column: Column[Any]) -> type | None:
    """bool, int or str for the column's storage type (TypeDecorators by what they wrap)."""
    storage = getattr(column.type, "impl", column.type)
    for sql_type, kind in ((Boolean, bool), (Integer, int), (String, str)):
        if isinstance(storage, sql_type):
            return kind
    return None


def _json_list(value: str, where: str) -> list[Any]:
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, list):
        raise BackupError(f"{where} is not a JSON list.")
    return data


# What each table's values must be beyond their types: the rules the app's own writes
# follow, so a tampered backup cannot plant a row that breaks a page.
def _check_row(table: Table, values: dict[str, Any]) -> None:
    name = table.name
    if name == "editor" and values.get("role") not in editors.ROLES:
        raise BackupError(f"editor.role must be one of {', '.join(editors.ROLES)}.")
    if name == "errorgroup":
        if values.get("status") not in set(GroupStatus):
            raise BackupError(f"errorgroup.status {values.get('status')!r} is no group status.")
        if values.get("kind") not in set(Kind):
            raise BackupError(f"errorgroup.kind {values.get('kind')!r} is no kind.")
        for column in ("candidates", "edits"):
            items = _json_list(values.get(column) or "[]", f"errorgroup.{column}")
            if column == "candidates" and not all(
                isinstance(c, dict) and isinstance(c.get("text"), str) for c in items
            ):
                raise BackupError("errorgroup.candidates holds an entry without its text.")
    if name == "report":
        if values.get("kind") not in set(Kind):
            raise BackupError(f"report.kind {values.get('kind')!r} is no kind.")
        if values.get("source") not in set(Source):
            raise BackupError(f"report.source {values.get('source')!r} is no source.")
    if name == "webhook":
        try:
            parse_url(values.get("url") or "")
        except Invalid:
            raise BackupError(f"webhook.url {values.get('url')!r} is not an http(s) URL.") from None
        if not set(str(values.get("events", "")).split(",")) <= set(EVENTS):
            raise BackupError("webhook.events names an unknown event.")
    if name == "outbox" and values.get("status") not in set(MessageStatus):
        raise BackupError(f"outbox.status {values.get('status')!r} is no message status.")


def export_rows(session: Session) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) pairs, header first, read in one transaction (one snapshot)."""
    options = {}
    if session.get_bind().dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ"}
    connection = session.connection(execution_options=options)
    try:
        yield HEADER, {"format": FORMAT, "migration": _migration(connection)}
        for table in tables():
            statement = select(table).order_by(*table.primary_key.columns)
            result = connection.execution_options(yield_per=BATCH).execute(statement)
            for row in result.mappings():
                yield table.name, {name: _encode(value) for name, value in row.items()}
    finally:
        session.rollback()  # only read: end the snapshot


def write_backup(*, session: Session, out: IO[str]) -> Counts:
    """Write the backup as JSON Lines to `out`; the counts are per table."""
    counts = Counts()
    for table, row in export_rows(session):
        out.write(json.dumps({"table": table, "row": row}, ensure_ascii=False) + "\n")
        if table != HEADER:
            counts.add(table)
    return counts


def _parse(number: int, line: str, known: dict[str, Table]) -> tuple[str, dict[str, Any]]:
    try:
        item = json.loads(line)
    except ValueError as error:
        raise BackupError(f"Line {number} is not JSON: {error}.") from None
    if not isinstance(item, dict) or not isinstance(item.get("row"), dict):
        raise BackupError(f'Line {number} is not {{"table": ..., "row": {{...}}}}.')
    name, row = item.get("table"), item["row"]
    if name == HEADER:
        return HEADER, row
    if name not in known:
        raise BackupError(f"Line {number} names an unknown table {name!r}.")
    unknown = set(row) - set(known[name].columns.keys())
    if unknown:
        raise BackupError(f"Line {number}: {name} has no column {sorted(unknown)[0]!r}.")
    return name, row


def _check_empty(connection: Connection) -> None:
    for table in tables():
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        if count:
            raise BackupError(
                f"The database is not empty ({table.name} has {count} rows); "
                "restore only into a new, migrated database."
            )


def _reset_sequences(connection: Connection) -> None:
    """After explicit ids, PostgreSQL's sequences must continue after the largest one."""
    if connection.dialect.name != "postgresql":
        return  # SQLite continues after the largest rowid by itself.
    for table in tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or not key[0].autoincrement:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "  # noqa: S608
                f'COALESCE(MAX("{key[0].name}"), 1), MAX("{key[0].name}") IS NOT NULL) '
                f'FROM "{table.name}"'
            ),
            {"table": f'"{table.name}"', "column": key[0].name},
        )


@use_case
def restore_backup(*, session: Session, lines: Iterable[str]) -> Counts:
    """Restore a backup into an empty database, in one transaction; BackupError if anything
    is wrong with the file or the database (nothing is written then)."""
    connection = session.connection()
    _check_empty(connection)
    target = _migration(connection)
    try:
        return _restore(connection, lines, target)
    except FactcheckError:
        raise
    except Exception as error:  # a constraint or type error: say which, keep nothing
        detail = str(getattr(error, "orig", error)).splitlines()[0]
        raise BackupError(f"The backup could not be restored: {detail}") from None


def _restore(connection: Connection, lines: Iterable[str], target: str | None) -> Counts:
    known = {table.name: table for table in tables()}
    counts = Counts()
    pending: list[dict[str, Any]] = []
    pending_table: Table | None = None
    # Self-references (a group merged into a later group) are set once every row exists.
    later: list[tuple[Table, Any, dict[str, Any]]] = []
    seen_header = False

    def flush() -> None:
        if pending_table is not None and pending:
            connection.execute(insert(pending_table), pending)
            counts.add(pending_table.name, len(pending))
            pending.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        name, row = _parse(number, line, known)
        if name == HEADER:
            if row.get("format") != FORMAT:
                raise BackupError(f"Unknown backup format {row.get('format')!r}.")
            source = row.get("migration")
            if source and target and source != target:
                raise BackupError(
                    f"The backup is from migration {source}, the database is at {target}; "
                    "migrate the database to the same revision first."
                )
            seen_header = True
            continue
        if not seen_header:
            raise BackupError("The file does not start with a Factcheck backup header.")
        table = known[name]
        values = {column: _decode(table, column, value) for column, value in row.items()}
        _check_row(table, values)
        selfish = {
            column.name: values[column.name]
            for column in table.columns
            if values.get(column.name) is not None
            and any(fk.column.table is table for fk in column.foreign_keys)
        }
        if selfish:
            (key,) = table.primary_key.columns
            later.append((table, values[key.name], selfish))
            values = {**values, **dict.fromkeys(selfish)}
        if table is not pending_table or len(pending) >= BATCH:
            flush()
            pending_table = table
        pending.append(values)
    flush()
    for table, key_value, references in later:
        (key,) = table.primary_key.columns
        connection.execute(update(table).where(key == key_value).values(**references))
    _reset_sequences(connection)
    if not seen_header:
        raise BackupError("The file is empty or not a Factcheck backup.")
    return counts
