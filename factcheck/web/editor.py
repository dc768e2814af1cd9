"""The editor's pages: queue, group, apply with preview, reject/snooze/assign/merge/split."""

from dataclasses import dataclass
from datetime import UTC
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from factcheck.db import get_session
from factcheck.domain.diffing import Piece, diff_words
from factcheck.domain.errors import Conflict, FactcheckError, Invalid
from factcheck.domain.lifecycle import ALL, KIND_LABELS, GroupStatus, Kind
from factcheck.domain.text import blocks_of
from factcheck.domain.triage import suggested_note, suggested_summary
from factcheck.models import Article, Group, Revision
from factcheck.services import (
    articles,
    digest,
    editors,
    history,
    propagation,
    stylebook,
    triage,
)
from factcheck.services import audit as audit_log
from factcheck.services.grouping import candidate_list, elsewhere, top_candidate
from factcheck.web.auth import admin_required, current_editor, editor_required
from factcheck.web.editor_forms import (
    ActionForm,
    ApplyForm,
    AssignForm,
    BatchForm,
    BulkForm,
    EditorForm,
    MergeForm,
    RejectForm,
    SnoozeForm,
    SplitForm,
)
from factcheck.web.params import whole_number, whole_numbers

bp = Blueprint("editor", __name__, url_prefix="/editor")


@bp.before_request
@editor_required
def _require_login() -> None:
    """Every /editor/ page needs a logged-in editor (login itself lives in `auth`)."""


@dataclass(frozen=True)
class Passage:
    before: str
    quote: str
    after: str
    block_start: int
    block_text: str


@dataclass(frozen=True)
class Preview:
    text: str
    count: int
    merged: bool
    pieces: list[Piece]


def passage_of(text: str, start: int, end: int) -> Passage:
    for block in blocks_of(text):
        if block.start <= start <= block.end:
            local_start, local_end = start - block.start, min(end, block.end) - block.start
            return Passage(
                block.text[:local_start],
                block.text[local_start:local_end],
                block.text[local_end:],
                block.start,
                block.text,
            )
    return Passage("", text[start:end], "", start, text[start:end])


def preview_of(passage: Passage, replacement: str) -> list[Piece]:
    new_block = passage.before + replacement + passage.after
    return diff_words(passage.block_text, new_block)


def short_context(text: str, group: Group, width: int = 40) -> tuple[str, str, str]:
    before = text[max(0, group.start - width) : group.start].split("\n\n")[-1]
    after = text[group.end : group.end + width].split("\n\n")[0]
    return before, text[group.start : group.end], after


def _texts(session: Any, rows: list[tuple[Group, Article]]) -> dict[tuple[int, int], str]:
    wanted = {(g.article_id, g.revision) for g, _ in rows}
    texts: dict[tuple[int, int], str] = {}
    for article_id, number in wanted:
        texts[(article_id, number)] = articles.revision_text(session, article_id, number)
    return texts


@bp.get("/")
def queue() -> ResponseReturnValue:
    session = get_session()
    args = request.args
    page_number = args.get("page", "1")
    mine = args.get("mine") == "1"
    filters = triage.QueueFilter(
        status=args.get("status", GroupStatus.OPEN),
        article=args.get("article") or None,
        kind=args.get("kind") or None,
        assignee_id=current_editor().id if mine else None,
        query=args.get("q", "")[:200],
        page=whole_number(page_number) or 1,
    )
    result = triage.list_groups(session, filters)
    texts = _texts(session, result.groups)
    rows = [
        {
            "group": group,
            "article": article,
            "context": short_context(texts[(group.article_id, group.revision)], group),
            "top": top_candidate(group),
        }
        for group, article in result.groups
    ]
    return render_template(
        "editor/queue.html",
        rows=rows,
        result=result,
        filters=filters,
        mine=mine,
        kinds=KIND_LABELS,
        statuses=(*GroupStatus, ALL),
        articles=articles.list_articles(session),
        bulk=BulkForm(),
        digest_form=ActionForm(),
        digest_on=current_editor().digest,
    )


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


def _group_or_redirect(group_id: int) -> Group | ResponseReturnValue:
    group = triage.get_group(get_session(), group_id)
    if group.merged_into is not None:
        return redirect(url_for("editor.group", group_id=group.merged_into), 301)
    return group


def _group_page(group: Group, apply_form: ApplyForm | None = None, status: int = 200) -> Any:
    session = get_session()
    article = articles.get_article_by_id(session, group.article_id)
    text = articles.revision_text(session, group.article_id, group.revision)
    current = articles.get_current_revision(session, article)
    passage = passage_of(text, group.start, group.end)
    previews = [
        Preview(c["text"], c["count"], c["merged"], preview_of(passage, c["text"]))
        for c in candidate_list(group)
    ]
    top = previews[0].text if previews else group.quote
    places = elsewhere(current.text, group) if group.revision == current.number else []
    if apply_form is None:
        apply_form = ApplyForm(
            choice="0" if previews else "custom",
            custom=top,
            base_revision=current.number,
            summary=suggested_summary(group.kind, group.quote, top),
            note=suggested_note(group.kind, group.quote, top),
        )
    apply_form.elsewhere.choices = [(p, f"offset {p}") for p in places]
    editors_ = editors.list_editors(session, active_only=True)
    assign_form = AssignForm(assignee=group.assignee_id or 0)
    assign_form.assignee.choices = [(0, "Nobody")] + [(e.id or 0, e.email) for e in editors_]
    members = triage.group_reports(session, group)
    archive = (
        propagation.places_elsewhere(session, group) if group.status == GroupStatus.FIXED else []
    )
    fixing = (
        articles.get_revision(session, article, group.fixed_revision)
        if group.fixed_revision and group.fixed_revision <= current.number
        else None
    )
    split_form = SplitForm()
    split_form.reports.choices = [(r.id or 0, str(r.id)) for r in members]
    return (
        render_template(
            "editor/group.html",
            group=group,
            article=article,
            current=current,
            passage=passage,
            previews=previews,
            places=[(p, passage_of(current.text, p, p + len(group.quote))) for p in places],
            reports=members,
            activity=audit_log.entries(session, target=f"group:{group.id}"),
            apply_form=apply_form,
            reject_form=RejectForm(),
            snooze_form=SnoozeForm(),
            assign_form=assign_form,
            merge_form=MergeForm(),
            split_form=split_form,
            action_form=ActionForm(),
            kinds=KIND_LABELS,
            archive=archive,
            fixing=fixing,
            is_admin=current_editor().role == "admin",
            editors={e.id: e.email for e in editors_},
        ),
        status,
    )


@bp.get("/groups/<int:group_id>")
def group(group_id: int) -> ResponseReturnValue:
    found = _group_or_redirect(group_id)
    if not isinstance(found, Group):
        return found
    return _group_page(found)


def _chosen_text(form: ApplyForm, group: Group) -> str:
    choice = (form.choice.data or "").strip()
    if choice == "custom":
        return form.custom.data or ""
    candidates = candidate_list(group)
    index = whole_number(choice)
    if index is not None and index < len(candidates):
        return str(candidates[index]["text"])
    raise Invalid("Choose a fix.", {"choice": "Pick a candidate or type a correction."})


def _apply_form(group: Group) -> tuple[ApplyForm, Article, Revision]:
    session = get_session()
    form = ApplyForm()
    article = articles.get_article_by_id(session, group.article_id)
    current = articles.get_current_revision(session, article)
    form.elsewhere.choices = [(p, str(p)) for p in elsewhere(current.text, group)]
    return form, article, current


@bp.post("/groups/<int:group_id>/preview")
def preview(group_id: int) -> ResponseReturnValue:
    """Show the change before publishing (used for typed corrections)."""
    found = triage.get_group(get_session(), group_id)
    form, article, current = _apply_form(found)
    if not form.validate_on_submit():
        return _group_page(found, form, 422)
    try:
        replacement = _chosen_text(form, found)
    except Invalid as error:
        form.choice.errors = list(error.fields.values())
        return _group_page(found, form, 422)
    passage = passage_of(current.text, found.start, found.end)
    return render_template(
        "editor/preview.html",
        group=found,
        article=article,
        form=form,
        diff=preview_of(passage, replacement),
        replacement=replacement,
    )


@bp.post("/groups/<int:group_id>/apply")
def apply(group_id: int) -> ResponseReturnValue:
    session = get_session()
    found = triage.get_group(session, group_id)
    form, article, _ = _apply_form(found)
    if not form.validate_on_submit():
        return _group_page(found, form, 422)
    try:
        fix = triage.Fix(found.id or 0, _chosen_text(form, found), tuple(form.elsewhere.data or ()))
        revision = _publish([fix], form)
    except Conflict as conflict:
        return _conflict_page(article, form.base_revision.data or 0, conflict)
    except Invalid as error:
        for name, message in error.fields.items():
            field = getattr(form, name, form.custom)
            field.errors = [*field.errors, message]
        return _group_page(found, form, 422)
    flash(f"Published revision {revision.number}.")
    _offer_follow_ups(found, fix.text)
    return redirect(url_for("public.revision", slug=article.slug, number=revision.number))


def _publish(fixes: list[triage.Fix], form: ApplyForm | BatchForm) -> Revision:
    """Apply fixes as one revision with the form's base revision, summary and note."""
    return triage.apply_fixes(
        session=get_session(),
        fixes=fixes,
        base_revision=form.base_revision.data or 0,
        summary=form.summary.data or "",
        note=form.note.data or None,
        editor=current_editor(),
    )


def _offer_follow_ups(group: Group, replacement: str) -> None:
    """After a fix: propose the name for the stylebook, and the same fix elsewhere."""
    session = get_session()
    if group.kind == Kind.NAME and not stylebook.load(session).is_known(replacement.strip()):
        flash(replacement.strip(), "stylebook")
    if propagation.places_elsewhere(session, group, limit=1):
        flash(str(group.id), "propagate")


def _conflict_page(article: Article, base: int, conflict: Conflict) -> ResponseReturnValue:
    session = get_session()
    current = articles.get_current_revision(session, article)
    try:
        base_revision: Revision | None = articles.get_revision(session, article, base)
    except FactcheckError:
        base_revision = None
    changes = []
    if base_revision is not None and base_revision.number != current.number:
        old_blocks = [b.text for b in blocks_of(base_revision.text)]
        new_blocks = [b.text for b in blocks_of(current.text)]
        for old, new in zip(old_blocks, new_blocks, strict=False):
            if old != new:
                changes.append(diff_words(old, new))
    return (
        render_template(
            "editor/conflict.html",
            article=article,
            current=current,
            base=base,
            message=conflict.message,
            changes=changes,
        ),
        409,
    )


def _act(group_id: int, action: Any, message: str) -> ResponseReturnValue:
    session = get_session()
    try:
        action(session, current_editor())
    except FactcheckError as error:
        flash(error.message + " " + " ".join(error.fields.values()), "error")
    else:
        flash(message)
    return redirect(url_for("editor.group", group_id=group_id))


@bp.post("/groups/<int:group_id>/reject")
def reject(group_id: int) -> ResponseReturnValue:
    form = RejectForm()
    if not form.validate_on_submit():
        flash("Choose a reason.", "error")
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
        "Rejected.",
    )


@bp.post("/groups/<int:group_id>/reopen")
def reopen(group_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(
        group_id, lambda s, e: triage.reopen(session=s, group_id=group_id, editor=e), "Reopened."
    )


@bp.post("/groups/<int:group_id>/snooze")
def snooze(group_id: int) -> ResponseReturnValue:
    form = SnoozeForm()
    if not form.validate_on_submit():
        flash("Give a number of reports (1–10,000) or a date.", "error")
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
        "Snoozed.",
    )


@bp.post("/groups/<int:group_id>/assign")
def assign(group_id: int) -> ResponseReturnValue:
    form = AssignForm()
    number = whole_number(request.form.get("assignee", "0"))  # 0: nobody
    if number is None:
        abort(400)
    assignee = number or None
    if not form.validate_on_submit() and form.errors.keys() - {"assignee"}:
        abort(400)
    return _act(
        group_id,
        lambda s, e: triage.assign(session=s, group_id=group_id, assignee_id=assignee, editor=e),
        "Assignment saved.",
    )


@bp.post("/groups/<int:group_id>/merge")
def merge(group_id: int) -> ResponseReturnValue:
    form = MergeForm()
    if not form.validate_on_submit():
        flash("Give the number of the group to merge into.", "error")
        return redirect(url_for("editor.group", group_id=group_id))
    into = form.into.data or 0
    session = get_session()
    try:
        triage.merge(session=session, group_id=group_id, into=into, editor=current_editor())
    except FactcheckError as error:
        flash(error.message, "error")
        return redirect(url_for("editor.group", group_id=group_id))
    flash(f"Merged into group {into}.")
    return redirect(url_for("editor.group", group_id=into))


@bp.post("/groups/<int:group_id>/split")
def split(group_id: int) -> ResponseReturnValue:
    form = SplitForm()
    ids = whole_numbers(request.form.getlist("reports"))
    if not form.validate_on_submit():
        abort(400)
    session = get_session()
    try:
        new = triage.split(
            session=session, group_id=group_id, report_ids=ids, editor=current_editor()
        )
    except FactcheckError as error:
        flash(error.message, "error")
        return redirect(url_for("editor.group", group_id=group_id))
    flash(f"Moved {len(ids)} report(s) to group {new.id}.")
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
        flash("Choose at least one place.", "error")
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
        flash(error.message, "error")
    else:
        flash(f"Published {len(created)} revision(s) with the same correction.")
    return redirect(url_for("editor.group", group_id=group_id))


@bp.post("/groups/<int:group_id>/confirm/<int:report_id>")
def confirm(group_id: int, report_id: int) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    return _act(
        group_id,
        lambda s, e: triage.confirm(session=s, group_id=group_id, report_id=report_id, editor=e),
        "Confirmed as a duplicate.",
    )


@bp.route("/articles/<slug>/batch", methods=["GET", "POST"])
def batch(slug: str) -> ResponseReturnValue:
    """Fix several open groups of one article as one revision."""
    session = get_session()
    article = articles.get_article(session, slug)
    current = articles.get_current_revision(session, article)
    open_groups = triage.list_groups(session, triage.QueueFilter(article=slug, per_page=200)).groups
    form = BatchForm(base_revision=current.number)
    if form.validate_on_submit():
        chosen = set(form.groups.data or [])
        fixes = [
            triage.Fix(g.id or 0, top_candidate(g, g.quote))
            for g, _ in open_groups
            if g.id in chosen
        ]
        try:
            revision = _publish(fixes, form)
        except Conflict as conflict:
            return _conflict_page(article, form.base_revision.data or 0, conflict)
        except Invalid as error:
            form.groups.errors = [*form.groups.errors, error.message]
        else:
            flash(f"Published revision {revision.number} fixing {len(fixes)} group(s).")
            return redirect(url_for("public.revision", slug=slug, number=revision.number))
    rows = [
        {
            "group": g,
            "top": top_candidate(g),
            "passage": passage_of(current.text, g.start, g.end),
        }
        for g, _ in open_groups
        if g.revision == current.number and candidate_list(g)
    ]
    status = 422 if form.errors and form.is_submitted() else 200
    return render_template("editor/batch.html", article=article, rows=rows, form=form), status


@bp.post("/articles/<slug>/revert")
def revert(slug: str) -> ResponseReturnValue:
    """Restore an earlier revision's text as a new revision (history stays append-only)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    raw = request.form.get("to", "")
    session = get_session()
    try:
        to = whole_number(raw)
        if to is None:
            raise Invalid("Choose a revision.", {"to": "A revision number."})
        revision = history.revert(
            session=session,
            slug=slug,
            to=to,
            summary=request.form.get("summary", "")[:500],
            editor=current_editor(),
        )
    except FactcheckError as error:
        flash(error.message + " " + " ".join(error.fields.values()), "error")
        return redirect(url_for("public.article_history", slug=slug))
    flash(f"Published revision {revision.number}, restoring revision {raw}.")
    return redirect(url_for("public.article_history", slug=slug))


@bp.get("/audit")
@admin_required
def audit() -> ResponseReturnValue:
    session = get_session()
    people = {e.id: e.email for e in editors.list_editors(session)}
    return render_template("editor/audit.html", entries=audit_log.entries(session), people=people)


def _editors_page(form: EditorForm, **extra: Any) -> ResponseReturnValue:
    people = editors.list_editors(get_session())
    return render_template(
        "editor/editors.html", form=form, people=people, action_form=ActionForm(), **extra
    )


@bp.route("/admin/editors", methods=["GET", "POST"])
@admin_required
def manage_editors() -> ResponseReturnValue:
    session = get_session()
    form = EditorForm()
    if form.validate_on_submit():
        try:
            created = editors.create_editor(
                session=session,
                email=form.email.data or "",
                password=form.password.data or "",
                role="admin" if form.admin.data else "editor",
                actor=current_editor(),
            )
        except FactcheckError as error:
            for name, message in error.fields.items():
                getattr(form, name, form.email).errors = [message]
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
        flash(error.message, "error")
    else:
        flash(f"{person.email} is now {'active' if person.active else 'deactivated'}.")
    return redirect(url_for("editor.manage_editors"))
