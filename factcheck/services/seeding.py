"""Import seed articles: idempotent, and a changed file adds a revision."""

from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from sqlmodel import Session, select

from factcheck.domain.errors import Invalid
from factcheck.domain.seedfile import SeedArticle, SeedFormatError, parse_seed
from factcheck.models import Article, Site
from factcheck.services import sites, stylebook
from factcheck.services.articles import ArticleDraft, validate_draft
from factcheck.services.publishing import IngestStatus, ingest_article
from factcheck.services.transactions import use_case

SEED_AUTHOR = "seed"
STYLEBOOK_FILE = "stylebook.csv"
# The demo newsroom (`make run` serves its page on a second local origin) and the demo
# article's address there.
DEMO_SITE = sites.SiteFields(
    name="Demo Newsroom",
    origins=("http://127.0.0.1:5001", "http://localhost:5001"),
    language="en",
)
DEMO_SLUG = "italy-signals-peace-talks-russia-ukraine"
DEMO_URL = "http://127.0.0.1:5001/2024/01/10/italy-signals-peace-talks/"


class SeedError(ValueError):
    """A seed file could not be read; nothing from the directory was imported."""


@dataclass(frozen=True)
class SeedOutcome:
    path: Path
    slug: str
    status: IngestStatus
    revision: int


def read_seeds(directory: Path) -> list[tuple[Path, SeedArticle]]:
    """Parse every `*.txt` file first, so one broken file stops the import before any write."""
    if not directory.is_dir():
        raise SeedError(f"{directory}: not a directory")
    seeds: list[tuple[Path, SeedArticle]] = []
    for path in sorted(directory.glob("*.txt")):
        try:
            seeds.append((path, parse_seed(path.read_text(encoding="utf-8"))))
        except (SeedFormatError, UnicodeDecodeError) as error:
            raise SeedError(f"{path}: {error}") from None
    slugs = [seed.slug for _, seed in seeds]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        raise SeedError(f"{directory}: the slug {duplicates[0]!r} is used by several files")
    return seeds


def seed_directory(
    *, session: Session, directory: Path, max_body_chars: int = 200_000
) -> list[SeedOutcome]:
    drafts = []
    for path, seed in read_seeds(directory):
        draft = ArticleDraft(
            slug=seed.slug,
            title=seed.title,
            body=seed.body,
            summary=f"Imported from {path.name}",
            published_at=datetime.combine(seed.published, time(), tzinfo=UTC),
        )
        try:
            validate_draft(draft, max_body_chars=max_body_chars)
        except Invalid as error:
            reasons = "; ".join(error.fields.values()) or error.message
            raise SeedError(f"{path}: {reasons}") from None
        drafts.append((path, draft))
    # The stylebook first: the name checker runs on every imported revision.
    stylebook.seed_stylebook(session=session, path=directory / STYLEBOOK_FILE)
    outcomes = []
    for path, draft in drafts:
        result = ingest_article(
            session=session, draft=draft, author=SEED_AUTHOR, max_body_chars=max_body_chars
        )
        outcomes.append(SeedOutcome(path, draft.slug, result.status, result.revision.number))
    return outcomes


@use_case
def seed_demo_site(*, session: Session) -> Site | None:
    """The demo newsroom's site, and the demo article placed on it (idempotent: found by
    name, created once). None when the demo article was not imported."""
    article = session.exec(select(Article).where(Article.slug == DEMO_SLUG)).first()
    if article is None:
        return None
    site = sites.find_by_name(session, DEMO_SITE.name)
    if site is None:
        site = sites.create_site(session=session, fields=DEMO_SITE)
    if article.site_id != site.id or article.url != DEMO_URL:
        article.site_id = site.id
        article.url = DEMO_URL
        article.language = site.language
        session.add(article)
    return site
