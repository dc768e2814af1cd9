"""The command line: seed, create-editor, create-token, db upgrade."""

from sqlmodel import select

from factcheck.models import ApiToken, Article, Editor
from factcheck.services import editors


def test_seed_imports_the_demo_article_once(runner, session):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "created (revision 1)" in first.output
    second = runner.invoke(args=["seed"])
    assert "unchanged (revision 1)" in second.output
    assert len(session.exec(select(Article)).all()) == 1


def test_seed_names_a_broken_file_and_fails(runner, tmp_path, session):
    (tmp_path / "broken.txt").write_text("nonsense")
    result = runner.invoke(args=["seed", str(tmp_path)])
    assert result.exit_code != 0
    assert "broken.txt" in result.output
    assert session.exec(select(Article)).all() == []


def test_create_editor_prompts_for_a_hidden_password(runner, session):
    result = runner.invoke(
        args=["create-editor", "ed@example.com", "--admin"],
        input="a-long-password\na-long-password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a-long-password" not in result.output
    editor = session.exec(select(Editor)).one()
    assert editor.role == "admin"
    assert editors.check_password(session, "ed@example.com", "a-long-password")


def test_create_editor_explains_a_bad_password(runner):
    result = runner.invoke(args=["create-editor", "ed@example.com", "--password", "short"])
    assert result.exit_code != 0
    assert "at least" in result.output


def test_create_token_prints_the_token_last_and_stores_its_hash(runner, session):
    runner.invoke(args=["create-editor", "ed@example.com", "--password", "a-long-password"])
    result = runner.invoke(args=["create-token", "ed@example.com"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("fct_")
    stored = session.exec(select(ApiToken)).one()
    assert stored.token_hash == editors.hash_token(token)


def test_create_token_for_an_unknown_editor_fails_clearly(runner):
    result = runner.invoke(args=["create-token", "ghost@example.com"])
    assert result.exit_code != 0
    assert "No editor" in result.output


def test_create_site_prints_the_key_as_its_last_line(runner, session):
    from factcheck.models import Site

    result = runner.invoke(
        args=[
            "create-site",
            "Kyiv News",
            "--origin",
            "https://News.Example",
            "--origin",
            "http://localhost:5001",
            "--lang",
            "uk",
            "--selector",
            "article .body",
        ]
    )
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    site = session.exec(select(Site)).one()
    assert site.key == key
    assert site.origins == "https://news.example\nhttp://localhost:5001"
    assert (site.language, site.selector) == ("uk", "article .body")


def test_create_site_explains_a_bad_origin_and_writes_nothing(runner, session):
    from factcheck.models import Site

    result = runner.invoke(args=["create-site", "News", "--origin", "news.example/path"])
    assert result.exit_code != 0
    assert "http" in result.output
    assert session.exec(select(Site)).all() == []
    assert runner.invoke(args=["create-site", "News"]).exit_code != 0  # --origin is required


def test_seed_creates_the_demo_site_once_and_places_the_demo_article_on_it(runner, session):
    from factcheck.models import Site

    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    site = session.exec(select(Site)).one()
    assert f"demo site: {site.key}" in first.output
    assert site.name == "Demo Newsroom"
    assert site.origins == "http://127.0.0.1:5001\nhttp://localhost:5001"
    article = session.exec(select(Article)).one()
    assert article.url == "http://127.0.0.1:5001/2024/01/10/italy-signals-peace-talks/"
    assert article.site_id == site.id
    second = runner.invoke(args=["seed"])
    assert f"demo site: {site.key}" in second.output
    session.rollback()
    assert len(session.exec(select(Site)).all()) == 1


# --- every state-changing command leaves an audit entry by the command line ---------------


def command_line_entries(session, action):
    from factcheck.models import AuditEntry

    session.rollback()
    rows = session.exec(select(AuditEntry).where(AuditEntry.action == action)).all()
    assert all(row.editor_id is None and row.via == "cli" for row in rows), rows
    return rows


def test_create_editor_is_audited_as_the_command_line(runner, session):
    runner.invoke(args=["create-editor", "ed@example.com", "--password", "a-long-password"])
    [entry] = command_line_entries(session, "create_editor")
    editor = session.exec(select(Editor)).one()
    assert entry.target == f"editor:{editor.id}" and "ed@example.com" in entry.after
    assert "a-long-password" not in entry.after and "argon2" not in entry.after


def test_a_refused_create_editor_leaves_no_entry(runner, session):
    runner.invoke(args=["create-editor", "ed@example.com", "--password", "short"])
    assert command_line_entries(session, "create_editor") == []


def test_create_token_is_audited_without_the_token(runner, session):
    runner.invoke(args=["create-editor", "ed@example.com", "--password", "a-long-password"])
    token = runner.invoke(args=["create-token", "ed@example.com"]).output.strip().splitlines()[-1]
    [entry] = command_line_entries(session, "create_token")
    assert token not in entry.before + entry.after


def test_create_site_is_audited(runner, session):
    runner.invoke(args=["create-site", "Kyiv News", "--origin", "https://news.example.com"])
    [entry] = command_line_entries(session, "site_create")
    assert entry.target.startswith("site:") and "Kyiv News" in entry.after


def test_seed_is_audited_when_it_changes_something_only(runner, session):
    runner.invoke(args=["seed"])
    [entry] = command_line_entries(session, "seed")
    assert '"created": 1' in entry.after
    runner.invoke(args=["seed"])  # unchanged: nothing to record
    assert len(command_line_entries(session, "seed")) == 1


def test_check_and_digest_are_audited(runner, session):
    runner.invoke(args=["seed"])
    assert runner.invoke(args=["check", "--all"]).exit_code == 0
    [check] = command_line_entries(session, "check")
    assert '"articles": 1' in check.after
    assert runner.invoke(args=["digest"]).exit_code == 0
    [queued] = command_line_entries(session, "digest")
    assert '"queued": 0' in queued.after


def test_the_audit_log_shows_command_line_actions_in_words(runner, client, session):
    runner.invoke(
        args=["create-editor", "ad@example.com", "--password", "a-long-password", "--admin"]
    )
    client.post("/editor/login", data={"email": "ad@example.com", "password": "a-long-password"})
    page = client.get("/editor/audit?who=cli").get_data(as_text=True)
    assert "Command line" in page and "created an editor" in page and "ad@example.com" in page
