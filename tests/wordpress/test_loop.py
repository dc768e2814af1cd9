"""The whole loop on a real WordPress page: a reader reports through the plugin's widget, an
editor publishes the fix, the worker writes it into the post, and the page reads it."""

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from factcheck import worker
from factcheck.connectors.clients import Clients
from factcheck.db import get_engine, open_session
from factcheck.models import Article, Group, Report
from factcheck.services import connectors, sites, triage
from tests.browser.conftest import LiveServer, live_server  # noqa: F401
from tests.browser.test_embed import drag_select
from tests.builders import the_editor
from tests.wordpress.test_connector import CONTENT, NOTE

pytestmark = [pytest.mark.wordpress, pytest.mark.browser]

KEY = connectors.new_key()
WRONG, RIGHT = "Georgia Maloney", "Giorgia Meloni"


@pytest.fixture
def live_app_config(wordpress: Any) -> dict[str, Any]:
    return {
        "CONNECTOR_KEY": KEY,
        "OUTBOUND_ALLOW": wordpress.outbound_allow,
        "CONNECTOR_SYNC_MINUTES": 0,
    }


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


def test_a_report_on_the_wordpress_page_becomes_a_fix_in_the_post(
    page: Page,
    live_server: LiveServer,  # noqa: F811
    wordpress: Any,
) -> None:
    app = live_server.app
    with app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            site = sites.create_site(
                session=session,
                fields=sites.SiteFields(
                    name="WordPress News", origins=(wordpress.base_url,), language="en"
                ),
            )
            connectors.connect(
                session=session,
                site_id=site.id or 0,
                fields=connectors.ConnectorFields(
                    wordpress.base_url, wordpress.user, wordpress.app_password
                ),
                clients=Clients.from_config(app.config),
            )
            key = site.key
        finally:
            session.close()
    wordpress.configure_plugin(live_server.url, key)
    post = wordpress.create_post("Italy signals peace talks", CONTENT)
    before = wordpress.raw(post["id"])

    # No sync has run: the report itself brings the post in (fetched on demand).
    page.goto(post["link"])
    drag_select(page, WRONG, root="[data-factcheck-article]")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Report an error")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Correction").fill(RIGHT)
    dialog.get_by_label("Kind").select_option("name")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        dialog.get_by_role("button", name="Send report").click()
    assert answer.value.status == 201, answer.value.text()
    expect(dialog.get_by_text("Thank you")).to_be_visible()

    with app.app_context():
        session = open_session(get_engine(), write=True)
        try:
            article = session.exec(
                select(Article).where(Article.external_id == str(post["id"]))
            ).one()
            reports = session.exec(select(Report).where(Report.article_id == article.id)).all()
            assert any(r.suggestion == RIGHT and r.source == "reader" for r in reports)
            group = session.exec(
                select(Group).where(Group.article_id == article.id, Group.quote == WRONG)
            ).one()
            triage.apply_fixes(
                session=session,
                fixes=[triage.Fix(group.id or 0, RIGHT)],
                base_revision=article.current_revision,
                summary="Fixed the Prime Minister's name",
                note=NOTE,
                editor=the_editor(session),
            )
        finally:
            session.close()
    worker.run_pass(app, "loop-worker")

    after = wordpress.raw(post["id"])
    assert after.startswith(before.replace(WRONG, RIGHT))
    assert 'class="factcheck-correction"' in after and NOTE in after
    page.goto(post["link"])
    root = page.locator("[data-factcheck-article]")
    expect(root).to_contain_text(RIGHT)
    expect(root).not_to_contain_text(WRONG)
