"""PostgreSQL-only behaviour: concurrent writers never duplicate a revision number."""

import threading

import pytest
from sqlmodel import select

from factcheck import db
from factcheck.models import Revision
from factcheck.services.articles import ArticleDraft, ingest_article
from tests.conftest import Database, require_postgres

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(tmp_path):
    database = Database(require_postgres(), tmp_path)
    from sqlmodel import SQLModel

    engine = db.make_engine(database.url, pool_size=10)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()
    database.drop()


def test_concurrent_ingests_of_one_article_get_distinct_gapless_numbers(pg):
    writers = 8
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def ingest(index: int) -> None:
        session = db.open_session(pg, write=True)
        try:
            barrier.wait()
            draft = ArticleDraft(slug="hot", title="Hot story", body=f"Version {index}.")
            ingest_article(session=session, draft=draft, author=f"cms-{index}")
        except BaseException as error:
            errors.append(error)
        finally:
            session.close()

    threads = [threading.Thread(target=ingest, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.open_session(pg) as session:
        numbers = sorted(r.number for r in session.exec(select(Revision)))
    assert numbers == list(range(1, writers + 1))
