"""Regressions from the attack run's smaller findings: spreadsheet formulas in the CSV
export, a backup written through a planted link, odd reporter addresses, and a stranger
locking an editor out with wrong passwords."""

import os
import stat
import uuid

import pytest
from sqlmodel import select

from factcheck.models import Report
from factcheck.services import stylebook
from tests.builders import an_article, the_editor


@pytest.fixture
def app_config():
    return {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URL": "memory://",
        "RATELIMIT_KEY_PREFIX": f"factcheck-test-{uuid.uuid4().hex}",
    }


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"])
def test_the_csv_export_never_starts_a_cell_with_a_formula(session, cell):
    stylebook.save_name(
        session=session,
        draft=stylebook.NameDraft(f"Name {len(cell)}", (cell,), "person", cell),
        editor=None,
    )
    exported = stylebook.export_csv(session)
    for line in exported.splitlines()[1:]:
        for value in line.split(","):
            assert not value.strip('"').startswith(("=", "+", "-", "@")), line
    # The apostrophe is taken off again on import: a round trip keeps the name as it was.
    stylebook.import_csv(session=session, text=exported, editor=None)
    [row] = stylebook.names(session)
    assert (row.variants, row.note) == (cell, cell)


def test_export_never_writes_through_a_planted_link(runner, tmp_path):
    target = tmp_path / "backup.jsonl"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    os.symlink(victim, tmp_path / "backup.jsonl.partial")
    result = runner.invoke(args=["export", str(target)])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith('{"table"')


@pytest.mark.parametrize(
    "email",
    ["=?utf-8?q?evil?=@example.com", '"boss@example.com"@evil.example', "a\\b@example.com"],
)
def test_an_address_a_mail_header_would_show_differently_is_refused(client, session, email):
    an_article(session, "story")
    answer = client.post(
        "/api/v1/articles/story/reports",
        json={
            "revision": 1,
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "email": email,
        },
    )
    assert answer.status_code == 422
    assert set(answer.get_json()["error"]["fields"]) == {"email"}
    session.rollback()
    assert session.exec(select(Report)).all() == []


def test_a_stranger_with_wrong_passwords_cannot_lock_the_editor_out(client, session):
    the_editor(session)
    wrong = {"email": "editor@example.com", "password": "not-the-password"}
    for _ in range(6):
        client.post("/editor/login", data=wrong, environ_base={"REMOTE_ADDR": "203.0.113.66"})
    stranger = client.post(
        "/editor/login", data=wrong, environ_base={"REMOTE_ADDR": "203.0.113.66"}
    )
    assert stranger.status_code == 429
    right = {"email": "editor@example.com", "password": "a-long-password"}
    editor = client.post("/editor/login", data=right, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert editor.status_code == 302


def _report(client, host):
    return client.post(
        "/api/v1/articles/story/reports",
        json={"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"},
        headers={"Host": host},
    )


def test_absolute_links_come_from_the_public_url_not_the_host_header(app, client, session):
    app.config["PUBLIC_URL"] = "https://factcheck.news.example"
    an_article(session, "story")
    answer = _report(client, "evil.example")
    assert answer.status_code == 201
    assert answer.get_json()["status_url"].startswith("https://factcheck.news.example/reports/")
    feed = client.get("/corrections.atom", headers={"Host": "evil.example"}).get_data(True)
    assert "evil.example" not in feed and "https://factcheck.news.example/corrections" in feed
    page = client.get("/articles/story", headers={"Host": "evil.example"}).get_data(True)
    assert "evil.example" not in page


@pytest.mark.parametrize("app_config", [{"TRUSTED_HOSTS": "factcheck.news.example"}])
def test_a_request_for_another_host_is_refused_when_hosts_are_listed(client, session):
    an_article(session, "story")
    assert client.get("/articles/story", headers={"Host": "evil.example"}).status_code == 400
    ok = client.get("/articles/story", headers={"Host": "factcheck.news.example"})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("origin", "status"),
    [("https://evil.example", 403), ("null", 403), ("http://localhost", 201), (None, 201)],
)
def test_another_sites_page_cannot_file_reports_on_the_native_endpoint(
    client, session, origin, status
):
    an_article(session, "story")
    headers = {"Origin": origin} if origin else {}
    answer = client.post(
        "/api/v1/articles/story/reports",
        json={"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"},
        headers=headers,
    )
    assert answer.status_code == status, answer.get_json()
    session.rollback()
    assert len(session.exec(select(Report)).all()) == (1 if status == 201 else 0)


def test_a_text_plain_body_from_another_site_writes_nothing(client, session):
    an_article(session, "story")
    answer = client.post(
        "/api/v1/articles/story/reports",
        data='{"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"}',
        content_type="text/plain",
        headers={"Origin": "https://evil.example"},
    )
    # The page's origin is refused first; the same body from no page at all is a 415.
    assert answer.status_code == 403
    assert answer.get_json()["error"]["code"] == "forbidden_origin"
    plain = client.post(
        "/api/v1/articles/story/reports",
        data='{"revision": 1, "quote": "Georgia Maloney", "suggestion": "Giorgia Meloni"}',
        content_type="text/plain",
    )
    assert plain.status_code == 415
    session.rollback()
    assert session.exec(select(Report)).all() == []


@pytest.mark.parametrize(
    "address", ["=?utf-8?q?evil?=@example.com", "=?utf-8?b?ZXZpbA==?=@example.com"]
)
def test_an_rfc_2047_editor_address_is_refused_and_nothing_is_written(session, address):
    """The attack rerun (tests/attack) found the admin's new-editor form storing it."""
    from factcheck.domain.errors import Invalid
    from factcheck.models import Editor
    from factcheck.services import editors

    with pytest.raises(Invalid) as refused:
        editors.create_editor(session=session, email=address, password="a-long-password")
    assert "email" in refused.value.fields
    assert session.query(Editor).count() == 0
