"""Sessions that end: logout, a password change and deactivation end every session of the
editor server-side (a saved cookie stops working), idle sessions expire, and API tokens are
revoked one by one (attack run: a cookie saved before logout still changed rows)."""

import re
import time

import pytest
from sqlmodel import select

from factcheck.models import Group
from factcheck.services import editors
from tests.builders import a_report, a_token, an_article, the_editor

PASSWORD = "a-long-password"


def login(client, email="editor@example.com", password=PASSWORD):
    answer = client.post("/editor/login", data={"email": email, "password": password})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]


def copy_of(app, client):
    """A second browser holding the same (saved) session cookie."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    return other


def in_queue(client) -> bool:
    return client.get("/editor/").status_code == 200


@pytest.fixture
def group_id(session):
    an_article(session, "story")
    return a_report(session, "story").group_id


def test_logout_ends_a_saved_copy_of_the_session(app, client, session, group_id):
    the_editor(session)
    login(client)
    saved = copy_of(app, client)
    assert in_queue(saved)
    assert client.post("/editor/logout").status_code == 302

    assert not in_queue(saved)
    answer = saved.post(f"/editor/groups/{group_id}/reject", data={"reason": "spam"})
    assert answer.status_code == 302 and "/editor/login" in answer.headers["Location"]
    session.rollback()
    assert session.get(Group, group_id).status == "open"


def test_logging_in_again_after_logout_works(app, client, session):
    the_editor(session)
    login(client)
    client.post("/editor/logout")
    login(client)
    assert in_queue(client)


def test_a_password_change_ends_every_other_session_but_this_one(app, client, session):
    the_editor(session)
    login(client)
    elsewhere = app.test_client()
    login(elsewhere)
    answer = client.post(
        "/editor/account/password", data={"current": PASSWORD, "new": "another-long-password"}
    )
    assert answer.status_code == 302
    assert in_queue(client)
    assert not in_queue(elsewhere)
    fresh = app.test_client()
    assert (
        fresh.post(
            "/editor/login", data={"email": "editor@example.com", "password": PASSWORD}
        ).status_code
        == 401
    )
    login(fresh, password="another-long-password")


def test_a_wrong_current_password_changes_nothing(client, session):
    the_editor(session)
    login(client)
    answer = client.post(
        "/editor/account/password", data={"current": "wrong-password", "new": "another-one-12"}
    )
    assert answer.status_code == 422
    assert "not right" in answer.get_data(as_text=True).lower()
    assert in_queue(client)


def test_deactivation_ends_the_editors_sessions(app, client, session):
    admin = the_editor(session, "admin@example.com", role="admin")
    person = the_editor(session)
    login(client)
    assert in_queue(client)
    editors.set_active(session=session, editor_id=person.id, active=False, actor=admin)
    editors.set_active(session=session, editor_id=person.id, active=True, actor=admin)
    assert not in_queue(client)  # reactivated, but the old session stays ended


def test_an_idle_session_expires(app, client, session):
    the_editor(session)
    login(client)
    with client.session_transaction() as cookie:
        cookie["fc_seen"] = int(time.time()) - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    assert not in_queue(client)


def test_an_admin_revokes_one_api_token_and_the_other_keeps_working(app, client, session):
    the_editor(session, "admin@example.com", role="admin")
    first, second = a_token(session), a_token(session)
    login(client, "admin@example.com")
    page = client.get("/editor/admin/editors").get_data(as_text=True)
    actions = re.findall(r'action="(/editor/admin/tokens/\d+/revoke)"', page)
    assert len(actions) == 2
    # Newest first: the second action revokes the first token.
    assert client.post(actions[1]).status_code == 302
    api = app.test_client()
    assert (
        api.get("/api/v1/groups", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    )
    assert (
        api.get("/api/v1/groups", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    )


def test_a_client_revokes_its_own_token_through_the_api(client, session):
    token = a_token(session)
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.delete("/api/v1/token", headers=auth)
    assert (answer.status_code, answer.get_json()) == (200, {"revoked": True})
    assert client.get("/api/v1/groups", headers=auth).status_code == 401
    assert client.delete("/api/v1/token", headers=auth).status_code == 401
    session.rollback()
    from factcheck.models import ApiToken

    assert session.exec(select(ApiToken)).all() == []
