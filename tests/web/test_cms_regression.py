"""A CMS push cannot silently undo a correction: a stale base revision is a 409, and a
copy from before a fix reopens the fix's group as undone, at the top of the queue, with the
editors told and the article no longer claiming the correction (issue 19, item 8)."""

import json
import re

import pytest
from sqlmodel import select

from factcheck.models import Group, OutboxMessage, Revision
from factcheck.services import history, triage
from tests.builders import DEMO_SENTENCE, a_report, a_token, an_article, the_editor

BODY = "First paragraph.\n\n" + DEMO_SENTENCE + "\n\nLast paragraph."
NOTE = "An earlier version of this article misspelled the name of Giorgia Meloni."


@pytest.fixture
def auth(session):
    return {"Authorization": f"Bearer {a_token(session)}"}


@pytest.fixture
def fixed_group(session):
    an_article(session, "story", body=BODY)
    report = a_report(session, "story")
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=1,
        summary="Corrected name",
        note=NOTE,
        editor=the_editor(session),
    )
    return report.group_id


def push(client, auth, body=BODY, **extra):
    return client.put(
        "/api/v1/articles/story",
        json={"title": "A test headline", "body": body, **extra},
        headers=auth,
    )


def test_a_push_based_on_an_old_revision_is_a_409_and_writes_nothing(
    client, session, auth, fixed_group
):
    answer = push(client, auth, body=BODY + "\n\nA new paragraph.", base_revision=1)
    assert answer.status_code == 409
    error = answer.get_json()["error"]
    assert (error["current_revision"], error["base_revision"]) == (2, 1)
    session.rollback()
    assert len(session.exec(select(Revision)).all()) == 2


def test_a_push_based_on_the_current_revision_lands(client, session, auth, fixed_group):
    fixed_text = BODY.replace("Georgia Maloney", "Giorgia Meloni")
    answer = push(client, auth, body=fixed_text + "\n\nA new paragraph.", base_revision=2)
    assert answer.status_code == 200
    assert answer.get_json()["status"] == "revised"
    session.rollback()
    assert session.get(Group, fixed_group).status == "fixed"


def test_a_copy_from_before_the_fix_reopens_the_group_as_undone(client, session, auth, fixed_group):
    an_article(session, "other", body="Another story.\n\nIt mentions nothing wrong.")
    fact = a_report(session, "other", quote="nothing wrong", suggestion="something", kind="fact")
    the_editor(session, "second@example.com")

    answer = push(client, auth)  # the CMS still had the misspelled text
    assert answer.status_code == 200, answer.get_json()
    session.rollback()

    group = session.get(Group, fixed_group)
    assert (group.status, group.regressed_revision, group.revision) == ("open", 3, 3)
    assert json.loads(group.candidates)[0]["text"] == "Giorgia Meloni"
    assert "Undone by a CMS update" in (group.reason or "")
    queue = triage.list_groups(session, triage.QueueFilter())
    assert [g.id for g, _ in queue.groups][:2] == [fixed_group, fact.group_id]
    told = session.exec(select(OutboxMessage).where(OutboxMessage.event == "group.regressed")).all()
    assert sorted(json.loads(m.payload)["to"] for m in told) == [
        "editor@example.com",
        "second@example.com",
    ]

    page = client.get("/articles/story").get_data(as_text=True)
    assert NOTE in page and "brought the error back" in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert ld is not None and "CorrectionComment" not in ld.group(1)


def test_publishing_the_fix_again_clears_the_undone_mark(client, session, auth, fixed_group):
    push(client, auth)
    session.rollback()
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(fixed_group, "Giorgia Meloni")],
        base_revision=3,
        summary="Corrected name again",
        note=None,
        editor=the_editor(session),
    )
    group = session.get(Group, fixed_group)
    assert (group.status, group.regressed_revision, group.fixed_revision) == ("fixed", None, 4)
    assert history.undone_notes(session, group_article(session, group)) == set()


def group_article(session, group):
    from factcheck.models import Article

    return session.get(Article, group.article_id)


def test_an_editors_revert_to_the_old_text_is_not_taken_for_a_cms_undoing_it(session, fixed_group):
    history.revert(
        session=session, slug="story", to=1, summary="Back out", editor=the_editor(session)
    )
    group = session.get(Group, fixed_group)
    assert group.regressed_revision is None


def test_a_push_that_keeps_the_fix_reopens_nothing(client, session, auth, fixed_group):
    fixed_text = BODY.replace("Georgia Maloney", "Giorgia Meloni")
    answer = push(client, auth, body=fixed_text + "\n\nMore news.")
    assert answer.status_code == 200
    session.rollback()
    assert session.get(Group, fixed_group).status == "fixed"
