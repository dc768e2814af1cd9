"""Use cases for editor accounts and API tokens."""

import hashlib
import secrets
from contextlib import suppress

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from factcheck.domain.errors import Invalid, NotFound, Unauthorized
from factcheck.models import ApiToken, Editor, utcnow
from factcheck.services.audit import Actor, record
from factcheck.services.transactions import unit_of_work, use_case

ROLES = ("editor", "admin")
MIN_PASSWORD_CHARS = 10
TOKEN_PREFIX = "fct_"  # noqa: S105 (a visible prefix, not a secret)
_hasher = PasswordHasher()
# Verified against when the email is unknown, so a miss costs as much as a hit.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


# RFC 2047 encoded words and quoted local parts are valid but make a To: header show
# another address (services/reports.py refuses them from readers for the same reason).
_ODD_ADDRESS = ("=?", '"', "\\")


def normalise_email(email: str) -> str:
    if any(odd in email for odd in _ODD_ADDRESS):
        raise Invalid("That email address is not valid.", {"email": "Use a plain address."})
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise Invalid("That email address is not valid.", {"email": str(error)}) from None


@use_case
def create_editor(
    *,
    session: Session,
    email: str,
    password: str,
    role: str = "editor",
    actor: Actor = None,
) -> Editor:
    address = normalise_email(email)
    if role not in ROLES:
        raise Invalid("Unknown role.", {"role": f"Choose one of {', '.join(ROLES)}."})
    if len(password) < MIN_PASSWORD_CHARS:
        raise Invalid(
            "The password is too short.",
            {"password": f"Use at least {MIN_PASSWORD_CHARS} characters."},
        )
    editor = Editor(email=address, password_hash=_hasher.hash(password), role=role)
    session.add(editor)
    try:
        session.flush()
    except IntegrityError:
        raise Invalid("An editor with that email exists.", {"email": "Already taken."}) from None
    if actor is not None:
        record(
            session,
            actor,
            "create_editor",
            f"editor:{editor.id}",
            {},
            {"email": editor.email, "role": role},
        )
    return editor


def list_editors(session: Session, *, active_only: bool = False) -> list[Editor]:
    """Every editor account by email (or only those who can log in)."""
    statement = select(Editor).order_by(col(Editor.email))
    if active_only:
        statement = statement.where(col(Editor.active).is_(True))
    return list(session.exec(statement))


def get_editor(session: Session, editor_id: int) -> Editor:
    editor = session.get(Editor, editor_id)
    if editor is None:
        raise NotFound("No such editor.")
    return editor


def find_editor(session: Session, email: str) -> Editor:
    editor = session.exec(select(Editor).where(Editor.email == email.strip().lower())).first()
    if editor is None:
        raise NotFound(f"No editor {email!r}.")
    return editor


def check_password(session: Session, email: str, password: str) -> Editor | None:
    """The active editor with this email and password, or None (same cost either way)."""
    editor = session.exec(select(Editor).where(Editor.email == email.strip().lower())).first()
    try:
        _hasher.verify(editor.password_hash if editor else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if editor is None or not editor.active:
        return None
    return editor


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough to make a leaked table useless.
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def create_token(*, session: Session, email: str, actor: Actor = None) -> str:
    """Issue a new API token for an editor; only its hash is stored."""
    editor = find_editor(session, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(editor_id=editor.id, token_hash=hash_token(token)))  # type: ignore[arg-type]
    if actor is not None:
        record(session, actor, "create_token", f"editor:{editor.id}")
    return token


def editor_for_token(*, session: Session, token: str) -> Editor:
    """The active editor owning this bearer token; records its use."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()
    editor = session.get(Editor, row.editor_id) if row else None
    if row is None or editor is None or not editor.active:
        raise Unauthorized("A valid API token is required.")
    now = utcnow()
    # Record use at most once a minute: a read request should rarely have to write.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        # A busy database must not refuse a valid token: the stamp is dropped instead.
        with suppress(OperationalError), unit_of_work(session):
            row.last_used_at = now
            session.add(row)
    return editor


@use_case
def end_sessions(*, session: Session, editor_id: int) -> Editor:
    """End every login session of an editor, on every device (logout does this)."""
    editor = get_editor(session, editor_id)
    editor.session_version += 1
    session.add(editor)
    return editor


@use_case
def change_password(*, session: Session, editor_id: int, current: str, new: str) -> Editor:
    """A new password, given the current one; every other session of the editor ends."""
    editor = get_editor(session, editor_id)
    try:
        _hasher.verify(editor.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise Invalid("The current password is not right.", {"current": "Not right."}) from None
    if len(new) < MIN_PASSWORD_CHARS:
        raise Invalid(
            "The new password is too short.",
            {"new": f"Use at least {MIN_PASSWORD_CHARS} characters."},
        )
    editor.password_hash = _hasher.hash(new)
    editor.session_version += 1
    session.add(editor)
    record(session, editor, "change_password", f"editor:{editor.id}")
    return editor


def list_tokens(session: Session, editor_id: int) -> list[ApiToken]:
    """An editor's API tokens (only their hashes are stored), newest first."""
    statement = (
        select(ApiToken).where(ApiToken.editor_id == editor_id).order_by(col(ApiToken.id).desc())
    )
    return list(session.exec(statement))


@use_case
def revoke_token(*, session: Session, token_id: int, actor: Editor) -> None:
    """Revoke one API token: its row goes, so it never authenticates again."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("No such API token.")
    record(session, actor, "revoke_token", f"editor:{row.editor_id}", {"token": row.id}, {})
    session.delete(row)


@use_case
def revoke_bearer(*, session: Session, token: str) -> None:
    """Revoke the token a request came with (a CMS that retires its own credential)."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()
    if row is None:
        raise Unauthorized("A valid API token is required.")
    session.delete(row)


@use_case
def set_active(*, session: Session, editor_id: int, active: bool, actor: Editor) -> Editor:
    """Activate or deactivate an account (admins cannot lock themselves out)."""
    editor = session.get(Editor, editor_id)
    if editor is None:
        raise NotFound("No such editor.")
    if editor.id == actor.id and not active:
        raise Invalid("You cannot deactivate yourself.", {"active": "Ask another admin."})
    before = {"active": editor.active}
    editor.active = active
    if not active:
        editor.session_version += 1  # a deactivated editor is logged out everywhere
    session.add(editor)
    record(session, actor, "set_active", f"editor:{editor.id}", before, {"active": active})
    return editor
