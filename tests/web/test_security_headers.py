"""Every response carries the security headers: HTML, JSON, static files and errors."""

import pytest

from tests.builders import an_article

PATHS = {
    "html page": "/",
    "json": "/api/v1/articles",
    "static file": "/static/site.css",
    "html error": "/articles/no-such-story",
    "json error": "/api/v1/articles/no-such-story",
    "health": "/healthz",
}


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in policy.split(";")
        if part.strip()
    }


@pytest.mark.parametrize("path", PATHS.values(), ids=PATHS.keys())
def test_every_kind_of_response_carries_the_security_headers(client, path):
    response = client.get(path)
    directives = csp_directives(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_posted_form_error_carries_the_headers_too(client, session):
    an_article(session, "story")
    response = client.post("/articles/story/report", data={"quote": ""})
    assert response.status_code == 422
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://news.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


class TestWithHstsOff:
    @pytest.fixture
    def app_config(self):
        return {"HSTS": False}

    def test_hsts_can_be_turned_off(self, client):
        secure = client.get("/", base_url="https://news.example")
        assert "Strict-Transport-Security" not in secure.headers


class TestEmbeddingAllowed:
    @pytest.fixture
    def app_config(self):
        return {"FRAME_ANCESTORS": "'self' https://www.newsroom.example"}

    def test_frame_ancestors_comes_from_the_configuration(self, client):
        directives = csp_directives(client.get("/"))
        assert directives["frame-ancestors"] == "'self' https://www.newsroom.example"


def test_article_page_has_no_inline_script_or_style(client, session):
    an_article(session, "story")
    page = client.get("/articles/story").get_data(as_text=True)
    # The only <script> elements are external files or JSON-LD data blocks.
    for chunk in page.split("<script")[1:]:
        opening = chunk.split(">", 1)[0]
        assert "src=" in opening or 'type="application/ld+json"' in opening, opening
    assert " style=" not in page
    assert " onclick=" not in page.lower()
