"""Backup: export every table as JSON Lines, restore into an empty database, lose nothing."""

import io
import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from factcheck.db import get_engine, open_session
from factcheck.models import AuditEntry, Editor, Group, Report, Revision, StyleName
from factcheck.services import backup, triage
from tests.builders import DEMO_SLUG, a_report, a_token, the_editor
from tests.conftest import TEST_DATABASE_URL, Database, build_app


def a_busy_newsroom(runner, session: Session) -> None:
    """The demo seed, reports in three groups, a merge, a fix, an API token, a style name."""
    assert runner.invoke(args=["seed"]).exit_code == 0
    a_token(session)
    session.add(StyleName(canonical="Backup Test Name", variants="Backup Test", note="A note"))
    session.commit()
    first = a_report(session, DEMO_SLUG, "Georgia Maloney", "Giorgia Meloni", reporter="a")
    a_report(session, DEMO_SLUG, "Georgia Maloney", "Giorgia Meloni", reporter="b")
    second = a_report(session, DEMO_SLUG, "Crosetto", "Guido Crosetto", reporter="c")
    third = a_report(session, DEMO_SLUG, "Brothers of Italy", "Brothers of Italy (FdI)")
    editor = the_editor(session)
    # The older group is merged into the newer one: a reference to a later row.
    assert second.group_id and first.group_id and third.group_id
    primary, secondary = max(first.group_id, second.group_id), min(first.group_id, second.group_id)
    triage.merge(session=session, group_id=secondary, into=primary, editor=editor)
    group = session.get(Group, third.group_id)
    assert group is not None
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id or 0, "Brothers of Italy (FdI)", ())],
        base_revision=group.revision,
        summary="Party name",
        note="We added the party's abbreviation.",
        editor=editor,
    )


def export_text(session: Session) -> str:
    out = io.StringIO()
    backup.write_backup(session=session, out=out)
    return out.getvalue()


@pytest.fixture
def other_app(tmp_path: Path):
    """A second, empty database with the same schema (SQLite file or PostgreSQL schema)."""
    database = Database(TEST_DATABASE_URL, tmp_path / "other")
    (tmp_path / "other").mkdir(exist_ok=True)
    app = build_app(database.url, tmp_path / "other" / "instance")
    yield app
    with app.app_context():
        get_engine().dispose()
    database.drop()


def test_an_export_imported_into_a_new_database_exports_identically(
    runner, session, other_app, tmp_path
):
    a_busy_newsroom(runner, session)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    exported = runner.invoke(args=["export", str(first)])
    assert exported.exit_code == 0, exported.output

    other = other_app.test_cli_runner()
    # The test's own session holds the first app's context; the commands must see the other.
    with other_app.app_context():
        imported = other.invoke(args=["import", str(first)])
        assert imported.exit_code == 0, imported.output
        assert "2 revision" in imported.output
        assert other.invoke(args=["export", str(second)]).exit_code == 0

    assert second.read_text() == first.read_text()
    lines = [json.loads(line) for line in first.read_text().splitlines()]
    tables = {line["table"] for line in lines}
    assert {"article", "revision", "errorgroup", "report", "auditentry", "editor"} <= tables
    assert {"apitoken", "stylename"} <= tables
    assert first.stat().st_mode & 0o077 == 0


def test_a_restored_database_keeps_working_after_its_largest_ids(runner, session, other_app):
    a_busy_newsroom(runner, session)
    text = export_text(session)
    largest = max(r.id or 0 for r in session.exec(select(Report)))
    with other_app.app_context():
        restored = open_session(get_engine(), write=True)
        backup.restore_backup(session=restored, lines=io.StringIO(text))
        # New rows continue after the restored ids (PostgreSQL sequences were reset).
        report = a_report(restored, DEMO_SLUG, "Kyiv", "Kiev", reporter="new")
        assert (report.id or 0) > largest
        merged = [g for g in restored.exec(select(Group)) if g.merged_into]
        assert len(merged) == 1
        editor = restored.exec(select(Editor)).one()
        assert editor.password_hash.startswith("$argon2")
        revision = restored.exec(select(Revision).where(Revision.number == 2)).one()
        assert revision.note == "We added the party's abbreviation."
        assert len(restored.exec(select(AuditEntry)).all()) >= 2
        restored.close()


def test_import_refuses_a_database_that_is_not_empty(runner, session, tmp_path):
    a_busy_newsroom(runner, session)
    path = tmp_path / "backup.jsonl"
    assert runner.invoke(args=["export", str(path)]).exit_code == 0
    reports_before = len(session.exec(select(Report)).all())

    result = runner.invoke(args=["import", str(path)])

    assert result.exit_code != 0
    assert "not empty" in result.output
    assert "Nothing was imported" in result.output
    session.rollback()
    assert len(session.exec(select(Report)).all()) == reports_before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "not a Factcheck backup"),
        ("not json\n", "Line 1 is not JSON"),
        ('{"table": "article", "row": {"id": 1}}\n', "header"),
        (
            '{"table": "factcheck_backup", "row": {"format": 1}}\n'
            '{"table": "secrets", "row": {}}\n',
            "unknown table 'secrets'",
        ),
        (
            '{"table": "factcheck_backup", "row": {"format": 1}}\n'
            '{"table": "revision", "row": {"id": 1, "article_id": 99, "number": 1, '
            '"title": "t", "body": "b", "text": "t", "author": "a", "summary": "", '
            '"note": null, "created_at": "2024-01-10T00:00:00"}}\n',
            "could not be restored",
        ),
    ],
)
def test_a_broken_backup_is_refused_and_nothing_is_written(
    runner, session, tmp_path, content, message
):
    path = tmp_path / "broken.jsonl"
    path.write_text(content)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert session.exec(select(Revision)).all() == []


@pytest.mark.postgres
def test_a_sqlite_backup_restores_into_postgresql(runner, session, tmp_path):
    from tests.conftest import require_postgres

    if TEST_DATABASE_URL.startswith("postgresql"):
        pytest.skip("the suite's own database is PostgreSQL here; this moves SQLite → PostgreSQL")
    a_busy_newsroom(runner, session)
    text = export_text(session)
    database = Database(require_postgres(), tmp_path / "pg")
    app = build_app(database.url, tmp_path / "pg-instance")
    try:
        with app.app_context():
            restored = open_session(get_engine(), write=True)
            backup.restore_backup(session=restored, lines=io.StringIO(text))
            assert export_text(restored) == text
            restored.close()
            get_engine().dispose()
    finally:
        database.drop()


def _tampered(text: str, table: str, column: str, value: object) -> str:
    """The backup with the first `table` row's `column` set to `value`."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        item = json.loads(line)
        if item.get("table") == table:
            item["row"][column] = value
            lines[index] = json.dumps(item)
            return "\n".join(lines) + "\n"
    raise AssertionError(f"no {table} row")


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("revision", "number", "2", "not a whole number"),
        ("revision", "number", True, "not a whole number"),
        ("revision", "number", 2**40, "out of range"),
        ("errorgroup", "candidates", "{not json", "not a JSON list"),
        ("errorgroup", "candidates", '[{"count": 1}]', "without its text"),
        ("errorgroup", "status", "deleted", "no group status"),
        ("editor", "role", "root", "editor.role"),
        ("editor", "active", "yes", "not true or false"),
        ("article", "title", "a\u0000b", "control character"),
        ("article", "title", None, "may not be empty"),
        ("revision", "created_at", "yesterday", "ISO datetime"),
        ("report", "kind", "rumour", "no kind"),
    ],
)
def test_a_tampered_backup_is_refused_naming_the_value_and_nothing_is_written(
    runner, session, other_app, table, column, value, message
):
    a_busy_newsroom(runner, session)
    text = _tampered(export_text(session), table, column, value)
    with other_app.app_context():
        target = open_session(get_engine(), write=True)
        try:
            with pytest.raises(backup.BackupError, match=message):
                backup.restore_backup(session=target, lines=io.StringIO(text))
            assert target.exec(select(Revision)).all() == []
        finally:
            target.close()


def test_a_tampered_webhook_url_is_refused(runner, session, other_app):
    from factcheck.models import Webhook

    a_busy_newsroom(runner, session)
    session.add(Webhook(url="https://cms.example/hook", secret="s", events="group.fixed"))
    session.commit()
    text = _tampered(export_text(session), "webhook", "url", "file:///etc/passwd")
    with other_app.app_context():
        target = open_session(get_engine(), write=True)
        try:
            with pytest.raises(backup.BackupError, match=r"webhook\.url"):
                backup.restore_backup(session=target, lines=io.StringIO(text))
        finally:
            target.close()
