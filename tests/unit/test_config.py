"""Settings come from FACTCHECK_* variables, with defaults that work out of the box."""

from factcheck import config


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path):
    settings = config.load(str(tmp_path), {})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'factcheck.sqlite3'}"
    assert settings["REPORT_RATE_LIMIT"] == "5/minute;30/hour;100/day"
    assert settings["RATELIMIT_STORAGE_URL"] == "memory://"
    assert settings["TRUSTED_PROXIES"] == 0


def test_environment_overrides_defaults_with_types(tmp_path):
    environ = {
        "FACTCHECK_DATABASE_URL": "postgresql+psycopg://u@h/db",
        "FACTCHECK_TRUSTED_PROXIES": "2",
        "FACTCHECK_HSTS": "false",
        "FACTCHECK_SECRET_KEY": "from-env",
    }
    settings = config.load(str(tmp_path), environ)
    assert settings["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert settings["TRUSTED_PROXIES"] == 2
    assert settings["HSTS"] is False
    assert settings["SECRET_KEY"] == "from-env"


def test_a_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.load(str(tmp_path), {})["SECRET_KEY"]
    second = config.load(str(tmp_path), {})["SECRET_KEY"]
    assert first == second
    assert len(first) >= 48
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert config.load(str(tmp_path / "other"), {})["SECRET_KEY"] != first


def test_settings_the_caller_gives_are_not_generated_in_the_instance_folder(tmp_path):
    instance = tmp_path / "instance"
    given = {"SECRET_KEY": "given", "DATABASE_URL": "sqlite:///elsewhere.sqlite3", "TESTING": 1}
    settings = config.load(str(instance), {}, overrides=given)
    assert (settings["SECRET_KEY"], settings["DATABASE_URL"]) == ("given", given["DATABASE_URL"])
    assert "TESTING" not in settings  # only known settings; Flask's own keys are the app's
    assert not instance.exists()


def test_the_app_keeps_its_key_and_database_in_the_instance_folder_it_is_given(
    tmp_path, monkeypatch
):
    from factcheck import ROOT, create_app
    from tests.conftest import instance_files

    for name in ("SECRET_KEY", "DATABASE_URL", "INSTANCE_PATH"):
        monkeypatch.delenv(f"FACTCHECK_{name}", raising=False)
    before = instance_files(ROOT / "instance")
    app = create_app({"TESTING": True}, instance_path=tmp_path / "given")
    assert app.instance_path == str(tmp_path / "given")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'given' / 'factcheck.sqlite3'}"
    assert (tmp_path / "given" / "secret_key").read_text() == app.config["SECRET_KEY"]
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "from-env"))
    assert create_app({"TESTING": True}).instance_path == str(tmp_path / "from-env")
    assert (tmp_path / "from-env" / "secret_key").exists()
    assert instance_files(ROOT / "instance") == before
