"""Every HTML form POST needs a CSRF token; the JSON API does not use cookies."""

import pytest

from tests.builders import an_article


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def test_a_form_post_without_a_csrf_token_is_refused_kindly(client, session):
    an_article(session, "story")
    response = client.post(
        "/articles/story/report",
        data={"revision": "1", "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # In the reader's words, not Flask-WTF's ("The CSRF token is missing."), and translated.
    assert "This form has expired or was sent from another page." in page
    assert "Traceback" not in page


def test_a_form_post_with_its_token_works(client, session):
    an_article(session, "story")
    page = client.get("/articles/story/report").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/articles/story/report",
        data={
            "csrf_token": token,
            "revision": "1",
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
        },
    )
    assert response.status_code == 303


def test_the_json_api_needs_no_csrf_token(client, session):
    an_article(session, "story")
    response = client.post(
        "/api/v1/articles/story/reports",
        json={"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"},
    )
    assert response.status_code == 201
