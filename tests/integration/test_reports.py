"""Submitting reports through the service: validation, anchoring, deduplication."""

import pytest
from sqlmodel import select

from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.reports import ReportDraft
from factcheck.models import Report
from factcheck.services import reports
from tests.builders import an_article


def draft(**overrides):
    values = {
        "slug": "story",
        "revision": 1,
        "quote": "Georgia Maloney",
        "suggestion": "Giorgia Meloni",
        "kind": "name",
    }
    values.update(overrides)
    return ReportDraft(**values)


def submit(session, reporter="reader-1", **overrides):
    return reports.submit_report(session=session, draft=draft(**overrides), reporter=reporter)


@pytest.fixture
def story(session):
    return an_article(session, "story").revision


def test_a_report_at_its_offsets_is_stored_where_it_was_selected(session, story):
    start = story.text.index("Georgia Maloney")
    result = submit(session, start=start, end=start + 15)
    assert result.created
    report = session.exec(select(Report)).one()
    assert (report.start, report.end, report.revision) == (start, start + 15, 1)
    assert report.prefix == story.text[start - 32 : start]
    assert report.suffix == story.text[start + 15 : start + 47]
    assert len(report.token) >= 32


def test_a_report_without_offsets_is_found_by_its_quote(session, story):
    report = submit(session).report
    assert story.text[report.start : report.end] == "Georgia Maloney"


def test_wrong_offsets_are_only_a_hint(session, story):
    report = submit(session, start=0, end=15).report
    assert story.text[report.start : report.end] == "Georgia Maloney"


def test_a_report_on_an_old_revision_is_mapped_onto_the_current_one(session, story):
    an_article(session, "story", body="A new first paragraph.\n\n" + story.text.split("\n\n", 1)[1])
    report = submit(session, revision=1).report
    assert report.revision == 2
    assert report.seen_revision == 1
    current = an_article(session, "story", body="unused").revision  # revision 3
    assert current.number == 3


def test_the_same_reader_sending_the_same_report_gets_the_first_one_back(session, story):
    first = submit(session)
    again = submit(session)
    assert not again.created
    assert again.report.id == first.report.id
    other = submit(session, reporter="reader-2")
    assert other.created
    assert len(session.exec(select(Report)).all()) == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quote": ""}, "quote"),
        ({"quote": "   "}, "quote"),
        ({"quote": "x" * 301}, "quote"),
        ({"suggestion": "y" * 301}, "suggestion"),
        ({"comment": "z" * 2001}, "comment"),
        ({"kind": "rumour"}, "kind"),
        ({"email": "not an email"}, "email"),
        ({"suggestion": "Georgia Maloney"}, "suggestion"),
        ({"quote": "Words that are not in the article at all"}, "quote"),
        ({"revision": 7}, "revision"),
        ({"comment": "nul\x00byte"}, "comment"),
    ],
)
def test_bad_reports_are_refused_with_a_field_error_and_write_nothing(
    session, story, overrides, field
):
    with pytest.raises(Invalid) as raised:
        submit(session, **overrides)
    assert field in raised.value.fields
    assert session.exec(select(Report)).all() == []


def test_a_comment_alone_is_enough_when_the_text_is_unchanged(session, story):
    result = submit(session, suggestion="Georgia Maloney", comment="She is Giorgia Meloni.")
    assert result.created


def test_a_report_on_an_unknown_article_is_not_found(session):
    with pytest.raises(NotFound):
        submit(session, slug="missing")


def test_an_email_is_kept_normalised_for_the_outcome_mail(session, story):
    report = submit(session, email="  Reader@Example.COM ").report
    assert report.email == "Reader@example.com"


def test_a_status_starts_as_received(session, story):
    report = submit(session).report
    assert reports.status_of(session, report).state in {"received", "grouped"}
    assert reports.get_by_token(session, report.token).id == report.id
    with pytest.raises(NotFound):
        reports.get_by_token(session, report.token + "x")
