"""Public history, diffs, correction notes, corrections page, feeds and structured data."""

import json
import re
from html import unescape

import feedparser
import pytest

from factcheck.services import triage
from tests.builders import a_report, a_token, an_article, the_editor

NOTE = "An earlier version of this article misspelled the name of Giorgia Meloni."


@pytest.fixture
def fixed(session):
    """The demo loop: a report, then an editor's fix with a correction note."""
    an_article(session, "story")
    report = a_report(session, "story", reporter="a")
    editor = the_editor(session)
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Corrected name",
        note=NOTE,
        editor=editor,
    )
    return report


def test_the_article_shows_its_dated_correction_note_and_history_link(client, fixed):
    page = client.get("/articles/story").get_data(as_text=True)
    assert NOTE in page
    assert 'href="/articles/story/history"' in page
    assert re.search(r"<time datetime=\"[^\"]+\">\d+ \w+ \d{4}</time>: " + re.escape(NOTE), page)


def test_notes_can_sit_at_the_top(app, client, fixed):
    app.config["NOTES_POSITION"] = "top"
    page = client.get("/articles/story").get_data(as_text=True)
    assert page.index("corrections-box") < page.index('class="story"')


def test_json_ld_carries_dates_and_the_correction(client, fixed):
    page = client.get("/articles/story").get_data(as_text=True)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert {"datePublished", "dateModified", "headline"} <= data.keys()
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": NOTE,
            "datePublished": data["correction"][0]["datePublished"],
        }
    ]


def test_json_ld_cannot_be_broken_out_of(client, session, token_headers=None):
    an_article(session, "story", title="</script><script>alert(1)</script>")
    page = client.get("/articles/story").get_data(as_text=True)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(raw)["headline"] == "</script><script>alert(1)</script>"


def test_history_lists_both_revisions_with_the_fixed_group(client, fixed):
    page = client.get("/articles/story/history").get_data(as_text=True)
    assert 'href="/articles/story/revisions/2"' in page
    assert 'href="/articles/story/revisions/1"' in page
    assert "Corrected name" in page
    assert "correction</span>" in page
    assert "(1 report)" in page
    assert "+14" in page and "−15" in page  # "Giorgia Meloni" replaced "Georgia Maloney"
    assert 'name="from"' in page and 'name="to"' in page


def test_the_diff_highlights_exactly_the_changed_name_down_to_the_letters(client, fixed):
    page = client.get("/articles/story/diff?from=1&to=2").get_data(as_text=True)
    deleted = re.findall(r"<del>(.*?)</del>", page, re.S)
    inserted = re.findall(r"<ins>(.*?)</ins>", page, re.S)
    text = lambda html: unescape(re.sub(r"<span class=\"sr-only\">[^<]*</span>|<[^>]+>", "", html))  # noqa: E731
    assert [text(d) for d in deleted if "Removed text" not in d] == ["Georgia Maloney"]
    assert [text(i) for i in inserted if "Added text" not in i] == ["Giorgia Meloni"]
    assert '<span class="ch ch-del">e</span>' in page and '<span class="ch ch-ins">i</span>' in page


def test_long_runs_of_unchanged_paragraphs_are_folded(client, session):
    body = "\n\n".join(f"Paragraph number {n}." for n in range(12))
    an_article(session, "story", body=body)
    an_article(session, "story", body=body.replace("number 6.", "number six."))
    page = client.get("/articles/story/diff").get_data(as_text=True)
    assert "<details" in page and "unchanged paragraphs" in page


def test_the_split_view_shows_two_columns(client, fixed):
    page = client.get("/articles/story/diff?from=1&to=2&view=split").get_data(as_text=True)
    assert 'class="split-diff"' in page
    assert "Revision 1</th>" in page and "Revision 2</th>" in page


def test_a_moved_paragraph_is_shown_as_moved(client, session):
    an_article(session, "story", body="Alpha one.\n\nBeta two.\n\nGamma three.\n\nDelta four.")
    an_article(session, "story", body="Beta two.\n\nGamma three.\n\nDelta four.\n\nAlpha one.")
    page = client.get("/articles/story/diff").get_data(as_text=True)
    assert "Moved to paragraph" in page and "Moved from paragraph" in page
    assert "removed paragraph" not in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?from=abc&to=2", 422),
        ("?from=1&to=99", 404),
        ("?from=-1", 422),
        ("?from=1&to=2&view=fancy", 422),
        ("?from=" + "9" * 400, 422),
        ("?from=²", 422),
        ("?to=2147483648", 404),
    ],
)
def test_bad_diff_parameters_are_clear_errors(client, fixed, query, status):
    response = client.get("/articles/story/diff" + query)
    assert response.status_code == status
    assert "Traceback" not in response.get_data(as_text=True)


def test_the_diff_api_gives_operations_that_rebuild_the_new_text(client, fixed):
    from factcheck.domain.diffing import apply_text_ops

    data = client.get("/api/v1/articles/story/diff?from=1&to=2").get_json()
    old = client.get("/api/v1/articles/story/revisions/1").get_json()["text"]
    new = client.get("/api/v1/articles/story/revisions/2").get_json()["text"]
    assert apply_text_ops(old, data["operations"]) == new
    changed = [op for op in data["operations"] if op["op"] != "equal"]
    assert changed and all("Maloney" in op["old"] or "Georgia" in op["old"] for op in changed)
    assert client.get("/api/v1/articles/story/diff?from=x").status_code == 422


def test_the_corrections_page_and_feed_carry_the_entry(client, fixed):
    page = client.get("/corrections").get_data(as_text=True)
    assert NOTE in page and 'href="/articles/story"' in page
    response = client.get("/corrections.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.summary for entry in feed.entries] == [NOTE]
    assert feed.entries[0].link.endswith("/articles/story/diff?to=2")


def test_the_article_history_feed_lists_every_revision(client, fixed):
    feed = feedparser.parse(client.get("/articles/story/history.atom").data)
    assert not feed.bozo
    assert len(feed.entries) == 2


def test_an_empty_corrections_feed_is_still_valid(client):
    feed = feedparser.parse(client.get("/corrections.atom").data)
    assert not feed.bozo
    assert feed.entries == []


def test_an_editor_can_revert_to_an_earlier_revision(client, session, fixed):
    the_editor(session)
    client.post(
        "/editor/login", data={"email": "editor@example.com", "password": "a-long-password"}
    )
    response = client.post(
        "/editor/articles/story/revert", data={"to": "1", "summary": "Revert: name was right"}
    )
    assert response.status_code == 302
    data = client.get("/api/v1/articles/story").get_json()
    assert data["revision"] == 3
    assert "Georgia Maloney" in data["text"]
    history = client.get("/articles/story/history").get_data(as_text=True)
    assert "Revert: name was right" in history


def test_revert_needs_a_login(client, fixed):
    response = client.post("/editor/articles/story/revert", data={"to": "1", "summary": "x"})
    assert response.status_code == 302
    assert "/editor/login" in response.headers["Location"]


def test_the_whole_loop_through_the_api(client, session):
    an_article(session, "story")
    headers = {"Authorization": f"Bearer {a_token(session)}"}
    report = client.post(
        "/api/v1/articles/story/reports",
        json={
            "revision": 1,
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
        },
    ).get_json()
    client.post(
        f"/api/v1/groups/{report['group']}/apply",
        json={"text": "Giorgia Meloni", "base_revision": 1, "summary": "Fix", "note": NOTE},
        headers=headers,
    )
    status = client.get(f"/api/v1/reports/{report['token']}").get_json()
    assert (status["status"], status["fixed_revision"]) == ("fixed", 2)
    assert client.get("/api/v1/articles/story/revisions/2").get_json()["note"] == NOTE
