"""The audit log reads as sentences, filters by action, who, object and dates, and never
answers a hostile filter with a 500."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from factcheck.models import AuditEntry, utcnow
from tests.builders import the_editor
from tests.web.conftest import login


@pytest.fixture
def admin(client, session):
    person = the_editor(session, "admin@example.com", role="admin")
    login(client, "admin@example.com")
    return person


def an_entry(session, editor_id, action, target, *, before=None, after=None, when=None, via=""):
    entry = AuditEntry(
        editor_id=editor_id,
        via=via,
        action=action,
        target=target,
        before=json.dumps(before or {}),
        after=json.dumps(after or {}),
        created_at=when or utcnow(),
    )
    session.add(entry)
    session.commit()
    return entry


def page(client, query=""):
    answer = client.get("/editor/audit" + query)
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def test_an_entry_reads_as_who_did_what_on_which_object_when(client, session, admin):
    an_entry(
        session,
        admin.id,
        "reject",
        "group:7",
        before={"status": "open"},
        after={"status": "rejected", "reason": "not an error"},
    )
    html = page(client)
    assert "admin@example.com" in html and "rejected" in html
    assert 'href="/editor/groups/7"' in html and "group 7" in html
    # Details are a key: value list, the changed value as before → after; no JSON.
    assert "<dt>status</dt>" in html and "<del>open</del> → <ins>rejected</ins>" in html
    assert "<dt>reason</dt><dd>not an error</dd>" in html
    assert '{"status"' not in html and "&#34;status&#34;" not in html
    # Relative time, the absolute time on hover.
    assert "ago" in html and 'title="' in html and "<time datetime=" in html


def test_entries_filter_by_action_editor_object_and_dates(client, session, admin):
    other = the_editor(session, "other@example.com")
    now = utcnow()
    an_entry(session, admin.id, "reject", "group:1", when=now)
    an_entry(session, other.id, "snooze", "group:2", when=now)
    an_entry(session, None, "create_editor", "editor:9", via="cli", when=now)
    an_entry(session, admin.id, "apply", "group:3", when=now - timedelta(days=40))

    assert "group 2" not in page(client, "?action=reject") and "group 1" in page(
        client, "?action=reject"
    )
    mine = page(client, f"?who={other.id}")
    assert "group 2" in mine and "group 1" not in mine
    cli = page(client, "?who=cli")
    assert "Command line" in cli and "editor 9" in cli and "group 1" not in cli
    assert "group 3" in page(client, "?on=group:3") and "group 1" not in page(client, "?on=group:3")
    old = (now - timedelta(days=40)).date().isoformat()
    dated = page(client, f"?from={old}&to={old}")
    assert "group 3" in dated and "group 1" not in dated
    recent = page(client, f"?from={now.date().isoformat()}")
    assert "group 1" in recent and "group 3" not in recent
    # The form keeps what was chosen, so a filtered page can be refined.
    assert 'value="reject" selected' in page(client, "?action=reject")


def test_the_pager_keeps_the_filter(client, session, admin):
    for index in range(105):
        session.add(AuditEntry(editor_id=admin.id, action="reject", target=f"group:{index}"))
    session.add(AuditEntry(editor_id=admin.id, action="snooze", target="group:999"))
    session.commit()
    first = page(client, "?action=reject")
    assert "action=reject" in first and "page=2" in first
    second = page(client, "?action=reject&page=2")
    assert "group 0<" in second and "group 999" not in second


HOSTILE = [
    "?from=2026-13-45",
    "?from=yesterday",
    "?to=9999-12-31",
    "?from=0000-01-01",
    "?from=2026-12-03&to=2026-01-01",
    "?action=" + "x" * 5000,
    "?action=%27%20OR%201%3D1--",
    "?who=1%20OR%201=1",
    "?who=99999999999999999999",
    "?who=-1",
    "?on=%3Cscript%3Ealert(1)%3C/script%3E",
    "?on=group:" + "9" * 40,
    "?on=" + "😀" * 30,
    "?on=%D7%A9%D7%9C%D7%95%D7%9D%E2%80%AE",
    "?who=%F0%9F%98%80&from=%E2%80%AE2026-01-01",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_filters_are_explained_or_ignored_never_a_500(client, session, admin, query):
    an_entry(session, admin.id, "reject", "group:1")
    html = page(client, query)
    assert "<script>alert" not in html
    assert "group 1" in html  # the bad value was ignored, not turned into an empty list


def test_a_control_character_is_refused_as_a_bad_request(client, session, admin):
    # The app refuses NUL in any query string (tests/web/test_control_characters.py).
    assert client.get("/editor/audit?action=%00").status_code == 400


def test_a_bad_value_is_named_in_a_message(client, session, admin):
    html = page(client, "?from=2026-02-30&action=drop_table")
    assert "is not a date" in html and "no such action" in html


def test_an_unknown_page_is_refused_not_a_500(client, session, admin):
    assert client.get("/editor/audit?page=abc").status_code == 422


def test_stored_values_are_escaped_and_non_json_shown_as_text(client, session, admin):
    an_entry(session, admin.id, "comment", "group:1", after={"comment": "<img src=x onerror=1>"})
    session.add(AuditEntry(editor_id=None, action="odd", target="x", before="not json"))
    session.commit()
    html = page(client)
    assert "<img src=x" not in html and "&lt;img src=x onerror=1&gt;" in html
    assert "not json" in html and "System" in html


def test_the_filters_work_on_an_index_not_a_scan(session):
    from sqlalchemy import text

    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN")
    plans = {
        "action": "SELECT id FROM auditentry WHERE action = 'x' ORDER BY id DESC LIMIT 100",
        "editor": "SELECT id FROM auditentry WHERE editor_id = 1 ORDER BY id DESC LIMIT 100",
        "cli": "SELECT id FROM auditentry WHERE editor_id IS NULL AND via = 'cli' "
        "ORDER BY id DESC LIMIT 100",
    }
    for name, sql in plans.items():
        plan = " ".join(str(row[-1]) for row in session.exec(text("EXPLAIN QUERY PLAN " + sql)))
        assert "USING" in plan and "INDEX" in plan, (name, plan)
        assert "TEMP B-TREE" not in plan, (name, plan)


def test_datetimes_in_the_past_are_shown_relative(client, session, admin):
    an_entry(session, admin.id, "reject", "group:1", when=datetime(2020, 1, 1, tzinfo=UTC))
    assert "years ago" in page(client)


def test_the_count_and_the_pages_stop_at_the_cap(client, session, admin, monkeypatch):
    from factcheck.services import audit

    monkeypatch.setattr(audit, "COUNT_CAP", 150)
    session.add_all(
        AuditEntry(editor_id=admin.id, action="reject", target=f"group:{n}") for n in range(260)
    )
    session.commit()
    html = page(client)
    assert "More than 150 entries" in html and "narrow the dates" in html
    # Two pages of 100 reach the 150 newest (and the rest of page 2); a link past them
    # lands on the last page, never on a deeper OFFSET.
    assert "page=2" in html and "page=3" not in html
    last = page(client, "?page=99")
    assert "group 259<" not in last and "group 60<" in last and "group 59<" not in last


def test_the_action_filter_names_each_action_with_a_capital_and_keeps_its_acronyms(
    client, session, admin
):
    body = page(client)
    assert ">Issued an API token</option>" in body
    assert ">Connected the CMS</option>" in body
