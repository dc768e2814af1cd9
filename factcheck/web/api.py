"""JSON API v1 (DESIGN.md): articles and revisions; CMS ingest with a bearer token."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from factcheck.db import get_session
from factcheck.domain import diffing
from factcheck.domain.errors import Invalid, Unauthorized
from factcheck.domain.reports import ReportDraft
from factcheck.models import Article, Editor, Group, Report, Revision
from factcheck.services import articles, editors, history, reports, triage
from factcheck.services.grouping import candidate_list
from factcheck.web.edge import json_error
from factcheck.web.limits import limit_body, reporter_fingerprint, reports_limited
from factcheck.web.schemas import (
    ArticlePut,
    GroupApply,
    GroupMerge,
    GroupReject,
    ReportCreate,
    parse,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
F = TypeVar("F", bound=Callable[..., Any])


def iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def editor_required(view: F) -> F:
    """Require `Authorization: Bearer <token>` naming an active editor."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send an editor's API token as 'Authorization: Bearer <token>'.")
        g.api_editor = editors.editor_for_token(session=get_session(), token=token.strip())
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def api_editor() -> Editor:
    editor: Editor = g.api_editor
    return editor


def article_public(article: Article, revision: Revision) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "revision": article.current_revision,
        "text": revision.text,
        "url": url_for("public.article", slug=article.slug, _external=True),
        "published_at": iso(article.published_at),
        "updated_at": iso(article.updated_at),
    }


def revision_public(revision: Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "title": revision.title,
        "text": revision.text,
        "summary": revision.summary,
        "note": revision.note,
        "author": "newsroom" if "@" in revision.author else revision.author,
        "created_at": iso(revision.created_at),
    }


@bp.get("/articles")
def list_articles() -> ResponseReturnValue:
    session = get_session()
    return jsonify(
        articles=[
            {
                "slug": article.slug,
                "title": article.title,
                "revision": article.current_revision,
                "url": url_for("public.article", slug=article.slug, _external=True),
                "published_at": iso(article.published_at),
                "updated_at": iso(article.updated_at),
            }
            for article in articles.list_articles(session)
        ]
    )


@bp.get("/articles/<slug>")
def get_article(slug: str) -> ResponseReturnValue:
    session = get_session()
    article = articles.get_article(session, slug)
    return jsonify(article_public(article, articles.current_revision(session, article)))


@bp.get("/articles/<slug>/revisions")
def list_revisions(slug: str) -> ResponseReturnValue:
    session = get_session()
    article = articles.get_article(session, slug)
    revisions = articles.list_revisions(session, article)
    return jsonify(revisions=[revision_public(revision) for revision in revisions])


@bp.get("/articles/<slug>/revisions/<int(signed=True):number>")
def get_revision(slug: str, number: int) -> ResponseReturnValue:
    session = get_session()
    article = articles.get_article(session, slug)
    return jsonify(revision_public(articles.get_revision(session, article, number)))


@bp.get("/articles/<slug>/diff")
def get_diff(slug: str) -> ResponseReturnValue:
    session = get_session()
    article = articles.get_article(session, slug)
    old, new = history.revision_pair(
        session, article, request.args.get("from"), request.args.get("to")
    )
    return jsonify(
        {
            "from": old.number,
            "to": new.number,
            "operations": diffing.text_ops(old.text, new.text),
            "blocks": diffing.to_json(diffing.diff_texts(old.text, new.text)),
        }
    )


@bp.put("/articles/<slug>")
@editor_required
def put_article(slug: str) -> ResponseReturnValue:
    data = parse(ArticlePut)
    limit = current_app.config["MAX_BODY_CHARS"]
    if len(data.body) > limit:
        message = f"The body is longer than {limit} characters."
        return json_error(413, message, fields={"body": message})
    draft = articles.ArticleDraft(slug=slug, title=data.title, body=data.body, summary=data.summary)
    result = articles.ingest_article(
        session=get_session(), draft=draft, author=api_editor().email, max_body_chars=limit
    )
    payload = article_public(result.article, result.revision)
    payload["status"] = result.status.value
    status = 201 if result.status is articles.IngestStatus.CREATED else 200
    return jsonify(payload), status


def report_public(report: Report) -> dict[str, Any]:
    status = reports.status_of(get_session(), report)
    return {
        "id": report.id,
        "token": report.token,
        "status_url": url_for("reports.status", token=report.token, _external=True),
        "group": report.group_id,
        "revision": report.revision,
        "start": report.start,
        "end": report.end,
        "status": status.state,
        "message": status.message,
        "fixed_revision": status.fixed_revision,
        "reason": status.reason,
        "quote": report.quote,
        "suggestion": report.suggestion,
        "kind": report.kind,
        "created_at": iso(report.created_at),
    }


@bp.post("/articles/<slug>/reports")
@reports_limited
def post_report(slug: str) -> ResponseReturnValue:
    limit_body(current_app.config["MAX_REPORT_BYTES"])
    data = parse(ReportCreate)
    if data.website:
        raise Invalid("Leave the website field empty.", {"website": "Must be empty."})
    draft = ReportDraft(
        slug=slug,
        revision=data.revision,
        quote=data.quote,
        prefix=data.prefix,
        suffix=data.suffix,
        start=data.start,
        end=data.end,
        suggestion=data.suggestion,
        comment=data.comment,
        kind=data.kind,
        email=data.email,
    )
    submitted = reports.submit_report(
        session=get_session(), draft=draft, reporter=reporter_fingerprint()
    )
    return jsonify(report_public(submitted.report)), 201 if submitted.created else 200


@bp.get("/reports/<token>")
def get_report(token: str) -> ResponseReturnValue:
    return jsonify(report_public(reports.get_by_token(get_session(), token)))


def group_public(group: Group, slug: str) -> dict[str, Any]:
    return {
        "id": group.id,
        "article": slug,
        "status": group.status,
        "kind": group.kind,
        "revision": group.revision,
        "start": group.start,
        "end": group.end,
        "quote": group.quote,
        "report_count": group.report_count,
        "reporters": group.reporter_count,
        "candidates": [{"text": c["text"], "count": c["count"]} for c in candidate_list(group)],
        "found_by_checker": group.found_by_checker,
        "fixed_revision": group.fixed_revision,
        "reason": group.reason,
        "merged_into": group.merged_into,
        "first_seen": iso(group.first_seen),
        "last_seen": iso(group.last_seen),
        "url": url_for("editor.group", group_id=group.id, _external=True),
    }


def _one_group(group_id: int) -> dict[str, Any]:
    session = get_session()
    group = triage.get_group(session, group_id)
    return group_public(group, articles.get_article_by_id(session, group.article_id).slug)


@bp.get("/groups")
@editor_required
def list_groups() -> ResponseReturnValue:
    args = request.args
    page = args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise Invalid("Bad page.", {"page": "A positive whole number."})
    filters = triage.QueueFilter(
        status=args.get("status", "open"),
        article=args.get("article") or None,
        kind=args.get("kind") or None,
        query=args.get("q", "")[:200],
        page=int(page),
        per_page=100,
    )
    result = triage.list_groups(get_session(), filters)
    return jsonify(
        groups=[group_public(g, a.slug) for g, a in result.groups],
        total=result.total,
        page=result.page,
        pages=result.pages,
    )


@bp.get("/groups/<int:group_id>")
@editor_required
def get_group(group_id: int) -> ResponseReturnValue:
    return jsonify(_one_group(group_id))


@bp.post("/groups/<int:group_id>/apply")
@editor_required
def apply_group(group_id: int) -> ResponseReturnValue:
    data = parse(GroupApply)
    revision = triage.apply_fixes(
        session=get_session(),
        fixes=[triage.Fix(group_id, data.text, tuple(data.elsewhere))],
        base_revision=data.base_revision,
        summary=data.summary,
        note=data.note,
        editor=api_editor(),
    )
    return jsonify(revision=revision.number, group=_one_group(group_id)), 201


@bp.post("/groups/<int:group_id>/reject")
@editor_required
def reject_group(group_id: int) -> ResponseReturnValue:
    data = parse(GroupReject)
    triage.reject(
        session=get_session(),
        group_id=group_id,
        reason=data.reason,
        detail=data.detail,
        editor=api_editor(),
    )
    return jsonify(_one_group(group_id))


@bp.post("/groups/<int:group_id>/merge")
@editor_required
def merge_group(group_id: int) -> ResponseReturnValue:
    data = parse(GroupMerge)
    triage.merge(session=get_session(), group_id=group_id, into=data.into, editor=api_editor())
    return jsonify(_one_group(data.into))
