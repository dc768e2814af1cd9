"""Hostile language input (README: Languages): whatever `?lang=`, `Accept-Language`, a report's
or an ingest's `language`, or the widget's strings URL carry — malformed, huge, markup, SQL,
emoji, right-to-left, unknown — nothing fails (no 500), the page falls back to a shipped
language, nothing is remembered that is not one, and nothing is echoed unescaped."""

import re

import pytest

from tests.builders import DEMO_SENTENCE, a_token, an_article

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "empty": "",
    "unknown": "xx",
    "regional": "uk-UA",
    "upper case": "UK",
    "underscore": "uk_UA",
    "path": "../../etc/passwd",
    "broken quality": "en;q=abc",
    "quality above one": "uk;q=2",
    "dangling subtag": "uk-",
    "huge": "uk-" + "x" * 10_000,
    "script": SCRIPT,
    "attribute break": '"><img src=x onerror=alert(1)>',
    "sql": "' OR 1=1 --",
    "emoji": "🇺🇦",
    "rtl override": "\u202euk",
    "hebrew": "עברית",
    "wildcard": "*",
    "prototype": "__proto__",
    "unshipped rtl": "ar",
}
# What a tag names among the shipped languages (en, uk); None: nothing, so the page falls back.
SHIPPED = {"regional": "uk", "upper case": "uk", "underscore": "uk"}
SAFE_TAG = re.compile(r"^[A-Za-z0-9-]{1,35}$")


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]*)" dir="(ltr|rtl)">', page)
    assert found, page[:300]
    return found.group(1)


def assert_not_reflected(body: str, value: str) -> None:
    """No markup of `value` in the page, and no direction override in its words (the
    footer's switcher links to the page's own path, escaped, which may carry it)."""
    for dangerous in (SCRIPT, "<img src=x"):
        if dangerous in value:
            assert dangerous not in body
    if "\u202e" in value:
        assert "\u202e" not in re.sub(r"<[^>]*>", "", body)


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("path", ["/", "/corrections", "/editor/login"])
def test_a_hostile_lang_parameter_falls_back_and_is_never_remembered(app, name, path):
    client = app.test_client()
    value = HOSTILE[name]
    answer = client.get(path, query_string={"lang": value}, headers={"Accept-Language": "en"})
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert html_lang(page) == SHIPPED.get(name, "en")
    assert_not_reflected(page, value)
    cookie = answer.headers.get("Set-Cookie", "")
    if name in SHIPPED:
        assert "lang=uk" in cookie
    else:
        assert "lang=" not in cookie


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_accept_language_header_falls_back(app, session, name):
    an_article(session, "kyiv", body=DEMO_SENTENCE, language="uk")
    value = HOSTILE[name]
    if "\u202e" in value or not value.isascii():
        pytest.skip("HTTP headers are Latin-1: the test client cannot send it as a browser would")
    client = app.test_client()
    headers = {"Accept-Language": value}
    home = client.get("/", headers=headers)
    assert home.status_code == 200
    assert html_lang(home.get_data(as_text=True)) in {"en", "uk"}
    # An article page keeps the article's language whatever the header says.
    article = client.get("/articles/kyiv", headers=headers)
    assert article.status_code == 200 and html_lang(article.get_data(as_text=True)) == "uk"
    # The API's errors come in a shipped language.
    error = client.post("/api/v1/articles/kyiv/reports", json={}, headers=headers)
    assert error.status_code == 422
    assert error.get_json()["error"]["fields"]["quote"] in {
        "Fill in this field.",
        "Заповніть це поле.",
    }
    editor = client.get("/editor/login", headers=headers)
    assert editor.status_code == 200 and html_lang(editor.get_data(as_text=True)) == "en"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_report_with_a_hostile_language_is_refused_on_the_field_or_kept_as_a_tag(
    client, session, name
):
    an_article(session, "kyiv", body=DEMO_SENTENCE, language="uk")
    value = HOSTILE[name]
    body = {"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"}
    answer = client.post(
        "/api/v1/articles/kyiv/reports",
        json={**body, "language": value},
        headers={"Accept-Language": "uk"},
    )
    assert answer.status_code in {201, 422}, answer.get_data(as_text=True)
    if answer.status_code == 422:
        error = answer.get_json()["error"]
        assert set(error["fields"]) == {"language"}
        # In the reader's language, and without the value sent.
        assert re.search("[а-яіїєґ]", error["fields"]["language"]), error
        assert value not in error["fields"]["language"] or not value
        return
    assert SAFE_TAG.match(value)
    status = client.get(answer.get_json()["status_url"])
    assert status.status_code == 200
    page = status.get_data(as_text=True)
    assert SAFE_TAG.match(html_lang(page))
    # A shipped language's words, or the article's (Ukrainian) when the tag names none.
    assert "Ваше повідомлення" in page or "Your report" in page


@pytest.mark.parametrize("name", list(HOSTILE))
def test_an_ingest_with_a_hostile_language_is_refused_on_the_field_or_kept_as_a_tag(
    client, session, name
):
    token = a_token(session)
    value = HOSTILE[name]
    answer = client.put(
        "/api/v1/articles/story",
        json={"title": "A headline", "body": "A paragraph.", "language": value},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code in {201, 422}, answer.get_data(as_text=True)
    if answer.status_code == 422:
        assert set(answer.get_json()["error"]["fields"]) == {"language"}
        return
    page = client.get("/articles/story").get_data(as_text=True)
    assert SAFE_TAG.match(html_lang(page))
    assert_not_reflected(page, value)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_widget_s_strings_url_answers_a_hostile_tag_with_words_or_a_404(client, name):
    value = HOSTILE[name]
    answer = client.get("/embed/strings/" + value + ".json")
    assert answer.status_code in {200, 404}
    if answer.status_code == 200:
        assert answer.get_json()["lang"] in {"en", "uk"}
    else:
        assert_not_reflected(answer.get_data(as_text=True), value)
