"""The stylebook, the name and date checkers, and repeating a fix across the archive."""

from pathlib import Path

import pytest
from sqlmodel import select

from factcheck.domain.errors import Invalid
from factcheck.models import Group, Report, Revision, StyleName
from factcheck.services import checker, propagation, seeding, stylebook, triage
from tests.builders import DEMO_SLUG, a_report, an_article, the_editor

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def checker_reports(session):
    return session.exec(select(Report).where(Report.source == "checker")).all()


def test_seeding_the_demo_puts_its_error_in_the_queue_as_found_by_the_checker(session):
    seeding.seed_directory(session=session, directory=SEEDS)
    found = checker_reports(session)
    assert [(r.quote, r.suggestion, r.kind) for r in found] == [
        ("Georgia Maloney", "Giorgia Meloni", "name")
    ]
    group = session.get(Group, found[0].group_id)
    assert group.found_by_checker and group.status == "open"
    queue = triage.list_groups(session, triage.QueueFilter(article=DEMO_SLUG))
    assert [g.id for g, _ in queue.groups] == [group.id]


def test_checking_again_files_nothing_new(session):
    seeding.seed_directory(session=session, directory=SEEDS)
    (summary,) = checker.check_articles(session=session, slugs=[DEMO_SLUG])
    assert (summary.findings, summary.new_reports) == (1, 0)
    assert len(checker_reports(session)) == 1


def test_a_weekday_that_contradicts_its_date_is_a_fact_report(session):
    an_article(session, "dated", body="Thursday, 10 January 2024\n\nThe summit opened.")
    (report,) = checker_reports(session)
    assert (report.quote, report.suggestion, report.kind) == ("Thursday", "Wednesday", "fact")


def test_a_reader_report_of_a_checker_finding_joins_its_group(session):
    seeding.seed_directory(session=session, directory=SEEDS)
    reader = a_report(session, DEMO_SLUG, "Maloney", "Meloni", reporter="reader-1")
    (machine,) = checker_reports(session)
    assert reader.group_id == machine.group_id


def test_a_name_added_to_the_stylebook_is_checked_from_then_on(session):
    an_article(session, "story", body="Minister Adolfo Urso spoke. Adolfo Urzo agreed.")
    assert checker_reports(session) == []
    stylebook.save_name(session=session, draft=stylebook.NameDraft("Adolfo Urso"), editor=None)
    checker.check_articles(session=session, slugs=["story"])
    assert [(r.quote, r.suggestion) for r in checker_reports(session)] == [
        ("Adolfo Urzo", "Adolfo Urso")
    ]


def test_csv_import_merges_and_a_bad_file_changes_nothing(session):
    first = stylebook.import_csv(
        session=session,
        text="canonical,variants,kind,note\nGiorgia Meloni,,person,PM\nKyiv,Kiev,place,\n",
        editor=None,
    )
    assert (first.added, first.updated) == (2, 0)
    again = stylebook.import_csv(
        session=session,
        text="canonical,variants,kind,note\nGiorgia Meloni,,person,Prime Minister\n",
        editor=None,
    )
    assert (again.added, again.updated, again.unchanged) == (0, 1, 0)
    with pytest.raises(Invalid):
        stylebook.import_csv(
            session=session,
            text="canonical,variants,kind,note\nOK Name,,person,\nBad Name,,planet,\n",
            editor=None,
        )
    session.rollback()
    assert len(session.exec(select(StyleName)).all()) == 2
    exported = stylebook.export_csv(session)
    assert "Kyiv,Kiev,place" in exported


def test_names_are_validated(session):
    for bad in ("", "x" * 201, "A|B"):
        with pytest.raises(Invalid):
            stylebook.save_name(session=session, draft=stylebook.NameDraft(bad), editor=None)
    with pytest.raises(Invalid):
        stylebook.save_name(
            session=session, draft=stylebook.NameDraft("Rome", kind="city"), editor=None
        )


def test_a_fix_is_offered_and_repeated_in_other_articles(session):
    editor = the_editor(session)
    an_article(session, "first", body="Prime Minister Georgia Maloney spoke in Rome.")
    an_article(session, "second", body="Later, Georgia Maloney flew to Brussels.")
    an_article(session, "third", body="Nothing about her here.")
    report = a_report(session, "first", reporter="r")
    group = session.get(Group, report.group_id)
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id, "Giorgia Meloni")],
        base_revision=1,
        summary="Name",
        note="An earlier version misspelled the name of Giorgia Meloni.",
        editor=editor,
    )
    session.refresh(group)
    places = propagation.places_elsewhere(session, group)
    assert [(p.article.slug, p.text) for p in places] == [("second", "Georgia Maloney")]
    place = places[0]
    (revision,) = propagation.propagate(
        session=session,
        group=group,
        chosen=[(place.article.id, place.revision, place.start, place.end)],
        replacement=group.fix_text,
        note="An earlier version misspelled the name of Giorgia Meloni.",
        editor=editor,
    )
    assert "Later, Giorgia Meloni flew" in revision.text
    assert revision.note.startswith("An earlier version")
    linked = session.exec(select(Group).where(Group.article_id == place.article.id)).all()
    assert any(g.reason == f"Same error as group #{group.id}" for g in linked)
    assert propagation.places_elsewhere(session, group) == []


def test_a_stale_place_is_refused(session):
    editor = the_editor(session)
    an_article(session, "first", body="Prime Minister Georgia Maloney spoke.")
    an_article(session, "second", body="Later, Georgia Maloney flew.")
    group = session.get(Group, a_report(session, "first", reporter="r").group_id)
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id, "Giorgia Meloni")],
        base_revision=1,
        summary="Name",
        note=None,
        editor=editor,
    )
    session.refresh(group)
    place = propagation.places_elsewhere(session, group)[0]
    an_article(session, "second", body="Rewritten. Later, Georgia Maloney flew.")
    with pytest.raises(Invalid):
        propagation.propagate(
            session=session,
            group=group,
            chosen=[(place.article.id, place.revision, place.start, place.end)],
            replacement="Giorgia Meloni",
            note=None,
            editor=editor,
        )
    session.rollback()
    assert (
        len(session.exec(select(Revision).where(Revision.article_id == place.article.id)).all())
        == 2
    )
