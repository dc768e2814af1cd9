"""Hostile input on every form and endpoint: a clear 4xx, nothing written, no stack trace."""

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from factcheck.models import Editor, Group
from tests.builders import a_report, a_token, an_article, the_editor

TEN_MB = 10 * 1024 * 1024
HUGE = "a" * 100_000
SQL = "'; DROP TABLE report; -- \" OR 1=1 /*"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
EMOJI_RTL = "🙂👩🏽‍💻 \u202eevil\u202c \u200f\u2066x\u2069"
NUL = "Georgia\x00Maloney"
DEEP = "[" * 100_000 + "]" * 100_000
LEAKS = ("Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite3.")


@pytest.fixture
def world(app, client, session) -> dict[str, Any]:
    """An article with two report groups, an admin editor logged in, and an API token."""
    an_article(session, "story")
    first = a_report(session, "story", reporter="r1")
    second = a_report(session, "story", quote="Brothers of Italy", suggestion="x", reporter="r2")
    the_editor(session, role="admin")
    token = a_token(session)
    response = client.post(
        "/editor/login", data={"email": "editor@example.com", "password": "a-long-password"}
    )
    assert response.status_code == 302
    return {
        "group": first.group_id,
        "other": second.group_id,
        "report": first.id,
        "editor": the_editor(session).id,
        "bearer": {"Authorization": f"Bearer {token}"},
    }


def snapshot(session) -> dict[str, Any]:
    """Row counts of every table plus the state an action could flip without adding rows."""
    session.rollback()
    counts = {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in SQLModel.metadata.sorted_tables
    }
    groups = sorted(session.execute(select(Group.id, Group.status, Group.merged_into)).all())
    editors = sorted(session.execute(select(Editor.id, Editor.active)).all())
    return {"counts": counts, "groups": groups, "editors": editors}


def assert_refused(response, *, json_api: bool) -> None:
    body = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, (response.status_code, body[:300])
    for leak in LEAKS:
        assert leak not in body
    if json_api:
        error = response.get_json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
    else:
        assert response.mimetype == "text/html"


def fill(path: str, world: dict[str, Any]) -> str:
    return (
        path.replace("<int:group_id>", str(world["group"]))
        .replace("<int:report_id>", str(world["report"]))
        .replace("<int:editor_id>", str(world["editor"]))
        .replace("<int:name_id>", "1")
        .replace("<slug>", "story")
    )


# --- every POST/PUT route in the URL map: body-level attacks --------------------------------


def write_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH"}):
            routes.append((method, rule.rule))
    return sorted(routes)


def test_the_url_map_has_the_write_routes_this_suite_knows(app):
    routes = write_routes(app)
    assert ("POST", "/articles/<slug>/report") in routes
    assert ("PUT", "/api/v1/articles/<slug>") in routes
    assert len(routes) >= 20


def test_a_ten_megabyte_body_is_refused_everywhere(app, client, session, world):
    before = snapshot(session)
    for method, rule in write_routes(app):
        path = fill(rule, world)
        headers = world["bearer"] if path.startswith("/api/") else {}
        for content_type in ("application/x-www-form-urlencoded", "application/json"):
            response = client.open(
                path,
                method=method,
                data=b"a" * TEN_MB,
                content_type=content_type,
                headers=headers,
            )
            assert response.status_code == 413, (method, path, response.status_code)
            assert_refused(response, json_api=path.startswith("/api/"))
    assert snapshot(session) == before


def test_a_nul_byte_in_any_form_field_is_refused_everywhere(app, client, session, world):
    before = snapshot(session)
    for method, rule in write_routes(app):
        path = fill(rule, world)
        if path.startswith("/api/"):
            continue
        response = client.open(path, method=method, data={"quote": NUL, "summary": NUL})
        assert response.status_code == 400, (method, path, response.status_code)
        assert_refused(response, json_api=False)
    assert snapshot(session) == before


# --- JSON endpoints -------------------------------------------------------------------------

REPORT = {"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni", "kind": "name"}
JSON_ENDPOINTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "put article": ("PUT", "/api/v1/articles/story", {"title": "T", "body": "B.", "summary": "s"}),
    "post report": ("POST", "/api/v1/articles/story/reports", REPORT),
    "apply": (
        "POST",
        "/api/v1/groups/{group}/apply",
        {"text": "Giorgia Meloni", "base_revision": 1, "summary": "Fix", "note": "n"},
    ),
    "reject": ("POST", "/api/v1/groups/{group}/reject", {"reason": "style", "detail": "d"}),
    "merge": ("POST", "/api/v1/groups/{group}/merge", {"into": 0}),
}


def wrong_types(body: dict[str, Any]) -> dict[str, Any]:
    return {
        key: 12345 if isinstance(value, str) else [str(value)] if value else {"$ne": None}
        for key, value in body.items()
    }


def with_strings(body: dict[str, Any], text: str) -> dict[str, Any]:
    """Every string field holds `text`; every other field keeps its (valid) value."""
    return {key: text if isinstance(value, str) else value for key, value in body.items()}


def everywhere(body: dict[str, Any], text: str) -> dict[str, Any]:
    """Every field, whatever its type, holds `text`."""
    return dict.fromkeys(body, text)


# Fields that are numbers or a closed set of choices: no free text belongs there.
CLOSED_FIELDS = {
    "put article": (),
    "post report": ("revision", "kind", "start"),
    "apply": ("base_revision",),
    "reject": ("reason",),
    "merge": ("into",),
}


def in_closed_fields(body: dict[str, Any], closed: tuple[str, ...], text: str) -> dict[str, Any]:
    return {**body, **dict.fromkeys(closed, text)}


def json_cases(body: dict[str, Any], closed: tuple[str, ...]) -> dict[str, bytes]:
    def dump(value: Any) -> bytes:
        return json.dumps(value).encode()

    cases = {
        "malformed json": b'{"title": "x", ',
        "not an object": b"[1, 2, 3]",
        "a bare string": b'"hello"',
        "empty body": b"",
        "wrong types": dump(wrong_types(body)),
        "missing fields": dump({}),
        "unknown field": dump({**body, "is_admin": True}),
        "invalid utf-8": b'{"title": "\xff\xfe\xfd", "quote": "\xc3\x28"}',
        "deeply nested": b'{"title": ' + DEEP.encode() + b"}",
        "100,000-character strings everywhere": dump(everywhere(body, HUGE)),
        "nul in every field": dump(everywhere(body, NUL)),
        "huge numbers": dump({key: 10**30 for key in body}),
        "nul in every string": dump(with_strings(body, "a\x00b")),
        "raw nul byte": b'{"title": "a\x00b"}',
    }
    if closed:
        # Payloads that are fine as words but not as numbers or choices; as words they are
        # covered by test_hostile_text_in_valid_fields_is_refused_or_stored_as_inert_text.
        cases["sql in closed fields"] = dump(in_closed_fields(body, closed, SQL))
        cases["script in closed fields"] = dump(in_closed_fields(body, closed, SCRIPT))
        cases["emoji and rtl in closed fields"] = dump(in_closed_fields(body, closed, EMOJI_RTL))
    return cases


@pytest.mark.parametrize("endpoint", JSON_ENDPOINTS)
def test_hostile_json_gets_a_json_4xx_and_writes_nothing(client, session, world, endpoint):
    method, template, body = JSON_ENDPOINTS[endpoint]
    path = template.format(**world)
    if endpoint == "merge":
        body = {"into": world["other"]}
    before = snapshot(session)
    for name, raw in json_cases(body, CLOSED_FIELDS[endpoint]).items():
        if name == "missing fields" and endpoint == "reject":
            continue  # every field of a rejection has a default
        if name == "nul in every string" and endpoint == "merge":
            continue  # a merge has no text fields
        response = client.open(
            path,
            method=method,
            data=raw,
            content_type="application/json",
            headers=world["bearer"],
        )
        assert 400 <= response.status_code < 500, (name, response.status_code)
        assert_refused(response, json_api=True)
        assert snapshot(session) == before, name


@pytest.mark.parametrize("endpoint", [name for name in JSON_ENDPOINTS if name != "merge"])
@pytest.mark.parametrize("payload", [SQL, SCRIPT, EMOJI_RTL], ids=["sql", "script", "emoji-rtl"])
def test_hostile_text_in_valid_fields_is_refused_or_stored_as_inert_text(
    client, session, world, endpoint, payload
):
    """Text is text: where a field may hold any words, the payload is kept verbatim and
    shown escaped; everywhere else it is a 4xx. Never a 500, never a leak."""
    method, template, body = JSON_ENDPOINTS[endpoint]  # merge has no text field to abuse
    response = client.open(
        template.format(**world),
        method=method,
        json=with_strings(body, payload),
        headers=world["bearer"],
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert_refused(response, json_api=True)
        return
    page = client.get("/articles/story").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    article = client.get("/api/v1/articles/story").get_json()
    if endpoint == "put article":
        assert article["title"] == " ".join(payload.split())
    # The tables are all still there.
    assert snapshot(session)["counts"]["report"] >= 2


def test_no_bearer_token_is_a_json_401_for_every_editor_endpoint(client, session, world):
    before = snapshot(session)
    for endpoint, (method, template, body) in JSON_ENDPOINTS.items():
        if endpoint == "post report":
            continue
        for header in ({}, {"Authorization": "Bearer fct_forged"}, {"Authorization": SQL}):
            response = client.open(
                template.format(**world), method=method, json=body, headers=header
            )
            assert response.status_code == 401, (endpoint, header)
            assert_refused(response, json_api=True)
    assert snapshot(session) == before


# --- HTML forms ----------------------------------------------------------------------------

FORMS: dict[str, tuple[str, dict[str, Any]]] = {
    "report": (
        "/articles/story/report",
        {"revision": "1", "quote": "x", "suggestion": "y", "comment": "", "kind": "typo"},
    ),
    "login": ("/editor/login", {"email": "editor@example.com", "password": "a-long-password"}),
    "apply": (
        "/editor/groups/{group}/apply",
        {"choice": "0", "custom": "", "base_revision": "1", "summary": "s", "note": ""},
    ),
    "reject": ("/editor/groups/{group}/reject", {"reason": "style", "detail": ""}),
    "snooze": ("/editor/groups/{group}/snooze", {"more_reports": "3", "until": ""}),
    "assign": ("/editor/groups/{group}/assign", {"assignee": "1"}),
    "merge": ("/editor/groups/{group}/merge", {"into": "2"}),
    "split": ("/editor/groups/{group}/split", {"reports": "1"}),
    "bulk": ("/editor/bulk", {"action": "reject", "reason": "style", "groups": "1"}),
    "batch": (
        "/editor/articles/story/batch",
        {"groups": "1", "base_revision": "1", "summary": "s"},
    ),
    "revert": ("/editor/articles/story/revert", {"revision": "1"}),
    "new editor": ("/editor/admin/editors", {"email": "a@b.example", "password": "x" * 12}),
}


def form_cases(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "missing fields": {},
        "wrong types": dict.fromkeys(fields, "not-a-number-or-choice ☃"),
        "100,000-character strings": dict.fromkeys(fields, HUGE),
        "sql": dict.fromkeys(fields, SQL),
        "script": dict.fromkeys(fields, SCRIPT),
        "emoji and rtl overrides": dict.fromkeys(fields, EMOJI_RTL),
        "invalid utf-8": "&".join(f"{name}=%ff%fe%c3%28" for name in fields).encode(),
    }


@pytest.mark.parametrize("form", FORMS)
def test_hostile_forms_get_a_friendly_page_and_write_nothing(client, session, world, form):
    template, fields = FORMS[form]
    path = template.format(**world)
    before = snapshot(session)
    for name, data in form_cases(fields).items():
        if (form, name) == ("assign", "missing fields"):
            continue  # no assignee means "nobody": a real action
        if form == "login" and name != "missing fields":
            client.post("/editor/logout")
        response = client.post(path, data=data, content_type="application/x-www-form-urlencoded")
        if response.status_code in (200, 302, 303):
            # The form again with its errors, or flash-and-redirect back to the group, is how
            # editor forms say no; the reader's form and login answer 422 and 401.
            assert form not in {"report", "login"}, (name, response.status_code)
            assert response.mimetype == "text/html"
        else:
            assert_refused(response, json_api=False)
            assert "Traceback" not in response.get_data(as_text=True)
        assert snapshot(session) == before, (form, name)
        if form == "login":
            client.post(
                "/editor/login",
                data={"email": "editor@example.com", "password": "a-long-password"},
            )
