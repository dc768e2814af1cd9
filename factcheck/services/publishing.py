"""Publishing revisions: every new text of an article (ingest, seed, fix, revert,
propagation) is appended here and fires its events in the same transaction."""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from factcheck.domain.errors import Conflict, Invalid, NotFound
from factcheck.domain.text import PARAGRAPH_SEPARATOR, canonical_text
from factcheck.domain.urls import normalise_article_url, normalise_language
from factcheck.models import Article, Revision, Site, utcnow
from factcheck.services import events, sites
from factcheck.services.articles import (
    MAX_SUMMARY_CHARS,
    ArticleDraft,
    add_revision,
    get_current_revision,
    lock_article,
    validate_draft,
)
from factcheck.services.transactions import in_unit_of_work, unit_of_work


class IngestStatus(StrEnum):
    CREATED = "created"
    REVISED = "revised"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class IngestResult:
    article: Article
    revision: Revision
    status: IngestStatus


def publish_text(
    session: Session,
    article: Article,
    text: str,
    *,
    author: str,
    summary: str,
    note: str | None = None,
    from_cms: bool = False,
    reopen_undone: bool = True,
) -> Revision:
    """Append a revision holding an edited canonical text, then run the new-revision hooks.

    `from_cms`: the text came from the newsroom's CMS, which may carry a copy from before an
    editor's fix; such an undone fix reopens its group (events.revision_created) unless
    `reopen_undone` is False (a connector taking the post it has just written back). Every
    other revision of an article a connector brought in is written back into the CMS.

    Part of the calling use case's unit of work; the caller holds the article's row lock.
    """
    old = get_current_revision(session, article) if article.current_revision else None
    blocks = text.split(PARAGRAPH_SEPARATOR)
    revision = add_revision(
        session,
        article,
        title=blocks[0],
        paragraphs=blocks[1:],
        author=author,
        summary=summary[:MAX_SUMMARY_CHARS],
        note=note,
    )
    session.flush()
    events.revision_created(
        session=session,
        article=article,
        old=old,
        new=revision,
        from_cms=from_cms,
        reopen_undone=reopen_undone,
    )
    return revision


def ingest_article(
    *, session: Session, draft: ArticleDraft, author: str, max_body_chars: int = 200_000
) -> IngestResult:
    """Create the article, add a revision when its text changed, or report it unchanged.

    One unit of work of its own: should another writer create the same slug first, it is
    rolled back and taken again as an update, so this never runs inside another's.
    """
    if in_unit_of_work(session):
        raise RuntimeError("ingest_article owns its transaction; call it on its own.")
    title, paragraphs = validate_draft(draft, max_body_chars=max_body_chars)
    text = canonical_text(title, paragraphs)
    try:
        return _ingest(session, draft, title, text, author)
    except IntegrityError:
        return _ingest(session, draft, title, text, author)  # now the update path


def _site_of(session: Session, draft: ArticleDraft) -> Site | None:
    if draft.site is None:
        return None
    try:
        return sites.get_by_key(session, draft.site, active_only=False)
    except NotFound:
        raise Invalid("The article is not valid.", {"site": "No site has this key."}) from None


def _place(session: Session, article: Article, draft: ArticleDraft, site: Site | None) -> None:
    """Set where the article lives (site, canonical URL, language) from what the draft gives.

    A canonical URL names one article of a site: another article's URL is a Conflict."""
    if site is not None:
        article.site_id = site.id
    if draft.language is not None:
        article.language = normalise_language(draft.language)
    elif article.id is None:
        article.language = site.language if site is not None else "en"
    if draft.published_at is not None:
        article.published_at = draft.published_at
    if draft.url is not None:
        article.url = normalise_article_url(draft.url)
    if article.url is not None:
        same_site = (
            col(Article.site_id).is_(None)
            if article.site_id is None
            else col(Article.site_id) == article.site_id
        )
        statement = select(Article.slug).where(
            same_site,
            Article.url == article.url,
            Article.slug != article.slug,
        )
        other = session.exec(statement).first()
        if other is not None:
            raise Conflict(
                f"Article {other!r} of this site already has that URL.",
                {"url": f"Already the URL of {other!r}."},
            )


def _ingest(
    session: Session, draft: ArticleDraft, title: str, text: str, author: str
) -> IngestResult:
    with unit_of_work(session):
        site = _site_of(session, draft)
        article = lock_article(session, draft.slug)
        if article is None:
            article = Article(
                slug=draft.slug, title=title, published_at=draft.published_at or utcnow()
            )
            _place(session, article, draft, site)
            session.add(article)
            session.flush()
            summary, status = draft.summary or "First published", IngestStatus.CREATED
        else:
            _place(session, article, draft, site)
            session.add(article)
            current = get_current_revision(session, article)
            if current.text == text:
                return IngestResult(article, current, IngestStatus.UNCHANGED)
            if draft.base_revision is not None and draft.base_revision != current.number:
                raise Conflict(
                    f"The article is at revision {current.number}, not {draft.base_revision}: "
                    "fetch it, merge your change and send it again.",
                    current_revision=current.number,
                    base_revision=draft.base_revision,
                )
            summary, status = draft.summary or "Updated", IngestStatus.REVISED
        revision = publish_text(
            session,
            article,
            text,
            author=author,
            summary=summary,
            note=draft.note,
            from_cms=status is IngestStatus.REVISED,
        )
        return IngestResult(article, revision, status)
