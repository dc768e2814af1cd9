"""The reader's intake (plain SQL, CoreStore) and the checker's (ORM, SessionStore) agree."""

from sqlalchemy import update
from sqlmodel import select

from factcheck.domain.reports import ReportDraft
from factcheck.models import Article, Group, Report
from factcheck.services import reports
from factcheck.services.stores import CoreStore
from tests.builders import DEMO_SENTENCE, an_article
from tests.integration.test_grouping import DEMO_VARIANTS

BODY = "First paragraph.\n\n" + DEMO_SENTENCE + "\n\nLast paragraph."


def draft(slug: str, quote: str, suggestion: str, kind: str, comment: str) -> ReportDraft:
    return ReportDraft(
        slug=slug, revision=1, quote=quote, suggestion=suggestion, kind=kind, comment=comment
    )


def group_states(session, slug):
    article = session.exec(select(Article).where(Article.slug == slug)).one()
    found = session.exec(
        select(Group).where(Group.article_id == article.id).order_by(Group.id)
    ).all()
    return [
        (
            g.status,
            g.start,
            g.end,
            g.quote,
            g.report_count,
            g.reporter_count,
            g.edits,
            g.candidates,
        )
        for g in found
    ]


def report_states(session, slug):
    article = session.exec(select(Article).where(Article.slug == slug)).one()
    found = session.exec(
        select(Report).where(Report.article_id == article.id).order_by(Report.id)
    ).all()
    return [(r.start, r.end, r.join_reason, r.possible_duplicate) for r in found]


def test_reader_and_checker_intake_group_the_same_reports_alike(session):
    an_article(session, "by-sql", body=BODY)
    an_article(session, "by-orm", body=BODY)
    variants = [*DEMO_VARIANTS, ("Zelenskyy", "Zelensky", "typo", ""), ("Kyiv", "Kiev", "name", "")]
    variants = [v for v in variants if v[0] in BODY]
    for number, (quote, suggestion, kind, comment) in enumerate(variants):
        reporter = f"reader-{number % 7}"
        reports.submit_report(
            session=session,
            draft=draft("by-sql", quote, suggestion, kind, comment),
            reporter=reporter,
        )
        session.connection()  # an open transaction: the in-transaction (ORM) intake
        reports.submit_report(
            session=session,
            draft=draft("by-orm", quote, suggestion, kind, comment),
            reporter=reporter,
        )
    session.expire_all()
    assert group_states(session, "by-sql") == group_states(session, "by-orm")
    assert report_states(session, "by-sql") == report_states(session, "by-orm")
    assert len(group_states(session, "by-sql")) >= 2


def test_saving_a_group_writes_only_what_placement_changed(session):
    article = an_article(session, "story", body=BODY).article
    report = reports.submit_report(
        session=session,
        draft=draft("story", "Georgia Maloney", "Giorgia Meloni", "name", ""),
        reporter="reader",
    ).report
    store = CoreStore(session)
    [group] = store.nearby_open_groups(article.id, report.start, report.end)
    # Meanwhile an editor writes to the same group (a column intake never touches).
    groups = Group.__table__  # type: ignore[attr-defined]
    store.connection.execute(
        update(groups).where(groups.c.id == group.id).values(reason="looked at")
    )
    group.report_count += 1
    store.save_group(group)
    session.commit()
    saved = session.get(Group, group.id)
    assert saved.report_count == 2
    assert saved.reason == "looked at"


def test_a_reader_report_answers_with_the_group_it_joined(session):
    an_article(session, "story", body=BODY)
    first = reports.submit_report(
        session=session,
        draft=draft("story", "Georgia Maloney", "Giorgia Meloni", "name", ""),
        reporter="one",
    )
    second = reports.submit_report(
        session=session,
        draft=draft("story", "Maloney", "Meloni", "name", ""),
        reporter="two",
    )
    assert first.created and second.created
    assert second.group is not None and second.group.id == first.group.id
    assert second.group.report_count == 2 and second.group.reporter_count == 2
    assert reports.status_of(session, second.report, second.group).state == "grouped"
