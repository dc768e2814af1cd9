"""Admin pages: the audit log (filtered, in plain words), editor accounts, API tokens,
activation."""

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError
from factcheck.services import audit as audit_log
from factcheck.services import editors
from factcheck.web.auth import admin_required, current_editor
from factcheck.web.editor import admin_words
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import ActionForm, EditorForm
from factcheck.web.form_errors import flash_error, show_errors
from factcheck.web.params import page_number, whole_number

AUDIT_PER_PAGE = 100
# Longest filter value read from the query string; anything longer is refused unread.
MAX_FILTER_CHARS = 60
_TARGET = re.compile(r"[a-z_]{1,20}:[0-9]{1,10}")
# Where each kind of target is shown (an article's entries name it by id only).
_TARGET_PAGES = {
    "group": ("editor.group", "group_id"),
    "site": ("editor.edit_site", "site_id"),
    "webhook": ("webhooks.log", "webhook_id"),
}


def _day(raw: str) -> date | None:
    return date.fromisoformat(raw) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw) else None


def audit_filter(args: Mapping[str, str]) -> tuple[audit_log.AuditFilter, list[str]]:
    """The log's filter from `?action=&who=&on=&from=&to=`, and a sentence for each value
    that could not be used (that value is ignored; the rest still applies)."""
    problems: list[str] = []
    values = {
        name: (args.get(name) or "").strip() for name in ("action", "who", "on", "from", "to")
    }
    for name, value in values.items():
        if len(value) > MAX_FILTER_CHARS:
            problems.append(
                gettext("The “%(name)s” filter is too long; it was ignored.", name=name)
            )
            values[name] = ""
    action = values["action"] or None
    if action is not None and action not in audit_log.ACTIONS:
        problems.append(gettext("There is no such action; the action filter was ignored."))
        action = None
    editor_id: int | None = None
    via: str | None = None
    who = values["who"]
    if who == "cli":
        via = audit_log.COMMAND_LINE
    elif who == "system":
        via = ""
    elif who:
        editor_id = whole_number(who)
        if editor_id is None:
            problems.append(gettext("There is no such editor; the “who” filter was ignored."))
    target = values["on"] or None
    if target is not None and not _TARGET.fullmatch(target):
        problems.append(gettext("“On” takes a kind and a number, like group:12; it was ignored."))
        target = None
    days: dict[str, date | None] = {}
    not_a_date = {
        "from": gettext("“From” is not a date (YYYY-MM-DD); it was ignored."),
        "to": gettext("“To” is not a date (YYYY-MM-DD); it was ignored."),
    }
    for name in ("from", "to"):
        try:
            days[name] = _day(values[name]) if values[name] else None
        except ValueError:
            days[name] = None
        if values[name] and days[name] is None:
            problems.append(not_a_date[name])
    since = datetime.combine(days["from"], time(), UTC) if days["from"] else None
    until = None
    if days["to"]:
        try:
            until = datetime.combine(days["to"], time(), UTC) + timedelta(days=1)
        except OverflowError:  # 9999-12-31: the day after does not exist; no end then
            until = None
    if since and until and since >= until:
        problems.append(gettext("“From” is after “To”; the dates were ignored."))
        since = until = None
    chosen = audit_log.AuditFilter(
        action=action, editor_id=editor_id, via=via, target=target, since=since, until=until
    )
    return chosen, problems


def filter_values(where: audit_log.AuditFilter) -> dict[str, str]:
    """The query string values that spell `where` (for the pager and the form)."""
    values: dict[str, str] = {}
    if where.action:
        values["action"] = where.action
    if where.editor_id is not None:
        values["who"] = str(where.editor_id)
    elif where.via is not None:
        values["who"] = "cli" if where.via == audit_log.COMMAND_LINE else "system"
    if where.target:
        values["on"] = where.target
    if where.since:
        values["from"] = where.since.date().isoformat()
    if where.until:
        values["to"] = (where.until - timedelta(days=1)).date().isoformat()
    return values


def target_link(target: str) -> str | None:
    """The page an entry's target is shown on, if it has one."""
    kind, _, number = target.partition(":")
    identifier = whole_number(number)
    if identifier is None:
        return None
    if kind == "editor":
        return url_for("editor.manage_editors")
    page = _TARGET_PAGES.get(kind)
    if page is None:
        return None
    endpoint, argument = page
    values: dict[str, Any] = {argument: identifier}
    return url_for(endpoint, **values)


@bp.get("/audit")
@admin_required
def audit() -> ResponseReturnValue:
    session = get_session()
    people = editors.list_editors(session)
    where, problems = audit_filter(request.args)
    result = audit_log.entries_page(
        session,
        page=page_number(request.args.get("page")),
        per_page=AUDIT_PER_PAGE,
        where=where,
    )
    # The pager and the form keep the values that were used, and only those.
    kept = filter_values(where)
    return render_template(
        "editor/audit.html",
        entries=result.items,
        result=result,
        people={person.id: person.email for person in people},
        editors_list=people,
        actions=admin_words.action_words(),
        describe=admin_words.describe,
        target_kind=admin_words.target_kind,
        details=audit_log.details,
        target_link=target_link,
        where=where,
        problems=problems,
        kept=kept,
        count_cap=audit_log.COUNT_CAP,
    )


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
            if created.role == "admin":
                flash(gettext("Created admin %(email)s.", email=created.email))
            else:
                flash(gettext("Created editor %(email)s.", email=created.email))
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
        if person.active:
            flash(gettext("%(email)s is now active.", email=person.email))
        else:
            flash(gettext("%(email)s is now deactivated.", email=person.email))
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
        flash(gettext("API token revoked."))
    return redirect(url_for("editor.manage_editors"))
