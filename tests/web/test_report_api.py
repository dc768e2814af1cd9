"""POST /api/v1/articles/<slug>/reports and GET /api/v1/reports/<token>."""

import json

import pytest
from sqlmodel import select

from factcheck.models import Report
from tests.builders import an_article

URL = "/api/v1/articles/story/reports"


@pytest.fixture
def story(session):
    return an_article(session, "story").revision


def payload(story, **overrides):
    start = story.text.index("Georgia Maloney")
    data = {
        "revision": 1,
        "quote": "Georgia Maloney",
        "prefix": story.text[start - 32 : start],
        "suffix": story.text[start + 15 : start + 47],
        "start": start,
        "end": start + 15,
        "suggestion": "Giorgia Meloni",
        "comment": "",
        "kind": "name",
    }
    data.update(overrides)
    return data


def post(client, body, **kwargs):
    if not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    return client.post(URL, data=body, content_type="application/json", **kwargs)


def count(session):
    return len(session.exec(select(Report)).all())


def test_a_report_is_created_with_a_status_link(client, session, story):
    response = post(client, payload(story))
    assert response.status_code == 201
    data = response.get_json()
    assert {"id", "token", "status_url", "group", "revision", "start", "end"} <= data.keys()
    assert data["status_url"].endswith(f"/reports/{data['token']}")
    status = client.get(f"/api/v1/reports/{data['token']}").get_json()
    assert status["status"] in {"received", "grouped"}
    assert "email" not in status and "reporter" not in status


def test_sending_the_same_report_twice_returns_the_first(client, session, story):
    first = post(client, payload(story)).get_json()
    again = post(client, payload(story))
    assert again.status_code == 200
    assert again.get_json()["id"] == first["id"]
    assert count(session) == 1


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"quote": ""}, 422, "quote"),
        ({"quote": "q" * 301}, 422, "quote"),
        ({"suggestion": "s" * 301}, 422, "suggestion"),
        ({"comment": "c" * 2001}, 422, "comment"),
        ({"kind": "gossip"}, 422, "kind"),
        ({"email": "nope"}, 422, "email"),
        ({"revision": 99}, 422, "revision"),
        ({"revision": "1"}, 422, "revision"),
        ({"start": "ten"}, 422, "start"),
        ({"suggestion": "Georgia Maloney"}, 422, "suggestion"),
        ({"quote": "Not in the article", "start": None, "end": None}, 422, "quote"),
        ({"website": "http://spam.example"}, 422, "website"),
        ({"unexpected": 1}, 422, "unexpected"),
        ({"quote": "Georgia\x00Maloney"}, 422, "quote"),
    ],
)
def test_bad_reports_get_a_field_error_and_write_nothing(
    client, session, story, change, status, field
):
    response = post(client, payload(story, **change))
    assert response.status_code == status, response.get_data(as_text=True)
    assert field in response.get_json()["error"]["fields"]
    assert count(session) == 0


@pytest.mark.parametrize(
    "body", ["{", "", "null", "[]", '"text"', b"\xff\xfe", "[" * 50_000 + "]" * 50_000]
)
def test_malformed_bodies_are_400(client, session, story, body):
    response = post(client, body)
    assert response.status_code in (400, 413)
    assert response.get_json()["error"]["code"] in {"malformed", "too_large"}
    assert count(session) == 0


def test_bodies_over_16_kb_are_413(client, session, story):
    response = post(client, payload(story, comment="x" * 17_000))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert count(session) == 0


def test_unknown_articles_are_404(client, story):
    response = client.post(
        "/api/v1/articles/missing/reports", json={"revision": 1, "quote": "x", "suggestion": "y"}
    )
    assert response.status_code == 404


def test_unknown_report_tokens_are_404(client):
    assert client.get("/api/v1/reports/not-a-token").status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE report; --",
        "😀🇮🇹 Giorgia",
        "\u202eynoleM\u202c",
        "جورجيا ميلوني",
    ],
)
def test_hostile_suggestions_are_stored_as_text(client, session, story, text):
    response = post(client, payload(story, suggestion=text, comment=text))
    assert response.status_code == 201
    page = client.get(f"/reports/{response.get_json()['token']}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert session.exec(select(Report)).one().suggestion == text


def test_emoji_before_the_selection_are_counted_in_code_points(client, session):
    text = an_article(
        session, "story", title="😀 Emoji 𝔘 title", body="🇮🇹 Georgia Maloney"
    ).revision
    start = text.text.index("Georgia")
    response = post(client, payload(text, start=start, end=start + 15, prefix="", suffix=""))
    assert response.status_code == 201
    assert (response.get_json()["start"], response.get_json()["end"]) == (start, start + 15)
