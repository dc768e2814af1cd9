"""Registered sites (services/sites.py) and where an ingested article lives on one."""

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from factcheck.domain.errors import ArticleNotFound, Conflict, Invalid, SiteNotFound
from factcheck.models import Article, AuditEntry
from factcheck.services import sites
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import IngestStatus, ingest_article
from tests.builders import a_site, an_article, the_editor


def fields(**overrides):
    values = {"name": "Kyiv News", "origins": ("https://news.example",), "language": "uk"}
    values.update(overrides)
    return sites.SiteFields(**values)


def test_a_site_gets_a_public_key_and_normalised_origins(session):
    site = sites.create_site(
        session=session,
        fields=fields(
            name="  Kyiv   News ",
            origins=(
                "HTTPS://News.Example:443/",
                "",
                "http://localhost:5001",
                "https://news.example",
            ),
            language="UK",
            selector="  article .body ",
        ),
    )
    assert site.key.startswith("site_") and len(site.key) >= 20
    assert site.name == "Kyiv News"
    assert sites.origin_list(site) == ["https://news.example", "http://localhost:5001"]
    assert site.origins == "https://news.example\nhttp://localhost:5001"
    assert (site.language, site.selector, site.active) == ("uk", "article .body", True)
    assert sites.get_by_key(session, site.key).id == site.id


def test_two_sites_never_share_a_key(session):
    keys = {sites.create_site(session=session, fields=fields()).key for _ in range(5)}
    assert len(keys) == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"name": "a\x00b"}, "name"),
        ({"origins": ()}, "origins"),
        ({"origins": ("news.example",)}, "origins"),
        ({"origins": ("https://news.example/path",)}, "origins"),
        ({"origins": ("ftp://news.example",)}, "origins"),
        ({"origins": ("https://user:pw@news.example",)}, "origins"),
        ({"origins": tuple(f"https://n{i}.example" for i in range(21))}, "origins"),
        ({"language": "english"}, "language"),
        ({"selector": "s" * 501}, "selector"),
        ({"selector": "main\x00"}, "selector"),
    ],
)
def test_a_bad_field_is_refused_by_name_and_nothing_is_written(session, change, field):
    with pytest.raises(Invalid) as refused:
        sites.create_site(session=session, fields=fields(**change))
    assert field in refused.value.fields
    assert sites.list_sites(session) == []


def test_writes_are_audited_with_the_admin_and_the_change(session):
    admin = the_editor(session, "admin@example.com", role="admin")
    site = sites.create_site(session=session, fields=fields(), actor=admin)
    sites.update_site(
        session=session,
        site_id=site.id,
        fields=fields(origins=("https://news.example", "https://m.news.example")),
        actor=admin,
    )
    sites.deactivate(session=session, site_id=site.id, actor=admin)
    entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries if e.target == f"site:{site.id}"] == [
        "site_create",
        "site_update",
        "site_set_active",
    ]
    update = next(e for e in entries if e.action == "site_update")
    assert json.loads(update.after)["origins"] == ["https://news.example", "https://m.news.example"]
    assert all(e.editor_id == admin.id for e in entries if e.target.startswith("site:"))


def test_a_deactivated_site_is_not_found_by_key_and_allows_no_origin(session):
    site = a_site(session)
    sites.deactivate(session=session, site_id=site.id)
    with pytest.raises(SiteNotFound):
        sites.get_by_key(session, site.key)
    assert sites.get_by_key(session, site.key, active_only=False).id == site.id
    assert not sites.allows_origin(site, "https://news.example")


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://news.example", True),
        ("https://NEWS.example:443", True),
        ("http://news.example", False),
        ("https://news.example.evil.example", False),
        ("https://evil.example", False),
        ("null", False),
        ("", False),
        (None, False),
    ],
)
def test_only_a_registered_origin_is_allowed(session, origin, allowed):
    assert sites.allows_origin(a_site(session), origin) is allowed


@pytest.mark.parametrize("key", ["", "site_" + "x" * 100, "a\x00b", "ключ", "site_nope"])
def test_a_key_that_names_no_site_is_site_not_found(session, key):
    a_site(session)
    with pytest.raises(SiteNotFound):
        sites.get_by_key(session, key)


def test_an_article_is_found_by_slug_or_canonical_url_among_the_sites_articles(session):
    site, other = a_site(session), a_site(session, "Other")
    an_article(session, "story", url="https://news.example/a/", site=site.key)
    an_article(session, "theirs", url="https://news.example/b/", site=other.key)
    assert sites.find_article(session, site, "story").slug == "story"
    assert sites.find_article(session, site, "https://NEWS.example/a/#x").slug == "story"
    for reference in ("theirs", "https://news.example/b/", "https://news.example/a", "::"):
        with pytest.raises(ArticleNotFound):
            sites.find_article(session, site, reference)


def ingest(session, slug="story", **extra):
    draft = ArticleDraft(slug=slug, title="A headline", body="A paragraph.", **extra)
    return ingest_article(session=session, draft=draft, author="cms")


def test_ingest_places_an_article_on_a_site_with_the_sites_language(session):
    site = a_site(session, language="uk")
    result = ingest(session, url="HTTPS://News.Example/2024/a/#top", site=site.key)
    article = result.article
    assert (article.url, article.site_id, article.language) == (
        "https://news.example/2024/a/",
        site.id,
        "uk",
    )
    assert ingest(session, "plain").article.language == "en"
    assert ingest(session, "given", language="pt-br").article.language == "pt-BR"


def test_ingest_sets_published_at_on_create_and_updates_it_when_given(session):
    first = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)
    assert ingest(session, published_at=first).article.published_at.replace(tzinfo=UTC) == first
    ingest(session)  # not given: kept
    later = datetime(2024, 1, 11, 9, 0, tzinfo=UTC)
    result = ingest(session, published_at=later)
    assert result.status is IngestStatus.UNCHANGED
    session.expire_all()
    article = session.exec(select(Article)).one()
    assert article.published_at.replace(tzinfo=UTC) == later


def test_ingest_of_the_same_text_still_saves_the_new_url_and_site(session):
    site = a_site(session)
    ingest(session)
    result = ingest(session, url="https://news.example/a/", site=site.key)
    assert result.status is IngestStatus.UNCHANGED
    session.expire_all()
    article = session.exec(select(Article)).one()
    assert (article.url, article.site_id) == ("https://news.example/a/", site.id)
    ingest(session)  # nothing given: kept
    session.expire_all()
    assert session.exec(select(Article)).one().url == "https://news.example/a/"


def test_an_unknown_site_key_on_ingest_is_a_field_error_and_writes_nothing(session):
    with pytest.raises(Invalid) as refused:
        ingest(session, site="site_unknown")
    assert set(refused.value.fields) == {"site"}
    assert session.exec(select(Article)).all() == []


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://news.example/a"}, "url"),
        ({"language": "english"}, "language"),
        ({"published_at": datetime(2024, 1, 10)}, "published_at"),
    ],
)
def test_a_bad_placement_field_is_refused_by_name(session, extra, field):
    with pytest.raises(Invalid) as refused:
        ingest(session, **extra)
    assert set(refused.value.fields) == {field}


def test_a_url_names_one_article_of_a_site(session):
    site, other = a_site(session), a_site(session, "Other")
    ingest(session, "first", url="https://news.example/a/", site=site.key)
    with pytest.raises(Conflict) as refused:
        ingest(session, "second", url="https://news.example/a/#again", site=site.key)
    assert set(refused.value.fields) == {"url"}
    assert [a.slug for a in session.exec(select(Article)).all()] == ["first"]
    # The same address on another site is another article.
    ingest(session, "second", url="https://news.example/a/", site=other.key)
    # And the article itself may be ingested again with its own URL.
    assert ingest(session, "first", url="https://news.example/a/", site=site.key).article
