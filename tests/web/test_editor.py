"""Editor pages: authentication everywhere, the whole loop, escaping of hostile reports."""

import re

import pytest
from sqlmodel import select

from factcheck.models import Group, Revision
from tests.builders import a_report, a_token, an_article, the_editor
from tests.web.conftest import login

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
]


@pytest.fixture
def demo_group(session):
    an_article(session, "story")
    report = a_report(session, "story", reporter="a")
    return session.get(Group, report.group_id)


def test_every_editor_route_requires_login(app, client, session, demo_group):
    """Walk the URL map: nothing under /editor/ or the editor API answers anonymously."""
    checked = 0
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not (path.startswith("/editor") or path.startswith("/api/v1/groups")):
            continue
        if rule.endpoint == "auth.login":
            continue
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: "story" if m[1] == "slug" else "1", path)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method)
            checked += 1
            if path.startswith("/api/"):
                assert response.status_code == 401, (method, url)
            elif rule.endpoint == "auth.logout":
                assert response.status_code == 302
            else:
                assert response.status_code == 302, (method, url)
                assert "/editor/login" in response.headers["Location"]
    assert checked >= 15


def test_a_wrong_password_gets_a_generic_message(client, session):
    the_editor(session)
    for email, password in (("editor@example.com", "wrong-password"), ("no@example.com", "x")):
        response = login(client, email, password)
        assert response.status_code == 401
        assert "Email or password is incorrect." in response.get_data(as_text=True)


def test_the_session_cookie_is_httponly_and_lax(client, session):
    the_editor(session)
    cookie = login(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_over_https(client, session):
    the_editor(session)
    response = client.post(
        "/editor/login",
        data={"email": "editor@example.com", "password": "a-long-password"},
        base_url="https://localhost",
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_login_only_redirects_within_the_site(client, session):
    the_editor(session)
    response = client.post(
        "/editor/login?next=//evil.example/",
        data={"email": "editor@example.com", "password": "a-long-password"},
    )
    assert response.headers["Location"] == "/editor/"


def test_logout_ends_the_session(logged_in):
    logged_in.post("/editor/logout")
    assert logged_in.get("/editor/").status_code == 302


def test_the_whole_loop_from_queue_to_published_correction(logged_in, session, demo_group):
    queue = logged_in.get("/editor/").get_data(as_text=True)
    assert f'href="/editor/groups/{demo_group.id}"' in queue
    page = logged_in.get(f"/editor/groups/{demo_group.id}").get_data(as_text=True)
    assert "<del>" in page and "<ins>" in page
    assert "misspelled the name of Giorgia Meloni" in page
    response = logged_in.post(
        f"/editor/groups/{demo_group.id}/apply",
        data={
            "choice": "0",
            "base_revision": "1",
            "summary": "Corrected name",
            "note": "An earlier version of this article misspelled the name of Giorgia Meloni.",
        },
    )
    assert response.status_code == 302
    article = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Giorgia Meloni" in article
    assert len(session.exec(select(Revision)).all()) == 2


def test_a_custom_correction_is_previewed_before_publishing(logged_in, demo_group):
    response = logged_in.post(
        f"/editor/groups/{demo_group.id}/preview",
        data={
            "choice": "custom",
            "custom": "Giorgia Meloni",
            "base_revision": "1",
            "summary": "Fix",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview the fix" in page and "<ins>" in page


def test_a_conflicting_apply_shows_the_conflict_page(logged_in, session, demo_group):
    an_article(session, "story", body="Everything was rewritten.")
    response = logged_in.post(
        f"/editor/groups/{demo_group.id}/apply",
        data={"choice": "0", "base_revision": "1", "summary": "Fix"},
    )
    assert response.status_code == 409
    assert "Edit conflict" in response.get_data(as_text=True)


def test_an_apply_without_summary_keeps_the_page_with_an_error(logged_in, demo_group):
    response = logged_in.post(
        f"/editor/groups/{demo_group.id}/apply",
        data={"choice": "0", "base_revision": "1", "summary": ""},
    )
    assert response.status_code == 422
    assert "Say what you changed." in response.get_data(as_text=True)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_report_text_is_inert_in_queue_and_group_pages(logged_in, session, payload):
    an_article(session, "story")
    report = a_report(session, "story", suggestion=payload, comment=payload, reporter="x")
    for url in ("/editor/", f"/editor/groups/{report.group_id}", "/editor/?q=" + payload):
        page = logged_in.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert 'href="javascript:' not in page


def test_reporter_emails_are_shown_to_admins_only(client, session, demo_group):
    a_report(session, "story", "Maloney", "Meloni", reporter="m", email="reader@example.com")
    the_editor(session)
    login(client)
    assert "reader@example.com" not in client.get(f"/editor/groups/{demo_group.id}").get_data(
        as_text=True
    )
    client.post("/editor/logout")
    the_editor(session, "admin@example.com", role="admin")
    login(client, "admin@example.com")
    page = client.get(f"/editor/groups/{demo_group.id}").get_data(as_text=True)
    assert "reader@example.com" in page


def test_admin_pages_are_forbidden_to_editors(logged_in):
    assert logged_in.get("/editor/audit").status_code == 403
    assert logged_in.get("/editor/admin/editors").status_code == 403


def test_a_merged_group_redirects_to_its_primary(logged_in, session, demo_group):
    # The id now: the request's end rolls the test session back, and the report then reads
    # as a member of the primary it was merged into.
    secondary = a_report(session, "story", "Last paragraph", "Final paragraph", reporter="z")
    secondary_id = secondary.group_id
    assert secondary_id != demo_group.id
    response = logged_in.post(f"/editor/groups/{secondary_id}/merge", data={"into": demo_group.id})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/editor/groups/{demo_group.id}")
    merged = session.get(Group, secondary_id)
    session.refresh(merged)
    assert (merged.status, merged.merged_into) == ("merged", demo_group.id)
    response = logged_in.get(f"/editor/groups/{secondary_id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/editor/groups/{demo_group.id}")


def test_bulk_reject_from_the_queue_asks_first_naming_the_count(logged_in, session, demo_group):
    asked = logged_in.post(
        "/editor/bulk", data={"action": "reject", "reason": "spam", "groups": [demo_group.id]}
    )
    assert asked.status_code == 200 and "Reject 1 group?" in asked.get_data(as_text=True)
    session.refresh(demo_group)
    assert demo_group.status == "open"  # nothing happens until confirmed
    response = logged_in.post(
        "/editor/bulk",
        data={"action": "reject", "reason": "spam", "groups": [demo_group.id], "confirmed": "1"},
    )
    assert response.status_code == 302
    session.refresh(demo_group)
    assert demo_group.status == "rejected"
    assert demo_group.reason == "Spam"


@pytest.mark.parametrize(
    ("query", "status", "lists_the_group"),
    [
        ("?page=-1", 422, False),  # not a page number: a broken link says so
        ("?page=abc", 422, False),
        ("?page=" + "9" * 40, 422, False),
        ("?kind=zzz", 200, False),  # a kind nothing has: an empty queue
        ("?q=" + "😀" * 500, 200, False),  # cut to 200 characters, matches nothing
        ("?status=bogus", 422, False),  # a filter with a closed set says which values
        ("?sort=bogus", 422, False),
        ("?sort=%3Cscript%3E", 422, False),
        ("?sort=readers&q=%D7%A9%D7%9C%D7%95%D7%9D", 200, False),  # right-to-left text
        ("?sort=oldest", 200, True),
        ("?sort=newest&kind=" + "x" * 5000, 200, False),
    ],
    ids=[
        "negative page",
        "word page",
        "huge page",
        "unknown kind",
        "long query",
        "bad status",
        "bad sort",
        "script sort",
        "rtl query",
        "oldest",
        "huge kind",
    ],
)
def test_queue_filters_and_pagination_survive_nonsense(
    logged_in, demo_group, query, status, lists_the_group
):
    response = logged_in.get("/editor/" + query)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert (f"/editor/groups/{demo_group.id}" in page) is lists_the_group
    if status == 422:
        expected = {"status": "Unknown status", "sort": "Unknown sort", "page": "Not a page"}
        assert next(v for k, v in expected.items() if k in query) in page


def test_the_groups_api_lists_and_applies(client, session, demo_group):
    token = a_token(session)
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/groups?article=story", headers=headers).get_json()
    assert [g["id"] for g in listed["groups"]] == [demo_group.id]
    group = listed["groups"][0]
    assert {"quote", "report_count", "reporters", "candidates", "first_seen", "last_seen"} <= (
        group.keys()
    )
    assert group["candidates"][0]["text"] == "Giorgia Meloni"
    body = {"text": "Giorgia Meloni", "base_revision": 1, "summary": "Fix"}
    applied = client.post(f"/api/v1/groups/{demo_group.id}/apply", json=body, headers=headers)
    assert applied.status_code == 201
    assert applied.get_json()["revision"] == 2
    again = client.post(f"/api/v1/groups/{demo_group.id}/apply", json=body, headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"]["current_revision"] == 2


def test_the_groups_api_rejects_and_refuses_bad_input(client, session, demo_group):
    headers = {"Authorization": f"Bearer {a_token(session)}"}
    bad = client.post(f"/api/v1/groups/{demo_group.id}/reject", json={"reason": 5}, headers=headers)
    assert bad.status_code == 422
    assert client.get("/api/v1/groups/999", headers=headers).status_code == 404
    assert client.get("/api/v1/groups?status=zzz", headers=headers).status_code == 422
    done = client.post(
        f"/api/v1/groups/{demo_group.id}/reject",
        json={"reason": "style", "detail": "House style"},
        headers=headers,
    )
    assert done.get_json()["status"] == "rejected"
