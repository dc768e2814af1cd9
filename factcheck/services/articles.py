"""Articles and their append-only revisions: the rules of a draft, reading, locking, appending.

Nothing here commits or fires events; publishing a revision is `services.publishing`.
"""

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

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
from factcheck.services.paging import Page, Slice, beyond, keyset, paginate

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


NEWEST_FIRST = (col(Article.published_at).desc(), col(Article.id).desc())


def articles_page(session: Session, *, page: int, per_page: int) -> Page[Article]:
    """One numbered page of the archive, newest first (the home page)."""
    return paginate(session, select(Article).order_by(*NEWEST_FIRST), page=page, per_page=per_page)


ArticleKey = tuple[datetime, int]


def article_key(article: Article) -> ArticleKey:
    return (article.published_at, article.id or 0)


def articles_after(session: Session, *, after: ArticleKey | None, limit: int) -> Slice[Article]:
    """Up to `limit` articles, newest first, after the one whose key is `after`."""
    statement = select(Article).order_by(*NEWEST_FIRST)
    if after is not None:
        statement = statement.where(beyond((col(Article.published_at), col(Article.id)), after))
    return keyset(session, statement, limit=limit)


def search(session: Session, text: str, *, limit: int) -> list[Article]:
    """Up to `limit` articles whose slug or headline contains `text`, newest first (the
    queue's search-as-you-type article filter)."""
    needle = text.strip().lower()
    statement = select(Article).order_by(*NEWEST_FIRST).limit(limit)
    if needle:
        statement = statement.where(
            col(Article.slug).contains(needle, autoescape=True)
            | func.lower(Article.title).contains(needle, autoescape=True)
        )
    return list(session.exec(statement))


@dataclass(frozen=True)
class RevisionMeta:
    """A revision without its text: what a list of revisions shows."""

    number: int
    title: str
    size: int  # code points of the canonical text
    summary: str
    note: str | None
    author: str
    created_at: datetime


def revisions_after(
    session: Session, article: Article, *, after: int | None, limit: int
) -> Slice[RevisionMeta]:
    """Up to `limit` revisions, newest first, older than revision number `after`; the text's
    length is computed by the database, so no text is read."""
    statement = (
        sa.select(
            col(Revision.number),
            col(Revision.title),
            func.length(col(Revision.text)),
            col(Revision.summary),
            col(Revision.note),
            col(Revision.author),
            col(Revision.created_at),
        )
        .where(col(Revision.article_id) == article.id)
        .order_by(col(Revision.number).desc())
    )
    if after is not None:
        statement = statement.where(col(Revision.number) < after)
    found = keyset(session, statement, limit=limit)
    return Slice([RevisionMeta(*row) for row in found.items], found.more)


def revision_texts(session: Session, article: Article, numbers: list[int]) -> dict[int, str]:
    """The texts of the given revisions of one article, in one statement."""
    if not numbers:
        return {}
    statement = select(Revision.number, Revision.text).where(
        Revision.article_id == article.id, col(Revision.number).in_(numbers)
    )
    return {number: text for number, text in session.exec(statement)}


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
