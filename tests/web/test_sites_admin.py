"""Admins manage registered sites at /editor/admin/sites: list, register, edit, deactivate."""

from sqlmodel import select

from factcheck.models import Site
from tests.builders import a_site, the_editor


def login_as(client, session, role="admin"):
    email = f"{role}@example.com"
    the_editor(session, email, role=role)
    client.post("/editor/login", data={"email": email, "password": "a-long-password"})


def test_only_admins_see_the_sites_page(client, session):
    assert client.get("/editor/admin/sites").status_code == 302
    login_as(client, session, role="editor")
    assert client.get("/editor/admin/sites").status_code == 403
    assert "/editor/admin/sites" not in client.get("/editor/").get_data(as_text=True)


def test_the_editor_nav_links_the_sites_page_for_admins(client, session):
    login_as(client, session)
    assert 'href="/editor/admin/sites"' in client.get("/editor/").get_data(as_text=True)


def test_an_admin_registers_a_site_and_sees_its_key_and_snippet(client, session):
    login_as(client, session)
    response = client.post(
        "/editor/admin/sites",
        data={
            "name": "Kyiv News",
            "origins": "https://news.example\r\nhttp://LOCALHOST:5001\r\n",
            "language": "uk",
            "selector": "",
        },
    )
    assert response.status_code == 302
    session.rollback()
    site = session.exec(select(Site)).one()
    assert site.origins == "https://news.example\nhttp://localhost:5001"
    assert site.selector is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert site.key in page
    assert f'data-site="{site.key}"' in page
    listing = client.get("/editor/admin/sites").get_data(as_text=True)
    assert "Kyiv News" in listing and "http://localhost:5001" in listing


def test_a_bad_origin_shows_the_form_again_with_the_error_next_to_the_field(client, session):
    login_as(client, session)
    response = client.post(
        "/editor/admin/sites",
        data={"name": "News", "origins": "news.example/path", "language": "en"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="origins-error"' in page
    assert "http://" in page
    session.rollback()
    assert session.exec(select(Site)).all() == []


def test_an_admin_edits_a_sites_origins_language_and_selector(client, session):
    site = a_site(session)
    login_as(client, session)
    form = client.get(f"/editor/admin/sites/{site.id}").get_data(as_text=True)
    assert "https://news.example" in form
    response = client.post(
        f"/editor/admin/sites/{site.id}",
        data={
            "name": "Test News",
            "origins": "https://news.example\nhttps://m.news.example",
            "language": "en-gb",
            "selector": ".story-body",
        },
    )
    assert response.status_code == 302
    session.rollback()
    site = session.get(Site, site.id)
    assert site.origins == "https://news.example\nhttps://m.news.example"
    assert (site.language, site.selector) == ("en-GB", ".story-body")


def test_a_bad_edit_is_a_422_and_keeps_the_site_as_it_was(client, session):
    site = a_site(session)
    login_as(client, session)
    response = client.post(
        f"/editor/admin/sites/{site.id}",
        data={"name": "Test News", "origins": "https://news.example", "language": "english"},
    )
    assert response.status_code == 422
    assert 'id="language-error"' in response.get_data(as_text=True)
    session.rollback()
    assert session.get(Site, site.id).language == "en"


def test_an_admin_deactivates_a_site_and_its_pages_can_send_nothing(client, session):
    site = a_site(session)
    login_as(client, session)
    response = client.post(f"/editor/admin/sites/{site.id}/active")
    assert response.status_code == 302
    session.rollback()
    assert session.get(Site, site.id).active is False
    assert "deactivated" in client.get("/editor/admin/sites").get_data(as_text=True)
    assert client.get(f"/api/v1/sites/{site.key}").status_code == 404
    client.post(f"/editor/admin/sites/{site.id}/active")
    session.rollback()
    assert session.get(Site, site.id).active is True


def test_an_unknown_site_is_a_404(client, session):
    login_as(client, session)
    assert client.get("/editor/admin/sites/999").status_code == 404
    assert client.post("/editor/admin/sites/999/active").status_code == 404
