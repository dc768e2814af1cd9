"""The connector's CLI, admin buttons, periodic sync and headline fixes, on a real WordPress."""

import logging

import pytest
from sqlmodel import select

from factcheck import worker
from factcheck.connectors.clients import Clients
from factcheck.delivery import Courier
from factcheck.models import Article, AuditEntry, Connector
from factcheck.services import articles, connectors, sites
from tests.builders import a_site
from tests.web.test_sites_admin import login_as
from tests.wordpress.test_connector import (  # noqa: F401
    CONTENT,
    _article_of,
    _connected,
    _deliver,
    _fix,
    _sync,
    app_config,
)

pytestmark = pytest.mark.wordpress


def test_the_cli_connects_syncs_and_refuses_a_wrong_password(app, session, runner, wordpress):
    site = a_site(session, origins=(wordpress.base_url,))
    wordpress.create_post("Posted before connecting", CONTENT)
    wrong = runner.invoke(
        args=[
            "connect-wordpress",
            site.key,
            "--url",
            wordpress.base_url,
            "--user",
            wordpress.user,
            "--app-password",
            "not the password",
        ]
    )
    assert wrong.exit_code != 0
    assert "Application Password" in wrong.output and "not the password" not in wrong.output
    connected = runner.invoke(
        args=[
            "connect-wordpress",
            site.key,
            "--url",
            wordpress.base_url,
            "--user",
            wordpress.user,
            "--app-password",
            wordpress.app_password,
        ]
    )
    assert connected.exit_code == 0, connected.output
    assert wordpress.app_password not in connected.output
    stored = session.exec(select(Connector)).one()
    assert wordpress.app_password not in stored.secret
    synced = runner.invoke(args=["sync", site.key])
    assert synced.exit_code == 0, synced.output
    assert " new," in synced.output
    again = runner.invoke(args=["sync", site.key])
    assert again.output.startswith("0 new, 0 updated")
    # Both commands are in the audit log, by the command line; the password is not.
    session.rollback()
    by_cli = session.exec(select(AuditEntry).where(AuditEntry.via == "cli")).all()
    assert [e.action for e in by_cli].count("sync") == 2 and "connect" in [e.action for e in by_cli]
    assert all(wordpress.app_password not in e.before + e.after for e in by_cli)


def test_the_admin_tests_the_connection_and_syncs_from_the_site_page(
    client, session, app, wordpress
):
    login_as(client, session)
    site = a_site(session, origins=(wordpress.base_url,))
    answer = client.post(
        f"/editor/admin/sites/{site.id}/connector",
        data={
            "url": wordpress.base_url,
            "user": wordpress.user,
            "app_password": wordpress.app_password,
            "note_placement": "top",
        },
    )
    assert answer.status_code == 302
    page = client.get(f"/editor/admin/sites/{site.id}").get_data(as_text=True)
    assert "Connected to" in page and wordpress.app_password not in page
    tested = client.post(f"/editor/admin/sites/{site.id}/connector/test", follow_redirects=True)
    assert "The connection works" in tested.get_data(as_text=True)
    synced = client.post(f"/editor/admin/sites/{site.id}/connector/sync", follow_redirects=True)
    assert "Synced:" in synced.get_data(as_text=True)
    gone = client.post(f"/editor/admin/sites/{site.id}/connector/disconnect", follow_redirects=True)
    assert "Disconnected" in gone.get_data(as_text=True)


def test_the_worker_syncs_each_connected_site_once_per_interval(app, session, wordpress):
    app.config["CONNECTOR_SYNC_MINUTES"] = 5
    _connected(session, app, wordpress)
    post = wordpress.create_post("Synced by the worker", CONTENT)
    courier = Courier.from_config(app.config)
    assert worker.sync_connectors(app, courier) == 1
    assert _article_of(session, post["id"]).title == "Synced by the worker"
    assert worker.sync_connectors(app, courier) == 0  # not due again yet


def test_a_headline_fix_is_written_into_the_posts_title(app, session, wordpress):
    post = wordpress.create_post("Italy signals peace tlaks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    article = _article_of(session, post["id"])
    _fix(session, article, "tlaks", "talks", note=None)
    _deliver(app)
    assert (
        wordpress.rest("GET", f"/wp/v2/posts/{post['id']}", params={"context": "edit"})["title"][
            "raw"
        ]
        == "Italy signals peace talks"
    )


def test_a_post_edited_in_wordpress_is_a_new_revision_updated_in_wordpress(app, session, wordpress):
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    wordpress.update_post(post["id"], wordpress.raw(post["id"]).replace("Brussels", "Rome"))
    # An incremental sync (modified since the last one) finds it.
    result = connectors.sync(
        session=session, site_id=site_id, clients=Clients.from_config(app.config)
    )
    assert result.revised == 1
    article = _article_of(session, post["id"])
    current = articles.get_current_revision(session, article)
    assert current.summary == "Updated in WordPress" and "Rome" in current.text


def test_no_password_reaches_the_log(app, session, wordpress, caplog):
    caplog.set_level(logging.DEBUG)
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    site_id = _connected(session, app, wordpress)
    _sync(session, app, site_id)
    _fix(session, _article_of(session, post["id"]), "Georgia Maloney", "Giorgia Meloni")
    wordpress.stop()
    try:
        _deliver(app)
    finally:
        wordpress.start()
    assert wordpress.app_password not in caplog.text
    assert wordpress.app_password.replace(" ", "") not in caplog.text
    site = sites.get_site(session, site_id)
    assert connectors.article_count(session, site) == len(
        session.exec(select(Article).where(Article.site_id == site_id)).all()
    )
