"""Hostile input on every form and endpoint, each with its own expected answer.

Each endpoint first shows it does its job on a valid request (so an app that refuses
everything fails here); then every hostile payload gets the one status it should, the
error names the right field, words that are merely odd (SQL, markup, emoji, RTL) are
stored verbatim and rendered escaped, and nothing answers 500 or leaks a stack trace.
"""

import json
from typing import Any
from urllib.parse import quote as urlquote

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from sqlmodel import SQLModel

from factcheck.models import Editor, Group, Report, Revision
from tests.builders import a_report, a_site, a_token, an_article, the_editor

TEN_MB = 10 * 1024 * 1024
HUGE = "a" * 100_000
SQL = "'; DROP TABLE report; -- \" OR 1=1 /*"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
EMOJI_RTL = "🙂👩🏽‍💻 \u202eevil\u202c \u200f\u2066x\u2069"
NUL = "Georgia\x00Maloney"
DEEP = "[" * 100_000 + "]" * 100_000
SITE_ORIGIN = "https://news.example"
LEAKS = ("Traceback", 'File "', "sqlalchemy", "psycopg", "sqlite3.")


@pytest.fixture
def world(app, client, session) -> dict[str, Any]:
    """An article of a registered site with two report groups, an admin editor logged in,
    and an API token."""
    site = a_site(session, origins=(SITE_ORIGIN,))
    an_article(session, "story", url="https://news.example/story/", site=site.key)
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
        "site": site.id,
        "site_key": site.key,
        # Every API request also comes from the site's page: the site routes need its Origin.
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
        .replace("<int:site_id>", str(world["site"]))
        .replace("<key>", world["site_key"])
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


def headers_for(path: str, world: dict[str, Any]) -> dict[str, str]:
    """The token, and for a site's routes the page origin its widget would send (the
    native report route takes reports from Factcheck's own pages: no foreign origin)."""
    if "/api/v1/sites/" in path:
        return {**world["bearer"], "Origin": SITE_ORIGIN}
    return world["bearer"]


def test_a_ten_megabyte_body_is_refused_everywhere(app, client, session, world):
    before = snapshot(session)
    for method, rule in write_routes(app):
        path = fill(rule, world)
        headers = headers_for(path, world) if path.startswith("/api/") else {}
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
SITE_REPORT = {
    "article": "story",
    "quote": "Georgia Maloney",
    "suggestion": "Giorgia Meloni",
    "kind": "name",
    "page_url": "https://news.example/story/",
    "reader": "a-reader-id-0123456789",
}
JSON_ENDPOINTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "put article": ("PUT", "/api/v1/articles/story", {"title": "T", "body": "B.", "summary": "s"}),
    "post report": ("POST", "/api/v1/articles/story/reports", REPORT),
    "post site report": ("POST", "/api/v1/sites/{site_key}/reports", SITE_REPORT),
    "apply": (
        "POST",
        "/api/v1/groups/{group}/apply",
        {"text": "Giorgia Meloni", "base_revision": 1, "summary": "Fix", "note": "n"},
    ),
    "reject": ("POST", "/api/v1/groups/{group}/reject", {"reason": "style", "detail": "d"}),
    "merge": ("POST", "/api/v1/groups/{group}/merge", {"into": 0}),
    "create site": (
        "POST",
        "/api/v1/sites",
        {"name": "Kyiv Daily", "origins": ["https://kyiv.example"], "language": "uk"},
    ),
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
    "post site report": ("kind", "start", "revision"),
    "apply": ("base_revision",),
    "reject": ("reason",),
    "merge": ("into",),
    "create site": ("language",),
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


# Every case that is not JSON at all, or not an object, is a 400 `malformed`; the reader's
# report endpoint stops at 16 KB first (413 `too_large`). The rest are 422 `invalid`
# naming exactly these fields (an empty set: the request is valid and succeeds).
MALFORMED = (
    "malformed json",
    "not an object",
    "a bare string",
    "empty body",
    "invalid utf-8",
    "deeply nested",
    "raw nul byte",
)
INVALID_FIELDS: dict[str, dict[str, set[str]]] = {
    "put article": {
        "wrong types": {"title", "body", "summary"},
        "missing fields": {"title", "body"},
        "unknown field": {"is_admin"},
        "100,000-character strings everywhere": {"title", "summary"},
        "nul in every field": {"title", "body", "summary"},
        "huge numbers": {"title", "body", "summary"},
        "nul in every string": {"title", "body", "summary"},
    },
    "post report": {
        "wrong types": {"kind", "quote", "revision", "suggestion"},
        "missing fields": {"quote", "revision", "suggestion"},
        "unknown field": {"is_admin"},
        "nul in every field": {"kind", "quote", "revision", "suggestion"},
        "huge numbers": {"kind", "quote", "revision", "suggestion"},
        "nul in every string": {"kind", "quote", "suggestion"},
        "sql in closed fields": {"kind", "revision", "start"},
        "script in closed fields": {"kind", "revision", "start"},
        "emoji and rtl in closed fields": {"kind", "revision", "start"},
    },
    "post site report": {
        "wrong types": {"article", "kind", "page_url", "quote", "reader", "suggestion"},
        "missing fields": {"article", "quote", "suggestion"},
        "unknown field": {"is_admin"},
        # Every field holding a control character is named at once (web/schemas.py).
        "nul in every field": {"article", "kind", "page_url", "quote", "reader", "suggestion"},
        "huge numbers": {"article", "kind", "page_url", "quote", "reader", "suggestion"},
        "nul in every string": {"article", "kind", "page_url", "quote", "reader", "suggestion"},
        "sql in closed fields": {"kind", "revision", "start"},
        "script in closed fields": {"kind", "revision", "start"},
        "emoji and rtl in closed fields": {"kind", "revision", "start"},
    },
    "apply": {
        "wrong types": {"base_revision", "note", "summary", "text"},
        "missing fields": {"base_revision", "summary", "text"},
        "unknown field": {"is_admin"},
        "100,000-character strings everywhere": {"base_revision", "note", "summary", "text"},
        "nul in every field": {"base_revision", "note", "summary", "text"},
        "huge numbers": {"base_revision", "note", "summary", "text"},
        "nul in every string": {"note", "summary", "text"},
        "sql in closed fields": {"base_revision"},
        "script in closed fields": {"base_revision"},
        "emoji and rtl in closed fields": {"base_revision"},
    },
    "reject": {
        "wrong types": {"detail", "reason"},
        "missing fields": set(),  # every field of a rejection has a default: it is rejected
        "unknown field": {"is_admin"},
        "100,000-character strings everywhere": {"detail", "reason"},
        "nul in every field": {"detail", "reason"},
        "huge numbers": {"detail", "reason"},
        "nul in every string": {"detail", "reason"},
        "sql in closed fields": {"reason"},
        "script in closed fields": {"reason"},
        "emoji and rtl in closed fields": {"reason"},
    },
    "create site": {
        "wrong types": {"language", "name"},
        "missing fields": {"name", "origins"},
        "unknown field": {"is_admin"},
        "100,000-character strings everywhere": {"language", "name", "origins"},
        "nul in every field": {"language", "name", "origins"},
        "huge numbers": {"language", "name", "origins"},
        "nul in every string": {"language", "name"},
        # A language is a BCP 47 tag: SQL, markup or emoji there is refused, naming it.
        "sql in closed fields": {"language"},
        "script in closed fields": {"language"},
        "emoji and rtl in closed fields": {"language"},
    },
    "merge": {
        "wrong types": {"into"},
        "missing fields": {"into"},
        "unknown field": {"is_admin"},
        "100,000-character strings everywhere": {"into"},
        "nul in every field": {"into"},
        "huge numbers": {"into"},
        "nul in every string": set(),  # a merge has no text field: the valid merge happens
        "sql in closed fields": {"into"},
        "script in closed fields": {"into"},
        "emoji and rtl in closed fields": {"into"},
    },
}
TOO_LARGE = {
    ("post report", "deeply nested"),
    ("post report", "100,000-character strings everywhere"),
    ("post site report", "deeply nested"),
    ("post site report", "100,000-character strings everywhere"),
}
SUCCESS = {
    "put article": 200,
    "post report": 201,
    "post site report": 201,
    "apply": 201,
    "reject": 200,
    "merge": 200,
    "create site": 201,
}


def expected_json_answer(endpoint: str, case: str) -> tuple[int, str | None, set[str]]:
    """(status, error code, fields named) for one endpoint and one hostile case."""
    if (endpoint, case) in TOO_LARGE:
        return 413, "too_large", set()
    if case in MALFORMED:
        return 400, "malformed", set()
    fields = INVALID_FIELDS[endpoint][case]
    return (422, "invalid", fields) if fields else (SUCCESS[endpoint], None, set())


def endpoint_body(endpoint: str, world: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    method, template, body = JSON_ENDPOINTS[endpoint]
    if endpoint == "merge":
        body = {"into": world["other"]}
    return method, template.format(**world), body


def test_every_json_case_has_an_expected_answer():
    for endpoint, (_method, _path, body) in JSON_ENDPOINTS.items():
        for case in json_cases(body, CLOSED_FIELDS[endpoint]):
            known = case in MALFORMED or (endpoint, case) in TOO_LARGE
            assert known or case in INVALID_FIELDS[endpoint], (endpoint, case)


@pytest.mark.parametrize("endpoint", JSON_ENDPOINTS)
def test_each_json_endpoint_does_its_job_on_a_valid_request(client, session, world, endpoint):
    method, path, body = endpoint_body(endpoint, world)
    before = snapshot(session)
    response = client.open(path, method=method, json=body, headers=headers_for(path, world))
    assert response.status_code == SUCCESS[endpoint], response.get_json()
    assert snapshot(session) != before


@pytest.mark.parametrize("endpoint", JSON_ENDPOINTS)
def test_hostile_json_gets_its_expected_answer_case_by_case(client, session, world, endpoint):
    """One world per endpoint; every case is checked and every mismatch reported at once.
    The cases that turn out valid (and write) run last."""
    method, path, body = endpoint_body(endpoint, world)
    cases = json_cases(body, CLOSED_FIELDS[endpoint])
    order = sorted(cases, key=lambda case: expected_json_answer(endpoint, case)[1] is None)
    mismatches = []
    for case in order:
        status, code, fields = expected_json_answer(endpoint, case)
        before = snapshot(session)
        response = client.open(
            path,
            method=method,
            data=cases[case],
            content_type="application/json",
            headers=headers_for(path, world),
        )
        body_text = response.get_data(as_text=True)
        error = (response.get_json(silent=True) or {}).get("error") or {}
        got = (response.status_code, error.get("code"), set(error.get("fields", {})))
        if got != (status, code, fields):
            mismatches.append((case, "expected", (status, code, fields), "got", got))
        if code is not None and snapshot(session) != before:
            mismatches.append((case, "refused but wrote"))
        if any(leak in body_text for leak in LEAKS) or response.mimetype != "application/json":
            mismatches.append((case, "not a clean JSON answer", body_text[:200]))
    assert mismatches == [], "\n".join(map(str, mismatches))


# Free-text fields of each endpoint, the valid request around them, and where their words
# show up again: the answer's JSON (key) and a page that renders them.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "put article": ("title", "body", "summary"),
    "post report": ("suggestion", "comment"),
    "post site report": ("suggestion", "comment"),
    "apply": ("text", "summary", "note"),
    "reject": ("detail",),
}
ODD_WORDS = {"sql": SQL, "script": SCRIPT, "emoji-rtl": EMOJI_RTL}


def folded(text: str) -> str:
    return " ".join(text.split())


def pages_showing(client, session, world, endpoint: str, field: str) -> list[str]:
    """The pages where the words of `field` are shown after a successful request."""
    if endpoint in ("put article", "apply") and field in ("title", "body", "text", "note"):
        return [client.get("/articles/story").get_data(as_text=True)]
    if endpoint in ("put article", "apply"):  # summaries: the public history
        return [client.get("/articles/story/history").get_data(as_text=True)]
    if endpoint in ("post report", "post site report"):
        group = session.execute(select(Report.group_id).order_by(Report.id.desc())).scalar()
        return [client.get(f"/editor/groups/{group}").get_data(as_text=True)]
    token = session.get(Report, world["report"]).token  # reject: the reporter's status page
    return [client.get(f"/reports/{token}").get_data(as_text=True)]


def stored(session, endpoint: str, field: str) -> str:
    session.rollback()
    if endpoint in ("post report", "post site report"):
        report = session.execute(select(Report).order_by(Report.id.desc())).scalars().first()
        return getattr(report, field)
    if endpoint == "reject":
        return session.execute(select(Group.reason).order_by(Group.id)).scalars().first()
    revision = session.execute(select(Revision).order_by(Revision.id.desc())).scalars().first()
    if field in ("body", "text"):
        return revision.text
    return getattr(revision, field)


@pytest.mark.parametrize("endpoint", FREE_TEXT)
@pytest.mark.parametrize("words", ODD_WORDS)
def test_odd_words_in_free_text_fields_are_accepted_stored_verbatim_and_shown_escaped(
    client, session, world, endpoint, words
):
    """Text is text: SQL, markup, emoji and bidi controls in fields that take any words
    are kept as written (white space folded) and never become markup."""
    payload = ODD_WORDS[words]
    method, path, body = endpoint_body(endpoint, world)
    fields = FREE_TEXT[endpoint]
    response = client.open(
        path,
        method=method,
        json={**body, **dict.fromkeys(fields, payload)},
        headers=headers_for(path, world),
    )
    assert response.status_code == SUCCESS[endpoint], response.get_data(as_text=True)[:300]
    for field in fields:
        assert folded(payload) in stored(session, endpoint, field), field
        for page in pages_showing(client, session, world, endpoint, field):
            assert "<script>alert" not in page and "<img src=x" not in page
            assert str(escape(folded(payload))) in page, field
            for leak in LEAKS:
                assert leak not in page
    assert snapshot(session)["counts"]["report"] >= 2  # the tables are all still there


@pytest.mark.parametrize("endpoint", FREE_TEXT)
def test_a_nul_in_a_free_text_field_is_a_422_naming_that_field(client, session, world, endpoint):
    method, path, body = endpoint_body(endpoint, world)
    before = snapshot(session)
    named = {}
    for field in FREE_TEXT[endpoint]:
        response = client.open(
            path, method=method, json={**body, field: NUL}, headers=headers_for(path, world)
        )
        error = (response.get_json(silent=True) or {}).get("error") or {}
        named[field] = (response.status_code, sorted(error.get("fields", {})))
    assert named == {field: (422, [field]) for field in FREE_TEXT[endpoint]}
    assert snapshot(session) == before


def test_a_nul_in_the_page_url_of_a_site_report_is_a_422_naming_it(client, session, world):
    before = snapshot(session)
    response = client.post(
        f"/api/v1/sites/{world['site_key']}/reports",
        json={**SITE_REPORT, "page_url": "https://news.example/a\x00b"},
        headers={"Origin": SITE_ORIGIN},
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"page_url"}
    assert snapshot(session) == before


@pytest.mark.parametrize(
    "article",
    [SQL, SCRIPT, EMOJI_RTL, NUL, "https://news.example/" + SQL, "javascript:alert(1)"],
    ids=["sql", "script", "emoji-rtl", "nul", "sql-url", "js-url"],
)
def test_a_hostile_article_reference_from_a_site_is_a_404_and_writes_nothing(
    client, session, world, article
):
    before = snapshot(session)
    response = client.post(
        f"/api/v1/sites/{world['site_key']}/reports",
        json={**SITE_REPORT, "article": article},
        headers={"Origin": SITE_ORIGIN},
    )
    assert_refused(response, json_api=True)
    if article == NUL:  # a control character is refused before anything is looked up
        assert response.status_code == 422
        assert set(response.get_json()["error"]["fields"]) == {"article"}
    else:
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "article_not_found"
    assert snapshot(session) == before


@pytest.mark.parametrize(
    "key", [SQL, SCRIPT, EMOJI_RTL, "site%00x"], ids=["sql", "script", "emoji-rtl", "nul"]
)
def test_a_hostile_site_key_is_a_404_and_writes_nothing(client, session, world, key):
    before = snapshot(session)
    for method in ("GET", "POST"):
        response = client.open(
            f"/api/v1/sites/{urlquote(key, safe='%')}" + ("/reports" if method == "POST" else ""),
            method=method,
            json=SITE_REPORT if method == "POST" else None,
            headers={"Origin": SITE_ORIGIN},
        )
        assert response.status_code == 404, method
        assert_refused(response, json_api=True)
        # A key with a slash does not even name the route, and the edge answers a control
        # character in any path before routing.
        expected = "not_found" if "/" in key or "%00" in key else "site_not_found"
        assert response.get_json()["error"]["code"] == expected
    assert snapshot(session) == before


@pytest.mark.parametrize(
    "origin", [SQL, SCRIPT, EMOJI_RTL, "https://news.example\r\nX: y", "https://news.example/"]
)
def test_a_hostile_origin_is_a_403_and_writes_nothing(client, session, world, origin):
    before = snapshot(session)
    response = client.post(
        f"/api/v1/sites/{world['site_key']}/reports",
        json=SITE_REPORT,
        headers={"Origin": origin.replace("\r\n", " ")},
    )
    if origin == "https://news.example/":  # the same origin, written with a slash
        assert response.status_code == 201
        return
    assert response.status_code == 403
    assert_refused(response, json_api=True)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert snapshot(session) == before


def test_a_script_quote_that_the_article_really_contains_is_a_201_stored_and_shown_escaped(
    client, session, world
):
    """A report on markup-looking words of an article (say, a story about an XSS attack)."""
    an_article(session, "xss", body="The attacker posted " + SCRIPT + " in a comment.")
    response = client.post(
        "/api/v1/articles/xss/reports",
        json={"revision": 1, "quote": SCRIPT, "suggestion": "a script", "kind": "other"},
    )
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["quote"] == SCRIPT
    group = session.get(Group, answer["group"])
    assert group.quote == SCRIPT
    for page in (
        client.get("/articles/xss").get_data(as_text=True),
        client.get(f"/editor/groups/{group.id}").get_data(as_text=True),
    ):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert str(escape(SCRIPT)) in page


@pytest.mark.parametrize(
    "path",
    [
        "/articles/{slug}",
        "/articles/{slug}/history",
        "/articles/{slug}/diff",
        "/articles/{slug}/report",
        "/api/v1/articles/{slug}",
        "/api/v1/articles/{slug}/revisions",
    ],
)
@pytest.mark.parametrize(
    "slug",
    [SQL, SCRIPT, EMOJI_RTL, "story'--", "story%00"],
    ids=["sql", "script", "emoji-rtl", "quote", "nul"],
)
def test_a_hostile_slug_is_a_plain_404(client, session, path, slug):
    an_article(session, "story")
    response = client.get(path.format(slug=urlquote(slug, safe="%")))
    assert response.status_code == 404
    assert_refused(response, json_api=path.startswith("/api/"))
    assert "<script>alert" not in response.get_data(as_text=True)


@pytest.mark.parametrize("slug", [SQL, SCRIPT], ids=["sql", "script"])
def test_a_report_on_a_hostile_slug_is_a_404_and_writes_nothing(client, session, slug):
    an_article(session, "story")
    before = snapshot(session)
    response = client.post(f"/api/v1/articles/{urlquote(slug, safe='')}/reports", json=REPORT)
    assert response.status_code == 404
    assert_refused(response, json_api=True)
    assert response.get_json()["error"]["code"] == "not_found"
    assert snapshot(session) == before


def test_no_bearer_token_is_a_json_401_for_every_editor_endpoint(client, session, world):
    before = snapshot(session)
    for endpoint, (method, template, body) in JSON_ENDPOINTS.items():
        if endpoint in ("post report", "post site report"):
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
        {
            "revision": "1",
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "comment": "",
            "kind": "name",
        },
    ),
    "login": ("/editor/login", {"email": "editor@example.com", "password": "a-long-password"}),
    "apply": (
        "/editor/groups/{group}/apply",
        {"choice": "0", "custom": "", "base_revision": "1", "summary": "s", "note": "n"},
    ),
    "reject": ("/editor/groups/{group}/reject", {"reason": "style", "detail": ""}),
    "snooze": ("/editor/groups/{group}/snooze", {"more_reports": "3", "until": ""}),
    "assign": ("/editor/groups/{group}/assign", {"assignee": "{editor}"}),
    "merge": ("/editor/groups/{group}/merge", {"into": "{other}"}),
    "split": ("/editor/groups/{group}/split", {"reports": "{report}"}),
    "bulk": (
        "/editor/bulk",
        {"action": "reject", "reason": "style", "groups": "{group}", "confirmed": "1"},
    ),
    "batch": (
        "/editor/articles/story/batch",
        {"groups": "{group}", "base_revision": "1", "summary": "s", "note": "n"},
    ),
    "revert": ("/editor/articles/story/revert", {"to": "1", "summary": "Restore the first text"}),
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


# How each form says no. A status alone, or a redirect with an error flashed on the page
# it leads to. The reader's form, apply and batch show the form again with its errors
# (422); login says 401; forms whose every field is a number or a choice that came back
# wrong are 400 (only a forged form sends them); the others flash and go back.
REFUSAL: dict[str, int | str] = {
    "report": 422,
    "login": 401,
    "apply": 422,
    "reject": "/editor/groups/{group}",
    "snooze": "/editor/groups/{group}",
    "assign": 400,
    "merge": "/editor/groups/{group}",
    "split": 400,
    "bulk": "/editor/",
    "batch": 422,
    "revert": "/articles/story/history",
    "new editor": 200,  # the form again with its errors
}
# Where a missing field means something else than the rest of the cases.
MISSING_FIELDS: dict[str, int | str] = {
    "split": "/editor/groups/{group}",  # no report chosen: flash and back
}


def test_every_form_has_an_expected_refusal():
    assert set(REFUSAL) == set(FORMS)


def form_data(fields: dict[str, Any], world: dict[str, Any]) -> dict[str, Any]:
    return {name: str(value).format(**world) for name, value in fields.items()}


@pytest.mark.parametrize("form", FORMS)
def test_each_form_does_its_job_on_a_valid_submission(client, session, world, form):
    template, fields = FORMS[form]
    if form == "login":
        client.post("/editor/logout")
    if form == "split":  # a group of one report cannot be split: give it a second
        a_report(session, "story", reporter="r3")
    if form == "revert":  # something to revert: a second revision
        an_article(session, "story", body="A new text.")
    before = snapshot(session)
    response = client.post(template.format(**world), data=form_data(fields, world))
    assert response.status_code == (303 if form == "report" else 302), response.status_code
    assert "flash-error" not in client.get(response.headers["Location"]).get_data(as_text=True)
    if form == "login":
        assert client.get("/editor/").status_code == 200
    else:
        assert snapshot(session) != before  # it did something (rows, statuses or audit)


@pytest.mark.parametrize("form", FORMS)
def test_hostile_forms_get_their_expected_refusal_and_write_nothing(client, session, world, form):
    """One world per form; every case is checked and every mismatch reported at once."""
    template, fields = FORMS[form]
    path = template.format(**world)
    mismatches = []
    for case, data in form_cases(fields).items():
        if (form, case) == ("assign", "missing fields"):
            continue  # no assignee means "nobody": a real action, not a hostile one
        if form == "login":
            client.post("/editor/logout")
        before = snapshot(session)
        response = client.post(path, data=data, content_type="application/x-www-form-urlencoded")
        refusal = REFUSAL[form]
        if case == "missing fields":
            refusal = MISSING_FIELDS.get(form, refusal)
        body = response.get_data(as_text=True)
        if isinstance(refusal, str):
            where = response.headers.get("Location", "")
            if response.status_code != 302 or not where.endswith(refusal.format(**world)):
                mismatches.append((case, "expected a redirect to", refusal, response.status_code))
            elif "flash-error" not in client.get(where).get_data(as_text=True):
                mismatches.append((case, "redirected without an error message"))
        elif response.status_code != refusal or response.mimetype != "text/html":
            mismatches.append((case, "expected", refusal, "got", response.status_code))
        if any(leak in body for leak in LEAKS) or "<script>alert" in body:
            mismatches.append((case, "leaks or echoes markup", body[:200]))
        if snapshot(session) != before:
            mismatches.append((case, "wrote"))
        if form == "login":
            client.post(
                "/editor/login",
                data={"email": "editor@example.com", "password": "a-long-password"},
            )
    assert mismatches == []
