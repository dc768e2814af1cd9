"""Admin pages for a site's CMS connector: connect, test, sync, disconnect (README: WordPress)."""

from flask import abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from factcheck.connectors import ConnectorError
from factcheck.connectors.clients import Clients
from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError
from factcheck.services import connectors, sites
from factcheck.web.auth import admin_required, current_editor
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import ActionForm, ConnectorForm
from factcheck.web.editor.sites import edit_page, filled_form
from factcheck.web.form_errors import show_errors
from factcheck.web.i18n import translate


def _clients() -> Clients:
    return Clients.from_config(current_app.config)


def _back(site_id: int) -> ResponseReturnValue:
    return redirect(url_for("editor.edit_site", site_id=site_id) + "#connector")


def _require_action() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.post("/admin/sites/<int:site_id>/connector")
@admin_required
def connect_site(site_id: int) -> ResponseReturnValue:
    session = get_session()
    site = sites.get_site(session, site_id)
    form = ConnectorForm()
    if form.validate_on_submit():
        fields = connectors.ConnectorFields(
            base_url=form.url.data or "",
            user=form.user.data or "",
            app_password=form.app_password.data or "",
            note_placement=form.note_placement.data or "end",
        )
        try:
            connectors.connect(
                session=session,
                site_id=site_id,
                fields=fields,
                clients=_clients(),
                actor=current_editor(),
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.url)
        else:
            flash(
                gettext(
                    "Connected %(name)s to WordPress. Sync it to bring its posts in.",
                    name=site.name,
                )
            )
            return _back(site_id)
    return edit_page(site, filled_form(site), 422, connector_form=form)


@bp.post("/admin/sites/<int:site_id>/connector/test")
@admin_required
def test_connector(site_id: int) -> ResponseReturnValue:
    _require_action()
    try:
        account = connectors.test_connection(
            session=get_session(), site_id=site_id, clients=_clients()
        )
    except (ConnectorError, FactcheckError) as error:
        flash(
            gettext("The connection does not work: %(error)s", error=translate(str(error))),
            "error",
        )
    else:
        flash(gettext("The connection works: WordPress answers as %(name)s.", name=account.name))
    return _back(site_id)


@bp.post("/admin/sites/<int:site_id>/connector/sync")
@admin_required
def sync_connector(site_id: int) -> ResponseReturnValue:
    _require_action()
    try:
        result = connectors.sync(
            session=get_session(),
            site_id=site_id,
            clients=_clients(),
            max_body_chars=current_app.config["MAX_BODY_CHARS"],
        )
    except FactcheckError as error:
        flash(translate(str(error)), "error")
        return _back(site_id)
    counts = {"new": result.created, "updated": result.revised, "unchanged": result.unchanged}
    if result.skipped:
        flash(
            gettext(
                "Synced: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
                "%(waiting)s waiting for a write-back.",
                waiting=result.skipped,
                **counts,
            )
        )
    else:
        flash(
            gettext("Synced: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.", **counts)
        )
    for problem in result.errors[:5]:
        flash(translate(problem), "error")
    return _back(site_id)


@bp.post("/admin/sites/<int:site_id>/connector/disconnect")
@admin_required
def disconnect_site(site_id: int) -> ResponseReturnValue:
    _require_action()
    try:
        connectors.disconnect(session=get_session(), site_id=site_id, actor=current_editor())
    except FactcheckError as error:
        flash(translate(str(error)), "error")
    else:
        flash(gettext("Disconnected: fixes are no longer written back, and nothing is synced."))
    return _back(site_id)
