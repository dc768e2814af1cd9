"""Grouping on intake and re-anchoring when an article changes, with a real database."""

import json
from pathlib import Path

import pytest
from sqlmodel import select

from factcheck.domain.reports import ReportDraft
from factcheck.models import Group, Report
from factcheck.services import reports, seeding
from factcheck.services.grouping import candidate_list, elsewhere
from tests.builders import DEMO_SLUG, an_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# 25 readers report the demo error, each in their own way.
DEMO_VARIANTS = [
    ("Maloney", "Meloni", "name", ""),
    ("Georgia Maloney", "Giorgia Meloni", "name", ""),
    ("Georgia Maloney's", "Giorgia Meloni's", "name", ""),
    ("Maloney's", "Meloni's", "typo", ""),
    ("Prime Minister Georgia Maloney", "Prime Minister Giorgia Meloni", "name", ""),
    ("Prime Minister Georgia Maloney's", "Prime Minister Giorgia Meloni's", "name", ""),
    ("Georgia Maloney", "giorgia meloni", "name", ""),
    ("Georgia Maloney", "Giorgia  Meloni", "typo", ""),
    ("Georgia Maloney", "Giorgia Melloni", "name", ""),
    ("Georgia", "Giorgia", "typo", ""),
    ("Maloney", "Meloni", "typo", "Her name is Meloni"),
    ("Georgia Maloney", "Giorgia Meloni", "name", "The Italian PM is Giorgia Meloni"),
    ("Georgia Maloney", "Georgia Maloney", "name", "Wrong name: it is Giorgia Meloni"),
    ("Maloney", "MELONI", "name", ""),
    ("Maloney", "Meloni ", "name", ""),
    ("Georgia Maloney", "Giorgia Meloni", "other", ""),
    ("Minister Georgia Maloney", "Minister Giorgia Meloni", "name", ""),
    ("Georgia Maloney's Brothers", "Giorgia Meloni's Brothers", "name", ""),
    ("Maloney", "Meloni", "name", "typo in surname"),
    ("Georgia Maloney", "Giorgia Meloni", "name", "see https://www.governo.it"),
    ("Georgia", "Giorgia", "name", ""),
    ("Maloney", "Melonі", "name", ""),  # a Cyrillic і, as pasted from elsewhere
    ("Georgia Maloney", "Giorgia Meloni", "typo", ""),
    ("Maloney's Brothers", "Meloni's Brothers", "name", ""),
    ("Georgia Maloney", "Giorgia Meloni.", "name", ""),
]


def send(client, quote, suggestion, kind="name", comment="", reader="0", revision=1):
    return client.post(
        f"/api/v1/articles/{DEMO_SLUG}/reports",
        json={
            "revision": revision,
            "quote": quote,
            "suggestion": suggestion,
            "kind": kind,
            "comment": comment,
        },
        environ_base={"REMOTE_ADDR": f"198.51.100.{reader}"},
    )


@pytest.fixture
def demo(session):
    seeding.seed_directory(session=session, directory=SEEDS)


def groups(session):
    return session.exec(select(Group).order_by(Group.id)).all()


def test_25_readers_reporting_the_demo_error_25_ways_make_one_group(client, session, demo):
    for number, (quote, suggestion, kind, comment) in enumerate(DEMO_VARIANTS):
        response = send(client, quote, suggestion, kind, comment, reader=str(number))
        assert response.status_code == 201, (quote, response.get_json())
    found = groups(session)
    assert len(found) == 1
    group = found[0]
    # The name checker found it first when the demo was seeded; 25 readers then joined.
    assert group.found_by_checker
    assert group.report_count == 26
    assert group.reporter_count == 26
    assert "Georgia Maloney" in group.quote
    texts = [c["text"] for c in candidate_list(group)[:2]]
    assert any("Giorgia Meloni" in text and "Georgia" not in text for text in texts), texts


def test_another_error_nearby_starts_its_own_group(client, session, demo):
    send(client, "Georgia Maloney", "Giorgia Meloni", reader="1")
    send(client, "Maloney", "Meloni", reader="2")
    other = send(client, "February 2022", "24 February 2022", "fact", reader="3")
    assert other.status_code == 201
    next_paragraph = send(client, "Lower House", "Chamber of Deputies", "fact", reader="4")
    assert next_paragraph.status_code == 201
    found = groups(session)
    assert len(found) == 3
    assert [g.report_count for g in found] == [3, 1, 1]  # the checker's report + 2 readers


def test_each_report_records_why_it_joined(client, session, demo):
    send(client, "Georgia Maloney", "Giorgia Meloni", reader="1")
    send(client, "Maloney", "Meloni", reader="2")
    joined = session.exec(select(Report).order_by(Report.id)).all()[1]
    assert "overlaps" in joined.join_reason
    assert joined.group_id == groups(session)[0].id


def test_the_same_reader_twice_counts_as_one_reporter(client, session, demo):
    send(client, "Georgia Maloney", "Giorgia Meloni", reader="1")
    send(client, "Maloney", "Meloni", reader="1")
    group = groups(session)[0]
    assert (group.report_count, group.reporter_count) == (3, 2)  # the checker is one reporter


def test_a_dissimilar_fix_on_the_same_words_is_a_possible_duplicate(session):
    an_article(session, "story")
    draft = ReportDraft(
        slug="story", revision=1, quote="Georgia Maloney", suggestion="Giorgia Meloni", kind="name"
    )
    reports.submit_report(session=session, draft=draft, reporter="a")
    odd = ReportDraft(
        slug="story", revision=1, quote="Georgia Maloney", suggestion="Mario Draghi", kind="name"
    )
    report = reports.submit_report(session=session, draft=odd, reporter="b").report
    found = groups(session)
    if len(found) == 1:
        assert report.possible_duplicate
        assert "possible" in report.join_reason or report.join_reason
    else:
        assert len(found) == 2  # too different even to ask an editor


def submit(session, slug, quote, suggestion, reporter, revision=1, comment=""):
    draft = ReportDraft(
        slug=slug,
        revision=revision,
        quote=quote,
        suggestion=suggestion,
        kind="name",
        comment=comment,
    )
    return reports.submit_report(session=session, draft=draft, reporter=reporter).report


BODY = "First paragraph.\n\nPrime Minister Georgia Maloney spoke.\n\nLast paragraph."


def test_an_edit_before_the_span_moves_the_group_with_the_text(session):
    an_article(session, "story", body=BODY)
    submit(session, "story", "Georgia Maloney", "Giorgia Meloni", "a")
    an_article(session, "story", body="A new lead.\n\n" + BODY)
    group = groups(session)[0]
    session.refresh(group)
    assert group.status == "open"
    assert group.revision == 2
    assert group.quote == "Georgia Maloney"
    text = an_article(session, "story", body="A new lead.\n\n" + BODY).revision.text
    assert text[group.start : group.end] == "Georgia Maloney"
    assert candidate_list(group)[0]["text"] == "Giorgia Meloni"


def test_a_new_revision_with_the_top_candidate_fixes_the_group(session):
    an_article(session, "story", body=BODY)
    submit(session, "story", "Georgia Maloney", "Giorgia Meloni", "a")
    an_article(session, "story", body=BODY.replace("Georgia Maloney", "Giorgia Meloni"))
    group = groups(session)[0]
    session.refresh(group)
    assert (group.status, group.fixed_revision) == ("fixed", 2)


def test_a_group_whose_text_is_gone_becomes_outdated(session):
    an_article(session, "story", body=BODY)
    submit(session, "story", "Georgia Maloney", "Giorgia Meloni", "a")
    an_article(session, "story", body="First paragraph.\n\nThe minister did not speak.")
    group = groups(session)[0]
    session.refresh(group)
    assert group.status == "outdated"


def test_a_late_report_on_fixed_text_attaches_without_reopening(session):
    an_article(session, "story", body=BODY)
    submit(session, "story", "Georgia Maloney", "Giorgia Meloni", "a")
    an_article(session, "story", body=BODY.replace("Georgia Maloney", "Giorgia Meloni"))
    late = submit(session, "story", "Maloney", "Meloni", "b", revision=1)
    group = groups(session)[0]
    session.refresh(group)
    assert late.group_id == group.id
    assert group.status == "fixed"
    assert group.report_count == 2
    assert "already fixed" in late.join_reason
    assert reports.status_of(session, late).state == "fixed"


def test_a_report_quoting_fixed_text_that_came_back_reopens_the_group(session):
    an_article(session, "story", body=BODY)
    submit(session, "story", "Georgia Maloney", "Giorgia Meloni", "a")
    an_article(session, "story", body=BODY.replace("Georgia Maloney", "Giorgia Meloni"))
    an_article(session, "story", body=BODY)  # a CMS push restores the old text
    submit(session, "story", "Georgia Maloney", "Giorgia Meloni", "c", revision=3)
    found = groups(session)
    assert len(found) == 1
    session.refresh(found[0])
    assert found[0].status == "open"
    assert found[0].report_count == 2


def test_the_same_wrong_text_in_two_places_is_two_groups_that_know_of_each_other(session):
    body = "Georgia Maloney spoke first.\n\nLater, Georgia Maloney spoke again."
    result = an_article(session, "story", body=body)
    text = result.revision.text
    first = text.index("Georgia Maloney")
    second = text.index("Georgia Maloney", first + 1)
    for start, who in ((first, "a"), (second, "b")):
        draft = ReportDraft(
            slug="story",
            revision=1,
            quote="Georgia Maloney",
            suggestion="Giorgia Meloni",
            kind="name",
            start=start,
            end=start + 15,
            prefix=text[max(0, start - 32) : start],
            suffix=text[start + 15 : start + 47],
        )
        reports.submit_report(session=session, draft=draft, reporter=who)
    found = groups(session)
    assert len(found) == 2
    assert elsewhere(text, found[0]) == [found[1].start]


def test_candidates_are_stored_best_first_with_counts(session):
    an_article(session, "story", body=BODY)
    for who, suggestion in enumerate(["Giorgia Meloni", "Giorgia Meloni", "Giorgia Melloni"]):
        submit(session, "story", "Georgia Maloney", suggestion, str(who))
    group = groups(session)[0]
    stored = json.loads(group.candidates)
    assert stored[0]["text"] == "Giorgia Meloni"
    assert sum(c["count"] for c in stored if not c["merged"]) == 3
