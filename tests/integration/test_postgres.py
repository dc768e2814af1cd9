"""PostgreSQL-only behaviour: concurrent writers never duplicate a revision number."""

import threading

import pytest
from sqlmodel import select

from factcheck import db
from factcheck.models import Revision
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import ingest_article
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


def _run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job) -> None:
        barrier.wait()
        try:
            results[index] = job()
        except BaseException as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _apply(engine, group_id: int, text: str, editor_email: str):
    from factcheck.services import editors, triage

    session = db.open_session(engine, write=True)
    try:
        editor = editors.find_editor(session, editor_email)
        return triage.apply_fixes(
            session=session,
            fixes=[triage.Fix(group_id, text)],
            base_revision=1,
            summary="Concurrent fix",
            note=None,
            editor=editor,
        ).number
    finally:
        session.close()


def test_two_editors_applying_at_once_get_one_revision_each_or_a_conflict(pg):
    from factcheck.domain.errors import Conflict
    from tests.builders import a_report, an_article, the_editor

    body = "Georgia Maloney spoke on Monday.\n\nShe met Emmanuel Macronn later."
    with db.open_session(pg) as session:
        an_article(session, "hot", body=body)
        the_editor(session)
        same = a_report(session, "hot", reporter="a").group_id
        other = a_report(session, "hot", "Macronn", "Macron", reporter="b").group_id

    # The same group twice: exactly one fix lands, the other is told it is stale.
    outcomes = _run_together([lambda: _apply(pg, same, "Giorgia Meloni", "editor@example.com")] * 2)
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "int"]
    assert any(isinstance(o, Conflict) for o in outcomes)

    # Two different groups of one article at once: both land, numbers stay gapless.
    third = _run_together([lambda: _apply(pg, other, "Macron", "editor@example.com")])
    assert third == [3]
    with db.open_session(pg) as session:
        numbers = sorted(
            r.number for r in session.exec(select(Revision).where(Revision.article_id == 1))
        )
        final = session.exec(select(Revision).where(Revision.number == 3)).one().text
    assert numbers == [1, 2, 3]
    assert "Giorgia Meloni" in final and "Emmanuel Macron later" in final


def test_different_groups_applied_at_the_same_moment_both_land(pg):
    from tests.builders import a_report, an_article, the_editor

    body = "Georgia Maloney spoke on Monday.\n\nShe met Emmanuel Macronn later."
    with db.open_session(pg) as session:
        an_article(session, "hot", body=body)
        the_editor(session)
        first = a_report(session, "hot", reporter="a").group_id
        second = a_report(session, "hot", "Macronn", "Macron", reporter="b").group_id
    outcomes = _run_together(
        [
            lambda: _apply(pg, first, "Giorgia Meloni", "editor@example.com"),
            lambda: _apply(pg, second, "Macron", "editor@example.com"),
        ]
    )
    assert sorted(outcomes) == [2, 3], outcomes
    with db.open_session(pg) as session:
        final = session.exec(select(Revision).where(Revision.number == 3)).one().text
    assert "Giorgia Meloni spoke" in final and "Emmanuel Macron later" in final


def test_concurrent_reports_of_one_error_make_one_group_with_every_count(pg):
    from factcheck.domain.reports import ReportDraft
    from factcheck.models import Group, Report
    from factcheck.services import reports
    from tests.builders import an_article

    with db.open_session(pg) as session:
        an_article(session, "hot", body="Prime Minister Georgia Maloney spoke on Monday.")

    def report(n: int):
        def job():
            session = db.open_session(pg, write=True)
            try:
                draft = ReportDraft(
                    slug="hot",
                    revision=1,
                    quote="Georgia Maloney",
                    suggestion="Giorgia Meloni",
                    kind="name",
                )
                return reports.submit_report(
                    session=session, draft=draft, reporter=f"reader-{n}"
                ).report.group_id
            finally:
                session.close()

        return job

    outcomes = _run_together([report(n) for n in range(8)])
    assert all(isinstance(o, int) for o in outcomes), outcomes
    with db.open_session(pg) as session:
        groups = session.exec(select(Group)).all()
        stored = session.exec(select(Report)).all()
    assert len(groups) == 1
    assert (groups[0].report_count, groups[0].reporter_count) == (8, 8)
    assert len(stored) == 8
