"""Reports from a registered site's own pages: POST /api/v1/sites/<key>/reports, GET
/api/v1/sites/<key>, CORS for the site's origins only, reader ids."""

import json

import pytest
from sqlmodel import select

from factcheck.models import AuditEntry, Group, Report
from tests.builders import DEMO_SENTENCE, a_site, a_token, an_article

ORIGIN = "https://news.example"
PAGE = "https://news.example/2024/01/10/story/"
READER = "reader-aaaaaaaaaaaaaaaa"
OTHER_READER = "reader-bbbbbbbbbbbbbbbb"


@pytest.fixture
def site(session):
    return a_site(session, origins=(ORIGIN, "http://localhost:5001"))


@pytest.fixture
def story(session, site):
    return an_article(session, "story", url=PAGE, site=site.key).revision


def report_body(**overrides):
    # What the widget sends: quote and context from the page's text, with its typography
    # (here the same words), offsets in the page's text (a hint only), no revision.
    sentence = DEMO_SENTENCE
    start = sentence.index("Georgia Maloney")
    data = {
        "article": "story",
        "page_url": PAGE + "#comments",
        "quote": "Georgia Maloney",
        "prefix": sentence[start - 32 : start],
        "suffix": sentence[start + 15 : start + 47],
        "start": 500 + start,
        "end": 500 + start + 15,
        "suggestion": "Giorgia Meloni",
        "kind": "name",
    }
    data.update(overrides)
    return data


def post(client, site, body, *, origin=ORIGIN, content_type="application/json", **kwargs):
    headers = {"Origin": origin} if origin else {}
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        f"/api/v1/sites/{site.key}/reports",
        data=data,
        content_type=content_type,
        headers=headers,
        **kwargs,
    )


def reports_in(session):
    session.rollback()
    return session.exec(select(Report)).all()


def error_code(response):
    return response.get_json()["error"]["code"]


def test_a_report_from_a_registered_origin_is_created_with_cors_headers(
    client, session, site, story
):
    response = post(client, site, report_body())
    assert response.status_code == 201, response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Set-Cookie" not in response.headers
    answer = response.get_json()
    assert answer["repeat"] is False
    start = story.text.index("Georgia Maloney")
    assert (answer["start"], answer["end"]) == (start, start + 15)
    [report] = reports_in(session)
    assert report.site_id == site.id
    assert report.page_url == PAGE  # the fragment dropped
    assert report.revision == 1 and report.seen_revision == 1


def test_a_site_report_and_a_native_report_of_the_same_error_join_one_group(
    client, session, site, story
):
    start = story.text.index("Georgia Maloney")
    native = client.post(
        "/api/v1/articles/story/reports",
        json={
            "revision": 1,
            "quote": "Georgia Maloney",
            "start": start,
            "end": start + 15,
            "suggestion": "Giorgia Meloni",
            "kind": "name",
            "reader": OTHER_READER,
        },
    )
    assert native.status_code == 201
    embedded = post(client, site, report_body(reader=READER))
    assert embedded.status_code == 201
    assert embedded.get_json()["group"] == native.get_json()["group"]
    session.rollback()
    group = session.get(Group, native.get_json()["group"])
    assert (group.report_count, group.reporter_count) == (2, 2)


def test_a_preflight_from_a_registered_origin_is_a_204_with_the_cors_headers(client, site, story):
    for path in (f"/api/v1/sites/{site.key}/reports", f"/api/v1/sites/{site.key}"):
        response = client.options(
            path,
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert response.status_code == 204, path
        headers = response.headers
        assert headers["Access-Control-Allow-Origin"] == ORIGIN
        assert headers["Access-Control-Allow-Methods"] == "GET, POST"
        assert headers["Access-Control-Allow-Headers"] == "Content-Type"
        assert headers["Access-Control-Max-Age"] == "600"
        assert "Origin" in headers["Vary"]
        assert "Access-Control-Allow-Credentials" not in headers


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "https://news.example.evil.example", "null", None]
)
def test_a_preflight_from_any_other_origin_is_a_403_without_cors_headers(client, site, origin):
    headers = {"Access-Control-Request-Method": "POST"}
    if origin:
        headers["Origin"] = origin
    response = client.options(f"/api/v1/sites/{site.key}/reports", headers=headers)
    assert response.status_code == 403
    assert error_code(response) == "forbidden_origin"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_preflight_for_an_unknown_site_is_a_403(client, site):
    response = client.options("/api/v1/sites/site_nope/reports", headers={"Origin": ORIGIN})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://news.example", "https://news.example:8443"]
)
def test_a_report_from_an_unregistered_origin_is_a_403_and_writes_nothing(
    client, session, site, story, origin
):
    response = post(client, site, report_body(), origin=origin)
    assert response.status_code == 403
    assert error_code(response) == "forbidden_origin"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert reports_in(session) == []


def test_a_report_without_an_origin_header_is_a_403_and_writes_nothing(
    client, session, site, story
):
    response = post(client, site, report_body(), origin=None)
    assert response.status_code == 403
    assert error_code(response) == "forbidden_origin"
    assert reports_in(session) == []


def test_an_origin_matches_whatever_its_case_and_default_port(client, session, site, story):
    response = post(client, site, report_body(), origin="HTTPS://News.Example:443")
    assert response.status_code == 201


def test_an_unknown_site_key_is_a_404_site_not_found(client, session, site, story):
    for key, code in (
        ("site_unknown", "site_not_found"),
        ("x" * 300, "site_not_found"),
        ("a%00b", "not_found"),
    ):
        response = client.post(
            f"/api/v1/sites/{key}/reports", json=report_body(), headers={"Origin": ORIGIN}
        )
        assert response.status_code == 404, key
        assert error_code(response) == code  # a NUL in a path is refused at the edge
    assert reports_in(session) == []


def test_a_deactivated_site_is_a_404_and_writes_nothing(client, session, site, story):
    from factcheck.services import sites

    sites.deactivate(session=session, site_id=site.id)
    assert post(client, site, report_body()).status_code == 404
    assert client.get(f"/api/v1/sites/{site.key}").status_code == 404
    assert reports_in(session) == []


def test_an_article_the_site_never_ingested_is_a_404_article_not_found(
    client, session, site, story
):
    an_article(session, "elsewhere")  # an article, but not this site's
    for article in ("elsewhere", "no-such-article", "https://news.example/never/", "Not a slug!"):
        response = post(client, site, report_body(article=article))
        assert response.status_code == 404, article
        error = response.get_json()["error"]
        assert error["code"] == "article_not_found"
        assert error["message"] == "This article is not known to the editors yet."
        # The widget may read why: the origin is registered.
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert reports_in(session) == []


@pytest.mark.parametrize(
    "reference",
    [
        PAGE,
        PAGE + "#comments",
        "HTTPS://NEWS.EXAMPLE/2024/01/10/story/",
        "https://news.example:443/2024/01/10/story/#",
    ],
)
def test_the_article_is_found_by_its_canonical_url(client, session, site, story, reference):
    response = post(client, site, report_body(article=reference))
    assert response.status_code == 201, response.get_json()
    [report] = reports_in(session)
    assert report.article_id == story.article_id


def test_a_revision_sent_by_the_page_is_used_and_a_missing_one_means_the_current(
    client, session, site, story
):
    an_article(session, "story", body="A new first paragraph.\n\n" + DEMO_SENTENCE, site=site.key)
    old = post(client, site, report_body(revision=1, reader=READER))
    assert old.status_code == 201
    current = post(client, site, report_body(reader=OTHER_READER))
    assert current.status_code == 201
    stored = {r.reporter: r.seen_revision for r in reports_in(session)}
    assert sorted(stored.values()) == [1, 2]


def test_a_text_plain_body_is_a_415_and_writes_nothing(client, session, site, story):
    """A form or fetch on any page can send text/plain without a preflight."""
    # The native route takes no foreign origin at all (403 first, test_attack_regressions);
    # from no page, it too refuses anything but JSON.
    for path, body, headers in (
        (f"/api/v1/sites/{site.key}/reports", report_body(), {"Origin": ORIGIN}),
        ("/api/v1/articles/story/reports", {**report_body(), "revision": 1}, {}),
    ):
        for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
            response = client.post(
                path,
                data=json.dumps(body),
                content_type=content_type or None,
                headers=headers,
            )
            assert response.status_code == 415, (path, content_type)
            assert response.mimetype == "application/json"
            assert error_code(response) == "unsupported_media_type"
    assert reports_in(session) == []


def test_a_415_to_a_registered_origin_still_carries_the_cors_headers(client, site, story):
    response = post(client, site, report_body(), content_type="text/plain")
    assert response.status_code == 415
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN


def test_two_readers_behind_one_address_are_two_reporters(client, session, site, story):
    first = post(client, site, report_body(reader=READER))
    second = post(client, site, report_body(reader=OTHER_READER))
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json()["repeat"] is False
    session.rollback()
    group = session.get(Group, first.get_json()["group"])
    assert (group.report_count, group.reporter_count) == (2, 2)


def test_without_a_valid_reader_id_one_address_is_one_reporter(client, session, site, story):
    first = post(client, site, report_body(reader="short"))
    again = post(client, site, report_body(reader="x" * 65))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["repeat"] is True


def test_the_same_reader_twice_is_a_repeat_that_keeps_a_new_email_and_comment(
    client, session, site, story
):
    first = post(client, site, report_body(reader=READER))
    assert first.status_code == 201
    again = post(
        client,
        site,
        report_body(reader=READER, email="Reader@Example.com", comment="Her name is Giorgia."),
    )
    assert again.status_code == 200
    answer = again.get_json()
    assert answer["repeat"] is True
    assert answer["id"] == first.get_json()["id"]
    assert "already reported" in answer["message"]
    assert "write to you" in answer["message"]
    [report] = reports_in(session)
    assert report.email == "Reader@example.com"
    assert report.comment == "Her name is Giorgia."
    third = post(
        client,
        site,
        report_body(reader=READER, email="new@example.com", comment="Her name is Giorgia."),
    )
    assert third.get_json()["repeat"] is True
    [report] = reports_in(session)
    assert report.email == "new@example.com"  # the newest address they gave
    assert report.comment == "Her name is Giorgia."  # the same comment is not repeated


def test_a_repeat_with_a_different_comment_appends_it(client, session, site, story):
    post(client, site, report_body(reader=READER, comment="First thought."))
    post(client, site, report_body(reader=READER, comment="Second thought."))
    post(client, site, report_body(reader=READER))
    [report] = reports_in(session)
    assert report.comment == "First thought.\n\nSecond thought."


def test_a_repeat_without_anything_new_says_so_and_changes_nothing(client, session, site, story):
    post(client, site, report_body(reader=READER))
    again = post(client, site, report_body(reader=READER))
    assert again.status_code == 200
    assert again.get_json()["message"] == "You already reported this error; the editors have it."
    [report] = reports_in(session)
    assert report.email is None and report.comment == ""


def test_the_reader_id_counts_on_the_article_endpoint_too(client, session, story):
    def send(reader):
        return client.post(
            "/api/v1/articles/story/reports",
            json={
                "revision": 1,
                "quote": "Georgia Maloney",
                "suggestion": "Giorgia Meloni",
                "reader": reader,
            },
        )

    assert send(READER).status_code == 201
    assert send(OTHER_READER).status_code == 201
    assert send(READER).get_json()["repeat"] is True


def test_the_page_offsets_are_only_a_hint(client, session, site, story):
    response = post(client, site, report_body(start=0, end=15))
    assert response.status_code == 201
    start = story.text.index("Georgia Maloney")
    assert response.get_json()["start"] == start


def test_a_bad_page_url_is_a_422_naming_it(client, session, site, story):
    response = post(client, site, report_body(page_url="javascript:alert(1)"))
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"page_url"}
    assert reports_in(session) == []


def test_the_site_endpoint_shows_what_the_widget_needs(client, session):
    site = a_site(session, "Kyiv News", origins=(ORIGIN,), language="uk", selector=".story")
    response = client.get(f"/api/v1/sites/{site.key}", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response.get_json() == {
        "key": site.key,
        "name": "Kyiv News",
        "language": "uk",
        "selector": ".story",
    }
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    other = client.get(f"/api/v1/sites/{site.key}", headers={"Origin": "https://evil.example"})
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other.headers
    assert client.get("/api/v1/sites/site_unknown").status_code == 404


def test_a_report_writes_no_audit_entry_and_sets_no_cookie(client, session, site, story):
    before = len(session.exec(select(AuditEntry)).all())
    response = post(client, site, report_body())
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers
    session.rollback()
    assert len(session.exec(select(AuditEntry)).all()) == before


def test_an_admin_registers_and_lists_sites_through_the_api(client, session):
    from tests.builders import the_editor

    the_editor(session, "admin@example.com", role="admin")
    token = a_token(session, "admin@example.com")
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.post(
        "/api/v1/sites",
        json={"name": "Kyiv Daily", "origins": ["HTTPS://News.Example.com:443"], "language": "uk"},
        headers=auth,
    )
    assert answer.status_code == 201, answer.get_json()
    created = answer.get_json()
    assert created["key"].startswith("site_")
    assert (created["origins"], created["language"], created["active"]) == (
        ["https://news.example.com"],
        "uk",
        True,
    )
    listed = client.get("/api/v1/sites", headers=auth).get_json()["sites"]
    assert [s["key"] for s in listed] == [created["key"]]


def test_a_bad_origin_is_a_422_naming_it_and_registers_nothing(client, session):
    from tests.builders import the_editor

    the_editor(session, "admin@example.com", role="admin")
    auth = {"Authorization": f"Bearer {a_token(session, 'admin@example.com')}"}
    answer = client.post(
        "/api/v1/sites", json={"name": "X", "origins": ["ftp://x.example"]}, headers=auth
    )
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"origins"}
    assert client.get("/api/v1/sites", headers=auth).get_json()["sites"] == []


def test_only_an_admins_token_manages_sites(client, session):
    auth = {"Authorization": f"Bearer {a_token(session)}"}  # an editor, not an admin
    assert client.get("/api/v1/sites", headers=auth).status_code == 403
    answer = client.post(
        "/api/v1/sites", json={"name": "X", "origins": ["https://x.example"]}, headers=auth
    )
    assert answer.status_code == 403
    assert client.get("/api/v1/sites").status_code == 401
