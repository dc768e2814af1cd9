"""JSON API v1: articles, revisions and CMS ingest."""

import json

import pytest
from sqlmodel import select

from factcheck.models import Revision
from tests.builders import a_token, an_article


@pytest.fixture
def token(session):
    return a_token(session)


def put(client, slug, payload, token, **kwargs):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.put(f"/api/v1/articles/{slug}", data=body, headers=headers, **kwargs)


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code
    assert "Traceback" not in response.get_data(as_text=True)
    return error


def test_articles_are_listed_with_their_current_revision(client, session):
    an_article(session, "story")
    an_article(session, "story", body="Changed.")
    articles = client.get("/api/v1/articles").get_json()["articles"]
    assert [(a["slug"], a["revision"]) for a in articles] == [("story", 2)]


def test_an_article_carries_its_canonical_text(client, session):
    result = an_article(session, "story")
    data = client.get("/api/v1/articles/story").get_json()
    assert data["text"] == result.revision.text
    assert data["revision"] == 1
    assert {"published_at", "updated_at", "title", "slug"} <= data.keys()


def test_revisions_are_listed_and_fetched_one_by_one(client, session):
    an_article(session, "story", body="One.")
    an_article(session, "story", body="Two.", summary="Second")
    listed = client.get("/api/v1/articles/story/revisions").get_json()["revisions"]
    assert [r["number"] for r in listed] == [2, 1]
    one = client.get("/api/v1/articles/story/revisions/1").get_json()
    assert one["text"].endswith("One.")
    assert {"number", "title", "text", "summary", "note", "created_at"} <= one.keys()


def test_unknown_articles_and_revisions_are_json_404s(client, session):
    an_article(session, "story")
    assert_error(client.get("/api/v1/articles/nope"), 404, "not_found")
    assert_error(client.get("/api/v1/articles/story/revisions/7"), 404, "not_found")
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_a_cms_creates_revises_and_repeats_an_article(client, session, token):
    payload = {"title": "Head", "body": "Georgia Maloney spoke."}
    created = put(client, "story", payload, token)
    assert created.status_code == 201
    assert created.get_json()["revision"] == 1
    revised = put(client, "story", {**payload, "body": "Giorgia Meloni spoke."}, token)
    assert revised.status_code == 200
    assert revised.get_json()["status"] == "revised"
    assert revised.get_json()["revision"] == 2
    same = put(client, "story", {**payload, "body": "Giorgia  Meloni spoke.\n"}, token)
    assert (same.status_code, same.get_json()["status"]) == (200, "unchanged")
    assert len(session.exec(select(Revision)).all()) == 2


def test_ingest_needs_a_valid_token(client, session):
    payload = {"title": "Head", "body": "Body"}
    assert_error(put(client, "story", payload, None), 401, "unauthorized")
    assert_error(put(client, "story", payload, "fct_forged"), 401, "unauthorized")
    response = client.put(
        "/api/v1/articles/story", json=payload, headers={"Authorization": "Basic abc"}
    )
    assert_error(response, 401)
    assert session.exec(select(Revision)).all() == []


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ("{not json", 400, None),
        ("", 400, None),
        ("[1, 2]", 400, None),
        (b"\xff\xfe\x00garbage", 400, None),
        ("[" * 100_000 + "]" * 100_000, 400, None),
        ({"title": 5, "body": "Body"}, 422, "title"),
        ({"title": "T"}, 422, "body"),
        ({"title": "", "body": "Body"}, 422, "title"),
        ({"title": "T", "body": "   "}, 422, "body"),
        ({"title": "T", "body": "B", "extra": 1}, 422, "extra"),
        ({"title": "T", "body": "B", "summary": "s" * 501}, 422, "summary"),
        ({"title": "T", "body": "x" * 200_001}, 413, "body"),
        ({"title": "T\x00", "body": "B"}, 422, "title"),
    ],
)
def test_bad_ingest_input_gets_a_clear_error_and_writes_nothing(
    client, session, token, payload, status, field
):
    error = assert_error(put(client, "story", payload, token), status)
    if field:
        assert field in error["fields"]
    assert session.exec(select(Revision)).all() == []


def test_a_ten_megabyte_body_is_refused_as_too_large(client, session, token):
    huge = json.dumps({"title": "T", "body": "x" * (10 * 1024 * 1024)})
    assert_error(put(client, "story", huge, token), 413, "too_large")


def test_a_bad_slug_is_refused(client, token):
    error = assert_error(put(client, "Bad%20Slug", {"title": "T", "body": "B"}, token), 422)
    assert "slug" in error["fields"]


@pytest.mark.parametrize(
    "hostile",
    [
        "Robert'); DROP TABLE article;--",
        "<script>alert(1)</script>",
        "😀" * 5000,
        "\u202eevil\u202c right-to-left override שלום",
        "Z̷̢͉a̸l̶g̵o̷" * 500,
    ],
)
def test_hostile_text_is_stored_verbatim_and_served_as_data(client, session, token, hostile):
    response = put(client, "story", {"title": "Title", "body": hostile}, token)
    assert response.status_code == 201
    text = client.get("/api/v1/articles/story").get_json()["text"]
    assert text.split("\n\n", 1)[1] == " ".join(hostile.split())
    page = client.get("/articles/story").get_data(as_text=True)
    assert "<script>alert(1)" not in page


def test_wrong_methods_answer_405_as_json(client):
    assert_error(client.delete("/api/v1/articles"), 405)
