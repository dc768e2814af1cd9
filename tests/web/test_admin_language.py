"""Admins read their pages in the editor's language too (README: Languages, issue 16): the
audit log and its plain words, editors, webhooks and a webhook's log, sites, a site and its
form's errors; English stays the default."""

import re
from html import unescape

import pytest

from factcheck.services import audit as audit_log
from factcheck.web.editor import admin_words
from tests.builders import the_editor


@pytest.fixture
def admin(client, session):
    the_editor(session, "admin@example.com", role="admin")
    client.post("/editor/login", data={"email": "admin@example.com", "password": "a-long-password"})
    return client


def text_of(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def read(client, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return text_of(answer.get_data(as_text=True))


def some_admin_work(client) -> tuple[int, int]:
    """A site and a webhook registered through the admin pages (each audited); their ids."""
    registered = client.post(
        "/editor/admin/sites",
        data={"name": "Kyiv Daily", "origins": "https://kyiv.example", "language": "uk"},
    )
    assert registered.status_code == 302
    site_id = int(registered.headers["Location"].rsplit("/", 1)[1])
    hook = client.post(
        "/editor/admin/webhooks/",
        data={"url": "https://cms.example/hooks", "events": ["group.fixed"]},
    )
    assert hook.status_code == 200
    webhook_id = int(re.search(r"/editor/admin/webhooks/(\d+)", hook.get_data(as_text=True))[1])
    return site_id, webhook_id


def send_test_event(client, webhook_id: int) -> str:
    """The webhook's log as the button's redirect shows it, with its flash."""
    sent = client.post(f"/editor/admin/webhooks/{webhook_id}/test")
    assert sent.status_code == 302
    return read(client, sent.headers["Location"])


def test_an_admin_who_chose_ukrainian_reads_every_admin_page_in_ukrainian(admin):
    admin.get("/editor/?lang=uk")
    site_id, webhook_id = some_admin_work(admin)
    log = send_test_event(admin, webhook_id)
    assert f"Доставки на вебхук {webhook_id}" in log
    assert "Тестову подію поставлено в чергу" in log  # the flash after the button
    assert "1 повідомлення чекає на обробник." in log
    assert f"Deliveries to webhook {webhook_id}" not in log and "waiting for the worker" not in log

    audit = read(admin, "/editor/audit")
    for words in ("Журнал дій", "Будь-яка дія", "Командний рядок", "спершу найновіші"):
        assert words in audit
    # The plain words of each entry, and what it is on.
    assert "зареєстрував(-ла) сайт · сайт" in audit and "зареєстрував(-ла) вебхук · вебхук" in audit
    assert "надіслав(-ла) тестову подію" in audit
    assert "Audit log" not in audit and "registered a site" not in audit
    assert "newest first" not in audit
    filtered = read(admin, "/editor/audit?action=nonsense&from=yesterday")
    assert "Такої дії немає; фільтр за дією не враховано." in filtered
    assert "«Від» — не дата (РРРР-ММ-ДД); її не враховано." in filtered

    people = read(admin, "/editor/admin/editors")
    for words in ("Редактори", "API-токени", "Додати редактора", "адміністратор", "активний"):
        assert words in people
    assert "Add an editor" not in people and "API tokens" not in people

    hooks = read(admin, "/editor/admin/webhooks/")
    for words in ("Вебхуки", "Журнал доставок", "Надіслати тестову подію", "Зареєструвати вебхук"):
        assert words in hooks
    assert "URL адреси отримувача" in hooks  # the form's label
    assert "Register a webhook" not in hooks and "Delivery log" not in hooks

    listed = read(admin, "/editor/admin/sites")
    for words in ("Сайти", "Зареєструвати сайт", "Назва", "Дозволені джерела", "Kyiv Daily"):
        assert words in listed
    assert "Register a site" not in listed and "Allowed origins" not in listed

    raw = admin.get(f"/editor/admin/sites/{site_id}").get_data(as_text=True)
    assert "інакше &lt;article&gt;, інакше &lt;main&gt;" in raw  # a hint is text, not markup
    site = text_of(raw)
    for words in ("Код вставки для сторінок статей сайту:", "Конектор WordPress", "Зберегти сайт"):
        assert words in site
    assert "Підключити" in site and "Примітка про виправлення в дописі" in site
    assert "WordPress connector" not in site and "Save site" not in site

    refused = admin.post(f"/editor/admin/sites/{site_id}", data={"name": "", "origins": ""})
    assert refused.status_code == 422
    form = text_of(refused.get_data(as_text=True))
    assert "Назва" in form and "Мова за замовчуванням" in form
    assert "This field is required." not in form and "Default language" not in form


def test_an_admin_flash_after_an_action_speaks_ukrainian(admin, session):
    admin.get("/editor/?lang=uk")
    site_id, _ = some_admin_work(admin)
    admin.post(f"/editor/admin/sites/{site_id}/active")
    listed = read(admin, "/editor/admin/sites")
    assert "Kyiv Daily вимкнено: його сторінки нічого не можуть надсилати." in listed
    assert "вимкнено" in listed and "Увімкнути" in listed


def test_admin_pages_stay_english_by_default(admin):
    site_id, webhook_id = some_admin_work(admin)
    audit = read(admin, "/editor/audit")
    assert "Audit log" in audit and "registered a site · site" in audit
    assert "Журнал дій" not in audit
    assert "Add an editor" in read(admin, "/editor/admin/editors")
    assert "Register a webhook" in read(admin, "/editor/admin/webhooks/")
    log = send_test_event(admin, webhook_id)
    assert f"Deliveries to webhook {webhook_id}" in log and "1 message waiting" in log
    assert "Test event queued as message" in log
    assert "Register a site" in read(admin, "/editor/admin/sites")
    site = read(admin, f"/editor/admin/sites/{site_id}")
    assert "WordPress connector" in site and "Сайти" not in site


def test_every_audit_action_has_its_words_in_the_catalogs():
    assert set(audit_log.ACTIONS.values()) == set(admin_words.ACTION_WORDS)


def test_the_api_reference_s_chrome_follows_the_reader_s_language_but_its_descriptions_stay_english(
    client,
):
    english = read(client, "/api/docs")
    assert "Example request" in english and "Приклад запиту" not in english
    docs = read(client, "/api/docs?lang=uk")
    for words in ("Довідник API", "Операції", "Параметри", "Приклад запиту", "Приклад відповіді"):
        assert words in docs
    assert "Example request" not in docs and "Schemas" not in docs
    assert "Report an error in an article" in docs  # an OpenAPI summary, as written
