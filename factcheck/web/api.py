"""JSON API v1 (DESIGN.md): articles and revisions; CMS ingest with a bearer token."""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Response, current_app, g, request
from flask.typing import ResponseReturnValue

from factcheck.connectors.clients import Clients
from factcheck.db import get_session
from factcheck.domain import diffing
from factcheck.domain.errors import (
    ArticleNotFound,
    Forbidden,
    ForbiddenOrigin,
    Invalid,
    NotFound,
    Unauthorized,
)
from factcheck.domain.reports import ReportDraft
from factcheck.domain.urls import origin_of
from factcheck.models import Article, Editor, Group, Report, Revision, Site
from factcheck.services import (
    articles,
    connectors,
    editors,
    history,
    publishing,
    reports,
    sites,
    triage,
)
from factcheck.services.grouping import candidate_list
from factcheck.web import cursors
from factcheck.web.edge import json_error
from factcheck.web.i18n import translate
from factcheck.web.limits import limit_body, reporter_fingerprint, reports_limited
from factcheck.web.links import public_url_for
from factcheck.web.openapi import ApiRoutes
from factcheck.web.reader_messages import reason_in_words, status_message
from factcheck.web.schemas import (
    MAX_ID,
    ArticleIngested,
    ArticlePublic,
    ArticlePut,
    ArticlesPublic,
    ArticleSummary,
    Diff,
    DiffQuery,
    GroupApplied,
    GroupApply,
    GroupMerge,
    GroupPublic,
    GroupReject,
    GroupsPublic,
    GroupsQuery,
    ListQuery,
    ReportCreate,
    ReportFields,
    ReportPublic,
    RevisionListed,
    RevisionPublic,
    RevisionsPublic,
    RevisionsQuery,
    SiteAdmin,
    SiteCreate,
    SitePublic,
    SiteReportCreate,
    SitesAdmin,
    TokenRevoked,
    parse,
    parse_query,
    require_json,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Every route goes through `api.route`, which also documents it in /openapi.json.
api = ApiRoutes(bp)
F = TypeVar("F", bound=Callable[..., Any])


def token_required(view: F) -> F:
    """Require `Authorization: Bearer <token>` naming an active editor."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send an editor's API token as 'Authorization: Bearer <token>'.")
        g.api_editor = editors.editor_for_token(session=get_session(), token=token.strip())
        g.api_token = token.strip()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def api_editor() -> Editor:
    editor: Editor = g.api_editor
    return editor


def article_summary(article: Article) -> ArticleSummary:
    return ArticleSummary(
        slug=article.slug,
        title=article.title,
        revision=article.current_revision,
        url=public_url_for("public.article", slug=article.slug),
        published_at=article.published_at,
        updated_at=article.updated_at,
    )


def article_public(article: Article, revision: Revision) -> ArticlePublic:
    return ArticlePublic(**dict(article_summary(article)), text=revision.text)


def revision_public(revision: Revision) -> RevisionPublic:
    return RevisionPublic(
        number=revision.number,
        title=revision.title,
        text=revision.text,
        summary=revision.summary,
        note=revision.note,
        author="newsroom" if "@" in revision.author else revision.author,
        created_at=revision.created_at,
    )


def next_link(cursor: str | None, **values: Any) -> dict[str, str | None]:
    """`next` and `next_cursor` of a list answer: this request again, from `cursor` on."""
    if cursor is None:
        return {"next": None, "next_cursor": None}
    assert request.endpoint is not None
    args = {k: v for k, v in request.args.items() if k != "cursor"}
    url = public_url_for(request.endpoint, **values, **args, cursor=cursor)
    return {"next": url, "next_cursor": cursor}


@api.route("GET", "/articles", query=ListQuery, responses={200: ArticlesPublic})
def list_articles() -> ResponseReturnValue:
    """Articles, newest first, `limit` at a time; follow `next` for the rest.

    Keyset pagination: an article published meanwhile never shifts or repeats a slice.
    """
    query = parse_query(ListQuery)
    after = cursors.decode(query.cursor, "articles", datetime, int) if query.cursor else None
    found = articles.articles_after(get_session(), after=after, limit=query.limit)
    cursor = (
        cursors.encode("articles", *articles.article_key(found.items[-1])) if found.more else None
    )
    return ArticlesPublic(
        articles=[article_summary(article) for article in found.items], **next_link(cursor)
    ).dump()


@api.route("GET", "/articles/<slug>", responses={200: ArticlePublic})
def get_article(slug: str) -> ResponseReturnValue:
    """An article's current revision, with its canonical text."""
    session = get_session()
    article = articles.get_article(session, slug)
    return article_public(article, articles.get_current_revision(session, article)).dump()


@api.route(
    "GET", "/articles/<slug>/revisions", query=RevisionsQuery, responses={200: RevisionsPublic}
)
def list_revisions(slug: str) -> ResponseReturnValue:
    """An article's revisions, newest first, `limit` at a time: metadata and a link each.

    `include=text` adds each listed revision's canonical text (still `limit` at a time).
    """
    query = parse_query(RevisionsQuery)
    session = get_session()
    article = articles.get_article(session, slug)
    after = cursors.decode(query.cursor, "revisions", int)[0] if query.cursor else None
    found = articles.revisions_after(session, article, after=after, limit=query.limit)
    texts = (
        articles.revision_texts(session, article, [r.number for r in found.items])
        if query.include == "text"
        else {}
    )
    listed = [
        RevisionListed(
            number=r.number,
            title=r.title,
            size=r.size,
            summary=r.summary,
            note=r.note,
            author="newsroom" if "@" in r.author else r.author,
            created_at=r.created_at,
            url=public_url_for("api.get_revision", slug=article.slug, number=r.number),
            text=texts.get(r.number),
        )
        for r in found.items
    ]
    cursor = cursors.encode("revisions", found.items[-1].number) if found.more else None
    return RevisionsPublic(revisions=listed, **next_link(cursor, slug=article.slug)).dump()


@api.route(
    "GET", f"/articles/<slug>/revisions/<int(max={MAX_ID}):number>", responses={200: RevisionPublic}
)
def get_revision(slug: str, number: int) -> ResponseReturnValue:
    """One revision of an article (a permanent link)."""
    session = get_session()
    article = articles.get_article(session, slug)
    return revision_public(articles.get_revision(session, article, number)).dump()


@api.route("GET", "/articles/<slug>/diff", query=DiffQuery, responses={200: Diff})
def get_diff(slug: str) -> ResponseReturnValue:
    """What changed between two revisions (default: the latest change).

    `operations` are code-point edits of the canonical text; `blocks` are paragraph-level
    operations with word and letter pieces, as the diff page shows them.
    """
    query = parse_query(DiffQuery)
    session = get_session()
    article = articles.get_article(session, slug)
    old, new = history.revision_pair(session, article, query.from_, query.to)
    return Diff.model_validate(
        {
            "from": old.number,
            "to": new.number,
            "operations": diffing.text_ops(old.text, new.text),
            "blocks": diffing.to_json(diffing.diff_texts(old.text, new.text)),
        }
    ).dump()


@api.route(
    "PUT",
    "/articles/<slug>",
    body=ArticlePut,
    responses={200: ArticleIngested, 201: ArticleIngested},
    errors=(409,),
    auth=True,
)
@token_required
def put_article(slug: str) -> ResponseReturnValue:
    """Create an article (201) or add a revision when its text changed (200).

    `status` says which: `created`, `revised` or `unchanged` (the text; `url`, `site`,
    `language` and `published_at` are set whenever given). The body is plain text with
    paragraphs separated by blank lines. `site` is a registered site's key (422 if
    unknown); `url` the article's canonical URL there, one article per URL and site
    (409 when another article of the site has it); `language` defaults to the site's.
    """
    data = parse(ArticlePut)
    limit = current_app.config["MAX_BODY_CHARS"]
    if len(data.body) > limit:
        message = f"The body is longer than {limit} characters."
        return json_error(413, message, fields={"body": message})
    draft = articles.ArticleDraft(
        slug=slug,
        title=data.title,
        body=data.body,
        summary=data.summary,
        url=data.url,
        site=data.site,
        language=data.language,
        published_at=data.published_at,
        base_revision=data.base_revision,
    )
    result = publishing.ingest_article(
        session=get_session(), draft=draft, author=api_editor().email, max_body_chars=limit
    )
    ingested = ArticleIngested(
        **dict(article_public(result.article, result.revision)), status=result.status.value
    )
    status = 201 if result.status is publishing.IngestStatus.CREATED else 200
    return ingested.dump(), status


def report_public(
    report: Report, group: Group | None = None, *, repeat_message: str | None = None
) -> ReportPublic:
    """The report as its reader may see it; `repeat_message` when they sent it again."""
    status = reports.status_of(get_session(), report, group)
    return ReportPublic.model_validate(
        {
            "id": report.id,
            "token": report.token,
            "status_url": public_url_for("reports.status", token=report.token),
            "group": report.group_id,
            "revision": report.revision,
            "start": report.start,
            "end": report.end,
            "status": status.state,
            "message": status_message(status)
            if repeat_message is None
            else translate(repeat_message),
            "fixed_revision": status.fixed_revision,
            "reason": reason_in_words(status.reason) or None,
            "quote": report.quote,
            "suggestion": report.suggestion,
            "kind": report.kind,
            "created_at": report.created_at,
            "repeat": repeat_message is not None,
        }
    )


def report_draft(
    data: ReportFields, *, slug: str, revision: int, site_id: int | None = None
) -> ReportDraft:
    if data.website:
        raise Invalid("Leave the website field empty.", {"website": "Must be empty."})
    return ReportDraft(
        slug=slug,
        revision=revision,
        quote=data.quote,
        prefix=data.prefix,
        suffix=data.suffix,
        start=data.start,
        end=data.end,
        suggestion=data.suggestion,
        comment=data.comment,
        kind=data.kind,
        email=data.email,
        site_id=site_id,
        page_url=getattr(data, "page_url", None),
        language=data.language,
    )


def submitted_answer(submitted: reports.Submitted) -> ResponseReturnValue:
    answer = report_public(submitted.report, submitted.group, repeat_message=submitted.message)
    return answer.dump(), 201 if submitted.created else 200


def _refuse_foreign_origin() -> None:
    """Factcheck's own pages post from Factcheck's origin; a browser on any other site
    sends its own `Origin` (pages of registered sites use /sites/<key>/reports)."""
    sent = request.headers.get("Origin")
    if sent is None:
        return  # not a browser's cross-site request (a CMS, curl): the JSON-only rule holds
    own = {origin_of(request.host_url), origin_of(current_app.config.get("PUBLIC_URL") or "")}
    if origin_of(sent) not in own - {None}:
        raise ForbiddenOrigin(
            "Reports from other sites go through their registered site; nothing was sent.",
            {"origin": "Not this site's origin."},
        )


@api.route(
    "POST",
    "/articles/<slug>/reports",
    body=ReportCreate,
    responses={201: ReportPublic, 200: ReportPublic},
    errors=(403, 415, 429),
)
@reports_limited
def post_report(slug: str) -> ResponseReturnValue:
    """Report an error in an article (rate limited per client).

    201 with the report's anchor in the current revision; 200 with `repeat: true` when the
    same reader already sent the same report (a new email or comment is kept). Keep
    `token`: it is the only key to the report's status. The body must be
    `application/json` (415 otherwise).
    """
    _refuse_foreign_origin()
    limit_body(current_app.config["MAX_REPORT_BYTES"])
    require_json()
    data = parse(ReportCreate)
    draft = report_draft(data, slug=slug, revision=data.revision)
    submitted = reports.submit_report(
        session=get_session(), draft=draft, reporter=reporter_fingerprint(data.reader)
    )
    return submitted_answer(submitted)


# --- Registered sites: the embedded widget on a newsroom's own pages ------------------------

SITE = "/sites/<key>"
CORS_MAX_AGE = "600"


def site_view(view: F) -> F:
    """Resolve the site of `<key>` (404 `site_not_found`) and the page's `Origin`: a
    registered origin is echoed in the CORS headers (`add_cors_headers`); any other may
    still read the public GET, but never write (403 `forbidden_origin`)."""

    @wraps(view)
    def wrapped(key: str) -> Any:
        site = sites.get_by_key(get_session(), key)
        origin = request.headers.get("Origin")
        if sites.allows_origin(site, origin):
            g.cors_origin = origin
        elif request.method != "GET":
            raise ForbiddenOrigin(
                "This page's origin is not registered for the site; nothing was sent.",
                {"origin": "Register it under Sites in the editor."},
            )
        g.site = site
        return view(key)

    return wrapped  # type: ignore[return-value]


def current_site() -> Site:
    site: Site = g.site
    return site


SITE_ENDPOINTS = frozenset({"api.get_site", "api.post_site_report"})


@bp.before_request
def answer_preflight() -> ResponseReturnValue | None:
    """CORS preflight for the site routes: 204 with the allowed methods for a registered
    origin, 403 for any other (and for a key that names no active site)."""
    # `g` outlives a request when an app context was already pushed (the CLI, tests).
    g.cors_origin = None
    if request.method != "OPTIONS" or request.endpoint not in SITE_ENDPOINTS:
        return None
    origin = request.headers.get("Origin")
    key = (request.view_args or {}).get("key", "")
    try:
        site = sites.get_by_key(get_session(), key)
    except NotFound:
        site = None
    if site is None or not sites.allows_origin(site, origin):
        return json_error(
            403,
            translate("This page's origin is not registered for the site."),
            code=ForbiddenOrigin.code,
        )
    g.cors_origin = origin
    response = current_app.response_class(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = CORS_MAX_AGE
    return response


@bp.after_request
def add_cors_headers(response: Response) -> Response:
    """Echo a registered origin on every answer of the site routes (errors too, so the
    widget can read them). No credentials: the widget never sends or sets cookies."""
    if request.endpoint in SITE_ENDPOINTS:
        response.vary.add("Origin")
        origin = g.get("cors_origin")
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
    return response


@api.route("GET", SITE, responses={200: SitePublic})
@site_view
def get_site(key: str) -> ResponseReturnValue:
    """A registered site, as the embedded widget needs it (404 when not active).

    Public; a page at one of the site's origins may read it cross-origin (CORS).
    """
    site = current_site()
    return SitePublic(
        key=site.key, name=site.name, language=site.language, selector=site.selector
    ).dump()


@api.route(
    "POST",
    SITE + "/reports",
    body=SiteReportCreate,
    responses={201: ReportPublic, 200: ReportPublic},
    errors=(403, 415, 429),
)
@site_view
@reports_limited
def post_site_report(key: str) -> ResponseReturnValue:
    """Report an error from a page of a registered site (the embedded widget).

    Answers as `POST /articles/{slug}/reports` does (201 new, 200 `repeat`), sharing its
    rate limits. `article` is the slug or canonical URL of one of the site's articles
    (404 `article_not_found` for one it never ingested); `start`/`end` are positions in
    the page's text, a hint only; `revision` defaults to the current one. Only the
    site's registered origins may send one (403 `forbidden_origin`, nothing written).
    """
    limit_body(current_app.config["MAX_REPORT_BYTES"])
    require_json()
    data = parse(SiteReportCreate)
    site = current_site()
    draft = report_draft(data, slug="", revision=data.revision or 0, site_id=site.id)
    session, reporter = get_session(), reporter_fingerprint(data.reader)
    try:
        submitted = reports.submit_site_report(
            session=session, site=site, article=data.article, draft=draft, reporter=reporter
        )
    except ArticleNotFound:
        # A connected site's post no sync has brought in yet: fetch it now, then anchor.
        clients = Clients.from_config(current_app.config)
        if not connectors.fetch_on_demand(
            session=session, site=site, reference=data.article, clients=clients
        ):
            raise
        submitted = reports.submit_site_report(
            session=session, site=site, article=data.article, draft=draft, reporter=reporter
        )
    return submitted_answer(submitted)


@api.route("GET", "/reports/<token>", responses={200: ReportPublic})
def get_report(token: str) -> ResponseReturnValue:
    """What became of a report, by its token."""
    return report_public(reports.get_by_token(get_session(), token)).dump()


def group_public(group: Group, slug: str) -> GroupPublic:
    return GroupPublic.model_validate(
        {
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
            "priority": group.priority,
            "impact": round(group.impact, 6),
            "fixed_revision": group.fixed_revision,
            "reason": group.reason,
            "merged_into": group.merged_into,
            "first_seen": group.first_seen,
            "last_seen": group.last_seen,
            "url": public_url_for("editor.group", group_id=group.id),
        }
    )


def _one_group(group_id: int) -> GroupPublic:
    session = get_session()
    group = triage.get_group(session, group_id)
    return group_public(group, articles.get_article_by_id(session, group.article_id).slug)


GROUP = f"/groups/<int(max={MAX_ID}):group_id>"


@api.route("GET", "/groups", query=GroupsQuery, responses={200: GroupsPublic}, auth=True)
@token_required
def list_groups() -> ResponseReturnValue:
    """The triage queue: groups of reports, highest impact first, `limit` at a time.

    Follow `next` for the rest. A group created meanwhile never repeats a slice; one whose
    report count changes while you walk may move to the other side of the cursor.
    """
    query = parse_query(GroupsQuery)
    filters = triage.QueueFilter(
        status=query.status, article=query.article or None, kind=query.kind or None, query=query.q
    )
    after = cursors.decode(query.cursor, "groups", float, int) if query.cursor else None
    found = triage.groups_after(get_session(), filters, after=after, limit=query.limit)
    cursor = cursors.encode("groups", *triage.group_key(found.items[-1][0])) if found.more else None
    return GroupsPublic(
        groups=[group_public(g, a.slug) for g, a in found.items], **next_link(cursor)
    ).dump()


@api.route("GET", GROUP, responses={200: GroupPublic}, auth=True)
@token_required
def get_group(group_id: int) -> ResponseReturnValue:
    """One group with its candidates."""
    return _one_group(group_id).dump()


@api.route(
    "POST",
    GROUP + "/apply",
    body=GroupApply,
    responses={201: GroupApplied},
    errors=(409,),
    auth=True,
)
@token_required
def apply_group(group_id: int) -> ResponseReturnValue:
    """Apply a fix: a new revision with `text` in place of the group's span.

    409 with `current_revision` when the article changed so that the fix is no longer safe;
    `elsewhere` lists other offsets of the same quote to fix in the same revision.
    """
    data = parse(GroupApply)
    revision = triage.apply_fixes(
        session=get_session(),
        fixes=[triage.Fix(group_id, data.text, tuple(data.elsewhere))],
        base_revision=data.base_revision,
        summary=data.summary,
        note=data.note,
        editor=api_editor(),
        # An integrator sees no warning to override: a name may go without a note here; a
        # factual correction never does (domain.triage.note_refusal, answered as 422).
    )
    return GroupApplied(revision=revision.number, group=_one_group(group_id)).dump(), 201


@api.route(
    "POST",
    GROUP + "/reject",
    body=GroupReject,
    responses={200: GroupPublic},
    errors=(409,),
    auth=True,
)
@token_required
def reject_group(group_id: int) -> ResponseReturnValue:
    """Reject a group (not an error, house style, duplicate or spam)."""
    data = parse(GroupReject)
    triage.reject(
        session=get_session(),
        group_id=group_id,
        reason=data.reason,
        detail=data.detail,
        editor=api_editor(),
    )
    return _one_group(group_id).dump()


@api.route(
    "POST",
    GROUP + "/merge",
    body=GroupMerge,
    responses={200: GroupPublic},
    errors=(409,),
    auth=True,
)
@token_required
def merge_group(group_id: int) -> ResponseReturnValue:
    """Fold this group's reports into group `into`; answers with the merged group."""
    data = parse(GroupMerge)
    triage.merge(session=get_session(), group_id=group_id, into=data.into, editor=api_editor())
    return _one_group(data.into).dump()


@api.route("DELETE", "/token", responses={200: TokenRevoked}, auth=True)
@token_required
def revoke_token() -> ResponseReturnValue:
    """Revoke the API token this request carries (a CMS retiring its own credential)."""
    editors.revoke_bearer(session=get_session(), token=g.api_token)
    return TokenRevoked(revoked=True).dump()


def _site_admin(site: Site) -> SiteAdmin:
    return SiteAdmin(
        key=site.key,
        name=site.name,
        language=site.language,
        selector=site.selector,
        origins=sites.origin_list(site),
        active=site.active,
    )


def _admin() -> Editor:
    editor = api_editor()
    if editor.role != "admin":
        raise Forbidden("Only an admin's token can manage sites.")
    return editor


@api.route("GET", "/sites", query=ListQuery, responses={200: SitesAdmin}, errors=(403,), auth=True)
@token_required
def list_sites() -> ResponseReturnValue:
    """Registered sites with their origins, newest first, `limit` at a time (an admin's token)."""
    _admin()
    query = parse_query(ListQuery)
    after = cursors.decode(query.cursor, "sites", int)[0] if query.cursor else None
    found = sites.sites_after(get_session(), after=after, limit=query.limit)
    cursor = cursors.encode("sites", found.items[-1].id or 0) if found.more else None
    return SitesAdmin(sites=[_site_admin(s) for s in found.items], **next_link(cursor)).dump()


@api.route("POST", "/sites", body=SiteCreate, responses={201: SiteAdmin}, errors=(403,), auth=True)
@token_required
def create_site() -> ResponseReturnValue:
    """Register a site (an admin's token); the answer carries its public key for the snippet."""
    admin = _admin()
    data = parse(SiteCreate)
    fields = sites.SiteFields(
        name=data.name, origins=tuple(data.origins), language=data.language, selector=data.selector
    )
    site = sites.create_site(session=get_session(), fields=fields, actor=admin)
    return _site_admin(site).dump(), 201
