"""The queue page: filter, sort and page through groups, save filters, act on several at
once (with a confirmation that names the count), the daily digest."""

from collections.abc import Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext, ngettext

from factcheck.db import get_session
from factcheck.domain.errors import FactcheckError, NotFound
from factcheck.domain.lifecycle import ALL, KIND_LABELS, REJECT_LABELS, GroupStatus
from factcheck.services import articles, digest, saved_filters, triage
from factcheck.web.auth import current_editor
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import ActionForm, BulkForm, SavedFilterForm
from factcheck.web.form_errors import flash_error
from factcheck.web.params import page_number, whole_numbers


def _filters(args: Mapping[str, str]) -> triage.QueueFilter:
    """The queue's filter from its query string (the page's, or a bulk form's copy of it)."""
    article = args.get("article", "").strip()[:200]
    return triage.QueueFilter(
        status=args.get("status") or GroupStatus.OPEN,
        # A slug (what the suggestions fill in) filters on that article; other text on
        # slugs and headlines containing it (the field without script).
        article=article if _is_article(article) else None,
        article_text=article,
        kind=args.get("kind") or None,
        assignee_id=current_editor().id if args.get("mine") == "1" else None,
        query=args.get("q", "")[:200],
        page=page_number(args.get("page")),
        sort=args.get("sort") or "impact",
    )


def _filter_args(args: Mapping[str, str]) -> dict[str, Any]:
    """The filter part of a query string (no page), to carry through forms and redirects."""
    return {key: args[key] for key in saved_filters.KEYS if args.get(key)}


@bp.get("/")
def queue() -> ResponseReturnValue:
    session = get_session()
    args = request.args
    filters = _filters(args)
    result = triage.list_groups(session, filters)
    me = current_editor()
    return render_template(
        "editor/queue.html",
        rows=triage.queue_rows(session, result),
        result=result,
        filters=filters,
        filter_args=_filter_args(args),
        mine=args.get("mine") == "1",
        kinds=KIND_LABELS,
        statuses=(*GroupStatus, ALL),
        sorts=triage.SORT_LABELS,
        reasons=REJECT_LABELS,
        article_filter=filters.article_text,
        bulk=BulkForm(),
        bulk_cap=triage.BULK_CAP,
        digest_form=ActionForm(),
        digest_on=me.digest,
        saved=saved_filters.saved_filters(session, me.id or 0),
        save_form=SavedFilterForm(),
    )


@bp.post("/filters")
def save_filter() -> ResponseReturnValue:
    """Keep the queue's current filter under a name, for one click later."""
    form = SavedFilterForm()
    params = _filter_args(request.form)
    if not form.validate_on_submit():
        flash(gettext("Give the filter a name of at most 60 characters."), "error")
        return redirect(url_for("editor.queue", **params))
    try:
        saved = saved_filters.save_filter(
            session=get_session(),
            editor=current_editor(),
            name=form.name.data or "",
            params=params,
        )
    except FactcheckError as error:
        flash_error(error)
        return redirect(url_for("editor.queue", **params))
    flash(gettext("Filter “%(name)s” saved.", name=saved.name))
    kept: dict[str, Any] = saved_filters.params_of(saved)
    return redirect(url_for("editor.queue", **kept))


@bp.post("/filters/<int:filter_id>/delete")
def delete_filter(filter_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    saved_filters.delete_filter(session=get_session(), editor=current_editor(), filter_id=filter_id)
    flash(gettext("Saved filter deleted."))
    return redirect(url_for("editor.queue"))


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
    flash(
        gettext("Daily digest on: you get one email a day.")
        if updated.digest
        else gettext("Daily digest off.")
    )
    return redirect(url_for("editor.queue"))


def _bulk_done(action: str, done: int) -> str:
    """What a bulk action did, in the editor's language."""
    if action == "reject":
        return str(
            ngettext(
                "%(num)d group rejected (readers who left an address are told).",
                "%(num)d groups rejected (readers who left an address are told).",
                done,
            )
        )
    if action == "assign":
        return str(
            ngettext("%(num)d group assigned to you.", "%(num)d groups assigned to you.", done)
        )
    return str(
        ngettext(
            "%(num)d group snoozed until 10 more reports.",
            "%(num)d groups snoozed until 10 more reports.",
            done,
        )
    )


@bp.post("/bulk")
def bulk() -> ResponseReturnValue:
    """Reject, assign to oneself or snooze the selected groups (or every group the filter
    matches, up to BULK_CAP), each as its own use case. Rejecting, and acting on all that
    match, first shows a confirmation that names the count."""
    form = BulkForm()
    params = _filter_args(request.form)
    back = url_for("editor.queue", **params)
    if not form.validate_on_submit():
        flash(gettext("Choose an action: Reject, Assign to me or Snooze."), "error")
        return redirect(back)
    session, editor = get_session(), current_editor()
    everything = request.form.get("all_matching") == "1"
    ids = (
        triage.matching_ids(session, _filters(params))
        if everything
        else whole_numbers(request.form.getlist("groups"))[: triage.BULK_CAP]
    )
    if not ids:
        flash(gettext("Select at least one group first."), "error")
        return redirect(back)
    action = form.action.data or ""
    if (action == "reject" or everything) and request.form.get("confirmed") != "1":
        return render_template(
            "editor/bulk_confirm.html",
            action=action,
            ids=ids,
            everything=everything,
            reason=next(
                (str(gettext(v)) for k, v in REJECT_LABELS.items() if k == form.reason.data), ""
            ),
            form=form,
            params=params,
            back=back,
        )
    done, failed = 0, 0
    for group_id in ids:
        try:
            if action == "reject":
                triage.reject(
                    session=session,
                    group_id=group_id,
                    reason=form.reason.data or "",
                    detail="",
                    editor=editor,
                )
            elif action == "assign":
                triage.assign(
                    session=session, group_id=group_id, assignee_id=editor.id, editor=editor
                )
            else:
                triage.snooze(session=session, group_id=group_id, more_reports=10, editor=editor)
            done += 1
        except FactcheckError:
            failed += 1
    words = _bulk_done(action, done)
    if failed:
        words += " " + gettext("%(count)s could not be changed (already handled?).", count=failed)
    flash(words)
    return redirect(back)
