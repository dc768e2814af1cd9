"""The WordPress connector against a real WordPress: sync in, fixes written back, conflicts."""

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import update
from sqlmodel import Session, col, select

from factcheck import worker
from factcheck.connectors.clients import Clients
from factcheck.domain import htmlsource
from factcheck.domain.errors import Invalid
from factcheck.domain.urls import normalise_article_url
from factcheck.models import Article, CmsDelivery, Group, OutboxMessage, Site, utcnow
from factcheck.services import articles, connectors, triage
from tests.builders import a_report, a_site, the_editor

pytestmark = pytest.mark.wordpress

NOTE = "An earlier version misspelled the name of Italy's Prime Minister, Giorgia Meloni."

PARAGRAPH = (
    'Crosetto, a strong supporter of <a href="https://kyiv.example/">Kyiv</a> and a senior '
    "member of Prime Minister Georgia Maloney's Brothers of Italy party, said that \"any peace "
    "talks must clearly recognise Russia's aggression\"."
)
IFRAME = '<iframe title="Map" src="https://maps.example/embed?x=1" width="600"></iframe>'
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
WRAPPER = '<div class="wp-block-embed__wrapper">'
CONTENT = f"""<!-- wp:paragraph -->
<p>Rome. Italy's defence minister said on Tuesday that talks could begin &amp; end soon.</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph {{"className":"lead"}} -->
<p class="lead">{PARAGRAPH}</p>
<!-- /wp:paragraph -->

<!-- wp:shortcode -->
[gallery ids="999991,999992"]
<!-- /wp:shortcode -->

<!-- wp:embed {{"url":"{VIDEO}","type":"video","providerNameSlug":"youtube"}} -->
<figure class="wp-block-embed is-type-video is-provider-youtube">{WRAPPER}
{VIDEO}
</div></figure>
<!-- /wp:embed -->

<!-- wp:html -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">{IFRAME}</div></figure>
<!-- /wp:html -->

<!-- wp:paragraph -->
<p>The minister spoke after a meeting in Brussels.</p>
<!-- /wp:paragraph -->"""


@pytest.fixture
def app_config(wordpress: Any) -> dict[str, Any]:
    return {
        "CONNECTOR_KEY": connectors.new_key(),
        "OUTBOUND_ALLOW": wordpress.outbound_allow,
        "CONNECTOR_SYNC_MINUTES": 0,
    }


def _clients(app: Flask) -> Clients:
    return Clients.from_config(app.config)


def _connected(session: Session, app: Flask, wordpress: Any) -> int:
    site = a_site(session, origins=(wordpress.base_url,))
    connectors.connect(
        session=session,
        site_id=site.id or 0,
        fields=connectors.ConnectorFields(
            wordpress.base_url, wordpress.user, wordpress.app_password
        ),
        clients=_clients(app),
    )
    return site.id or 0


def _sync(session: Session, app: Flask, site_id: int) -> connectors.SyncResult:
    return connectors.sync(session=session, site_id=site_id, clients=_clients(app), full=True)


def _article_of(session: Session, post_id: int) -> Article:
    session.expire_all()
    article = session.exec(select(Article).where(Article.external_id == str(post_id))).one()
    return article


def _fix(session: Session, article: Article, quote: str, fix: str, note: str | None = NOTE):
    report = a_report(session, article.slug, quote, fix)
    group = session.get(Group, report.group_id)
    assert group is not None
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id or 0, fix)],
        base_revision=article.current_revision,
        summary=f"Fixed {quote}",
        note=note,
        editor=the_editor(session),
    ), group


def _deliver(app: Flask) -> None:
    worker.run_pass(app, "test-worker")


def _writebacks(session: Session, article: Article) -> list[CmsDelivery]:
    session.expire_all()
    return connectors.deliveries(session, article.id or 0)


def test_sync_brings_posts_in_with_the_widgets_page_text(app, session, wordpress):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)

    result = _sync(session, app, site_id)

    assert result.created >= 1 and not result.errors
    article = _article_of(session, post["id"])
    text = articles.get_current_revision(session, article).text
    assert text.startswith("Italy signals peace talks\n\n")
    # WordPress's typography filter curled the quotes; the canonical text keeps them.
    assert "Georgia Maloney\u2019s" in text
    assert "[gallery" not in text and "maps.example" not in text and "youtube" not in text
    assert article.url == normalise_article_url(post["link"])
    assert articles.get_current_revision(session, article).summary == "Imported from WordPress"
    # A second sync finds nothing new.
    again = _sync(session, app, site_id)
    assert again.created == 0 and again.revised == 0


def test_a_fix_is_written_into_the_post_with_its_markup_intact(app, session, wordpress):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    before = wordpress.raw(post["id"])
    revisions_before = len(wordpress.revisions(post["id"]))

    revision, group = _fix(session, article, "Georgia Maloney", "Giorgia Meloni")
    _deliver(app)

    after = wordpress.raw(post["id"])
    expected = htmlsource.add_note(before.replace("Georgia Maloney", "Giorgia Meloni"), NOTE, "end")
    assert after == expected
    assert len(wordpress.revisions(post["id"])) == revisions_before + 1
    page = wordpress.page(post["id"])
    assert "Giorgia Meloni" in page and "Georgia Maloney" not in page
    assert "factcheck-correction" in page
    [delivery] = _writebacks(session, article)
    assert delivery.result == "written" and delivery.revision == revision.number
    # The post as saved is the article's text; the next sync changes nothing and the
    # group stays fixed (a write-back never looks like the CMS undoing a fix).
    article = _article_of(session, post["id"])
    assert article.current_revision == revision.number
    result = _sync(session, app, site_id)
    assert result.revised == 0
    session.expire_all()
    fixed = session.get(Group, group.id)
    assert fixed is not None and fixed.status == "fixed" and fixed.regressed_revision is None


def test_an_edit_in_wordpress_before_the_fix_is_kept_and_the_fix_found_again(
    app, session, wordpress
):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    edited = wordpress.raw(post["id"]).replace(
        '<p class="lead">Crosetto,', '<p class="lead">On Monday, Crosetto,'
    )
    wordpress.update_post(post["id"], edited)

    _fix(session, article, "Georgia Maloney", "Giorgia Meloni")
    _deliver(app)

    after = wordpress.raw(post["id"])
    assert "On Monday, Crosetto," in after and "Giorgia Meloni" in after
    assert "Georgia Maloney" not in after
    assert _writebacks(session, article)[0].result == "written"
    text = articles.get_current_revision(session, _article_of(session, post["id"])).text
    assert "On Monday, Crosetto" in text and "Giorgia Meloni" in text


def test_a_span_deleted_in_wordpress_is_a_conflict_and_nothing_is_written(
    app, session, wordpress, client
):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    edited = wordpress.raw(post["id"]).replace(
        " and a senior member of Prime Minister Georgia Maloney's Brothers of Italy party", ""
    )
    wordpress.update_post(post["id"], edited)
    revisions_before = len(wordpress.revisions(post["id"]))

    _, group = _fix(session, article, "Georgia Maloney", "Giorgia Meloni")
    _deliver(app)

    assert wordpress.raw(post["id"]) == edited
    assert len(wordpress.revisions(post["id"])) == revisions_before
    [delivery] = _writebacks(session, article)
    assert delivery.result == "conflict" and "Georgia Maloney" in (delivery.detail or "")
    the_editor(session)
    client.post(
        "/editor/login", data={"email": "editor@example.com", "password": "a-long-password"}
    )
    page = client.get(f"/editor/groups/{group.id}").get_data(as_text=True)
    assert "Conflict: not written" in page


def test_a_fix_across_a_link_is_refused_before_publishing(app, session, wordpress):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    number = article.current_revision

    with pytest.raises(Invalid) as refused:
        _fix(session, article, "supporter of Kyiv", "backer of Ukraine")

    assert "WordPress" in refused.value.message
    assert _article_of(session, post["id"]).current_revision == number


def test_wordpress_down_during_delivery_is_retried_and_delivered_later(app, session, wordpress):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    _fix(session, article, "Georgia Maloney", "Giorgia Meloni")

    wordpress.stop()
    try:
        _deliver(app)
    finally:
        wordpress.start()
    assert [d.result for d in _writebacks(session, article)] == ["failed"]
    message = session.exec(select(OutboxMessage).where(OutboxMessage.channel == "cms")).one()
    assert message.status == "pending" and message.attempts == 1
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message.id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    session.commit()

    _deliver(app)

    assert [d.result for d in _writebacks(session, article)] == ["written", "failed"]
    assert "Giorgia Meloni" in wordpress.raw(post["id"])


def test_wrong_credentials_and_a_weak_account_are_refused_clearly(app, session, wordpress):
    site = a_site(session, origins=(wordpress.base_url,))
    clients = _clients(app)
    wrong = connectors.ConnectorFields(wordpress.base_url, wordpress.user, "wrong pass word")
    with pytest.raises(Invalid) as refused:
        connectors.connect(session=session, site_id=site.id or 0, fields=wrong, clients=clients)
    assert "app_password" in refused.value.fields
    weak = connectors.ConnectorFields(
        wordpress.base_url, wordpress.author_user, wordpress.author_password
    )
    with pytest.raises(Invalid) as refused:
        connectors.connect(session=session, site_id=site.id or 0, fields=weak, clients=clients)
    assert (
        "unfiltered_html" in refused.value.message or "edit_others_posts" in refused.value.message
    )
    assert connectors.connector_of(session, site) is None


def test_a_report_on_a_post_not_synced_yet_fetches_it(app, session, wordpress, client):
    site_id = _connected(session, app, wordpress)
    post = wordpress.create_post("A post nobody synced", CONTENT)
    site = session.get(Site, site_id)
    assert site is not None
    answer = client.post(
        f"/api/v1/sites/{site.key}/reports",
        json={
            "article": post["link"],
            "quote": "Georgia Maloney",
            "prefix": "senior member of Prime Minister ",
            "suffix": "\u2019s Brothers of Italy",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
        },
        headers={"Origin": wordpress.base_url},
    )
    assert answer.status_code == 201, answer.get_json()
    article = _article_of(session, post["id"])
    assert article.title == "A post nobody synced"


def test_a_post_whose_words_moved_into_markup_is_refused_and_factcheck_keeps_the_fix(
    app, session, wordpress
):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    edited = wordpress.raw(post["id"]).replace("Georgia Maloney", "Georgia <em>Maloney</em>")
    wordpress.update_post(post["id"], edited)

    revision, _ = _fix(session, article, "Georgia Maloney", "Giorgia Meloni")
    _deliver(app)

    assert wordpress.raw(post["id"]) == edited
    [delivery] = _writebacks(session, article)
    assert delivery.result == "refused" and "WordPress" in (delivery.detail or "")
    current = articles.get_current_revision(session, _article_of(session, post["id"]))
    assert current.number == revision.number and "Giorgia Meloni" in current.text
