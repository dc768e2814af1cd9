"""Editors keep the house stylebook of names: list, add, edit, delete, import and export CSV."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from factcheck.db import get_session
from factcheck.domain.checker import NAME_KINDS
from factcheck.domain.errors import FactcheckError
from factcheck.models import StyleName
from factcheck.services import stylebook
from factcheck.web.auth import current_editor, editor_required
from factcheck.web.form_errors import flash_error, show_errors
from factcheck.web.params import page_number

bp = Blueprint("stylebook", __name__, url_prefix="/editor/stylebook")
MAX_CSV_BYTES = 2 * 1024 * 1024


class NameForm(FlaskForm):
    canonical = StringField(_l("Canonical spelling"), validators=[DataRequired(), Length(max=200)])
    variants = StringField(
        _l("Accepted variants"),
        validators=[Length(max=2000)],
        description=_l("Separate spellings with '|', e.g. Zelensky|Zelenskiy."),
    )
    wrong = StringField(
        _l("Always wrong"),
        validators=[Length(max=2000)],
        description=_l(
            "Forms the checker flags wherever they stand as a whole word, with the "
            "note as its comment; separate them with '|', e.g. Kiev."
        ),
    )
    kind = SelectField(_l("Kind"), choices=[(k, _l(k)) for k in NAME_KINDS])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file (canonical,variants,kind,note,wrong)"), validators=[FileRequired()]
    )


class DeleteForm(FlaskForm):
    pass


@bp.before_request
@editor_required
def _require_login() -> None:
    """Only editors keep the stylebook."""


def _draft(form: NameForm) -> stylebook.NameDraft:
    return stylebook.NameDraft(
        canonical=form.canonical.data or "",
        variants=tuple((form.variants.data or "").split("|")),
        kind=form.kind.data or "person",
        note=form.note.data or "",
        wrong=tuple((form.wrong.data or "").split("|")),
    )


NAMES_PER_PAGE = 100


def _page(
    form: NameForm, editing: StyleName | None = None, status: int = 200
) -> ResponseReturnValue:
    query = request.args.get("q", "")[:200]
    result = stylebook.names_page(
        get_session(), query, page=page_number(request.args.get("page")), per_page=NAMES_PER_PAGE
    )
    return (
        render_template(
            "editor/stylebook.html",
            names=result.items,
            result=result,
            form=form,
            import_form=ImportForm(formdata=None),
            delete_form=DeleteForm(),
            editing=editing,
            query=query,
        ),
        status,
    )


@bp.route("/", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    form = NameForm()
    if request.method == "GET" and request.args.get("canonical"):
        form.canonical.data = request.args["canonical"][:200]  # proposed after a name fix
    if form.validate_on_submit():
        session = get_session()
        try:
            row = stylebook.save_name(session=session, draft=_draft(form), editor=current_editor())
        except FactcheckError as error:
            show_errors(form, error, default=form.canonical)
            return _page(form, status=422)
        flash(gettext("Saved “%(name)s”.", name=row.canonical))
        return redirect(url_for("stylebook.index"))
    return _page(form, status=422 if form.errors else 200)


@bp.route("/<int:name_id>", methods=["GET", "POST"])
def edit(name_id: int) -> ResponseReturnValue:
    session = get_session()
    row = session.get(StyleName, name_id)
    if row is None:
        abort(404)
    form = NameForm(
        data=None
        if request.method == "POST"
        else {
            "canonical": row.canonical,
            "variants": row.variants,
            "wrong": row.wrong,
            "kind": row.kind,
            "note": row.note,
        }
    )
    if form.validate_on_submit():
        try:
            stylebook.save_name(
                session=session, draft=_draft(form), editor=current_editor(), name_id=name_id
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.canonical)
            return _page(form, row, 422)
        flash(gettext("Saved “%(name)s”.", name=form.canonical.data))
        return redirect(url_for("stylebook.index"))
    return _page(form, row, 422 if form.errors else 200)


@bp.post("/<int:name_id>/delete")
def delete(name_id: int) -> ResponseReturnValue:
    if not DeleteForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        stylebook.delete_name(session=session, name_id=name_id, editor=current_editor())
    except FactcheckError as error:
        flash_error(error)
    else:
        flash(gettext("Deleted."))
    return redirect(url_for("stylebook.index"))


@bp.post("/import")
def import_csv() -> ResponseReturnValue:
    form = ImportForm()
    if not form.validate_on_submit():
        flash(gettext("Choose a CSV file to import."), "error")
        return redirect(url_for("stylebook.index"))
    raw = form.file.data.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        flash(gettext("The file is larger than 2 MB."), "error")
        return redirect(url_for("stylebook.index"))
    session = get_session()
    try:
        text = raw.decode("utf-8-sig")
        result = stylebook.import_csv(session=session, text=text, editor=current_editor())
    except UnicodeDecodeError:
        flash(gettext("The file is not UTF-8 text."), "error")
    except FactcheckError as error:
        flash_error(error, then=gettext("Nothing was imported."))
    else:
        flash(
            gettext(
                "Imported: %(added)s added, %(updated)s updated, %(unchanged)s unchanged.",
                added=result.added,
                updated=result.updated,
                unchanged=result.unchanged,
            )
        )
    return redirect(url_for("stylebook.index"))


@bp.get("/export.csv")
def export_csv() -> ResponseReturnValue:
    body = stylebook.export_csv(get_session())
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="stylebook.csv"'},
    )
