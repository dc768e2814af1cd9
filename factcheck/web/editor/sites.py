"""Admin pages for registered sites: list, register, edit, deactivate (README: Embed on
your site)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError
from factcheck.models import Site
from factcheck.services import connectors, sites
from factcheck.web.auth import admin_required, current_editor
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import ActionForm, ConnectorForm, SiteForm
from factcheck.web.form_errors import show_errors
from factcheck.web.params import page_number


def _fields(form: SiteForm) -> sites.SiteFields:
    return sites.SiteFields(
        name=form.name.data or "",
        origins=tuple((form.origins.data or "").splitlines()),
        language=form.language.data or "",
        selector=form.selector.data or None,
    )


SITES_PER_PAGE = 50


def _list_page(form: SiteForm, status: int = 200) -> ResponseReturnValue:
    number = page_number(request.args.get("page"))
    result = sites.sites_page(get_session(), page=number, per_page=SITES_PER_PAGE)
    listed = result.items
    origins = {site.id: sites.origin_list(site) for site in listed}
    page = render_template(
        "editor/sites.html",
        form=form,
        sites=listed,
        result=result,
        origins=origins,
        action_form=ActionForm(),
    )
    return page, status


@bp.route("/admin/sites", methods=["GET", "POST"])
@admin_required
def manage_sites() -> ResponseReturnValue:
    form = SiteForm()
    if form.validate_on_submit():
        try:
            site = sites.create_site(
                session=get_session(), fields=_fields(form), actor=current_editor()
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.name)
        else:
            flash(
                gettext(
                    "Registered %(name)s. Its key for the snippet: %(key)s",
                    name=site.name,
                    key=site.key,
                )
            )
            return redirect(url_for("editor.edit_site", site_id=site.id))
    return _list_page(form, 422 if form.is_submitted() else 200)


def filled_form(site: Site) -> SiteForm:
    """The site form holding the site's stored values."""
    form = SiteForm(formdata=None)
    form.name.data = site.name
    form.origins.data = "\n".join(sites.origin_list(site))
    form.language.data = site.language
    form.selector.data = site.selector or ""
    return form


def edit_page(
    site: Site,
    form: SiteForm,
    status: int = 200,
    connector_form: ConnectorForm | None = None,
) -> ResponseReturnValue:
    """The site's page: its settings, its snippet, and its CMS connector."""
    session = get_session()
    connector = connectors.connector_of(session, site)
    if connector_form is None and connector is not None:
        connector_form = ConnectorForm(formdata=None)
        connector_form.url.data = connector.base_url
        connector_form.user.data = connector.username
        connector_form.note_placement.data = connector.note_placement
    page = render_template(
        "editor/site.html",
        site=site,
        form=form,
        action_form=ActionForm(),
        editing=True,
        connector=connector,
        connector_form=connector_form or ConnectorForm(formdata=None),
        connected_articles=connectors.article_count(session, site),
    )
    return page, status


@bp.route("/admin/sites/<int:site_id>", methods=["GET", "POST"])
@admin_required
def edit_site(site_id: int) -> ResponseReturnValue:
    session = get_session()
    site = sites.get_site(session, site_id)
    form = SiteForm()
    if not form.is_submitted():
        form = filled_form(site)
    elif form.validate_on_submit():
        try:
            sites.update_site(
                session=session, site_id=site_id, fields=_fields(form), actor=current_editor()
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.name)
        else:
            flash(gettext("Saved %(name)s.", name=site.name))
            return redirect(url_for("editor.edit_site", site_id=site_id))
    return edit_page(site, form, 422 if form.is_submitted() else 200)


@bp.post("/admin/sites/<int:site_id>/active")
@admin_required
def toggle_site(site_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    site = sites.get_site(session, site_id)
    site = sites.set_active(
        session=session, site_id=site_id, active=not site.active, actor=current_editor()
    )
    if site.active:
        flash(gettext("%(name)s is active again.", name=site.name))
    else:
        flash(gettext("%(name)s is deactivated: its pages can send nothing.", name=site.name))
    return redirect(url_for("editor.manage_sites"))
