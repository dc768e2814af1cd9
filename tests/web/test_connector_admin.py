"""The connector section of a site's admin page, and the connector's rules without a CMS."""

import pytest
from sqlmodel import select

from factcheck.connectors import ConnectorError
from factcheck.connectors.clients import Clients
from factcheck.domain.errors import Invalid
from factcheck.models import Article, Connector, OutboxMessage
from factcheck.services import connectors, triage
from tests.builders import a_report, a_site, an_article, the_editor
from tests.web.test_sites_admin import login_as

HOSTILE = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://wp.example/?rest_route=/x",
    "https://" + "\u202e" * 3000 + ".example",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
]


@pytest.fixture
def app_config():
    return {"CONNECTOR_KEY": connectors.new_key()}


def test_the_site_page_offers_to_connect_wordpress(client, session):
    login_as(client, session)
    site = a_site(session)
    page = client.get(f"/editor/admin/sites/{site.id}").get_data(as_text=True)
    assert "WordPress connector" in page
    assert 'name="app_password"' in page and 'type="password"' in page


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_address_is_refused_next_to_its_field_and_nothing_stored(client, session, url):
    login_as(client, session)
    site = a_site(session)
    answer = client.post(
        f"/editor/admin/sites/{site.id}/connector",
        data={"url": url, "user": "bot", "app_password": "abcd efgh", "note_placement": "end"},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert 'id="url-error"' in page
    assert session.exec(select(Connector)).first() is None


def test_a_nul_in_the_form_is_a_400_and_nothing_stored(client, session):
    login_as(client, session)
    site = a_site(session)
    answer = client.post(
        f"/editor/admin/sites/{site.id}/connector",
        data={"url": "https://wp.example/\x00", "user": "bot", "app_password": "abcd efgh"},
    )
    assert answer.status_code == 400
    assert session.exec(select(Connector)).first() is None


def test_an_unreachable_wordpress_is_a_clear_error_and_nothing_is_stored(client, session):
    login_as(client, session)
    site = a_site(session)
    # Loopback is not allowed without FACTCHECK_OUTBOUND_ALLOW: refused before connecting.
    answer = client.post(
        f"/editor/admin/sites/{site.id}/connector",
        data={
            "url": "http://127.0.0.1:9",
            "user": "bot",
            "app_password": "abcd efgh ijkl",
            "note_placement": "end",
        },
    )
    assert answer.status_code == 422
    assert "abcd efgh ijkl" not in answer.get_data(as_text=True)
    assert session.exec(select(Connector)).first() is None


def test_only_admins_may_touch_a_connector(client, session):
    site = a_site(session)
    login_as(client, session, role="editor")
    for path in ("", "/test", "/sync", "/disconnect"):
        assert client.post(f"/editor/admin/sites/{site.id}/connector{path}").status_code == 403


def test_without_a_key_no_password_is_stored(app, session):
    site = a_site(session)
    clients = Clients(key="")
    fields = connectors.ConnectorFields("https://wp.example", "bot", "abcd efgh")
    with pytest.raises(Invalid) as refused:
        connectors.connect(session=session, site_id=site.id or 0, fields=fields, clients=clients)
    assert "FACTCHECK_CONNECTOR_KEY" in refused.value.message


def test_the_password_is_encrypted_and_a_changed_key_says_so():
    key = connectors.new_key()
    token = connectors.encrypt(key, "abcd efgh ijkl")
    assert "abcd" not in token and connectors.decrypt(key, token) == "abcd efgh ijkl"
    with pytest.raises(ConnectorError) as failure:
        connectors.decrypt(connectors.new_key(), token)
    assert "FACTCHECK_CONNECTOR_KEY" in str(failure.value)


def test_only_a_connected_articles_fix_is_queued_for_write_back(app, session):
    an_article(session)
    report = a_report(session)
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Fixed the name",
        note=None,
        editor=the_editor(session),
    )
    channels = [m.channel for m in session.exec(select(OutboxMessage)).all()]
    assert "cms" not in channels

    an_article(session, "connected-story")
    article = session.exec(select(Article).where(Article.slug == "connected-story")).one()
    article.external_id = "42"
    session.add(article)
    session.commit()
    report = a_report(session, "connected-story")
    revision = triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Fixed the name",
        note=None,
        editor=the_editor(session),
    )
    [message] = [m for m in session.exec(select(OutboxMessage)).all() if m.channel == "cms"]
    assert message.dedupe_key == f"cms:{article.id}:{revision.number}"
