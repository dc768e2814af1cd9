"""Public article pages."""

import re
from html import unescape

from tests.builders import an_article


def test_the_article_list_links_every_article(client, session):
    an_article(session, "one", title="First story")
    an_article(session, "two", title="Second story")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/articles/one"' in page
    assert "Second story" in page


def test_an_empty_list_says_how_to_seed(client):
    assert "flask --app app seed" in client.get("/").get_data(as_text=True)


def test_each_block_carries_its_canonical_start_offset(client, session):
    result = an_article(session, "emoji", title="😀 Astral 𝔘 headline", body="Café.\n\nשלום עולם")
    page = client.get("/articles/emoji").get_data(as_text=True)
    text = result.revision.text
    blocks = re.findall(r'data-start="(\d+)">([^<]*)<', page)
    assert len(blocks) == 3
    for start, shown in blocks:
        shown = unescape(shown)
        assert text[int(start) : int(start) + len(shown)] == shown
    assert 'data-revision="1"' in page


def test_an_old_revision_says_so_and_links_to_the_current_one(client, session):
    an_article(session, "story", body="Georgia Maloney")
    an_article(session, "story", body="Giorgia Meloni")
    old = client.get("/articles/story/revisions/1").get_data(as_text=True)
    assert "revision 1 of this article" in old
    assert 'href="/articles/story"' in old
    assert "Georgia Maloney" in old
    current = client.get("/articles/story/revisions/2").get_data(as_text=True)
    assert "revision 1 of this article" not in current


def test_unknown_articles_and_revisions_get_a_friendly_404(client, session):
    an_article(session, "story")
    for url in ("/articles/nope", "/articles/story/revisions/9", "/articles/story/revisions/-1"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Not found" in response.get_data(as_text=True)
    assert client.get("/articles/story/revisions/abc").status_code == 404


def test_hostile_titles_are_escaped(client, session):
    an_article(session, "xss", title='<script>alert(1)</script>"><img src=x onerror=alert(2)>')
    page = client.get("/articles/xss").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_pages_work_on_phones(client, session):
    an_article(session, "story")
    page = client.get("/articles/story").get_data(as_text=True)
    assert 'name="viewport"' in page


def test_absurd_revision_numbers_are_404_not_500(client, session):
    an_article(session, "story")
    assert client.get("/articles/story/revisions/" + "9" * 40).status_code == 404
    assert client.get("/api/v1/articles/story/revisions/" + "9" * 40).status_code == 404
