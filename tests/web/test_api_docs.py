"""/api/docs renders the spec's Markdown safely and shows an example request and answer for
every route; every example in /openapi.json conforms to the schema real answers are
checked against (tests/web/test_openapi.py: answers_as_documented)."""

import html as html_module
import re

import pytest
from jsonschema import Draft202012Validator

from factcheck.web.markdown import render


def test_markdown_renders_code_bold_links_paragraphs_and_lists():
    out = str(
        render(
            "Use `PUT /articles`, **always**.\n\n- one *item*\n"
            "- [docs](https://x.example/a?b=1&c=2)\n\n1. first\n2. second"
        )
    )
    assert "<p>Use <code>PUT /articles</code>, <strong>always</strong>.</p>" in out
    assert "<ul><li>one <em>item</em></li>" in out
    assert '<a href="https://x.example/a?b=1&amp;c=2">docs</a>' in out
    assert "<ol><li>first</li><li>second</li></ol>" in out
    assert "`" not in out


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '[x](https://a.example/"onmouseover="alert(1))',
        "[x](//evil.example/)",
        "`<img src=x onerror=alert(1)>`",
        "**<b>bold</b>**",
        "\x00`\x00 0 \x00`",
        "שלום \u202e `קוד` 😀" * 200,
        "*" * 5000,
        "`" * 5001,
    ],
)
def test_markdown_never_lets_markup_through(hostile):
    out = str(render(hostile))
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert 'href="javascript' not in out and 'href="//' not in out
    assert '"onmouseover' not in out
    # Whatever the input, the text survives (escaped), tags are only the renderer's own.
    tags = set(re.findall(r"</?([a-z]+)", out))
    assert tags <= {"p", "ul", "ol", "li", "code", "strong", "em", "a"}


def test_every_example_in_the_spec_conforms_to_its_schema(client):
    spec = client.get("/openapi.json").get_json()
    checked = 0
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            media = [operation.get("requestBody", {}).get("content", {}).get("application/json")]
            media += [
                answer["content"]["application/json"]
                for status, answer in operation["responses"].items()
                if status.startswith("2")
            ]
            for body in filter(None, media):
                assert "example" in body, (method, path)
                schema = {**body["schema"], "components": spec["components"]}
                validator = Draft202012Validator(
                    schema, format_checker=Draft202012Validator.FORMAT_CHECKER
                )
                errors = [e.message for e in validator.iter_errors(body["example"])]
                assert errors == [], (method, path, errors)
                checked += 1
    assert checked > 15


def test_the_reference_page_shows_markdown_and_an_example_per_route(client):
    spec = client.get("/openapi.json").get_json()
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # The info description's `{"error": …}` is code, not literal backticks.
    assert "<code>{&#34;error&#34;" in html or "<code>{&#34;error" in html
    assert "`" not in re.sub(r"<pre>.*?</pre>", "", html, flags=re.S)
    operations = sum(len(methods) for methods in spec["paths"].values())
    assert html.count("<h3>Example request</h3>") == operations
    assert html.count("curl ") >= operations
    assert "-X POST" in html and "Authorization: Bearer $FACTCHECK_TOKEN" in html
    # The report example is the demo error, as JSON a client could send.
    assert "Giorgia Meloni" in html
    assert "http://localhost/api/v1/articles/italy-signals-peace-talks" in html
    examples = re.findall(r"<h3>Example response <small>(\d+)</small></h3>", html)
    assert len(examples) == operations


def test_the_example_request_for_a_report_is_accepted_by_the_api(client, session):
    from tests.builders import an_article

    an_article(session, "italy-signals-peace-talks")
    spec = client.get("/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/articles/{slug}/reports"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["example"]
    answer = client.post("/api/v1/articles/italy-signals-peace-talks/reports", json=body)
    # The example is schema-valid; the anchor may or may not fit this article's text, but
    # the server must understand it: a report, or a field error naming the anchor.
    assert answer.status_code in (200, 201, 422), answer.get_data(as_text=True)
    if answer.status_code == 422:
        fields = answer.get_json()["error"]["fields"]
        assert set(fields) <= {"quote", "start", "end", "prefix", "suffix", "revision"}


def test_the_page_is_plain_html_without_literal_markdown(client):
    html = html_module.unescape(client.get("/api/docs").get_data(as_text=True))
    assert "**" not in re.sub(r"<pre>.*?</pre>", "", html, flags=re.S)
