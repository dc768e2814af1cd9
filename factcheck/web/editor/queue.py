"""The queue page: filter and page through groups, act on several at once, the daily digest."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError, NotFound
from factcheck.domain.lifecycle import ALL, KIND_LABELS, GroupStatus
from factcheck.services import articles, digest, triage
from factcheck.web.auth import current_editor
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import ActionForm, BulkForm
from factcheck.web.params import page_number, whole_numbers


@bp.get("/")
def queue() -> ResponseReturnValue:
    session = get_session()
    args = request.args
    mine = args.get("mine") == "1"
    article = args.get("article", "").strip()[:200]
    filters = triage.QueueFilter(
        status=args.get("status", GroupStatus.OPEN),
        # A slug (what the suggestions fill in) filters on that article; other text on
        # slugs and headlines containing it (the field without script).
        article=article if _is_article(article) else None,
        article_text=article,
        kind=args.get("kind") or None,
        assignee_id=current_editor().id if mine else None,
        query=args.get("q", "")[:200],
        page=page_number(args.get("page")),
    )
    result = triage.list_groups(session, filters)
    return render_template(
        "editor/queue.html",
        rows=triage.queue_rows(session, result),
        result=result,
        filters=filters,
        mine=mine,
        kinds=KIND_LABELS,
        statuses=(*GroupStatus, ALL),
        article_filter=article,
        bulk=BulkForm(),
        digest_form=ActionForm(),
        digest_on=current_editor().digest,
    )


def _is_article(slug: str) -> bool:
    try:
        articles.get_article(get_session(), slug)
    except NotFound:
        return False
    return True


SUGGESTIONS = 20


@bp.get("/articles.json")
def article_suggestions() -> ResponseReturnValue:
    """The queue's article field as you type: up to 20 articles whose slug or headline
    contains `q`, newest first."""
    found = articles.search(get_session(), request.args.get("q", "")[:200], limit=SUGGESTIONS)
    return {"articles": [{"slug": a.slug, "title": a.title} for a in found]}


@bp.post("/digest")
def toggle_digest() -> ResponseReturnValue:
    """Switch the daily digest email on or off for the logged-in editor."""
    if not ActionForm().validate_on_submit():
        abort(400)
    me = current_editor()
    updated = digest.set_digest(session=get_session(), editor_id=me.id or 0, enabled=not me.digest)
    flash("Daily digest " + ("on: you get one email a day." if updated.digest else "off."))
    return redirect(url_for("editor.queue"))


@bp.post("/bulk")
def bulk() -> ResponseReturnValue:
    """Reject, assign to oneself or snooze the selected groups, each as its own use case."""
    form = BulkForm()
    ids = whole_numbers(request.form.getlist("groups"))
    if not form.validate_on_submit() or not ids:
        flash("Select at least one group and an action.", "error")
        return redirect(url_for("editor.queue"))
    session, editor = get_session(), current_editor()
    done, failed = 0, 0
    for group_id in ids:
        try:
            if form.action.data == "reject":
                triage.reject(
                    session=session,
                    group_id=group_id,
                    reason=form.reason.data or "",
                    detail="",
                    editor=editor,
                )
            elif form.action.data == "assign":
                triage.assign(
                    session=session, group_id=group_id, assignee_id=editor.id, editor=editor
                )
            else:
                triage.snooze(session=session, group_id=group_id, more_reports=10, editor=editor)
            done += 1
        except FactcheckError:
            failed += 1
    flash(f"{done} group(s) updated." + (f" {failed} could not be changed." if failed else ""))
    return redirect(url_for("editor.queue"))
