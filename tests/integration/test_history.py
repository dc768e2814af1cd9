"""Public history through the service: revision lists, diffs' pairs, correction notes, reverts."""

import json

import pytest
from sqlmodel import select

from factcheck.domain.errors import Invalid, NotFound
from factcheck.models import AuditEntry, Revision
from factcheck.services import articles, history, triage
from tests.builders import a_report, an_article, the_editor

FIRST = "First paragraph.\n\nPrime Minister Georgia Maloney spoke in Rome.\n\nLast paragraph."
SECOND = "First paragraph.\n\nPrime Minister Georgia Maloney spoke in Milan.\n\nLast paragraph."


@pytest.fixture
def editor(session):
    return the_editor(session)


@pytest.fixture
def story(session):
    """An article with two revisions: the city changed from Rome to Milan."""
    an_article(session, "story", body=FIRST)
    an_article(session, "story", body=SECOND)
    return articles.get_article(session, "story")


def fix(session, editor, slug="story", note="We misspelled the Prime Minister's name."):
    article = articles.get_article(session, slug)
    report = a_report(session, slug, reporter=f"reader-{article.current_revision}")
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=article.current_revision,
        summary="Correct the name",
        note=note,
        editor=editor,
    )


def numbers(session, article) -> list[int]:
    return [revision.number for revision in articles.list_revisions(session, article)]


def test_reverting_publishes_a_new_revision_with_the_earlier_text(session, editor, story):
    first_text = articles.get_revision(session, story, 1).text
    revision = history.revert(
        session=session, slug="story", to=1, summary="Rome was right", editor=editor
    )
    assert revision.number == 3
    assert revision.text == first_text
    assert (revision.summary, revision.author) == ("Rome was right", editor.email)
    session.refresh(story)
    assert story.current_revision == 3
    assert "in Milan" in articles.get_revision(session, story, 2).text  # history kept as it was


def test_a_revert_is_in_the_audit_log_with_the_revisions_before_and_after(session, editor, story):
    history.revert(session=session, slug="story", to=1, summary="Rome was right", editor=editor)
    [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "revert")).all()
    assert entry.editor_id == editor.id
    assert entry.target == f"article:{story.id}"
    assert json.loads(entry.before) == {"revision": 2}
    assert json.loads(entry.after) == {"revision": 3, "to": 1}


@pytest.mark.parametrize("to", [2, 3], ids=["the current revision", "a later copy of it"])
def test_reverting_to_text_that_reads_like_the_current_one_is_refused(session, editor, story, to):
    if to == 3:  # revision 3 restores revision 1; reverting to 1 again changes nothing
        history.revert(session=session, slug="story", to=1, summary="Rome", editor=editor)
        to = 1
    before = numbers(session, story)
    with pytest.raises(Invalid) as refused:
        history.revert(session=session, slug="story", to=to, summary="Again", editor=editor)
    assert set(refused.value.fields) == {"to"}
    session.rollback()
    assert numbers(session, story) == before


def test_reverting_to_an_unknown_revision_or_article_is_not_found(session, editor, story):
    with pytest.raises(NotFound):
        history.revert(session=session, slug="story", to=9, summary="Nope", editor=editor)
    session.rollback()
    with pytest.raises(NotFound):
        history.revert(session=session, slug="no-such-story", to=1, summary="x", editor=editor)
    session.rollback()
    assert numbers(session, story) == [2, 1]


@pytest.mark.parametrize("summary", ["", "   \n "], ids=["empty", "white space"])
def test_a_revert_needs_an_edit_summary(session, editor, story, summary):
    with pytest.raises(Invalid) as refused:
        history.revert(session=session, slug="story", to=1, summary=summary, editor=editor)
    assert set(refused.value.fields) == {"summary"}
    session.rollback()
    assert numbers(session, story) == [2, 1]


def test_the_history_lists_revisions_newest_first_with_what_changed(session, story):
    rows = history.history(session, story).items
    assert [row.revision.number for row in rows] == [2, 1]
    newest, first = rows
    assert (newest.added, newest.removed) == (len("Milan"), len("Rome"))
    assert first.added == len(articles.get_revision(session, story, 1).text.replace("\n", ""))
    assert first.removed == 0
    assert newest.fixed == [] and first.fixed == []


def test_the_history_shows_the_groups_each_revision_fixed(session, editor, story):
    revision = fix(session, editor)
    rows = history.history(session, story).items
    assert [row.revision.number for row in rows] == [3, 2, 1]
    assert [group.quote for group in rows[0].fixed] == ["Georgia Maloney"]
    assert rows[0].fixed[0].fixed_revision == revision.number
    assert rows[1].fixed == [] and rows[2].fixed == []


@pytest.mark.parametrize(
    ("start", "end", "pair"),
    [
        (None, None, (1, 2)),  # the latest change
        ("", "", (1, 2)),
        ("1", "cur", (1, 2)),
        ("2", "current", (2, 2)),
        (None, "1", (1, 1)),  # there is nothing before revision 1
        ("2", "1", (2, 1)),  # backwards is allowed: it is the reader's question
    ],
)
def test_a_diff_compares_the_revisions_asked_for_defaulting_to_the_latest_change(
    session, story, start, end, pair
):
    old, new = history.revision_pair(session, story, start, end)
    assert (old.number, new.number) == pair


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("abc", None, "from"), (None, "-1", "to"), ("1" * 11, None, "from"), ("²", "2", "from")],
)
def test_a_diff_with_a_bad_revision_number_names_the_parameter(session, story, start, end, field):
    with pytest.raises(Invalid) as refused:
        history.revision_pair(session, story, start, end)
    assert set(refused.value.fields) == {field}


def test_a_diff_with_an_unknown_revision_is_not_found(session, story):
    with pytest.raises(NotFound):
        history.revision_pair(session, story, "1", "7")


def test_correction_notes_are_the_revisions_with_a_note_oldest_first(session, editor, story):
    assert history.notes(session, story) == []
    fix(session, editor, note="We misspelled the name.")
    history.revert(session=session, slug="story", to=2, summary="Undo", editor=editor)
    fix(session, editor, note="We misspelled the name again.")
    notes = history.notes(session, story)
    assert [(r.number, r.note) for r in notes] == [
        (3, "We misspelled the name."),
        (5, "We misspelled the name again."),
    ]


def test_the_corrections_page_lists_every_article_newest_first_in_pages(
    session, editor, monkeypatch
):
    monkeypatch.setattr(history, "CORRECTIONS_PER_PAGE", 2)
    for slug in ("one", "two", "three"):
        an_article(session, slug)
        fix(session, editor, slug=slug, note=f"Corrected {slug}.")
    an_article(session, "untouched")

    first = history.corrections(session)
    assert (first.page, first.pages) == (1, 2)
    assert [(r.note, a.slug) for r, a in first.items] == [
        ("Corrected three.", "three"),
        ("Corrected two.", "two"),
    ]
    last = history.corrections(session, page=2)
    assert [a.slug for _r, a in last.items] == ["one"]
    assert history.corrections(session, page=99).page == 2  # clamped to the last page
    assert history.corrections(session, page=-3).page == 1
    assert all(isinstance(r, Revision) and r.note for r, _a in first.items + last.items)


def test_an_archive_without_corrections_has_one_empty_page(session, story):
    page = history.corrections(session)
    assert (page.items, page.page, page.pages) == ([], 1, 1)


def test_corrections_count_and_page_read_the_noted_revisions_index(session):
    """/corrections must not read every revision's text to count the corrections: both of
    its statements walk ix_revision_noted (SQLite's plan; PostgreSQL's planner may choose
    otherwise on a small table, so its plan is not asserted)."""
    from sqlalchemy import event

    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN")
    sent: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        history.corrections(session, 1)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    reads = [(s, p) for s, p in sent if "FROM revision" in s]
    assert len(reads) == 2, sent  # the count and the page
    for statement, parameters in reads:
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
        words = " ".join(str(row[-1]) for row in plan)
        assert "ix_revision_noted" in words, (statement, words)
        assert "TEMP B-TREE" not in words, (statement, words)
