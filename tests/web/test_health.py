"""/healthz says the process is up; /readyz says the database answers and is migrated."""

from pathlib import Path

from factcheck import create_app, db


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_not_ready_when_migrations_were_never_applied(client):
    # The test schema comes from create_all, so there is no alembic_version row.
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "pending"
    assert response.headers["Retry-After"]


def migrated_app(tmp_path: Path, revision: str = "head"):
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    db.upgrade(url, revision)
    return create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x", "LOG_LEVEL": "WARNING"},
        instance_path=tmp_path / "instance",
    )


def test_readyz_is_ready_on_a_migrated_database(tmp_path):
    response = migrated_app(tmp_path).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok"},
    }


def test_readyz_is_not_ready_when_a_migration_is_pending(tmp_path):
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    head = script.get_revision(script.get_current_head())
    assert head is not None and head.down_revision
    app = migrated_app(tmp_path, str(head.down_revision))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["migrations"] == "pending"


def test_readyz_is_not_ready_when_the_database_is_unreachable(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:1/none",
            "SECRET_KEY": "x",
            "LOG_LEVEL": "WARNING",
        },
        instance_path=tmp_path / "instance",
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("unreachable")
