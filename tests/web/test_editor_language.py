"""Editors keep English by default and may switch their own pages to another shipped language
(README: Languages): the switcher in the footer, remembered in a cookie of the editor's own."""

import re
from html import unescape

import pytest

from tests.builders import a_report, an_article, the_editor

UK_BROWSER = {"Accept-Language": "uk-UA,uk;q=0.9"}


@pytest.fixture
def group_id(session) -> int:
    an_article(session, "story")
    return a_report(session, "story").group_id


def text_of(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_editor_pages_stay_english_whatever_the_browser_and_the_public_switcher_say(
    logged_in, group_id
):
    logged_in.get("/corrections?lang=uk")  # a Ukrainian reading of the public pages
    page = logged_in.get("/editor/", headers=UK_BROWSER).get_data(as_text=True)
    assert '<html lang="en"' in page
    assert ">Queue <span" in page and "1 group</span>" in page
    group = logged_in.get(f"/editor/groups/{group_id}", headers=UK_BROWSER).get_data(as_text=True)
    assert "Apply a fix" in group and "Publish fix" in group
    assert "first report of this error" in group and "kind: name" in group


def test_the_footer_switcher_turns_the_editor_pages_ukrainian_and_they_stay_so(logged_in, group_id):
    page = logged_in.get("/editor/")
    assert 'href="/editor/?lang=uk"' in page.get_data(as_text=True)  # the footer's switcher
    chosen = logged_in.get("/editor/?lang=uk")
    assert "factcheck-editor-lang=uk" in chosen.headers["Set-Cookie"]
    assert ">Черга <span" in chosen.get_data(as_text=True)
    group = text_of(logged_in.get(f"/editor/groups/{group_id}").get_data(as_text=True))
    for words in ("Виправити", "Опублікувати виправлення", "Інші дії", "Історія дій"):
        assert words in group
    # The domain's words too: why the report joined, why the group ranks where it does.
    assert "перше повідомлення про цю помилку" in group
    assert "1 читач +10" in group and "тип: ім’я чи назва" in group
    assert "Publish fix" not in group
    stylebook = text_of(logged_in.get("/editor/stylebook/").get_data(as_text=True))
    assert "Довідник стилю" in stylebook and "Правильне написання" in stylebook
    # The public pages keep their own choice: an English browser reads them in English.
    home = logged_in.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en"' in home and ">Articles</h1>" in home
    back = logged_in.get("/editor/?lang=en")
    assert "factcheck-editor-lang=en" in back.headers["Set-Cookie"]
    assert ">Queue <span" in logged_in.get("/editor/").get_data(as_text=True)


def test_the_outcome_of_an_action_and_its_flash_speak_the_editor_s_language(logged_in, group_id):
    logged_in.get("/editor/?lang=uk")
    answer = logged_in.post(
        f"/editor/groups/{group_id}/reject", data={"reason": "not_error", "detail": ""}
    )
    assert answer.status_code == 302
    page = text_of(logged_in.get(answer.headers["Location"]).get_data(as_text=True))
    assert f"Групу №{group_id} відхилено." in page
    assert "Черга порожня." in page
    assert "Скасувати" in page  # the Undo button
    refused = logged_in.post(f"/editor/groups/{group_id}/kind", data={"kind": "nonsense"})
    assert refused.status_code == 302
    page = text_of(logged_in.get(refused.headers["Location"]).get_data(as_text=True))
    assert "Виберіть один із типів." in page


def test_the_login_page_and_its_errors_follow_the_editor_s_choice(client, session):
    the_editor(session)
    english = client.post("/editor/login", data={"email": "editor@example.com", "password": "x"})
    assert "Email or password is incorrect." in english.get_data(as_text=True)
    client.get("/editor/login?lang=uk")
    page = client.get("/editor/login").get_data(as_text=True)
    assert "Вхід для редакторів" in page and ">Увійти</button>" in page
    wrong = client.post("/editor/login", data={"email": "editor@example.com", "password": "x"})
    assert "Неправильна електронна адреса або пароль." in wrong.get_data(as_text=True)


def test_the_group_page_gives_times_relative_with_the_newsroom_time_on_hover(logged_in, group_id):
    page = logged_in.get(f"/editor/groups/{group_id}").get_data(as_text=True)
    meta = page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    times = re.findall(r'<time datetime="[^"]+" title="([^"]+)">([^<]+)</time>', meta)
    assert len(times) == 2, meta  # first and last seen
    for absolute, relative in times:
        assert "ago" in relative or "now" in relative, relative
        assert re.search(r"\d{4}, \d\d:\d\d", absolute), absolute
    assert " UTC</time>" not in page
    assert "strftime" not in page


def test_a_refused_transition_is_explained_in_the_editor_s_language(logged_in, group_id):
    reject = {"reason": "not_error", "detail": ""}
    logged_in.post(f"/editor/groups/{group_id}/reject", data=reject)
    again = logged_in.post(f"/editor/groups/{group_id}/reject", data=reject)
    page = text_of(logged_in.get(again.headers["Location"]).get_data(as_text=True))
    assert "A group that is rejected cannot be rejected." in page
    logged_in.get("/editor/?lang=uk")
    again = logged_in.post(f"/editor/groups/{group_id}/reject", data=reject)
    page = text_of(logged_in.get(again.headers["Location"]).get_data(as_text=True))
    assert "Групу зі станом «відхилена» не можна відхилити." in page


def test_a_service_s_refusal_is_flashed_in_the_editor_s_language(logged_in, group_id):
    logged_in.get("/editor/?lang=uk")
    refused = logged_in.post(f"/editor/groups/{group_id}/merge", data={"into": str(group_id)})
    page = text_of(logged_in.get(refused.headers["Location"]).get_data(as_text=True))
    assert "Групу не можна об’єднати саму з собою." in page
