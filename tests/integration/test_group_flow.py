"""The apply flow's use cases: the next group, undo, the note rule, kind and priority."""

from datetime import timedelta

import pytest
from sqlmodel import select

from factcheck.domain.errors import Conflict, Invalid
from factcheck.models import AuditEntry, Group, Revision
from factcheck.services import articles, triage
from tests.builders import a_report, an_article, the_editor

BODY = (
    "Prime Minister Georgia Maloney met the press.\n\n"
    "The meeting was in Rome on Monday.\n\n"
    "Later, the minister left for Brussels."
)
WINDOW = timedelta(minutes=10)


@pytest.fixture
def editor(session):
    return the_editor(session)


@pytest.fixture
def group(session):
    an_article(session, "story", body=BODY)
    report = a_report(session, "story", reporter="a")
    a_report(session, "story", reporter="b")
    return session.get(Group, report.group_id)


def apply(session, editor, group, text="Giorgia Meloni", note="Misspelled name.", **kw):
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(group.id, text)],
        base_revision=kw.pop("base", 1),
        summary="Corrected name",
        note=note,
        editor=editor,
        **kw,
    )


def test_the_next_group_is_the_highest_impact_open_group_other_than_this_one(session, group):
    monday = a_report(session, "story", "Monday", "Tuesday", reporter="c", kind="typo")
    assert triage.next_group(session, group.id).id == monday.group_id
    assert triage.next_group(session, monday.group_id).id == group.id
    assert triage.next_group(session).id == group.id  # two readers rank first


def test_no_next_group_once_the_queue_is_empty(session, editor, group):
    apply(session, editor, group)
    assert triage.next_group(session, group.id) is None


def test_undo_publishes_the_earlier_text_as_a_new_revision_and_reopens(session, editor, group):
    apply(session, editor, group)
    undone = triage.undo_fix(session=session, group_id=group.id, editor=editor, window=WINDOW)
    assert undone.revision.number == 3
    assert "Georgia Maloney" in undone.revision.text
    assert len(session.exec(select(Revision)).all()) == 3  # nothing deleted
    session.refresh(group)
    assert (group.status, group.fixed_revision, group.revision) == ("open", None, 3)
    actions = [e.action for e in session.exec(select(AuditEntry))]
    assert "undo_fix" in actions and "undo" in actions
    # And it can be fixed again.
    assert apply(session, editor, group, base=3).number == 4


def test_undo_twice_is_refused(session, editor, group):
    apply(session, editor, group)
    triage.undo_fix(session=session, group_id=group.id, editor=editor, window=WINDOW)
    with pytest.raises(Conflict, match="no fix to undo"):
        triage.undo_fix(session=session, group_id=group.id, editor=editor, window=WINDOW)


def test_undo_after_a_later_revision_is_refused_and_changes_nothing(session, editor, group):
    apply(session, editor, group)
    an_article(session, "story", body=BODY.replace("Georgia Maloney", "Giorgia Meloni") + " More.")
    with pytest.raises(Conflict, match="changed since"):
        triage.undo_fix(session=session, group_id=group.id, editor=editor, window=WINDOW)
    article = articles.get_article(session, "story")
    assert article.current_revision == 3


def test_undo_after_the_window_is_refused(session, editor, group):
    apply(session, editor, group)
    with pytest.raises(Conflict, match="0 minutes"):
        triage.undo_fix(session=session, group_id=group.id, editor=editor, window=timedelta(0))
    session.refresh(group)
    assert group.status == "fixed"


def test_undo_of_a_reject_reopens_the_group(session, editor, group):
    triage.reject(session=session, group_id=group.id, reason="style", detail="", editor=editor)
    undone = triage.undo_fix(session=session, group_id=group.id, editor=editor, window=WINDOW)
    assert undone.revision is None
    session.refresh(group)
    assert (group.status, group.reason) == ("open", None)


def test_a_fact_fix_without_a_note_is_refused_on_the_note(session, editor):
    an_article(session, "story", body=BODY)
    report = a_report(session, "story", "Monday", "Tuesday", reporter="a", kind="fact")
    fact = session.get(Group, report.group_id)
    for note in (None, "", "   "):
        with pytest.raises(Invalid) as error:
            apply(session, editor, fact, text="Tuesday", note=note)
        assert "note" in error.value.fields
    assert articles.get_article(session, "story").current_revision == 1


def test_a_name_fix_without_a_note_needs_the_editors_say_so(session, editor, group):
    with pytest.raises(Invalid) as error:
        apply(session, editor, group, note=None, without_note=False)
    assert "Publish without a note" in error.value.fields["note"]
    assert apply(session, editor, group, note=None, without_note=True).number == 2


def test_a_typo_fix_needs_no_note(session, editor):
    an_article(session, "story", body=BODY)
    report = a_report(session, "story", "Monday", "Tuesday", reporter="a", kind="typo")
    typo = session.get(Group, report.group_id)
    assert apply(session, editor, typo, text="Tuesday", note=None, without_note=False).number == 2


def test_kind_and_priority_are_audited_and_rerank_the_group(session, editor, group):
    before = group.impact
    triage.set_priority(session=session, group_id=group.id, priority=2, editor=editor)
    session.refresh(group)
    assert group.priority == 2 and group.impact > before
    triage.set_kind(session=session, group_id=group.id, kind="fact", editor=editor)
    session.refresh(group)
    assert group.kind == "fact"
    actions = [e.action for e in session.exec(select(AuditEntry))]
    assert actions[-2:] == ["set_priority", "set_kind"]


@pytest.mark.parametrize("priority", [99, -5, 3])
def test_an_unknown_priority_is_refused(session, editor, group, priority):
    with pytest.raises(Invalid):
        triage.set_priority(session=session, group_id=group.id, priority=priority, editor=editor)


@pytest.mark.parametrize("kind", ["", "FACT", "<script>", "факт", "x" * 500])
def test_an_unknown_kind_is_refused(session, editor, group, kind):
    with pytest.raises(Invalid):
        triage.set_kind(session=session, group_id=group.id, kind=kind, editor=editor)


def test_the_api_refuses_a_fact_fix_without_a_note(client, session):
    from tests.builders import a_token

    an_article(session, "story", body=BODY)
    report = a_report(session, "story", "Monday", "Tuesday", reporter="a", kind="fact")
    headers = {"Authorization": f"Bearer {a_token(session)}"}
    body = {"text": "Tuesday", "base_revision": 1, "summary": "Fix"}
    refused = client.post(f"/api/v1/groups/{report.group_id}/apply", json=body, headers=headers)
    assert refused.status_code == 422
    assert "note" in refused.get_json()["error"]["fields"]
    body["note"] = "An earlier version said Monday."
    applied = client.post(f"/api/v1/groups/{report.group_id}/apply", json=body, headers=headers)
    assert applied.status_code == 201
