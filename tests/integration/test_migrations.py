"""Migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from factcheck import db
from tests.conftest import Database


def test_migrations_create_the_schema_the_models_describe(database: Database):
    db.upgrade(database.url)
    engine = db.make_engine(database.url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = [
            difference
            for difference in compare_metadata(context, SQLModel.metadata)
            # PostgreSQL's pg_trgm indexes (migration 0010) have no model counterpart.
            if not (difference[0] == "remove_index" and difference[1].name.endswith("_trgm"))
        ]
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert differences == []
    assert {"article", "revision", "editor", "apitoken", "alembic_version"} <= tables


def test_upgrading_twice_is_harmless(database: Database):
    db.upgrade(database.url)
    db.upgrade(database.url)
