"""Admin pages: the audit log, editor accounts, API tokens, activation."""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError
from factcheck.services import audit as audit_log
from factcheck.services import editors
from factcheck.web.auth import admin_required, current_editor
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import ActionForm, EditorForm
from factcheck.web.form_errors import flash_error, show_errors
from factcheck.web.params import page_number

AUDIT_PER_PAGE = 100


@bp.get("/audit")
@admin_required
def audit() -> ResponseReturnValue:
    session = get_session()
    people = {e.id: e.email for e in editors.list_editors(session)}
    result = audit_log.entries_page(
        session, page=page_number(request.args.get("page")), per_page=AUDIT_PER_PAGE
    )
    return render_template("editor/audit.html", entries=result.items, result=result, people=people)


def _editors_page(form: EditorForm, **extra: Any) -> ResponseReturnValue:
    session = get_session()
    people = editors.list_editors(session)
    tokens = {person.id: editors.list_tokens(session, person.id or 0) for person in people}
    return render_template(
        "editor/editors.html",
        form=form,
        people=people,
        tokens=tokens,
        action_form=ActionForm(),
        **extra,
    )


@bp.route("/admin/editors", methods=["GET", "POST"])
@admin_required
def manage_editors() -> ResponseReturnValue:
    form = EditorForm()
    if form.validate_on_submit():
        try:
            created = editors.create_editor(
                session=get_session(),
                email=form.email.data or "",
                password=form.password.data or "",
                role="admin" if form.admin.data else "editor",
                actor=current_editor(),
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.email)
        else:
            flash(f"Created {created.role} {created.email}.")
            return redirect(url_for("editor.manage_editors"))
    return _editors_page(form)


@bp.post("/admin/editors/<int:editor_id>/token")
@admin_required
def issue_token(editor_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    person = editors.get_editor(session, editor_id)
    token = editors.create_token(session=session, email=person.email, actor=current_editor())
    return _editors_page(EditorForm(formdata=None), token=token, token_for=person.email)


@bp.post("/admin/editors/<int:editor_id>/active")
@admin_required
def toggle_active(editor_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    person = editors.get_editor(session, editor_id)
    try:
        editors.set_active(
            session=session, editor_id=editor_id, active=not person.active, actor=current_editor()
        )
    except FactcheckError as error:
        flash_error(error)
    else:
        flash(f"{person.email} is now {'active' if person.active else 'deactivated'}.")
    return redirect(url_for("editor.manage_editors"))


@bp.post("/admin/tokens/<int:token_id>/revoke")
@admin_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revoke one API token (a leaked or retired CMS credential); the others keep working."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        editors.revoke_token(session=get_session(), token_id=token_id, actor=current_editor())
    except FactcheckError as error:
        flash_error(error)
    else:
        flash("API token revoked.")
    return redirect(url_for("editor.manage_editors"))
