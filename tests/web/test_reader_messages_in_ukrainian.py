"""Every message a reader can be given, on every path they can reach (the report API and the
widget's site routes, the no-JS form, status pages, error pages), is the Ukrainian catalog's
translation when the reader reads Ukrainian (README: Languages)."""

import re
import uuid
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import wtforms as wtforms_module
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from factcheck import ROOT
from tests.builders import DEMO_SENTENCE, a_site, an_article
from tests.conftest import build_app

UK = {"Accept-Language": "uk-UA,uk;q=0.9"}
REPORTS = "/api/v1/articles/kyiv/reports"
GOOD = {"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"}
NEWSROOM = "https://news.example"


def _translations() -> list[re.Pattern[str]]:
    """Each Ukrainian translation as a pattern: its placeholders stand for any value. Ours,
    and WTForms' own for its validators (Flask-WTF uses them in the page's language)."""
    path = ROOT / "factcheck" / "translations" / "uk" / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as file:
        catalog = list(read_po(file, locale="uk"))
    wtforms = Path(wtforms_module.__file__).parent / "locale" / "uk" / "LC_MESSAGES"
    with open(wtforms / "wtforms.mo", "rb") as file:
        catalog += list(read_mo(file))
    patterns = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for string in strings:
            parts = re.split(r"%\([a-z_]+\)[sd]", string)
            patterns.append(re.compile(".+".join(re.escape(p) for p in parts), re.S))
    return patterns


UKRAINIAN = _translations()


def is_ukrainian_catalog_text(message: str) -> bool:
    return any(pattern.fullmatch(message) for pattern in UKRAINIAN)


def messages_of(response: Any) -> list[str]:
    """What the reader is told: the JSON error's message and field messages, or the error
    page's message and the form's error lines."""
    if response.is_json:
        error = response.get_json()["error"]
        return [error["message"], *error.get("fields", {}).values()]
    page = response.get_data(as_text=True)
    found = re.findall(r'<p class="(?:field-error|flash[^"]*)"[^>]*>(.*?)</p>', page, re.S)
    error_page = re.search(r'<h1 class="page-title">(.*?)</h1>\s*<p>(.*?)</p>', page, re.S)
    if error_page and "<form" not in page:
        found += list(error_page.groups())
    return [unescape(text).strip() for text in found]


@pytest.fixture
def newsroom(session) -> str:
    """A Ukrainian article on Factcheck, and a registered site (its key) with none of it."""
    an_article(session, "kyiv", title="Новини", body=DEMO_SENTENCE, language="uk")
    return a_site(session, origins=(NEWSROOM,), language="uk").key


def site_report(client: FlaskClient, key: str, body: dict[str, Any], origin: str = NEWSROOM):
    return client.post(f"/api/v1/sites/{key}/reports", json=body, headers={**UK, "Origin": origin})


Case = Callable[[FlaskClient, str], Any]
CASES: dict[str, tuple[int, Case]] = {
    "empty body": (400, lambda c, k: c.post(REPORTS, data="", content_type="application/json")),
    "not JSON": (400, lambda c, k: c.post(REPORTS, data="{", content_type="application/json")),
    "not UTF-8": (400, lambda c, k: c.post(REPORTS, data=b"\xff", content_type="application/json")),
    "not an object": (400, lambda c, k: c.post(REPORTS, json=[1])),
    "not JSON at all": (415, lambda c, k: c.post(REPORTS, data="{}", content_type="text/plain")),
    "missing fields": (422, lambda c, k: c.post(REPORTS, json={})),
    "wrong types": (
        422,
        lambda c, k: c.post(
            REPORTS,
            json={"revision": "1", "quote": 5, "suggestion": None, "kind": "zzz", "start": -1},
        ),
    ),
    "unknown field": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "colour": "red"})),
    "too long": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "comment": "x" * 3000})),
    "revision too large": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "revision": 2**40})),
    "no such revision": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "revision": 9})),
    "quote not in the text": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "quote": "qqzzq"})),
    "nothing to correct": (
        422,
        lambda c, k: c.post(REPORTS, json={**GOOD, "suggestion": "Georgia Maloney"}),
    ),
    "honeypot": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "website": "x"})),
    "control character": (422, lambda c, k: c.post(REPORTS, json={**GOOD, "comment": "a\x00"})),
    "no such article": (404, lambda c, k: c.post("/api/v1/articles/nope/reports", json=GOOD)),
    "another site's page": (
        403,
        lambda c, k: c.post(REPORTS, json=GOOD, headers={"Origin": "https://evil.example"}),
    ),
    "too large": (
        413,
        lambda c, k: c.post(REPORTS, data="x" * 200_000, content_type="application/json"),
    ),
    "wrong method": (405, lambda c, k: c.delete(REPORTS)),
    "no such API address": (404, lambda c, k: c.get("/api/v1/nothing")),
    "no such report": (404, lambda c, k: c.get("/api/v1/reports/no-such-token")),
    "no such site": (404, lambda c, k: c.get("/api/v1/sites/no-such-key")),
    "site: unregistered origin": (
        403,
        lambda c, k: site_report(c, k, {"article": "x", **GOOD}, origin="https://evil.example"),
    ),
    "site: unknown article": (404, lambda c, k: site_report(c, k, {"article": "x", **GOOD})),
    "site: preflight from elsewhere": (
        403,
        lambda c, k: c.options(
            f"/api/v1/sites/{k}/reports",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        ),
    ),
    "bad cursor": (422, lambda c, k: c.get("/api/v1/articles?cursor=zz")),
    "bad limit": (422, lambda c, k: c.get("/api/v1/articles?limit=many")),
    "bad diff query": (422, lambda c, k: c.get("/api/v1/articles/kyiv/diff?from=zz")),
    "API: no such revision": (404, lambda c, k: c.get("/api/v1/articles/kyiv/revisions/99")),
    "page: no such article": (404, lambda c, k: c.get("/articles/nope")),
    "page: no such revision": (404, lambda c, k: c.get("/articles/kyiv/revisions/99")),
    "page: bad diff revision": (422, lambda c, k: c.get("/articles/kyiv/diff?from=zz")),
    "page: unknown diff view": (422, lambda c, k: c.get("/articles/kyiv/diff?view=zz")),
    "page: bad page number": (422, lambda c, k: c.get("/?page=zz")),
    "page: control character in the query": (400, lambda c, k: c.get("/?q=a%01")),
    "page: control character in the path": (404, lambda c, k: c.get("/articles/ky%01iv")),
    "page: nothing here": (404, lambda c, k: c.get("/no/such/page")),
    "page: wrong method": (405, lambda c, k: c.delete("/")),
    "page: no such report": (404, lambda c, k: c.get("/reports/no-such-token")),
    "form: control character": (
        400,
        lambda c, k: c.post("/articles/kyiv/report", data={"quote": "a\x00"}),
    ),
    "form: empty": (422, lambda c, k: c.post("/articles/kyiv/report", data={"revision": "1"})),
    "form: too long": (
        422,
        lambda c, k: c.post(
            "/articles/kyiv/report",
            data={"revision": "1", "quote": "a" * 400, "comment": "c" * 3000, "kind": "zz"},
        ),
    ),
    "form: quote not in the text": (
        422,
        lambda c, k: c.post(
            "/articles/kyiv/report",
            data={"revision": "1", "quote": "qqzzq", "suggestion": "b", "kind": "typo"},
        ),
    ),
    "form: nothing to correct": (
        422,
        lambda c, k: c.post(
            "/articles/kyiv/report",
            data={"revision": "1", "quote": "Georgia", "suggestion": "Georgia", "kind": "typo"},
        ),
    ),
    "form: honeypot": (
        422,
        lambda c, k: c.post(
            "/articles/kyiv/report",
            data={"revision": "1", "quote": "Georgia", "suggestion": "G", "website": "x"},
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_ukrainian_reader_is_told_every_problem_in_ukrainian(client, newsroom, case):
    status, send = CASES[case]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = UK["Accept-Language"]
    answer = send(client, newsroom)
    assert answer.status_code == status, answer.get_data(as_text=True)[:500]
    told = messages_of(answer)
    assert told, "the reader is told nothing"
    english = [message for message in told if not is_ukrainian_catalog_text(message)]
    assert not english, english


def test_the_same_problems_stay_english_for_an_english_reader(client, newsroom):
    answer = client.post(REPORTS, json={}, headers={"Accept-Language": "en"})
    assert answer.get_json()["error"]["fields"]["quote"] == "Fill in this field."
    answer = client.post(REPORTS, data="{", content_type="application/json")
    assert answer.get_json()["error"]["message"] == (
        "The request body is not valid JSON (line 1, column 2)."
    )


def _own_app(database, tmp_path, **config: Any) -> Flask:
    return build_app(database.url, tmp_path / f"instance-{uuid.uuid4().hex[:6]}", **config)


def test_the_rate_limit_speaks_ukrainian_to_the_api_and_the_form(database, tmp_path):
    app = _own_app(
        database,
        tmp_path,
        RATELIMIT_ENABLED=True,
        REPORT_RATE_LIMIT="2/minute",
        RATELIMIT_STORAGE_URL="memory://",
        RATELIMIT_KEY_PREFIX=f"uk-{uuid.uuid4().hex}",
    )
    with app.app_context():
        from factcheck.db import get_engine, open_session

        with open_session(get_engine()) as session:
            an_article(session, "kyiv", title="Новини", body=DEMO_SENTENCE, language="uk")
    client = app.test_client()
    for _ in range(2):
        client.post(REPORTS, json=GOOD, headers=UK)
    limited = client.post(REPORTS, json=GOOD, headers=UK)
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert all(is_ukrainian_catalog_text(m) for m in messages_of(limited)), messages_of(limited)
    form = client.post("/articles/kyiv/report", data={"revision": "1"}, headers=UK)
    assert form.status_code == 429
    assert all(is_ukrainian_catalog_text(m) for m in messages_of(form)), messages_of(form)


def test_a_form_without_its_csrf_token_is_refused_in_ukrainian(database, tmp_path):
    app = _own_app(database, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        from factcheck.db import get_engine, open_session

        with open_session(get_engine()) as session:
            an_article(session, "kyiv", title="Новини", body=DEMO_SENTENCE, language="uk")
    answer = app.test_client().post(
        "/articles/kyiv/report", data={"revision": "1", "quote": "Georgia"}, headers=UK
    )
    assert answer.status_code == 400
    told = messages_of(answer)
    assert told and all(is_ukrainian_catalog_text(m) for m in told), told


def test_an_unexpected_failure_is_apologised_for_in_ukrainian(app, client):
    def broken() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/broken", "broken", broken)
    app.add_url_rule("/api/v1/broken", "api_broken", broken)
    for path in ("/broken", "/api/v1/broken"):
        answer = client.get(path, headers=UK)
        assert answer.status_code == 500
        told = messages_of(answer)
        assert told and all(is_ukrainian_catalog_text(m) for m in told), told
