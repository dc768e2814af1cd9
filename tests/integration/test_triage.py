"""Editors' actions through the service layer, with their invariants."""

from datetime import timedelta

import pytest
from sqlmodel import select

from factcheck.domain.errors import Conflict, Invalid
from factcheck.models import AuditEntry, Group, Revision, utcnow
from factcheck.services import articles, reports, triage
from factcheck.services.grouping import candidate_list
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
    report = a_report(session, "story", reporter="a", email="a@example.com")
    a_report(session, "story", "Maloney", "Meloni", reporter="b")
    return session.get(Group, report.group_id)


def apply(session, editor, group, text="Giorgia Meloni", base=1, **kwargs):
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id, text, kwargs.pop("elsewhere", ()))],
        base_revision=base,
        summary=kwargs.pop("summary", "Corrected name"),
        note=kwargs.pop("note", "An earlier version misspelled the name of Giorgia Meloni."),
        editor=editor,
    )


def test_applying_a_fix_publishes_one_revision_and_fixes_the_group(session, editor, group):
    revision = apply(session, editor, group)
    assert revision.number == 2
    assert "Prime Minister Giorgia Meloni met" in revision.text
    assert "Later, Georgia Maloney left" in revision.text  # the other place was not chosen
    assert revision.note.startswith("An earlier version")
    assert revision.author == editor.email
    session.refresh(group)
    assert (group.status, group.fixed_revision) == ("fixed", 2)
    report = reports.get_by_token(
        session,
        session.exec(select(Group)).first() and triage.group_reports(session, group)[0].token,
    )
    assert reports.status_of(session, report).message.startswith("Fixed in revision 2")


def test_the_same_text_elsewhere_can_be_fixed_in_the_same_revision(session, editor, group):
    text = articles.get_current_revision(session, articles.get_article(session, "story")).text
    other = text.index("Georgia Maloney", group.end)
    revision = apply(session, editor, group, elsewhere=(other,))
    assert "Georgia Maloney" not in revision.text
    assert len(session.exec(select(Revision)).all()) == 2


def test_every_action_is_audited_with_before_and_after(session, editor, group):
    apply(session, editor, group)
    entries = session.exec(select(AuditEntry)).all()
    actions = {e.action for e in entries}
    assert {"apply", "revise"} <= actions
    applied = next(e for e in entries if e.action == "apply")
    assert '"open"' in applied.before and '"fixed"' in applied.after
    assert applied.editor_id == editor.id


def test_an_empty_summary_is_refused(session, editor, group):
    with pytest.raises(Invalid) as raised:
        apply(session, editor, group, summary="  ")
    assert "summary" in raised.value.fields
    assert len(session.exec(select(Revision)).all()) == 1


def test_a_correction_equal_to_the_text_is_refused(session, editor, group):
    with pytest.raises(Invalid):
        apply(session, editor, group, text=group.quote)


def test_a_stale_base_still_applies_when_the_span_is_unchanged(session, editor, group):
    an_article(session, "story", body="A new lead paragraph.\n\n" + BODY)
    session.refresh(group)
    revision = apply(session, editor, group, base=1)
    assert revision.number == 3
    assert "A new lead paragraph." in revision.text
    assert "Prime Minister Giorgia Meloni met" in revision.text


def test_a_group_whose_text_changed_meanwhile_is_a_conflict(session, editor, group):
    an_article(session, "story", body=BODY.replace("Prime Minister Georgia Maloney met", "She met"))
    session.refresh(group)
    with pytest.raises(Conflict) as raised:
        apply(session, editor, group, base=1)
    assert raised.value.details["current_revision"] == 2
    assert len(session.exec(select(Revision)).all()) == 2


def test_a_fixed_group_cannot_be_applied_twice(session, editor, group):
    apply(session, editor, group)
    session.refresh(group)
    with pytest.raises(Conflict):
        apply(session, editor, group, base=2)


def test_a_batch_fixes_several_groups_in_one_revision(session, editor):
    an_article(session, "story", body=BODY)
    first = a_report(session, "story", reporter="a")
    second = a_report(session, "story", "Monday", "Tuesday", reporter="b", kind="fact")
    revision = triage.apply_fixes(
        session=session,
        fixes=[
            triage.Fix(first.group_id, "Giorgia Meloni"),
            triage.Fix(second.group_id, "Tuesday"),
        ],
        base_revision=1,
        summary="Two fixes",
        note="An earlier version misspelled a name and gave the wrong day.",
        editor=editor,
    )
    assert "Giorgia Meloni met" in revision.text and "on Tuesday" in revision.text
    statuses = {g.status for g in session.exec(select(Group))}
    assert statuses == {"fixed"}


def test_reject_records_the_reason_for_the_reporters(session, editor, group):
    triage.reject(
        session=session, group_id=group.id, reason="style", detail="House style", editor=editor
    )
    session.refresh(group)
    assert group.status == "rejected"
    report = triage.group_reports(session, group)[0]
    status = reports.status_of(session, report)
    assert status.state == "declined"
    assert "House style" in status.reason
    with pytest.raises(Invalid):
        triage.reject(session=session, group_id=group.id, reason="bogus", detail="", editor=editor)


def test_snooze_until_more_reports_returns_the_group_to_the_queue(session, editor, group):
    triage.snooze(session=session, group_id=group.id, more_reports=1, editor=editor)
    session.refresh(group)
    assert group.status == "snoozed"
    queue = triage.list_groups(session, triage.QueueFilter())
    assert queue.total == 0
    a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter="c")
    session.refresh(group)
    assert group.status == "open"


def test_snooze_until_a_date_returns_when_the_date_passes(session, editor, group):
    with pytest.raises(Invalid):
        triage.snooze(
            session=session, group_id=group.id, until=utcnow() - timedelta(days=1), editor=editor
        )
    triage.snooze(
        session=session, group_id=group.id, until=utcnow() + timedelta(days=1), editor=editor
    )
    assert triage.list_groups(session, triage.QueueFilter()).total == 0
    group.snooze_until = utcnow() - timedelta(seconds=1)
    session.add(group)
    session.commit()
    assert triage.list_groups(session, triage.QueueFilter()).total == 1


def test_assign_and_filter_by_assignee(session, editor, group):
    triage.assign(session=session, group_id=group.id, assignee_id=editor.id, editor=editor)
    mine = triage.list_groups(session, triage.QueueFilter(assignee_id=editor.id))
    assert [g.id for g, _ in mine.groups] == [group.id]
    with pytest.raises(Invalid):
        triage.assign(session=session, group_id=group.id, assignee_id=999, editor=editor)


def test_merge_moves_reports_into_the_chosen_primary(session, editor):
    an_article(session, "story", body=BODY)
    first = a_report(session, "story", reporter="a")
    second = a_report(
        session, "story", "Maloney met the", "Meloni met the", reporter="b", comment="x"
    )
    if first.group_id == second.group_id:
        triage.split(
            session=session, group_id=first.group_id, report_ids=[second.id], editor=editor
        )
        session.refresh(second)
    secondary_id = second.group_id
    primary = triage.merge(
        session=session, group_id=secondary_id, into=first.group_id, editor=editor
    )
    assert primary.report_count == 2
    merged = session.get(Group, secondary_id)
    assert (merged.status, merged.merged_into) == ("merged", primary.id)
    assert reports.status_of(session, second).state == "grouped"
    with pytest.raises(Invalid):
        triage.merge(session=session, group_id=primary.id, into=primary.id, editor=editor)


def test_split_moves_chosen_reports_to_a_new_group(session, editor, group):
    members = triage.group_reports(session, group)
    new = triage.split(
        session=session, group_id=group.id, report_ids=[members[1].id], editor=editor
    )
    session.refresh(group)
    assert (group.report_count, new.report_count) == (1, 1)
    assert candidate_list(new)
    with pytest.raises(Invalid):
        triage.split(session=session, group_id=group.id, report_ids=[], editor=editor)


def test_the_queue_puts_facts_first_then_names_then_typos(session, editor):
    an_article(session, "story", body=BODY)
    a_report(session, "story", "Brussels", "Bruxelles", reporter="a", kind="typo")
    a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter="b", kind="name")
    a_report(session, "story", "Monday", "Tuesday", reporter="c", kind="fact")
    queue = triage.list_groups(session, triage.QueueFilter())
    assert [g.kind for g, _ in queue.groups] == ["fact", "name", "typo"]


def test_the_queue_searches_quotes_and_comments(session, editor):
    an_article(session, "story", body=BODY)
    a_report(
        session,
        "story",
        "Monday",
        "Tuesday",
        reporter="c",
        kind="fact",
        comment="The summit was on Tuesday per the agenda",
    )
    a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter="b")
    assert triage.list_groups(session, triage.QueueFilter(query="agenda")).total == 1
    assert triage.list_groups(session, triage.QueueFilter(query="MALONEY")).total == 1
    assert triage.list_groups(session, triage.QueueFilter(query="%")).total == 0


def test_confirming_a_possible_duplicate_counts_its_fix(session, editor, group):
    report = triage.group_reports(session, group)[0]
    report.possible_duplicate = True
    session.add(report)
    session.commit()
    triage.confirm(session=session, group_id=group.id, report_id=report.id, editor=editor)
    session.refresh(report)
    assert not report.possible_duplicate
