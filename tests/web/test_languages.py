"""The reader's language (README: Languages): article pages speak the article's language,
other public pages negotiate, editors stay in English, API errors follow Accept-Language."""

import json
import re
from datetime import UTC, datetime
from html import unescape

from tests.builders import DEMO_SENTENCE, an_article, an_editor

UK = {"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}


def test_the_home_page_negotiates_accept_language(client):
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in english
    assert ">Articles</h1>" in english
    ukrainian = client.get("/", headers=UK)
    page = ukrainian.get_data(as_text=True)
    assert '<html lang="uk" dir="ltr">' in page
    assert ">Статті</h1>" in page
    assert "Accept-Language" in ukrainian.headers["Vary"]


def test_a_language_without_a_catalog_falls_back_to_english(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR,fr"}).get_data(as_text=True)
    assert '<html lang="en"' in page


def test_the_switcher_sets_a_cookie_that_later_pages_keep(client):
    response = client.get("/corrections?lang=uk", headers={"Accept-Language": "en"})
    assert ">Виправлення</h1>" in response.get_data(as_text=True)
    assert "factcheck-lang=uk" in response.headers["Set-Cookie"]
    again = client.get("/corrections", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert ">Виправлення</h1>" in again
    assert 'hreflang="en"' in again  # the switcher offers the way back


def test_an_unknown_lang_parameter_is_ignored(client):
    response = client.get("/?lang=xx-evil", headers={"Accept-Language": "en"})
    assert "Set-Cookie" not in response.headers
    assert '<html lang="en"' in response.get_data(as_text=True)


def test_an_article_page_speaks_the_article_language_whatever_the_browser_says(client, session):
    an_article(session, "kyiv", title="Новини", body="Перший абзац.", language="uk")
    page = client.get("/articles/kyiv", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="uk"' in page
    assert "Повідомити про помилку" in page  # the link and the dialog
    assert "Надіслати" in page
    assert "Report an error" not in page
    english = an_article(session, "rome", language="en")
    assert english.article.language == "en"
    page = client.get("/articles/rome", headers=UK).get_data(as_text=True)
    assert '<html lang="en"' in page and "Report an error" in page


def test_dates_are_written_the_language_s_way(client, session):
    result = an_article(session, "kyiv", title="Новини", body="Перший абзац.", language="uk")
    result.article.published_at = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)
    session.add(result.article)
    session.commit()
    page = client.get("/articles/kyiv").get_data(as_text=True)
    assert "10 січня 2024" in page
    an_article(session, "rome", language="en")
    assert "10 January 2024" not in page


def test_history_and_diff_pages_follow_the_article(client, session):
    an_article(session, "kyiv", title="Новини", body="Перший абзац.", language="uk")
    an_article(session, "kyiv", title="Новини", body="Другий абзац.", language="uk")
    history = client.get("/articles/kyiv/history").get_data(as_text=True)
    assert "Історія редакцій" in history
    diff = client.get("/articles/kyiv/diff?from=1&to=2").get_data(as_text=True)
    assert "Зміни від редакції 1 до 2" in diff


def test_the_no_script_form_and_its_errors_are_in_the_article_language(client, session):
    an_article(session, "kyiv", title="Новини", body="Перший абзац.", language="uk")
    form = client.get("/articles/kyiv/report").get_data(as_text=True)
    assert "Текст, який треба виправити" in form
    client.application.config["WTF_CSRF_ENABLED"] = False
    answer = client.post("/articles/kyiv/report", data={"revision": 1, "quote": "", "kind": "typo"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "Перевірте, будь ласка, позначені нижче поля." in page
    assert "Вставте слова, у яких помилка." in page


def test_api_errors_follow_accept_language(client, session):
    an_article(session, "story")
    body = {"revision": 1, "quote": "   ", "suggestion": "x"}
    answer = client.post("/api/v1/articles/story/reports", json=body, headers=UK)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["message"] == "Деякі поля заповнено неправильно."
    assert error["fields"]["quote"] == "Виділіть або вставте слова, у яких помилка."
    english = client.post("/api/v1/articles/story/reports", json=body).get_json()["error"]
    assert english["fields"]["quote"] == "Select or paste the words that are wrong."


def test_a_limit_message_is_translated_with_its_number(client, session):
    an_article(session, "story")
    body = {"revision": 1, "quote": "Georgia", "suggestion": "x" * 5000}
    error = client.post("/api/v1/articles/story/reports", json=body, headers=UK).get_json()
    assert "символів" in error["error"]["fields"]["suggestion"]
    assert "300" in error["error"]["fields"]["suggestion"]


def test_an_empty_quote_is_named_in_the_reader_s_words(client, session):
    an_article(session, "story")
    body = {"revision": 1, "quote": "", "suggestion": "x"}
    error = client.post("/api/v1/articles/story/reports", json=body, headers=UK).get_json()
    assert error["error"]["fields"]["quote"] == "Заповніть це поле."


def test_the_status_page_of_a_report_on_a_ukrainian_article_is_ukrainian(client, session):
    an_article(session, "kyiv", title="Новини", body=DEMO_SENTENCE, language="uk")
    answer = client.post(
        "/api/v1/articles/kyiv/reports",
        json={"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"},
    )
    assert answer.status_code == 201, answer.get_json()
    page = client.get(answer.get_json()["status_url"]).get_data(as_text=True)
    assert "Ваше повідомлення" in page
    assert "Отримано" in page
    assert "Друкарська чи орфографічна помилка" in page


def test_editor_pages_stay_english_for_a_ukrainian_browser(client, session):
    an_editor(session)
    page = client.get("/editor/login", headers=UK).get_data(as_text=True)
    assert '<html lang="en"' in page


def test_the_widget_s_words_come_as_one_cached_json_per_language(client):
    response = client.get("/embed/strings/uk.json", headers={"Origin": "https://news.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.cache_control.public is True and response.cache_control.max_age == 300
    data = response.get_json()
    assert data["lang"] == "uk" and data["dir"] == "ltr"
    assert ">Повідомити про помилку</h2>" in data["markup"]
    assert ">Надіслати</button>" in data["markup"]
    assert "maxlength='300'" in data["markup"]
    assert data["strings"]["sending"] == "Надсилаємо…"
    assert "{n}" in data["strings"]["quoteMax"]
    english = client.get("/embed/strings/en.json").get_json()
    assert english["strings"].keys() == data["strings"].keys()
    assert ">Send report</button>" in english["markup"]


def test_a_regional_tag_gets_its_language_and_an_unshipped_one_a_404(client):
    assert client.get("/embed/strings/uk-UA.json").get_json()["lang"] == "uk"
    for tag in ("fr", "xx-evil", "..", "a" * 40):
        assert client.get(f"/embed/strings/{tag}.json").status_code == 404, tag


def test_embed_js_carries_the_words_before_the_dialog_for_every_language(client):
    script = client.get("/embed.js").get_data(as_text=True)
    assert "/*@strings*/" not in script
    assert '"button":"Повідомити про помилку"' in script
    assert '"button":"Report error"' in script


def test_an_own_page_dialog_carries_its_words_for_the_script(client, session):
    an_article(session, "kyiv", title="Новини", body="Перший абзац.", language="uk")
    page = client.get("/articles/kyiv").get_data(as_text=True)
    attribute = re.search(r'data-strings="([^"]*)"', page)
    assert attribute is not None
    assert json.loads(unescape(attribute.group(1)))["sending"] == "Надсилаємо…"


def test_the_prefilled_correction_note_is_in_the_article_s_language(client, session):
    from tests.builders import a_report, the_editor

    an_article(session, "kyiv", title="Новини", body=DEMO_SENTENCE, language="uk")
    report = a_report(session, "kyiv", reporter="r1")
    the_editor(session)
    login = {"email": "editor@example.com", "password": "a-long-password"}
    assert client.post("/editor/login", data=login).status_code == 302
    page = client.get(f"/editor/groups/{report.group_id}").get_data(as_text=True)
    assert "У попередній версії цієї статті ім’я було написано з помилкою" in unescape(page)
    assert '<html lang="en"' in page  # the editor's own words stay English


def test_http_errors_speak_the_readers_language(client):
    english = client.get("/api/v1/articles/no-such-article-here/nothing")
    assert english.status_code == 404
    assert english.get_json()["error"]["message"] == "There is nothing at this address."
    ukrainian = client.get(
        "/api/v1/articles/no-such-article-here/nothing", headers={"Accept-Language": "uk"}
    )
    assert ukrainian.get_json()["error"]["message"] == "За цією адресою нічого немає."
    page = client.get("/no/such/page", headers={"Accept-Language": "uk"})
    assert page.status_code == 404 and "За цією адресою нічого немає." in page.get_data(
        as_text=True
    )
