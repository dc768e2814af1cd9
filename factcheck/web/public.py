"""Public pages: articles, permanent revision links, history, diffs, corrections and feeds."""

import json
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from factcheck.db import get_session
from factcheck.domain import diffing
from factcheck.domain.errors import Invalid
from factcheck.domain.reports import CONTEXT, MAX_COMMENT, MAX_QUOTE, MAX_SUGGESTION
from factcheck.domain.text import blocks_of, without_controls
from factcheck.models import Article, Revision, utcnow
from factcheck.services import articles, history
from factcheck.web import embed_assets, widget_strings
from factcheck.web.i18n import use_language
from factcheck.web.links import public_url_for
from factcheck.web.params import page_number

bp = Blueprint("public", __name__)
# Runs of unchanged paragraphs longer than this are folded behind an expander.
CONTEXT_BLOCKS = 1


def report_limits() -> dict[str, int]:
    """The report limits the reader widget enforces: the domain's own constants, in code points."""
    return {
        "quote": MAX_QUOTE,
        "suggestion": MAX_SUGGESTION,
        "comment": MAX_COMMENT,
        "context": CONTEXT,
    }


@bp.app_context_processor
def _report_limits() -> dict[str, Any]:
    # The dialog renders these as data attributes and maxlengths, so the widget never
    # carries a copy that could drift from the server's validation. App-wide, so the
    # dialog partial renders right from whichever blueprint includes it.
    return {
        "report_limits": report_limits(),
        # The dialog's words for its script, in the page's language (README: Languages).
        "report_strings": lambda: widget_strings.for_page(str(get_locale())),
    }


EMBED_MAX_AGE = 300


def _script(source: str) -> Response:
    response = Response(source, mimetype="text/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = EMBED_MAX_AGE
    return response


@bp.get("/embed.js")
def embed() -> ResponseReturnValue:
    """The widget a newsroom embeds with one script tag (README: Embed on your site)."""
    static = Path(current_app.static_folder or "static")
    strings = widget_strings.before_open_strings()
    return _script(embed_assets.embed_script(static, report_limits(), strings))


@bp.get("/embed/strings/<tag>.json")
def embed_strings(tag: str) -> ResponseReturnValue:
    """The dialog's words in one language, from the catalogs (README: Languages): public,
    cached and read with CORS from a newsroom's page, like the modules."""
    found = (
        widget_strings.dialog_strings(tag, report_limits())
        if embed_assets.LANGUAGE_TAG.fullmatch(tag)
        else None
    )
    if found is None:
        abort(404)
    # Compact, and the letters as letters: every byte counts in the widget's budget.
    body = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    response = Response(body, mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = EMBED_MAX_AGE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/embed/<name>.js")
def embed_module(name: str) -> ResponseReturnValue:
    """A module embed.js imports as the dialog opens. Module scripts are fetched with CORS,
    from the newsroom's origin: public files, read without credentials."""
    path = embed_assets.module_path(Path(current_app.static_folder or "static"), name)
    if path is None:
        abort(404)
    response = _script(embed_assets.served_source(path))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


HOME_PER_PAGE = 30
# An Atom feed carries the newest entries only; the history page has the rest.
FEED_ENTRIES = 50


@bp.get("/")
def index() -> ResponseReturnValue:
    page = page_number(request.args.get("page"))
    result = articles.articles_page(get_session(), page=page, per_page=HOME_PER_PAGE)
    return render_template("public/index.html", articles=result.items, result=result)


def _iso(value: Any) -> str:
    text: str = value.isoformat().replace("+00:00", "Z")
    return text


def json_ld(article: Article, revision: Revision, notes: list[Revision]) -> dict[str, Any]:
    """schema.org NewsArticle with one CorrectionComment per published note."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": revision.title,
        "url": public_url_for("public.article", slug=article.slug),
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.updated_at),
    }
    if notes:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.note,
                "datePublished": _iso(note.created_at),
            }
            for note in notes
        ]
    return data


def _article_page(article: Article, shown: Revision) -> str:
    session = get_session()
    is_current = shown.number == article.current_revision
    notes = [n for n in history.notes(session, article) if n.number <= shown.number]
    # A correction a CMS update undid is no correction for the reader of today's text.
    undone = history.undone_notes(session, article) if is_current else set()
    use_language(article.language)
    return render_template(
        "public/article.html",
        article=article,
        revision=shown,
        blocks=blocks_of(shown.text),
        is_current=is_current,
        imported=history.is_imported(article, shown),
        notes=notes,
        undone=undone,
        notes_position=current_app.config["NOTES_POSITION"],
        json_ld=json_ld(article, shown, [n for n in notes if n.number not in undone])
        if is_current
        else None,
    )


@bp.get("/articles/<slug>")
def article(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    return _article_page(found, articles.get_current_revision(session, found))


@bp.get("/articles/<slug>/revisions/<int(signed=True):number>")
def revision(slug: str, number: int) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    return _article_page(found, articles.get_revision(session, found, number))


@bp.get("/articles/<slug>/history")
def article_history(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    use_language(found.language)
    result = history.history(session, found, page=page_number(request.args.get("page")))
    return render_template("public/history.html", article=found, rows=result.items, result=result)


def diff_rows(ops: list[diffing.BlockOp]) -> list[dict[str, Any]]:
    """Block ops for the template, with long runs of unchanged paragraphs folded."""
    rows: list[dict[str, Any]] = []
    index = 0
    while index < len(ops):
        if ops[index].tag != diffing.EQUAL:
            rows.append({"op": ops[index]})
            index += 1
            continue
        end = index
        while end < len(ops) and ops[end].tag == diffing.EQUAL:
            end += 1
        run = ops[index:end]
        head = CONTEXT_BLOCKS if index > 0 else 0
        tail = CONTEXT_BLOCKS if end < len(ops) else 0
        if len(run) <= head + tail + 1:
            rows.extend({"op": op} for op in run)
        else:
            rows.extend({"op": op} for op in run[:head])
            rows.append({"folded": run[head : len(run) - tail]})
            rows.extend({"op": op} for op in run[len(run) - tail :])
        index = end
    return rows


@bp.get("/articles/<slug>/diff")
def diff(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    use_language(found.language)
    view = request.args.get("view", "inline")
    if view not in ("inline", "split"):
        raise Invalid("Unknown view.", {"view": "Use inline or split."})
    old, new = history.revision_pair(
        session, found, request.args.get("from"), request.args.get("to")
    )
    ops = diffing.diff_texts(old.text, new.text)
    return render_template(
        "public/diff.html",
        article=found,
        old=old,
        new=new,
        rows=diff_rows(ops),
        view=view,
        unchanged=all(op.tag == diffing.EQUAL for op in ops),
    )


@bp.get("/corrections")
def corrections() -> ResponseReturnValue:
    result = history.corrections(get_session(), page_number(request.args.get("page")))
    return render_template("public/corrections.html", result=result)


def _feed(title: str, link: str, self_link: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(self_link)
    feed.title(title)
    feed.link(href=link, rel="alternate")
    feed.link(href=self_link, rel="self")
    feed.language("en")
    return feed


def _atom(feed: FeedGenerator) -> Response:
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.get("/corrections.atom")
def corrections_feed() -> ResponseReturnValue:
    result = history.corrections(get_session(), 1)
    feed = _feed(
        "Corrections",
        public_url_for("public.corrections"),
        public_url_for("public.corrections_feed"),
    )
    feed.subtitle("Every correction published on this site, newest first.")
    feed.updated(result.items[0][0].created_at if result.items else utcnow())
    for revision, found in reversed(result.items):
        entry = feed.add_entry()
        link = public_url_for("public.diff", slug=found.slug, to=revision.number)
        entry.id(link)
        entry.title(without_controls(f"Correction: {found.title}"))
        entry.link(href=link)
        entry.summary(without_controls(revision.note or ""))
        entry.published(revision.created_at)
        entry.updated(revision.created_at)
    return _atom(feed)


@bp.get("/articles/<slug>/history.atom")
def history_feed(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    revisions = articles.revisions_after(session, found, after=None, limit=FEED_ENTRIES).items
    feed = _feed(
        without_controls(f"Revisions: {found.title}"),
        public_url_for("public.article_history", slug=slug),
        public_url_for("public.history_feed", slug=slug),
    )
    feed.updated(revisions[0].created_at)
    for revision_ in reversed(revisions):
        entry = feed.add_entry()
        link = public_url_for("public.revision", slug=slug, number=revision_.number)
        entry.id(link)
        entry.title(
            without_controls(f"Revision {revision_.number}: {revision_.summary or 'update'}")
        )
        entry.link(href=link)
        entry.summary(without_controls(revision_.note or revision_.summary or ""))
        entry.published(revision_.created_at)
        entry.updated(revision_.created_at)
    return _atom(feed)
