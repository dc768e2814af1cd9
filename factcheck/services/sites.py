"""Registered sites: the newsroom pages that embed the reader widget (README: Embed on
your site). Admins register, edit and deactivate them; a report from a page names its
site's public key, and only the site's origins may send one."""

import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from factcheck.domain.errors import ArticleNotFound, Invalid, NotFound, SiteNotFound
from factcheck.domain.text import CONTROL_MESSAGE, has_control
from factcheck.domain.urls import (
    LanguageError,
    UrlError,
    looks_like_url,
    normalise_article_url,
    normalise_language,
    normalise_origin,
    origin_of,
)
from factcheck.models import Article, Editor, Site, utcnow
from factcheck.services.articles import is_slug
from factcheck.services.audit import Actor, record
from factcheck.services.paging import Page, Slice, keyset, paginate
from factcheck.services.transactions import use_case

KEY_PREFIX = "site_"
MAX_NAME_CHARS = 200
MAX_SELECTOR_CHARS = 500
MAX_ORIGINS = 20
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class SiteFields:
    """What an admin sets on a site; every field is checked and normalised by `clean`."""

    name: str
    origins: tuple[str, ...]
    language: str = DEFAULT_LANGUAGE
    selector: str | None = None


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(12)


def origin_list(site: Site) -> list[str]:
    return [line for line in site.origins.splitlines() if line]


def clean(fields: SiteFields) -> SiteFields:
    """The fields normalised, or Invalid naming each bad one."""
    problems: dict[str, str] = {}
    name = " ".join(fields.name.split())
    if not name:
        problems["name"] = "Give the site a name."
    elif len(name) > MAX_NAME_CHARS:
        problems["name"] = f"The name is at most {MAX_NAME_CHARS} characters."
    elif has_control(name):
        problems["name"] = CONTROL_MESSAGE
    origins: list[str] = []
    for value in fields.origins:
        if not value.strip():
            continue
        try:
            origin = normalise_origin(value)
        except UrlError as error:
            problems["origins"] = f"{value.strip()[:80]!r}: {error}"
            break
        if origin not in origins:
            origins.append(origin)
    if "origins" not in problems:
        if not origins:
            problems["origins"] = "Name at least one origin, e.g. https://news.example.com."
        elif len(origins) > MAX_ORIGINS:
            problems["origins"] = f"At most {MAX_ORIGINS} origins."
    language = DEFAULT_LANGUAGE
    try:
        language = normalise_language(fields.language or DEFAULT_LANGUAGE)
    except LanguageError as error:
        problems["language"] = str(error)
    selector = (fields.selector or "").strip() or None
    if selector is not None:
        if len(selector) > MAX_SELECTOR_CHARS:
            problems["selector"] = f"The selector is at most {MAX_SELECTOR_CHARS} characters."
        elif has_control(selector):
            problems["selector"] = CONTROL_MESSAGE
    if problems:
        raise Invalid("The site is not valid.", problems)
    return SiteFields(name=name, origins=tuple(origins), language=language, selector=selector)


def _state(site: Site) -> dict[str, object]:
    return {
        "name": site.name,
        "origins": origin_list(site),
        "language": site.language,
        "selector": site.selector,
        "active": site.active,
    }


@use_case
def create_site(*, session: Session, fields: SiteFields, actor: Actor = None) -> Site:
    cleaned = clean(fields)
    site = Site(
        key=new_key(),
        name=cleaned.name,
        origins="\n".join(cleaned.origins),
        language=cleaned.language,
        selector=cleaned.selector,
        active=True,
        created_at=utcnow(),
    )
    session.add(site)
    session.flush()
    record(session, actor, "site_create", f"site:{site.id}", {}, _state(site))
    return site


@use_case
def update_site(
    *, session: Session, site_id: int, fields: SiteFields, actor: Editor | None = None
) -> Site:
    site = get_site(session, site_id)
    cleaned = clean(fields)
    before = _state(site)
    site.name = cleaned.name
    site.origins = "\n".join(cleaned.origins)
    site.language = cleaned.language
    site.selector = cleaned.selector
    session.add(site)
    record(session, actor, "site_update", f"site:{site.id}", before, _state(site))
    return site


@use_case
def set_active(
    *, session: Session, site_id: int, active: bool, actor: Editor | None = None
) -> Site:
    """Deactivate a site (its pages can send nothing) or activate it again."""
    site = get_site(session, site_id)
    before = {"active": site.active}
    site.active = active
    session.add(site)
    record(session, actor, "site_set_active", f"site:{site.id}", before, {"active": active})
    return site


def deactivate(*, session: Session, site_id: int, actor: Editor | None = None) -> Site:
    return set_active(session=session, site_id=site_id, active=False, actor=actor)


def list_sites(session: Session) -> list[Site]:
    return list(session.exec(select(Site).order_by(col(Site.name), col(Site.id))))


def sites_page(session: Session, *, page: int, per_page: int) -> Page[Site]:
    """One page of the registered sites, by name."""
    statement = select(Site).order_by(col(Site.name), col(Site.id))
    return paginate(session, statement, page=page, per_page=per_page)


def sites_after(session: Session, *, after: int | None, limit: int) -> Slice[Site]:
    """Up to `limit` sites, newest registration first, after the site with id `after`."""
    statement = select(Site).order_by(col(Site.id).desc())
    if after is not None:
        statement = statement.where(col(Site.id) < after)
    return keyset(session, statement, limit=limit)


def get_site(session: Session, site_id: int) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(f"No site {site_id}.")
    return site


def _plausible_key(key: str) -> bool:
    # Only strings that could be keys reach the database (no NUL, bounded length).
    return 0 < len(key) <= 40 and key.isascii() and key.replace("_", "").replace("-", "").isalnum()


def get_by_key(session: Session, key: str, *, active_only: bool = True) -> Site:
    """The site with this public key; SiteNotFound when there is none or it is deactivated."""
    site = (
        session.exec(select(Site).where(Site.key == key)).first() if _plausible_key(key) else None
    )
    if site is None or (active_only and not site.active):
        raise SiteNotFound("No such site, or it is no longer active.")
    return site


def find_by_name(session: Session, name: str) -> Site | None:
    return session.exec(select(Site).where(Site.name == name).order_by(col(Site.id))).first()


def allows_origin(site: Site, origin: str | None) -> bool:
    """Whether a browser page at `origin` (an `Origin` header) may talk to this site's API."""
    if not origin or not site.active:
        return False
    normalised = origin_of(origin)
    return normalised is not None and normalised in origin_list(site)


def find_article(session: Session, site: Site, reference: str) -> Article:
    """The site's article named by slug or by canonical URL; ArticleNotFound otherwise."""
    article: Article | None = None
    if looks_like_url(reference):
        try:
            url = normalise_article_url(reference)
        except UrlError:
            url = None
        if url is not None:
            statement = select(Article).where(Article.site_id == site.id, Article.url == url)
            article = session.exec(statement).first()
    elif is_slug(reference):
        statement = select(Article).where(Article.site_id == site.id, Article.slug == reference)
        article = session.exec(statement).first()
    if article is None:
        raise ArticleNotFound("This article is not known to the editors yet.")
    return article
