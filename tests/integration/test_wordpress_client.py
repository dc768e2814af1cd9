"""The WordPress client against a fake WordPress on loopback: the requests it sends, and
every answer a real one rarely gives (server errors, HTML, huge bodies, odd redirects,
incomplete JSON) read as a ConnectorError of the right kind that never holds the password.
The real WordPress is in tests/wordpress/."""

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from factcheck.connectors import ConnectorError
from factcheck.connectors.wordpress import WordPressClient
from factcheck.domain.outbound import parse_allowance

SECRET = "Abcd1234Efgh5678Ijkl9012"


def a_post(post_id: int, **overrides: Any) -> dict[str, Any]:
    post = {
        "id": post_id,
        "slug": f"post-{post_id}",
        "link": f"https://news.example.com/2024/01/10/post-{post_id}/",
        "title": {"raw": f"Post {post_id}", "rendered": f"Post {post_id}"},
        "content": {"raw": "<p>It's here.</p>", "rendered": "<p>It&#8217;s here.</p>"},
        "date_gmt": "2024-01-10T07:00:00",
        "modified_gmt": "2024-01-11T08:30:00",
        "status": "publish",
    }
    post.update(overrides)
    return post


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    method: str
    route: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


class FakeWordPress:
    """Answers each request with `answer(seen)`; records what it got."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.answer = lambda seen: Reply()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(
                    self.command,
                    query.pop("rest_route", ""),
                    query,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                fake.seen.append(seen)
                reply = fake.answer(seen)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, **overrides: Any) -> WordPressClient:
        overrides.setdefault("allowance", parse_allowance(f"127.0.0.1:{self.port}"))
        overrides.setdefault("timeout", 3.0)
        return WordPressClient(
            self.url, "editor", " ".join([SECRET[:12], SECRET[12:]]), **overrides
        )

    def close(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=5)


@pytest.fixture
def fake() -> Iterator[FakeWordPress]:
    server = FakeWordPress()
    yield server
    server.close()


def json_reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    sent = {"Content-Type": "application/json", **(headers or {})}
    return Reply(status, json.dumps(data).encode(), sent)


def failure(fake: FakeWordPress, call: Any) -> ConnectorError:
    with pytest.raises(ConnectorError) as failed:
        call(fake.client())
    error = failed.value
    for text in (str(error), repr(error)):
        assert SECRET not in text and SECRET[:12] not in text
    return error


def test_requests_go_through_rest_route_with_basic_auth_and_json(fake):
    fake.answer = lambda seen: json_reply(a_post(7))
    post = fake.client().update_content(7, "<p>Fixed “quote”.</p>")
    [seen] = fake.seen
    assert (seen.method, seen.route, seen.query) == ("POST", "/wp/v2/posts/7", {"context": "edit"})
    token = base64.b64decode(seen.headers["authorization"].removeprefix("Basic "))
    assert token == f"editor:{SECRET}".encode()  # the spaces of the grouped form dropped
    assert seen.headers["content-type"].startswith("application/json")
    assert json.loads(seen.body) == {"content": "<p>Fixed “quote”.</p>"}
    assert post.id == 7 and post.raw == "<p>It's here.</p>"
    assert post.date_gmt.isoformat() == "2024-01-10T07:00:00+00:00"
    assert post.modified_gmt == "2024-01-11T08:30:00"


def test_changed_posts_asks_for_each_page_and_sends_gmt_with_a_zone(fake):
    def pages(seen: Seen) -> Reply:
        page = int(seen.query["page"])
        return json_reply(
            [a_post(page * 10), a_post(page * 10 + 1)], headers={"X-WP-TotalPages": "3"}
        )

    fake.answer = pages
    posts = list(fake.client(per_page=2).changed_posts("2024-01-11T08:30:00"))
    assert [p.id for p in posts] == [10, 11, 20, 21, 30, 31]
    assert [s.query["page"] for s in fake.seen] == ["1", "2", "3"]
    assert fake.seen[0].query == {
        "context": "edit",
        "status": "publish",
        "orderby": "modified",
        "order": "asc",
        "per_page": "2",
        "modified_after": "2024-01-11T08:30:00Z",
        "page": "1",
    }


def test_changed_posts_stops_at_an_empty_page_or_without_the_header(fake):
    fake.answer = lambda seen: json_reply([a_post(1)])
    assert [p.id for p in fake.client().changed_posts(None)] == [1]
    assert "modified_after" not in fake.seen[0].query
    fake.answer = lambda seen: json_reply([], headers={"X-WP-TotalPages": "9"})
    assert list(fake.client().changed_posts(None)) == []
    with pytest.raises(ValueError):
        list(fake.client().changed_posts("yesterday"))


@pytest.mark.parametrize("status", [500, 502, 503, 429, 408])
def test_server_errors_and_overload_are_unreachable(fake, status):
    fake.answer = lambda seen: Reply(status, b"<html>Bad gateway</html>")
    error = failure(fake, lambda c: c.check())
    assert error.kind == "unreachable"
    assert f"HTTP {status}" in str(error) and "try again later" in str(error)


def test_a_closed_port_is_unreachable_in_coarse_words(fake):
    client = fake.client()
    fake.close()
    with pytest.raises(ConnectorError) as down:
        client.check()
    assert down.value.kind == "unreachable"
    assert "is unreachable (no valid HTTP answer from the receiver)" in str(down.value)


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(200, b"<!doctype html><p>Hello</p>"), "did not answer with JSON"),
        (Reply(200, b""), "empty answer"),
        (json_reply({"id": 1}), "account details"),
        (json_reply({"id": 1, "capabilities": ["edit_posts"]}), "account details"),
    ],
)
def test_answers_it_cannot_use_are_invalid(fake, reply, words):
    fake.answer = lambda seen: reply
    error = failure(fake, lambda c: c.check())
    assert error.kind == "invalid" and words in str(error)


def test_an_answer_past_the_cap_is_invalid_not_half_read(fake):
    fake.answer = lambda seen: json_reply([a_post(1, slug="x" * 3_000_000)])
    assert len(list(fake.client().changed_posts(None))) == 1  # 16 MB by default
    small = fake.client(max_bytes=1024 * 1024)
    with pytest.raises(ConnectorError) as cut:
        list(small.changed_posts(None))
    assert cut.value.kind == "invalid" and "larger than 1 MB" in str(cut.value)


def test_a_post_with_a_field_missing_or_without_its_source(fake):
    broken = a_post(3)
    del broken["link"]
    fake.answer = lambda seen: json_reply(broken)
    assert failure(fake, lambda c: c.get_post(3)).kind == "invalid"
    fake.answer = lambda seen: json_reply(a_post(3, content={"rendered": "<p>x</p>"}))
    error = failure(fake, lambda c: c.get_post(3))
    assert error.kind == "capability" and "source of post 3" in str(error)


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("https://news.example.com/wp/?rest_route=/x&token=abc", "https://news.example.com/wp/"),
        ("https://user:pass@evil.example:8443/a", "https://evil.example:8443/a"),
        ("https://evil.example/\x07<script>", "another address"),
        ("", "another address"),
    ],
)
def test_a_redirect_names_where_it_goes_without_its_query(fake, location, shown):
    fake.answer = lambda seen: Reply(301, b"", {"Location": location} if location else {})
    error = failure(fake, lambda c: c.check())
    assert error.kind == "invalid"
    assert f"redirects to {shown} (HTTP 301)" in str(error)
    assert len(fake.seen) == 1  # never followed


@pytest.mark.parametrize(
    ("status", "code", "kind", "words"),
    [
        (401, "incorrect_password", "auth", "refused the Application Password of “editor”"),
        (401, "invalid_username", "auth", "WordPress has no user “editor”"),
        (401, "application_passwords_disabled", "auth", "turned off"),
        (401, "rest_not_logged_in", "auth", "did not accept “editor”"),
        (403, "rest_cannot_edit", "capability", "does not let “editor” edit post 5"),
        (404, "rest_post_invalid_id", "not_found", "no such post"),
        (404, "rest_no_route", "invalid", "REST API is not available"),
        (400, "rest_invalid_param", "rejected", "refused to edit post 5 (HTTP 400"),
        (413, "<script>", "rejected", "(HTTP 413)."),
    ],
)
def test_refusals_read_as_their_kind(fake, status, code, kind, words):
    fake.answer = lambda seen: json_reply({"code": code, "message": SECRET}, status)
    error = failure(fake, lambda c: c.update_content(5, "<p>x</p>"))
    assert error.kind == kind
    assert words in str(error)
    if status == 401:
        assert str(error).startswith("Wrong user or Application Password")


def test_find_by_url_asks_by_slug_and_checks_the_link(fake):
    link = "https://news.example.com/2024/01/10/post-4/"

    def by_slug(seen: Seen) -> Reply:
        if seen.route == "/wp/v2/posts/4":
            return json_reply(a_post(4, link=link))
        assert seen.query["slug"] == "post-4"
        return json_reply([a_post(4, link=link.replace("/10/", "/11/")), a_post(4, link=link)])

    fake.answer = by_slug
    client = fake.client()
    assert client.find_by_url("https://NEWS.example.com/2024/01/10/post-4?x=1#c").id == 4
    assert client.find_by_url("https://news.example.com/?p=4").id == 4
    assert client.find_by_url("https://other.example/?p=4") is None
    assert client.find_by_url("https://news.example.com/2020/post-4/") is None
    assert client.find_by_url("javascript:alert(1)") is None


def test_the_client_never_shows_its_password(fake):
    client = fake.client()
    assert repr(client) == f"WordPressClient('{fake.url}', user='editor')"
    assert SECRET not in repr(client) and SECRET not in str(client)


def test_check_names_only_the_capability_the_account_lacks(fake):
    caps = {"edit_posts": True, "edit_others_posts": True, "unfiltered_html": False}
    fake.answer = lambda seen: json_reply({"id": 3, "name": "Ed", "capabilities": caps})
    error = failure(fake, lambda c: c.check())
    assert error.kind == "capability"
    assert "lacks the capability unfiltered_html, which Factcheck needs" in str(error)
    assert "edit_others_posts" not in str(error).split("needs:")[1].split(".")[0]
    caps["unfiltered_html"] = True
    account = fake.client().check()
    assert (account.id, account.name) == (3, "Ed")
    assert account.capabilities == {"edit_posts", "edit_others_posts", "unfiltered_html"}
