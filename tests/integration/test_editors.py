"""Editor accounts and API tokens."""

import pytest
from sqlmodel import select

from factcheck.domain.errors import Invalid, Unauthorized
from factcheck.models import ApiToken, Editor
from factcheck.services import editors


def test_passwords_are_stored_as_argon2_hashes(session):
    editors.create_editor(session=session, email="Ed@Example.com", password="a-long-password")
    editor = session.exec(select(Editor)).one()
    assert editor.email == "ed@example.com"
    assert editor.password_hash.startswith("$argon2")
    assert "a-long-password" not in editor.password_hash


def test_the_right_password_finds_the_editor_and_a_wrong_one_does_not(session):
    editors.create_editor(session=session, email="ed@example.com", password="a-long-password")
    assert editors.check_password(session, "ED@example.com", "a-long-password") is not None
    assert editors.check_password(session, "ed@example.com", "wrong-password") is None
    assert editors.check_password(session, "nobody@example.com", "a-long-password") is None


@pytest.mark.parametrize(
    ("email", "password", "role", "field"),
    [
        ("not-an-email", "a-long-password", "editor", "email"),
        ("ed@example.com", "short", "editor", "password"),
        ("ed@example.com", "a-long-password", "owner", "role"),
    ],
)
def test_bad_editor_details_are_refused(session, email, password, role, field):
    with pytest.raises(Invalid) as raised:
        editors.create_editor(session=session, email=email, password=password, role=role)
    assert field in raised.value.fields


def test_an_email_can_belong_to_one_editor_only(session):
    editors.create_editor(session=session, email="ed@example.com", password="a-long-password")
    with pytest.raises(Invalid, match="exists"):
        editors.create_editor(session=session, email="ed@example.com", password="another-pass")


def test_tokens_are_stored_hashed_and_identify_their_editor(session):
    editors.create_editor(session=session, email="ed@example.com", password="a-long-password")
    token = editors.create_token(session=session, email="ed@example.com")
    stored = session.exec(select(ApiToken)).one()
    assert token not in stored.token_hash
    assert stored.token_hash == editors.hash_token(token)
    assert editors.editor_for_token(session=session, token=token).email == "ed@example.com"
    session.refresh(stored)
    assert stored.last_used_at is not None


def test_unknown_tokens_and_inactive_editors_are_refused(session):
    editors.create_editor(session=session, email="ed@example.com", password="a-long-password")
    token = editors.create_token(session=session, email="ed@example.com")
    with pytest.raises(Unauthorized):
        editors.editor_for_token(session=session, token=token + "x")
    editor = session.exec(select(Editor)).one()
    editor.active = False
    session.add(editor)
    session.commit()
    with pytest.raises(Unauthorized):
        editors.editor_for_token(session=session, token=token)
