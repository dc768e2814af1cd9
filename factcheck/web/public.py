"""Public pages: the article list, articles and their permanent revision links."""

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from factcheck.db import get_session
from factcheck.domain.text import blocks_of
from factcheck.services import articles

bp = Blueprint("public", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    return render_template("public/index.html", articles=articles.list_articles(get_session()))


@bp.get("/articles/<slug>")
def article(slug: str) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    revision = articles.current_revision(session, found)
    return render_template(
        "public/article.html",
        article=found,
        revision=revision,
        blocks=blocks_of(revision.text),
        is_current=True,
    )


@bp.get("/articles/<slug>/revisions/<int(signed=True):number>")
def revision(slug: str, number: int) -> ResponseReturnValue:
    session = get_session()
    found = articles.get_article(session, slug)
    shown = articles.get_revision(session, found, number)
    return render_template(
        "public/article.html",
        article=found,
        revision=shown,
        blocks=blocks_of(shown.text),
        is_current=shown.number == found.current_revision,
    )
