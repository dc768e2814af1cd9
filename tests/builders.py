"""Small builders for tests: articles, editors and tokens in a few words."""

from sqlmodel import Session

from factcheck.services import editors
from factcheck.services.articles import ArticleDraft, IngestResult, ingest_article

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
) -> IngestResult:
    draft = ArticleDraft(slug=slug, title=title, body=body, summary=summary)
    return ingest_article(session=session, draft=draft, author=author)


def an_editor(session: Session, email: str = "editor@example.com", *, role: str = "editor") -> str:
    editors.create_editor(session=session, email=email, password="a-long-password", role=role)
    return email


def a_token(session: Session, email: str = "editor@example.com") -> str:
    try:
        editors.find_editor(session, email)
    except Exception:
        an_editor(session, email)
    return editors.create_token(session=session, email=email)
