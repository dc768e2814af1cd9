"""Admin pages for CMS webhooks: register, deactivate, send a test event, delivery log,
resend."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, URLField, widgets
from wtforms.validators import DataRequired, Length

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError, Invalid
from factcheck.domain.notifications import EVENTS
from factcheck.domain.outbound import parse_allowance
from factcheck.services import webhooks
from factcheck.web.auth import admin_required, current_editor
from factcheck.web.form_errors import flash_error, show_errors
from factcheck.web.params import page_number

bp = Blueprint("webhooks", __name__, url_prefix="/editor/admin/webhooks")


class WebhookForm(FlaskForm):
    url = URLField(
        _l("Endpoint URL"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("An http:// or https:// address of your CMS that accepts JSON POSTs."),
    )
    events = SelectMultipleField(
        _l("Events"),
        choices=[(event, event) for event in EVENTS],
        default=list(EVENTS),
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )


class WebhookActionForm(FlaskForm):
    """A button that only needs CSRF protection."""


def _list_page(form: WebhookForm, status: int = 200, **extra: object) -> ResponseReturnValue:
    session = get_session()
    hooks = webhooks.list_webhooks(session)
    waiting = {hook.id: webhooks.pending(session, hook.id or 0) for hook in hooks}
    page = render_template(
        "editor/webhooks.html",
        form=form,
        hooks=hooks,
        waiting=waiting,
        action_form=WebhookActionForm(),
        **extra,
    )
    return page, status


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index() -> ResponseReturnValue:
    form = WebhookForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            registered = webhooks.register(
                session=session,
                url=form.url.data or "",
                events=list(form.events.data or []),
                editor=current_editor(),
                allowance=parse_allowance(current_app.config["OUTBOUND_ALLOW"]),
            )
        except FactcheckError as error:
            show_errors(form, error, default=form.url)
            return _list_page(form, 422)
        # The secret is shown on this one response and never again.
        return _list_page(WebhookForm(formdata=None), created=registered)
    return _list_page(form, 422 if form.is_submitted() else 200)


@bp.post("/<int:webhook_id>/deactivate")
@admin_required
def deactivate(webhook_id: int) -> ResponseReturnValue:
    if not WebhookActionForm().validate_on_submit():
        abort(400)
    hook = webhooks.deactivate(
        session=get_session(), webhook_id=webhook_id, editor=current_editor()
    )
    flash(gettext("Webhook %(id)s is deactivated; nothing more is sent to it.", id=hook.id))
    return redirect(url_for("webhooks.index"))


@bp.post("/<int:webhook_id>/test")
@admin_required
def send_test(webhook_id: int) -> ResponseReturnValue:
    if not WebhookActionForm().validate_on_submit():
        abort(400)
    try:
        message = webhooks.send_test(
            session=get_session(), webhook_id=webhook_id, editor=current_editor()
        )
    except Invalid as error:
        flash_error(error)
        return redirect(url_for("webhooks.index"))
    flash(
        gettext(
            "Test event queued as message %(id)s; its delivery appears below once the "
            "worker has sent it.",
            id=message.id,
        )
    )
    return redirect(url_for("webhooks.log", webhook_id=webhook_id))


LOG_PER_PAGE = 50


@bp.get("/<int:webhook_id>")
@admin_required
def log(webhook_id: int) -> ResponseReturnValue:
    session = get_session()
    hook = webhooks.get_webhook(session, webhook_id)
    page = page_number(request.args.get("page"))
    result = webhooks.deliveries_page(session, webhook_id, page=page, per_page=LOG_PER_PAGE)
    return render_template(
        "editor/webhooks_log.html",
        hook=hook,
        rows=result.items,
        result=result,
        waiting=webhooks.pending(session, webhook_id),
        action_form=WebhookActionForm(),
    )


@bp.post("/<int:webhook_id>/messages/<int:message_id>/resend")
@admin_required
def resend(webhook_id: int, message_id: int) -> ResponseReturnValue:
    if not WebhookActionForm().validate_on_submit():
        abort(400)
    copy = webhooks.resend(
        session=get_session(),
        webhook_id=webhook_id,
        message_id=message_id,
        editor=current_editor(),
    )
    flash(gettext("Queued again as message %(id)s; the worker sends it shortly.", id=copy.id))
    return redirect(url_for("webhooks.log", webhook_id=webhook_id))
