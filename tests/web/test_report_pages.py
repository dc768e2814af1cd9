"""The no-JavaScript report form and the status page."""

import re

import pytest
from sqlmodel import select

from factcheck.models import Report
from tests.builders import an_article


@pytest.fixture
def story(session):
    return an_article(session, "story").revision


def form(**overrides):
    data = {"revision": "1", "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"}
    data.update({"kind": "name", **overrides})
    return data


def test_the_article_page_offers_the_report_link_and_hint(client, story):
    page = client.get("/articles/story").get_data(as_text=True)
    assert 'href="/articles/story/report"' in page
    assert "Ctrl</kbd>+<kbd>Enter" in page
    # The same script newsrooms embed, without a site key.
    assert '<script src="/embed.js" defer></script>' in page
    assert 'data-factcheck-article="story"' in page


def test_the_form_page_has_labelled_fields(client, story):
    page = client.get("/articles/story/report").get_data(as_text=True)
    for label in ("Text to correct", "Correction", "Comment", "Kind", "Email"):
        assert label in page
    assert 'name="revision" type="hidden" value="1"' in page


def test_a_form_report_leads_to_its_status_page(client, session, story):
    response = client.post("/articles/story/report", data=form())
    assert response.status_code == 303
    status = client.get(response.headers["Location"])
    page = status.get_data(as_text=True)
    assert "Thank you" in page
    assert "Georgia Maloney" in page
    assert session.exec(select(Report)).one().quote == "Georgia Maloney"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quote": ""}, "Paste the words"),
        ({"suggestion": "Georgia Maloney", "comment": ""}, "Nothing to correct"),
        ({"quote": "Not in this article"}, "could not be found"),
        ({"email": "nope"}, "does not look right"),
        ({"kind": "gossip"}, "Not a valid choice"),
        ({"website": "spam"}, "Leave this field empty"),
        ({"comment": "c" * 2001}, "2000"),
    ],
)
def test_form_errors_are_shown_next_to_the_fields_and_keep_the_input(
    client, session, story, overrides, message
):
    response = client.post(
        "/articles/story/report", data=form(**{"comment": "keep me", **overrides})
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    typed = {**form(comment="keep me"), **overrides}
    for name in ("suggestion", "comment"):
        assert typed[name][:100] in page  # what the reader typed is not lost
    assert session.exec(select(Report)).all() == []


def test_the_status_page_shows_nothing_about_other_reporters(client, session, story):
    client.post("/articles/story/report", data=form(email="first@example.com"))
    second = client.post(
        "/articles/story/report",
        data=form(suggestion="Giorgia Meloni!", email="second@example.com"),
    )
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "first@example.com" not in page
    assert "second@example.com" not in page


def test_unknown_status_tokens_get_a_friendly_404(client):
    response = client.get("/reports/nope")
    assert response.status_code == 404
    assert "No report with that link" in response.get_data(as_text=True)


def test_status_pages_are_not_indexed(client, story):
    location = client.post("/articles/story/report", data=form()).headers["Location"]
    assert re.search(
        r'name="robots" content="noindex"', client.get(location).get_data(as_text=True)
    )
