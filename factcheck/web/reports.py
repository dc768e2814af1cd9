"""Reader report pages: the no-JavaScript form and a report's status page."""

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from factcheck.db import get_session
from factcheck.domain.errors import Invalid
from factcheck.domain.lifecycle import KIND_LABELS
from factcheck.domain.reports import ReportDraft
from factcheck.services import articles, reports
from factcheck.web.form_errors import show_errors
from factcheck.web.forms import ReportForm
from factcheck.web.i18n import use_language
from factcheck.web.limits import limit_body, reporter_fingerprint, reports_limited
from factcheck.web.reader_messages import N_, status_message

bp = Blueprint("reports", __name__)
HONEYPOT_MESSAGE = N_("Leave this field empty.")


@bp.route("/articles/<slug>/report", methods=["GET", "POST"])
@reports_limited
def report_form(slug: str) -> ResponseReturnValue:
    limit_body(current_app.config["MAX_REPORT_BYTES"])
    session = get_session()
    article = articles.get_article(session, slug)
    use_language(article.language)
    form = ReportForm()
    if not form.is_submitted():
        form.revision.data = article.current_revision
    if form.validate_on_submit():
        if form.website.data:
            form.website.errors = [gettext(HONEYPOT_MESSAGE)]
        else:
            draft = ReportDraft(
                slug=slug,
                revision=form.revision.data or 0,
                quote=form.quote.data or "",
                suggestion=form.suggestion.data or "",
                comment=form.comment.data or "",
                kind=form.kind.data or "",
                email=form.email.data or None,
            )
            try:
                submitted = reports.submit_report(
                    session=session, draft=draft, reporter=reporter_fingerprint()
                )
            except Invalid as error:
                show_errors(form, error, default=form.quote)
            else:
                return redirect(
                    url_for("reports.status", token=submitted.report.token, thanks=1), 303
                )
    status = 422 if form.errors else 200
    return render_template("reports/form.html", form=form, article=article), status


@bp.get("/reports/<token>")
def status(token: str) -> ResponseReturnValue:
    session = get_session()
    report = reports.get_by_token(session, token)
    article = articles.get_article_by_id(session, report.article_id)
    # The language the reader read in (their page's, else the article's).
    use_language(report.language)
    status = reports.status_of(session, report)
    return render_template(
        "reports/status.html",
        report=report,
        article=article,
        status=status,
        status_message=status_message(status),
        kinds=KIND_LABELS,
    )
