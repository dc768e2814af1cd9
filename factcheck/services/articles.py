"""Articles and their append-only revisions: the rules of a draft, reading, locking, appending.

Nothing here commits or fires events; publishing a revision is `services.publishing`.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.text import (
    CONTROL_MESSAGE,
    canonical_text,
    control_fields,
    has_control,
    normalise_block,
    split_paragraphs,
)
from factcheck.domain.urls import (
    LanguageError,
    UrlError,
    normalise_article_url,
    normalise_language,
)
from factcheck.models import Article, Revision, utcnow

MAX_TITLE_CHARS = 500
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_CHARS = 200
# Larger numbers cannot be revisions (and would overflow the database's integer).
MAX_REVISION_NUMBER = 2**31 - 1
MAX_SUMMARY_CHARS = 500


@dataclass(frozen=True)
class ArticleDraft:
    """What a CMS, a seed file or an editor hands in: the whole article as plain text."""

    slug: str
    title: str
    body: str
    summary: str = ""
    note: str | None = None
    published_at: datetime | None = None
    # Where the article lives on a newsroom's site (README: Embed on your site); None: not
    # given, so an existing article keeps what it has.
    url: str | None = None
    site: str | None = None  # the site's public key
    language: str | None = None
    # The revision the CMS's copy was based on: a 409 when the article has moved on since.
    base_revision: int | None = None


def validate_draft(draft: ArticleDraft, *, max_body_chars: int) -> tuple[str, list[str]]:
    """Return the normalised title and paragraphs, or raise Invalid naming each bad field."""
    fields: dict[str, str] = {}
    if not is_slug(draft.slug):
        fields["slug"] = "Use lowercase letters, digits and single hyphens."
    title = normalise_block(draft.title)
    paragraphs = split_paragraphs(draft.body)
    if not title:
        fields["title"] = "The title is empty."
    elif len(title) > MAX_TITLE_CHARS:
        fields["title"] = f"The title is longer than {MAX_TITLE_CHARS} characters."
    if not paragraphs:
        fields["body"] = "The body is empty."
    elif len(draft.body) > max_body_chars:
        fields["body"] = f"The body is longer than {max_body_chars} characters."
    if len(draft.summary) > MAX_SUMMARY_CHARS:
        fields["summary"] = f"The summary is longer than {MAX_SUMMARY_CHARS} characters."
    fields.update(control_fields({name: getattr(draft, name) for name in ("title", "summary")}))
    # Tabs and line breaks are part of a body; other controls are not.
    if has_control(draft.body):
        fields["body"] = CONTROL_MESSAGE
    if draft.url is not None:
        try:
            normalise_article_url(draft.url)
        except UrlError as error:
            fields["url"] = str(error)
    if draft.language is not None:
        try:
            normalise_language(draft.language)
        except LanguageError as error:
            fields["language"] = str(error)
    if draft.published_at is not None and draft.published_at.tzinfo is None:
        fields["published_at"] = "Give the time zone, e.g. 2024-01-10T09:00:00Z."
    if fields:
        raise Invalid("The article is not valid.", fields)
    return title, paragraphs


def is_slug(slug: str) -> bool:
    """Whether `slug` could name an article; no other string is ever looked up (PostgreSQL
    refuses a NUL in a query parameter outright)."""
    return len(slug) <= MAX_SLUG_CHARS and SLUG_PATTERN.match(slug) is not None


def get_article(session: Session, slug: str) -> Article:
    article = (
        session.exec(select(Article).where(Article.slug == slug)).first() if is_slug(slug) else None
    )
    if article is None:
        raise NotFound(f"No article {slug!r}.")
    return article


def get_revision(session: Session, article: Article, number: int) -> Revision:
    if not 1 <= number <= MAX_REVISION_NUMBER:
        raise NotFound(f"Article {article.slug!r} has no revision {number}.")
    revision = session.exec(
        select(Revision).where(Revision.article_id == article.id, Revision.number == number)
    ).first()
    if revision is None:
        raise NotFound(f"Article {article.slug!r} has no revision {number}.")
    return revision


def get_current_revision(session: Session, article: Article) -> Revision:
    return get_revision(session, article, article.current_revision)


def list_articles(session: Session) -> list[Article]:
    return list(
        session.exec(
            select(Article).order_by(col(Article.published_at).desc(), col(Article.id).desc())
        )
    )


def list_revisions(session: Session, article: Article) -> list[Revision]:
    return list(
        session.exec(
            select(Revision)
            .where(Revision.article_id == article.id)
            .order_by(col(Revision.number).desc())
        )
    )


def lock_article(session: Session, slug: str) -> Article | None:
    """Load an article for update, so concurrent writers take revision numbers in turn."""
    if not is_slug(slug):
        return None
    statement = select(Article).where(Article.slug == slug).with_for_update()
    return session.exec(statement).first()


def add_revision(
    session: Session,
    article: Article,
    *,
    title: str,
    paragraphs: list[str],
    author: str,
    summary: str,
    note: str | None = None,
) -> Revision:
    """Append the next revision row; the caller holds the article's row lock.

    Only `services.publishing` calls this: a revision is published with its events."""
    now = utcnow()
    revision = Revision(
        article_id=article.id,  # type: ignore[arg-type]
        number=article.current_revision + 1,
        title=title,
        body="\n\n".join(paragraphs),
        text=canonical_text(title, paragraphs),
        author=author,
        summary=summary,
        note=note or None,
        created_at=now,
    )
    article.current_revision = revision.number
    article.title = title
    article.updated_at = now
    session.add(revision)
    session.add(article)
    return revision


def get_article_by_id(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("No such article.")
    return article


def lock_article_by_id(session: Session, article_id: int) -> Article:
    """Load an article for update by id (see `lock_article`)."""
    statement = (
        select(Article)
        .where(Article.id == article_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    article = session.exec(statement).first()
    if article is None:
        raise NotFound("No such article.")
    return article


def revision_text(session: Session, article_id: int, number: int) -> str:
    statement = select(Revision.text).where(
        Revision.article_id == article_id, Revision.number == number
    )
    text = session.exec(statement).first()
    if text is None:
        raise NotFound(f"No revision {number}.")
    return text
