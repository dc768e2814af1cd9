"""Editor login with Flask-Login: throttled, generic errors, session cookie HttpOnly and Lax."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError
from factcheck.models import Editor
from factcheck.services import editors
from factcheck.web.form_errors import show_errors
from factcheck.web.limits import limiter
from factcheck.web.params import whole_number
from factcheck.web.reader_messages import N_

bp = Blueprint("auth", __name__, url_prefix="/editor")
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = N_("Please log in to continue.")
# Flask-Login flashes its message through this, in the page's language.
login_manager.localize_callback = gettext
F = TypeVar("F", bound=Callable[..., Any])
GENERIC_FAILURE = N_("Email or password is incorrect.")


class EditorUser:
    """Flask-Login's view of an editor (the table row stays a plain model)."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.is_authenticated = True
        self.is_active = editor.active
        self.is_anonymous = False

    def get_id(self) -> str:
        return str(self.editor.id)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1000)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1000)])


class SecureWhenHttps(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


# What a login session carries besides Flask-Login's user id.
_VERSION, _SEEN = "fc_version", "fc_seen"


@login_manager.user_loader
def load_user(user_id: str) -> EditorUser | None:
    """The logged-in editor, while the session is still theirs: not ended by a logout,
    password change or deactivation elsewhere (the editor's session version moved on),
    and used within the idle limit."""
    number = whole_number(user_id)
    if number is None:
        return None
    editor = get_session().get(Editor, number)
    if editor is None or not editor.active:
        return None
    now = int(time.time())
    idle_limit = current_app.config["SESSION_IDLE_MINUTES"] * 60
    seen = session.get(_SEEN)
    if session.get(_VERSION) != editor.session_version or not isinstance(seen, int):
        return None
    if now - seen > idle_limit:
        return None
    if now - seen >= 60:  # rewrite the cookie at most once a minute
        session[_SEEN] = now
    return EditorUser(editor)


def start_session(editor: Editor) -> None:
    login_user(EditorUser(editor))
    session[_VERSION] = editor.session_version
    session[_SEEN] = int(time.time())


def current_editor() -> Editor:
    editor: Editor = current_user.editor
    return editor


def editor_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_editor().role != "admin":
            abort(403, gettext("Only admins can do this."))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _account_key() -> str:
    # Per account *and* client: a stranger guessing an editor's password locks only
    # themselves out, never the editor (the per-client limit above bounds them anyway).
    account = (request.form.get("email") or "").strip().lower()[:320]
    return f"login:{account}:{get_remote_address()}"


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never bounce a fresh login to another host.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("editor.queue")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10/minute;60/hour", methods=["POST"])
@limiter.limit("5/minute;20/hour", methods=["POST"], key_func=_account_key)
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        editor = editors.check_password(
            get_session(), form.email.data or "", form.password.data or ""
        )
        if editor is not None:
            start_session(editor)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [gettext(GENERIC_FAILURE)]
    status = 401 if form.is_submitted() and form.errors else 200
    return render_template("editor/login.html", form=form), status


@bp.route("/account/password", methods=["GET", "POST"])
@editor_required
def change_password() -> ResponseReturnValue:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            editor = editors.change_password(
                session=get_session(),
                editor_id=current_editor().id or 0,
                current=form.current.data or "",
                new=form.new.data or "",
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.new)
        else:
            start_session(editor)  # this session goes on; every other one has ended
            flash(gettext("Password changed. Your other sessions are logged out."))
            return redirect(url_for("editor.queue"))
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template("editor/password.html", form=form), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Log out everywhere: every session of this editor ends, not only this cookie's."""
    if current_user.is_authenticated:
        editors.end_sessions(session=get_session(), editor_id=current_editor().id or 0)
    logout_user()
    session.clear()
    flash(gettext("You are logged out."))
    return redirect(url_for("auth.login"))


def _forget_user(_exc: BaseException | None) -> None:
    # The logged-in editor belongs to the request's database session, which ends with the
    # request; never let a later request in the same app context see a stale copy.
    g.pop("_login_user", None)


def init_app(app: Flask) -> None:
    app.session_interface = SecureWhenHttps()
    login_manager.init_app(app)
    app.teardown_request(_forget_user)
