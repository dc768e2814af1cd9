"""A registered newsroom for the embed tests: its origins and the articles it ingested."""

from sqlmodel import select

from demo.newsroom import CANONICAL
from factcheck.db import get_engine, open_session
from factcheck.models import Article
from factcheck.services import sites
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import ingest_article
from tests.browser.conftest import LiveServer
from tests.builders import DEMO_SLUG

NAME = "Embed test newsroom"


def register_origin(server: LiveServer, origin: str, *, selector: str | None = None) -> str:
    """The test newsroom's key, with `origin` allowed (and `selector` for the article body,
    when given); the demo article is one of its pages (canonical URL: the demo newsroom's)."""
    with server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            site = sites.find_by_name(session, NAME)
            if site is None:
                fields = sites.SiteFields(name=NAME, origins=(origin,))
                site = sites.create_site(session=session, fields=fields)
            elif origin not in sites.origin_list(site) or selector:
                origins = tuple(dict.fromkeys((*sites.origin_list(site), origin)))
                fields = sites.SiteFields(name=NAME, origins=origins, selector=selector)
                site = sites.update_site(session=session, site_id=site.id, fields=fields)
            demo = session.exec(select(Article).where(Article.slug == DEMO_SLUG)).one()
            demo.site_id = site.id
            demo.url = CANONICAL
            session.add(demo)
            session.commit()
            return site.key
        finally:
            session.close()


def add_article(
    server: LiveServer, slug: str, title: str, body: str, key: str, *, url: str | None = None
) -> None:
    """Ingest an article as the newsroom's CMS would, naming the site (and its URL)."""
    with server.app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            draft = ArticleDraft(slug=slug, title=title, body=body, site=key, url=url)
            ingest_article(session=session, draft=draft, author="cms")
        finally:
            session.close()
