"""Every list is paginated: numbered pages on HTML pages, cursors (keyset) in the API."""

from datetime import timedelta

import pytest
from sqlmodel import Session

from factcheck.models import AuditEntry, StyleName, utcnow
from factcheck.services import editors, paging
from tests.builders import a_report, a_site, a_token, an_article, the_editor
from tests.web.conftest import login


def articles_published(session: Session, count: int) -> list[str]:
    """`count` articles, one a minute, the newest last; their slugs."""
    start = utcnow() - timedelta(days=1)
    slugs = []
    for index in range(count):
        slug = f"story-{index:03d}"
        row = an_article(session, slug, title=f"Story {index:03d}").article
        row.published_at = start + timedelta(minutes=index)
        session.add(row)
        slugs.append(slug)
    session.commit()
    return slugs


def revised(session: Session, slug: str, count: int) -> None:
    """The article `slug` with `count` revisions in all."""
    for number in range(2, count + 1):
        an_article(session, slug, body=f"Revision {number}.\n\nThe same last paragraph.")


def walk(client, url, key, headers=None):
    """Every item of an API list, following `next`; and the number of requests it took."""
    items, requests = [], 0
    while url:
        answer = client.get(url, headers=headers)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        body = answer.get_json()
        items.extend(body[key])
        requests += 1
        url = body["next"]
        assert (url is None) == (body["next_cursor"] is None)
    return items, requests


# --- The numbered pages -----------------------------------------------------------------


def test_page_numbers_show_the_ends_and_the_neighbours_with_gaps():
    page = paging.Page(items=[], page=10, pages=40, total=800, per_page=20)
    assert page.numbers(around=2) == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert paging.Page([], 1, 1, 0, 20).numbers() == [1]


def test_the_home_page_lists_thirty_articles_newest_first_with_page_links(client, session):
    articles_published(session, 31)
    first = client.get("/").get_data(as_text=True)
    assert first.count('class="article-link"') == 30
    assert first.index("Story 030") < first.index("Story 029")
    assert "Story 000" not in first
    assert 'href="/?page=2"' in first and 'aria-current="page">1<' in first
    second = client.get("/?page=2").get_data(as_text=True)
    assert second.count('class="article-link"') == 1 and "Story 000" in second


def test_a_page_past_the_last_shows_the_last(client, session):
    articles_published(session, 2)
    answer = client.get("/?page=2147483647")
    assert answer.status_code == 200
    assert "Story 000" in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/?page=abc",
        "/?page=-1",
        "/?page=0",
        "/?page=" + "9" * 40,
        "/?page=%C2%B2",
        "/corrections?page=x",
        "/articles/story/history?page=-5",
    ],
)
def test_a_page_that_is_no_page_number_is_a_clear_422(client, session, path):
    an_article(session, "story")
    answer = client.get(path)
    assert answer.status_code == 422
    assert "Not a page number" in answer.get_data(as_text=True)


def test_the_history_shows_fifty_revisions_a_page_and_compares_any_two(client, session):
    an_article(session, "story")
    revised(session, "story", 55)
    first = client.get("/articles/story/history").get_data(as_text=True)
    assert first.count('name="to" value=') == 50
    assert 'value="55"' in first and 'value="6"' in first and 'value="5"' not in first
    second = client.get("/articles/story/history?page=2").get_data(as_text=True)
    assert 'name="to" value="5"' in second and 'name="to" value="6"' not in second
    # Revision 1 has no "to" radio (nothing before it) and no "prev" link.
    assert 'name="from" value="1"' in second and 'name="to" value="1"' not in second
    # The compare-any-two form takes numbers from any page.
    assert 'id="compare-from" type="number"' in second
    assert client.get("/articles/story/diff?from=2&to=54").status_code == 200


def test_the_history_feed_carries_the_newest_fifty(client, session):
    an_article(session, "story")
    revised(session, "story", 55)
    feed = client.get("/articles/story/history.atom").get_data(as_text=True)
    assert feed.count("<entry>") == 50
    assert "/articles/story/revisions/55" in feed and "/articles/story/revisions/5<" not in feed


def test_the_editor_lists_are_paged(client, session):
    editor = the_editor(session, role="admin")
    for index in range(101):
        session.add(AuditEntry(editor_id=editor.id, action="test", target=f"t:{index}"))
        session.add(StyleName(canonical=f"Name {index:03d}", variants="", kind="person"))
    session.commit()
    login(client)
    audit = client.get("/editor/audit").get_data(as_text=True)
    assert "t 100<" in audit and "t 0<" not in audit and "/editor/audit?page=2" in audit
    assert "t 0<" in client.get("/editor/audit?page=2").get_data(as_text=True)
    book = client.get("/editor/stylebook/").get_data(as_text=True)
    assert "Name 099" in book and "Name 100" not in book and "page=2" in book
    assert "Name 100" in client.get("/editor/stylebook/?page=2").get_data(as_text=True)
    assert "Name 100" in client.get("/editor/stylebook/?q=100").get_data(as_text=True)


# --- The API: cursors -------------------------------------------------------------------


def test_the_articles_api_walks_every_article_by_cursor(client, session):
    slugs = articles_published(session, 7)
    items, requests = walk(client, "/api/v1/articles?limit=3", "articles")
    assert [a["slug"] for a in items] == slugs[::-1]
    assert requests == 3


def test_the_default_slice_is_fifty(client, session):
    articles_published(session, 51)
    body = client.get("/api/v1/articles").get_json()
    assert len(body["articles"]) == 50 and body["next"].startswith("http")


def test_an_article_published_between_two_slices_is_neither_lost_nor_repeated(client, session):
    articles_published(session, 4)
    first = client.get("/api/v1/articles?limit=2").get_json()
    an_article(session, "breaking", title="Breaking")  # the newest of all: before the cursor
    rest, _ = walk(client, first["next"], "articles")
    listed = [a["slug"] for a in first["articles"] + rest]
    assert listed == ["story-003", "story-002", "story-001", "story-000"]


def test_the_revisions_api_lists_metadata_and_links_not_texts(client, session):
    an_article(session, "story")
    revised(session, "story", 5)
    body = client.get("/api/v1/articles/story/revisions?limit=2").get_json()
    assert [r["number"] for r in body["revisions"]] == [5, 4]
    assert body["revisions"][0]["text"] is None
    text = "A test headline\n\nRevision 5.\n\nThe same last paragraph."
    assert body["revisions"][0]["size"] == len(text)
    assert body["revisions"][0]["url"].endswith("/api/v1/articles/story/revisions/5")
    items, _ = walk(client, body["next"], "revisions")
    assert [r["number"] for r in items] == [3, 2, 1]
    with_text = client.get("/api/v1/articles/story/revisions?include=text&limit=1").get_json()
    assert with_text["revisions"][0]["text"].startswith("A test headline\n\nRevision 5.")
    assert "include=text" in with_text["next"]


def test_the_groups_api_walks_the_queue_in_its_order(client, session):
    an_article(session, "story")
    token = a_token(session)
    a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter="a")
    a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter="b")
    a_report(session, "story", "Kyiv", "Kiev", reporter="c", kind="typo")
    a_report(session, "story", "February 2022", "February 24, 2022", reporter="d", kind="fact")
    auth = {"Authorization": f"Bearer {token}"}
    whole = client.get("/api/v1/groups?limit=200", headers=auth).get_json()["groups"]
    items, requests = walk(client, "/api/v1/groups?limit=1", "groups", auth)
    assert [g["id"] for g in items] == [g["id"] for g in whole] and len(items) == 3
    assert [g["quote"] for g in items] == ["Georgia Maloney", "February 2022", "Kyiv"]
    assert requests == 3


def test_the_sites_api_walks_by_cursor(client, session):
    token = a_token(session, "admin@example.com")
    editors.find_editor(session, "admin@example.com").role = "admin"
    session.commit()
    for index in range(3):
        a_site(session, f"Site {index}", origins=(f"https://s{index}.example",))
    items, requests = walk(
        client, "/api/v1/sites?limit=2", "sites", {"Authorization": f"Bearer {token}"}
    )
    assert [s["name"] for s in items] == ["Site 2", "Site 1", "Site 0"] and requests == 2


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=201",
        "limit=-3",
        "limit=abc",
        "limit=" + "9" * 30,
        "cursor=%%%",
        "cursor=Zm9v",
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/articles/story/revisions"])
def test_hostile_limits_and_cursors_are_a_422_naming_them(client, session, path, query):
    an_article(session, "story")
    answer = client.get(f"{path}?{query}")
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) <= {"limit", "cursor"}


def test_a_nul_in_a_cursor_is_a_400(client, session):
    answer = client.get("/api/v1/articles?cursor=abc%00")
    assert answer.status_code == 400
