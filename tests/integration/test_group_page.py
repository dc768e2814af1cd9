"""The editor's read models, built by the services: the group page, the queue's rows, the
batch page and the conflict page, each in a bounded number of statements."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from factcheck.domain.errors import Invalid
from factcheck.models import Group
from factcheck.services import articles, group_page, triage
from tests.builders import a_report, an_article, the_editor

BODY = (
    "Prime Minister Georgia Maloney met the press.\n\n"
    "The meeting was in Rome on Monday.\n\n"
    "Later, Georgia Maloney left for Brussels."
)


@pytest.fixture
def editor(session):
    return the_editor(session)


@pytest.fixture
def group(session):
    an_article(session, "story", body=BODY)
    report = a_report(session, "story", reporter="a")
    a_report(session, "story", "Maloney", "Meloni", reporter="b")
    return session.get(Group, report.group_id)


@contextmanager
def counted(session):
    """The SQL statements the session sends inside the block."""
    statements: list[str] = []
    engine = session.get_bind()

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def fix(session, editor, group, text="Giorgia Meloni"):
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id, text)],
        base_revision=1,
        summary="Corrected name",
        note="An earlier version misspelled the name.",
        editor=editor,
    )


def test_each_candidate_comes_with_the_word_diff_of_its_passage(session, group):
    page = group_page.group_page(session, group.id)
    assert page.passage.quote == group.quote == "Georgia Maloney"
    assert page.passage.before == "Prime Minister "
    assert page.previews[0].text == page.top == "Giorgia Meloni"
    assert page.previews[0].count == 2
    deleted = "".join(p.text for p in page.previews[0].pieces if p.tag == "delete")
    inserted = "".join(p.text for p in page.previews[0].pieces if p.tag == "insert")
    assert "Maloney" in deleted and "Meloni" in inserted
    assert "Giorgia Meloni" in page.suggested_summary


def test_the_same_words_elsewhere_in_the_current_text_are_offered(session, group):
    page = group_page.group_page(session, group.id)
    second = BODY.index("Georgia Maloney", group.end) + len("A test headline\n\n")
    assert [p.start for p in page.places] == [second]
    assert page.places[0].passage.before == "Later, "
    assert page.places[0].passage.quote == "Georgia Maloney"


def test_the_page_lists_the_reports_the_active_editors_and_the_activity(session, editor, group):
    triage.assign(session=session, group_id=group.id, assignee_id=editor.id, editor=editor)
    page = group_page.group_page(session, group.id)
    assert [r.reporter for r in page.reports] == ["a", "b"]
    assert page.emails == {editor.id: "editor@example.com"}
    assert [entry.action for entry in page.activity] == ["assign"]
    assert page.archive == () and page.fixing is None


def test_a_fixed_group_lists_the_archive_places_and_its_fixing_revision(session, editor, group):
    an_article(session, "other", body="Georgia Maloney spoke in Rome.\n\nNothing else.")
    fix(session, editor, group)
    page = group_page.group_page(session, group.id)
    assert page.fixing is not None and page.fixing.number == 2 == page.current.number
    assert [(p.article.slug, p.text) for p in page.archive] == [("other", "Georgia Maloney")]
    # The group stays on the revision it was reported on: its passage comes from there.
    assert "Georgia Maloney" in page.text and "Georgia Maloney" not in page.current.text[:40]
    assert page.passage.quote == "Georgia Maloney"
    assert page.places == ()


@pytest.mark.parametrize("fixed", [False, True], ids=["open", "fixed"])
def test_the_group_page_takes_the_same_few_statements_however_many_reports(session, editor, fixed):
    an_article(session, "story", body=BODY)
    an_article(session, "other", body="Georgia Maloney spoke in Rome.\n\nNothing else.")
    small = session.get(Group, a_report(session, "story", reporter="a").group_id)
    for n in range(12):
        a_report(session, "story", "Maloney", "Meloni", reporter=f"r{n}", occurrence=1)
    big = session.get(Group, a_report(session, "story", reporter="z", occurrence=1).group_id)
    assert (small.report_count, big.report_count) == (1, 13)
    if fixed:
        triage.apply_fixes(
            session=session,
            fixes=[triage.Fix(small.id, "Giorgia Meloni"), triage.Fix(big.id, "Giorgia Meloni")],
            base_revision=1,
            summary="Corrected both",
            note="Misspelled.",
            editor=editor,
        )
    wanted = [(small.id, 1), (big.id, 13)]
    counts = []
    for group_id, report_count in wanted:
        session.rollback()
        session.expunge_all()  # nothing cached: every row is read again
        with counted(session) as statements:
            page = group_page.group_page(session, group_id)
            assert len(page.reports) == report_count
        counts.append(len(statements))
    assert counts[0] == counts[1]
    # group, article, current revision, editors, reports, activity, comments (+ BEGIN); for
    # an open group the article's waiting groups (similar ones, the batch link); for a fixed
    # group the text of its own revision and the archive search.
    assert counts[0] <= (10 if fixed else 9)


def test_a_candidate_is_chosen_by_its_index_or_typed(session, group):
    assert group_page.chosen_text(group, "0", "") == "Giorgia Meloni"
    assert group_page.chosen_text(group, " custom ", "Georgia Meloni") == "Georgia Meloni"
    for bad in ("7", "-1", "²", "x", "0000000000"):
        with pytest.raises(Invalid) as raised:
            group_page.chosen_text(group, bad, "")
        assert set(raised.value.fields) == {"choice"}


def test_the_fix_preview_is_the_passage_of_the_current_text(session, group):
    shown = group_page.fix_preview(session, group.id, "Giorgia Meloni")
    assert shown.article.slug == "story"
    assert "".join(p.text for p in shown.pieces if p.tag != "delete") == (
        "Prime Minister Giorgia Meloni met the press."
    )


def test_after_a_fix_the_follow_ups_offer_the_new_name_and_the_archive(session, editor, group):
    an_article(session, "other", body="Georgia Maloney spoke in Rome.\n\nNothing else.")
    fix(session, editor, group)
    offer = group_page.follow_ups(session, group, " Giorgia Meloni ")
    assert offer == group_page.FollowUps(stylebook_name="Giorgia Meloni", propagate=True)


def test_the_conflict_page_shows_each_block_changed_since_the_base(session, editor, group):
    fix(session, editor, group)
    article = articles.get_article(session, "story")
    page = group_page.conflict_page(session, article, 1)
    assert page.current.number == 2
    assert len(page.changes) == 1
    assert any(p.tag == "insert" and "Meloni" in p.text for p in page.changes[0])
    assert group_page.conflict_page(session, article, 99).changes == []
    assert group_page.conflict_page(session, article, 2).changes == []


def test_queue_rows_read_their_texts_and_open_counts_in_two_statements(session, editor, group):
    an_article(session, "other", body="Georgia Maloney spoke in Rome.\n\nNothing else.")
    a_report(session, "other", reporter="c")
    result = triage.list_groups(session, triage.QueueFilter())
    assert len(result.groups) == 2
    with counted(session) as statements:
        rows = triage.queue_rows(session, result)
    # Every revision text in one statement, every article's open groups counted in another.
    assert len(statements) == 2
    by_slug = {row.article.slug: row for row in rows}
    assert by_slug["story"].context == ("Prime Minister ", "Georgia Maloney", " met the press.")
    assert by_slug["other"].context[0] == ""  # the headline is another paragraph
    assert {row.top for row in rows} == {"Giorgia Meloni"}


def test_the_batch_page_offers_the_open_groups_with_a_candidate(session, editor, group):
    comment_only = a_report(
        session, "story", "Rome", "Rome", reporter="c", kind="fact", comment="Was it Milan?"
    )
    page = triage.batch_page(session, "story")
    assert {g.id for g in page.groups} == {group.id, comment_only.group_id}
    assert [row.group.id for row in page.rows] == [group.id]
    assert page.rows[0].passage.quote == "Georgia Maloney"
    assert page.fixes({group.id}) == [triage.Fix(group.id, "Giorgia Meloni")]
    assert page.fixes({comment_only.group_id}) == [triage.Fix(comment_only.group_id, "Rome")]
