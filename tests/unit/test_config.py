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
