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
