"""With CSRF on, every editor POST without a token is refused and changes nothing."""

import pytest
from sqlmodel import select

from factcheck.models import AuditEntry, Revision
from tests.builders import a_report, a_site, an_article, the_editor


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def csrf_login(client):
    page = client.get("/editor/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/editor/login",
        data={"csrf_token": token, "email": "editor@example.com", "password": "a-long-password"},
    )
    assert response.status_code == 302


def test_editor_posts_without_a_csrf_token_are_refused(app, client, session):
    an_article(session, "story")
    report = a_report(session, "story", reporter="a")
    the_editor(session, role="admin")
    site = a_site(session)
    csrf_login(client)
    posts = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.rule.startswith("/editor") and "login" not in rule.rule
    ]
    assert len(posts) >= 12
    for path in posts:
        url = (
            path.replace("<int:group_id>", str(report.group_id))
            .replace("<int:report_id>", str(report.id))
            .replace("<int:editor_id>", "1")
            .replace("<int:webhook_id>", "1")
            .replace("<int:message_id>", "1")
            .replace("<slug>", "story")
            .replace("<int:name_id>", "1")
            .replace("<int:site_id>", str(site.id))
            .replace("<int:token_id>", "1")
            .replace("<int:filter_id>", "1")
        )
        response = client.post(
            url,
            data={
                "choice": "0",
                "base_revision": "1",
                "summary": "x",
                "reason": "spam",
                "groups": [report.group_id],
            },
        )
        assert response.status_code == 400, url
    assert len(session.exec(select(Revision)).all()) == 1
    # Only the site's registration above is in the audit log.
    assert [e.action for e in session.exec(select(AuditEntry)).all()] == ["site_create"]
