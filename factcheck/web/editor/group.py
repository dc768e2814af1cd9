"""A group's page and its actions: preview and apply a fix (one group or a batch), reject,
reopen, snooze, assign, merge, split, confirm a duplicate, repeat a fix elsewhere, revert."""

from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask.typing import ResponseReturnValue
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from factcheck.db import get_session
from factcheck.domain.errors import Conflict, FactcheckError, Invalid
from factcheck.domain.lifecycle import KIND_LABELS
from factcheck.domain.triage import PRIORITY_LABELS, Priority
from factcheck.models import Article, Editor, Revision
from factcheck.services import articles, group_page, history, propagation, triage
from factcheck.services.grouping import top_candidate
from factcheck.web.auth import current_editor
from factcheck.web.editor import outcomes
from factcheck.web.editor.blueprint import bp
from factcheck.web.editor.forms import (
    ActionForm,
    ApplyForm,
    AssignForm,
    BatchForm,
    CommentForm,
    KindForm,
    MergeForm,
    PriorityForm,
    RejectForm,
    SnoozeForm,
    SplitForm,
)
from factcheck.web.editor.words import rank_words
from factcheck.web.form_errors import flash_error, show_errors
from factcheck.web.i18n import translate
from factcheck.web.params import whole_number, whole_numbers
from factcheck.web.reader_messages import correction_note

# The activity log in words (audit actions on a group, services.triage).
ACTION_WORDS = {
    "apply": _l("published a fix"),
    "reject": _l("rejected the group"),
    "reopen": _l("reopened the group"),
    "snooze": _l("snoozed the group"),
    "assign": _l("changed who it is assigned to"),
    "merge": _l("merged another group into this one"),
    "merged_into": _l("merged this group into another"),
    "split": _l("split reports out into a new group"),
    "split_from": _l("created this group by splitting another"),
    "confirm": _l("confirmed a possible duplicate"),
    "undo_fix": _l("undid the fix (a new revision restores the earlier text)"),
    "undo_reject": _l("undid the reject"),
    "set_kind": _l("changed the kind"),
    "set_priority": _l("changed the priority"),
    "propagate": _l("repeated the fix elsewhere"),
    "comment": _l("commented"),
}

BATCH_KEY = "batch"  # the flask session's per-editor batch selection: {slug: [group ids]}


def _render_group(
    group_id: int,
    apply_form: ApplyForm | None = None,
    status: int = 200,
    comment_form: CommentForm | None = None,
) -> ResponseReturnValue:
    page = group_page.group_page(get_session(), group_id)
    if apply_form is None:
        apply_form = ApplyForm(
            choice=str(page.preselected) if page.preselected is not None else group_page.CUSTOM,
            # The typed box starts empty beside a candidate (one fix control at a time); with
            # no candidate it starts from the words to correct.
            custom="" if page.preselected is not None else page.group.quote,
            base_revision=page.current.number,
            summary=page.suggested_summary,
            note=correction_note(
                page.group.kind, page.group.quote, page.top, page.article.language
            ),
        )
    apply_form.elsewhere.choices = [(p.start, f"offset {p.start}") for p in page.places]
    assign_form = AssignForm(assignee=page.group.assignee_id or 0)
    assign_form.assignee.choices = [(0, gettext("Nobody"))] + [
        (e.id or 0, e.email) for e in page.editors
    ]
    split_form = SplitForm()
    split_form.reports.choices = [(r.id or 0, str(r.id)) for r in page.reports]
    return (
        render_template(
            "editor/group.html",
            group=page.group,
            article=page.article,
            current=page.current,
            passage=page.passage,
            previews=page.previews,
            places=page.places,
            reports=page.reports,
            activity=page.activity,
            archive=page.archive,
            fixing=page.fixing,
            writebacks=page.writebacks,
            writeback_pending=page.writeback_pending,
            editors=page.emails,
            apply_form=apply_form,
            reject_form=RejectForm(),
            snooze_form=SnoozeForm(),
            assign_form=assign_form,
            merge_form=MergeForm(),
            split_form=split_form,
            action_form=ActionForm(),
            kinds=KIND_LABELS,
            is_admin=current_editor().role == "admin",
            title=page.title,
            settled=page.settled,
            similar=page.similar,
            open_in_article=page.open_in_article,
            folds=page.folds,
            impact=[(rank_words(words), points) for words, points in page.impact],
            shown_passage=page.shown_passage,
            kind_form=KindForm(kind=page.group.kind),
            priority_form=PriorityForm(priority=page.group.priority),
            priorities=PRIORITY_LABELS,
            undo_minutes=current_app.config["UNDO_MINUTES"],
            actions=ACTION_WORDS,
            log=page.log,
            comment_form=comment_form or CommentForm(),
        ),
        status,
    )


@bp.get("/groups/<int:group_id>")
def group(group_id: int) -> ResponseReturnValue:
    found = triage.get_group(get_session(), group_id)
    if found.merged_into is not None:
        return redirect(url_for("editor.group", group_id=found.merged_into), 301)
    return _render_group(group_id)


def _chosen_text(form: ApplyForm, group_id: int) -> str:
    found = triage.get_group(get_session(), group_id)
    return group_page.chosen_text(found, form.choice.data or "", form.custom.data or "")


@bp.post("/groups/<int:group_id>/preview")
def preview(group_id: int) -> ResponseReturnValue:
    """Show the change before publishing (used for typed corrections)."""
    triage.get_group(get_session(), group_id)  # 404 before the form is looked at
    form = ApplyForm()
    if not form.validate_on_submit():
        return _render_group(group_id, form, 422)
    try:
        replacement = _chosen_text(form, group_id)
    except Invalid as error:
        show_errors(form, error, default=form.choice)
        return _render_group(group_id, form, 422)
    elsewhere = tuple(form.elsewhere.data or ())
    shown = group_page.fix_preview(get_session(), group_id, replacement, elsewhere)
    return render_template(
        "editor/preview.html",
        group=shown.group,
        article=shown.article,
        form=form,
        places=shown.places,
        replacement=shown.replacement,
    )


@bp.post("/groups/<int:group_id>/apply")
def apply(group_id: int) -> ResponseReturnValue:
    session = get_session()
    found = triage.get_group(session, group_id)
    article = articles.get_article_by_id(session, found.article_id)
    form = ApplyForm()
    if not form.validate_on_submit():
        return _render_group(group_id, form, 422)
    try:
        fix = triage.Fix(group_id, _chosen_text(form, group_id), tuple(form.elsewhere.data or ()))
        revision = _publish([fix], form)
    except Conflict as conflict:
        return _conflict(article, form.base_revision.data or 0, conflict)
    except Invalid as error:
        show_errors(form, error, default=form.custom)
        return _render_group(group_id, form, 422)
    offer = group_page.follow_ups(session, found, fix.text)
    if offer.stylebook_name:
        flash(offer.stylebook_name, "stylebook")
    if offer.propagate:
        flash(str(group_id), "propagate")
    return _onward(
        group_id,
        gettext(
            "Published revision %(number)s of “%(title)s”.",
            number=revision.number,
            title=article.title,
        ),
        links=[_diff_link(article, revision.number)],
        undo=group_id,
    )


def _kind_label(kind: str) -> str:
    label = next((label for key, label in KIND_LABELS.items() if key == kind), None)
    return str(gettext(label)) if label else kind


def _diff_link(article: Article, number: int) -> tuple[str, str]:
    query: dict[str, Any] = {"from": number - 1, "to": number}
    return (gettext("View diff"), url_for("public.diff", slug=article.slug, **query))


def _onward(
    group_id: int, text: str, *, links: list[tuple[str, str]] | None = None, undo: int | None = None
) -> ResponseReturnValue:
    """After a decision on a group: on to the queue's next group (or the queue, when none is
    left), with what was done, a way back to the group and, for a fix or reject, Undo."""
    following = triage.next_group(get_session(), group_id)
    target = (
        url_for("editor.group", group_id=following.id)
        if following is not None
        else url_for("editor.queue")
    )
    back = (gettext("Group #%(id)s", id=group_id), url_for("editor.group", group_id=group_id))
    outcomes.remember(
        text + ("" if following is not None else " " + gettext("The queue is empty.")),
        at=target,
        links=[*(links or []), back],
        undo=undo,
    )
    return redirect(target)


def _stay(group_id: int, text: str, **kwargs: Any) -> ResponseReturnValue:
    """After a change to the group itself (kind, priority, undo): back to its page."""
    target = url_for("editor.group", group_id=group_id)
    outcomes.remember(text, at=target, **kwargs)
    return redirect(target)


def _publish(fixes: list[triage.Fix], form: ApplyForm | BatchForm) -> Revision:
    """Apply fixes as one revision with the form's base revision, summary and note."""
    return triage.apply_fixes(
        session=get_session(),
        fixes=fixes,
        base_revision=form.base_revision.data or 0,
        summary=form.summary.data or "",
        note=form.note.data or None,
        editor=current_editor(),
        without_note=bool(form.without_note.data),
    )


def _conflict(article: Article, base: int, conflict: Conflict) -> ResponseReturnValue:
    page = group_page.conflict_page(get_session(), article, base)
    return (
        render_template(
            "editor/conflict.html",
            article=article,
            current=page.current,
            base=page.base,
            message=translate(conflict.message),
            changes=page.changes,
        ),
        409,
    )


def _act(
    group_id: int,
    action: Callable[[Any, Editor], object],
    done: str,
    *,
    onward: bool = True,
    undo: bool = False,
) -> ResponseReturnValue:
    """Run one use case on the group; on success move on to the next group (or stay, when
    `onward` is False) saying what was done; on a refusal stay with the reason."""
    try:
        action(get_session(), current_editor())
    except FactcheckError as error:
        flash_error(error)
        return redirect(url_for("editor.group", group_id=group_id))
    if not onward:
        return _stay(group_id, done)
    return _onward(group_id, done, undo=group_id if undo else None)


@bp.post("/groups/<int:group_id>/reject")
def reject(group_id: int) -> ResponseReturnValue:
    form = RejectForm()
    if not form.validate_on_submit():
        flash(gettext("Choose a reason."), "error")
        return redirect(url_for("editor.group", group_id=group_id))
    return _act(
        group_id,
        lambda s, e: triage.reject(
            session=s,
            group_id=group_id,
            reason=form.reason.data or "",
            detail=form.detail.data or "",
            editor=e,
        ),
        gettext("Rejected group #%(id)s.", id=group_id),
        undo=True,
    )


@bp.post("/groups/<int:group_id>/reopen")
def reopen(group_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(
        group_id,
        lambda s, e: triage.reopen(session=s, group_id=group_id, editor=e),
        "Reopened.",
        onward=False,
    )


@bp.post("/groups/<int:group_id>/snooze")
def snooze(group_id: int) -> ResponseReturnValue:
    form = SnoozeForm()
    if not form.validate_on_submit():
        flash(gettext("Give a number of reports (1–10,000) or a date."), "error")
        return redirect(url_for("editor.group", group_id=group_id))
    until = form.until.data.replace(tzinfo=UTC) if form.until.data else None
    return _act(
        group_id,
        lambda s, e: triage.snooze(
            session=s,
            group_id=group_id,
            editor=e,
            more_reports=form.more_reports.data,
            until=until,
        ),
        gettext("Snoozed group #%(id)s.", id=group_id),
    )


@bp.post("/groups/<int:group_id>/assign")
def assign(group_id: int) -> ResponseReturnValue:
    form = AssignForm()
    number = whole_number(request.form.get("assignee", "0"))  # 0: nobody
    if number is None:
        abort(400)
    assignee = number or None
    # The choices are the active editors, which only the service knows: it checks the id.
    if not form.validate_on_submit() and form.errors.keys() - {"assignee"}:
        abort(400)
    return _act(
        group_id,
        lambda s, e: triage.assign(session=s, group_id=group_id, assignee_id=assignee, editor=e),
        gettext("Assignment of group #%(id)s saved.", id=group_id),
    )


@bp.post("/groups/<int:group_id>/merge")
def merge(group_id: int) -> ResponseReturnValue:
    form = MergeForm()
    if not form.validate_on_submit():
        flash(gettext("Give the number of the group to merge into."), "error")
        return redirect(url_for("editor.group", group_id=group_id))
    into = form.into.data or 0
    try:
        triage.merge(session=get_session(), group_id=group_id, into=into, editor=current_editor())
    except FactcheckError as error:
        flash_error(error)
        return redirect(url_for("editor.group", group_id=group_id))
    return _onward(
        group_id,
        gettext("Merged group #%(id)s into group #%(into)s.", id=group_id, into=into),
        links=[(f"Group #{into}", url_for("editor.group", group_id=into))],
    )


@bp.post("/groups/<int:group_id>/split")
def split(group_id: int) -> ResponseReturnValue:
    form = SplitForm()
    ids = whole_numbers(request.form.getlist("reports"))
    if not form.validate_on_submit():
        abort(400)
    try:
        new = triage.split(
            session=get_session(), group_id=group_id, report_ids=ids, editor=current_editor()
        )
    except FactcheckError as error:
        flash_error(error)
        return redirect(url_for("editor.group", group_id=group_id))
    flash(
        ngettext(
            "Moved %(num)d report to group %(id)s.",
            "Moved %(num)d reports to group %(id)s.",
            len(ids),
            id=new.id,
        )
    )
    return redirect(url_for("editor.group", group_id=new.id))


@bp.post("/groups/<int:group_id>/propagate")
def propagate(group_id: int) -> ResponseReturnValue:
    """Repeat a fixed group's correction in other articles: one revision per article."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    found = triage.get_group(session, group_id)
    chosen = []
    for value in request.form.getlist("places"):
        parts = whole_numbers(value.split(":"))
        if len(parts) == 4:
            article_id, seen, start, end = parts
            chosen.append((article_id, seen, start, end))
    if not chosen:
        flash(gettext("Choose at least one place."), "error")
        return redirect(url_for("editor.group", group_id=group_id))
    try:
        created = propagation.propagate(
            session=session,
            group=found,
            chosen=chosen,
            replacement=found.fix_text or top_candidate(found, found.quote),
            note=(request.form.get("note") or "").strip()[:2000] or None,
            editor=current_editor(),
        )
    except FactcheckError as error:
        flash_error(error)
    else:
        flash(
            ngettext(
                "Published %(num)d revision with the same correction.",
                "Published %(num)d revisions with the same correction.",
                len(created),
            )
        )
    return redirect(url_for("editor.group", group_id=group_id))


@bp.post("/groups/<int:group_id>/confirm/<int:report_id>")
def confirm(group_id: int, report_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(
        group_id,
        lambda s, e: triage.confirm(session=s, group_id=group_id, report_id=report_id, editor=e),
        gettext("Confirmed as a duplicate."),
        onward=False,
    )


@bp.route("/articles/<slug>/batch", methods=["GET", "POST"])
def batch(slug: str) -> ResponseReturnValue:
    """Fix several open groups of one article as one revision."""
    session = get_session()
    page = triage.batch_page(session, slug)
    chosen = (flask_session.get(BATCH_KEY) or {}).get(slug, [])
    form = BatchForm(base_revision=page.current.number)
    if not form.is_submitted():
        form.groups.data = [i for i in chosen if isinstance(i, int)]
    if form.validate_on_submit():
        fixes = page.fixes(set(form.groups.data or []))
        try:
            revision = _publish(fixes, form)
        except Conflict as conflict:
            return _conflict(page.article, form.base_revision.data or 0, conflict)
        except Invalid as error:
            show_errors(form, error, default=form.groups)
            page = triage.batch_page(session, slug)
        else:
            batches = dict(flask_session.get(BATCH_KEY) or {})
            batches.pop(slug, None)
            flask_session[BATCH_KEY] = batches
            return _onward(
                fixes[0].group_id,
                ngettext(
                    "Published revision %(number)s fixing %(num)d group.",
                    "Published revision %(number)s fixing %(num)d groups.",
                    len(fixes),
                    number=revision.number,
                ),
                links=[_diff_link(page.article, revision.number)],
                undo=fixes[0].group_id,
            )
    status = 422 if form.errors and form.is_submitted() else 200
    return render_template(
        "editor/batch.html", article=page.article, rows=page.rows, form=form
    ), status


@bp.post("/articles/<slug>/revert")
def revert(slug: str) -> ResponseReturnValue:
    """Restore an earlier revision's text as a new revision (history stays append-only)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    raw = request.form.get("to", "")
    try:
        to = whole_number(raw)
        if to is None:
            raise Invalid("Choose a revision.", {"to": "A revision number."})
        revision = history.revert(
            session=get_session(),
            slug=slug,
            to=to,
            summary=request.form.get("summary", "")[:500],
            editor=current_editor(),
        )
    except FactcheckError as error:
        flash_error(error)
        return redirect(url_for("public.article_history", slug=slug))
    flash(
        gettext(
            "Published revision %(number)s, restoring revision %(restored)s.",
            number=revision.number,
            restored=raw,
        )
    )
    return redirect(url_for("public.article_history", slug=slug))


@bp.post("/groups/<int:group_id>/undo")
def undo(group_id: int) -> ResponseReturnValue:
    """Undo a fix (a new revision with the earlier text) or a reject, while it is fresh."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    found = triage.get_group(session, group_id)
    window = timedelta(minutes=current_app.config["UNDO_MINUTES"])
    try:
        undone = triage.undo_fix(
            session=session, group_id=group_id, editor=current_editor(), window=window
        )
    except FactcheckError as error:
        flash_error(error)
        return redirect(url_for("editor.group", group_id=group_id))
    if undone.revision is None:
        return _stay(
            group_id, gettext("Reopened group #%(id)s; the reject is undone.", id=group_id)
        )
    article = articles.get_article_by_id(session, found.article_id)
    reopened = ", ".join(f"#{g.id}" for g in undone.groups)
    return _stay(
        group_id,
        gettext(
            "Undone: revision %(number)s restores the earlier text; "
            "group %(groups)s is open again.",
            number=undone.revision.number,
            groups=reopened,
        ),
        links=[_diff_link(article, undone.revision.number)],
    )


@bp.post("/groups/<int:group_id>/kind")
def set_kind(group_id: int) -> ResponseReturnValue:
    form = KindForm()
    if not form.validate_on_submit():
        flash(gettext("Choose one of the kinds."), "error")
        return redirect(url_for("editor.group", group_id=group_id))
    kind = form.kind.data or ""
    return _act(
        group_id,
        lambda s, e: triage.set_kind(session=s, group_id=group_id, kind=kind, editor=e),
        gettext("Kind set to “%(kind)s”; the queue's rank follows.", kind=_kind_label(kind)),
        onward=False,
    )


@bp.post("/groups/<int:group_id>/priority")
def set_priority(group_id: int) -> ResponseReturnValue:
    form = PriorityForm()
    if not form.validate_on_submit():
        flash(gettext("Choose one of the priorities."), "error")
        return redirect(url_for("editor.group", group_id=group_id))
    priority = form.priority.data or 0
    return _act(
        group_id,
        lambda s, e: triage.set_priority(session=s, group_id=group_id, priority=priority, editor=e),
        gettext(
            "Priority set to %(priority)s; the queue's rank follows.",
            priority=str(gettext(PRIORITY_LABELS[Priority(priority)])).lower(),
        ),
        onward=False,
    )


@bp.post("/groups/<int:group_id>/batch")
def add_to_batch(group_id: int) -> ResponseReturnValue:
    """Put the group on its article's batch page, preselected, to publish with others."""
    if not ActionForm().validate_on_submit():
        abort(400)
    db = get_session()
    found = triage.get_group(db, group_id)
    article = articles.get_article_by_id(db, found.article_id)
    chosen = dict(flask_session.get(BATCH_KEY) or {})
    ids = [i for i in chosen.get(article.slug, []) if isinstance(i, int)][-50:]
    if group_id not in ids:
        ids.append(group_id)
    # Only the last few articles are kept: the cookie stays small.
    chosen = {slug: v for slug, v in list(chosen.items())[-9:] if slug != article.slug}
    chosen[article.slug] = ids
    flask_session[BATCH_KEY] = chosen
    target = url_for("editor.batch", slug=article.slug)
    outcomes.remember(
        gettext(
            "Group #%(id)s is in this article's batch (%(count)s chosen).",
            id=group_id,
            count=len(ids),
        ),
        at=target,
    )
    return redirect(target)


@bp.post("/groups/<int:group_id>/comment")
def comment(group_id: int) -> ResponseReturnValue:
    """An internal comment for the other editors, shown in the activity log."""
    triage.get_group(get_session(), group_id)  # 404 before the form is looked at
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_group(group_id, status=422, comment_form=form)
    try:
        triage.comment(
            session=get_session(),
            group_id=group_id,
            text=form.text.data or "",
            editor=current_editor(),
        )
    except Conflict as error:
        flash_error(error)
        return redirect(url_for("editor.group", group_id=group_id))
    except Invalid as error:
        show_errors(form, error, default=form.text)
        return _render_group(group_id, status=422, comment_form=form)
    return _stay(group_id, gettext("Comment added."))
