"""Small builders for tests: articles, editors and tokens in a few words."""

from sqlmodel import Session

from factcheck.domain.errors import NotFound
from factcheck.domain.reports import ReportDraft
from factcheck.models import Report, Site
from factcheck.services import articles, editors, reports, sites
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import IngestResult, ingest_article

DEMO_SLUG = "italy-signals-peace-talks-russia-ukraine"
DEMO_SENTENCE = (
    "Crosetto, a strong supporter of Kyiv and a senior member of Prime Minister "
    "Georgia Maloney's Brothers of Italy party, reiterated that any peace talks must "
    "clearly recognise Russia's aggression against Ukraine in February 2022."
)


def an_article(
    session: Session,
    slug: str = "test-article",
    *,
    title: str = "A test headline",
    body: str = "First paragraph.\n\n" + DEMO_SENTENCE + "\n\nLast paragraph.",
    summary: str = "",
    author: str = "test",
    url: str | None = None,
    site: str | None = None,
    language: str | None = None,
) -> IngestResult:
    draft = ArticleDraft(
        slug=slug, title=title, body=body, summary=summary, url=url, site=site, language=language
    )
    return ingest_article(session=session, draft=draft, author=author)


def a_site(
    session: Session,
    name: str = "Test News",
    *,
    origins: tuple[str, ...] = ("https://news.example",),
    language: str = "en",
    selector: str | None = None,
) -> Site:
    fields = sites.SiteFields(name=name, origins=origins, language=language, selector=selector)
    return sites.create_site(session=session, fields=fields)


def an_editor(session: Session, email: str = "editor@example.com", *, role: str = "editor") -> str:
    editors.create_editor(session=session, email=email, password="a-long-password", role=role)
    return email


def a_token(session: Session, email: str = "editor@example.com") -> str:
    try:
        editors.find_editor(session, email)
    except NotFound:
        an_editor(session, email)
    return editors.create_token(session=session, email=email)


def a_report(
    session: Session,
    slug: str = "test-article",
    quote: str = "Georgia Maloney",
    suggestion: str = "Giorgia Meloni",
    *,
    reporter: str = "reader",
    kind: str = "name",
    comment: str = "",
    revision: int | None = None,
    email: str | None = None,
    occurrence: int = 0,
    language: str | None = None,
):
    """A report on the `occurrence`-th place where `quote` stands, with its W3C selectors."""

    article = articles.get_article(session, slug)
    if revision is None:
        revision = article.current_revision
    text = articles.get_revision(session, article, revision).text
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(quote, start + 1)
    end = start + len(quote) if start >= 0 else None
    draft = ReportDraft(
        start=start if start >= 0 else None,
        end=end,
        prefix=text[max(0, start - 32) : start] if start >= 0 else "",
        suffix=text[end : end + 32] if end else "",
        slug=slug,
        revision=revision,
        quote=quote,
        suggestion=suggestion,
        kind=kind,
        comment=comment,
        email=email,
        language=language,
    )
    submitted = reports.submit_report(session=session, draft=draft, reporter=reporter).report
    # The reader's path writes plain SQL; hand back the stored row from this session.
    return session.get(Report, submitted.id)


def the_editor(session: Session, email: str = "editor@example.com", role: str = "editor"):
    try:
        return editors.find_editor(session, email)
    except NotFound:
        editors.create_editor(session=session, email=email, password="a-long-password", role=role)
        return editors.find_editor(session, email)
