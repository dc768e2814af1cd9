"""The group page's apply flow over HTTP: on to the next group with an outcome, Undo, the note
rule on the form, kind and priority, Add to batch, similar groups; and bad input on each."""

import pytest
from sqlmodel import select

from factcheck.models import AuditEntry, Group, Revision
from factcheck.services import articles
from tests.builders import a_report, an_article

BODY = (
    "Prime Minister Georgia Maloney met the press.\n\n"
    "The meeting was in Rome on Monday.\n\n"
    "Later, the minister left for Brussels."
)
HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE errorgroup; --",
    "\u202eevil\u202c",
    "🦄" * 300,
    "ü" * 5000,
]


@pytest.fixture
def groups(session):
    """A name error reported by two readers, and a one-reader fact error below it."""
    an_article(session, "story", body=BODY)
    name = a_report(session, "story", reporter="a")
    a_report(session, "story", reporter="b", comment="Her name is Giorgia.")
    fact = a_report(session, "story", "Monday", "Tuesday", reporter="c", kind="fact")
    return session.get(Group, name.group_id), session.get(Group, fact.group_id)


def publish(client, group, **changes):
    data = {
        "choice": "0",
        "base_revision": "1",
        "summary": "Corrected",
        "note": "An earlier version of this article got it wrong.",
        **changes,
    }
    return client.post(f"/editor/groups/{group.id}/apply", data=data)


def test_publishing_moves_on_to_the_next_group_with_the_outcome(logged_in, groups):
    name, fact = groups
    response = publish(logged_in, name)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/editor/groups/{fact.id}"
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published revision 2" in page
    assert "View diff" in page and "/articles/story/diff?from=1&amp;to=2" in page
    assert f'action="/editor/groups/{name.id}/undo"' in page
    # Shown once: the next page load has no stale Undo.
    again = logged_in.get(f"/editor/groups/{fact.id}").get_data(as_text=True)
    assert "Published revision 2" not in again


def test_the_last_decision_lands_on_the_queue(logged_in, groups):
    name, fact = groups
    publish(logged_in, name)
    response = logged_in.post(
        f"/editor/groups/{fact.id}/reject", data={"reason": "not_error", "detail": "Checked."}
    )
    assert response.headers["Location"] == "/editor/"


def test_undo_from_the_outcome_reopens_the_group_as_a_new_revision(logged_in, session, groups):
    name, _ = groups
    publish(logged_in, name)
    response = logged_in.post(f"/editor/groups/{name.id}/undo")
    assert response.headers["Location"] == f"/editor/groups/{name.id}"
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Undone: revision 3" in page
    assert len(session.exec(select(Revision)).all()) == 3
    assert session.get(Group, name.id).status == "open"
    # Undo twice: a clear refusal, nothing more published.
    twice = logged_in.post(f"/editor/groups/{name.id}/undo", follow_redirects=True)
    assert twice.status_code == 200
    assert "has no fix to undo" in twice.get_data(as_text=True)
    assert len(session.exec(select(Revision)).all()) == 3


def test_undo_after_a_later_revision_is_refused(logged_in, session, groups):
    name, _ = groups
    publish(logged_in, name)
    an_article(session, "story", body=BODY.replace("Georgia Maloney", "Giorgia Meloni") + " Ok.")
    refused = logged_in.post(f"/editor/groups/{name.id}/undo", follow_redirects=True)
    assert "The article has changed since revision 2" in refused.get_data(as_text=True)
    assert articles.get_article(session, "story").current_revision == 3


def test_undo_of_a_reject_reopens(logged_in, session, groups):
    _, fact = groups
    logged_in.post(f"/editor/groups/{fact.id}/reject", data={"reason": "style", "detail": ""})
    response = logged_in.post(f"/editor/groups/{fact.id}/undo")
    assert response.headers["Location"] == f"/editor/groups/{fact.id}"
    assert session.get(Group, fact.id).status == "open"


def test_undo_of_an_unknown_group_is_404_and_without_csrf_400(app, logged_in, groups):
    assert logged_in.post("/editor/groups/999999/undo").status_code == 404
    app.config["WTF_CSRF_ENABLED"] = True
    assert logged_in.post(f"/editor/groups/{groups[0].id}/undo").status_code == 400


def test_a_fact_fix_without_a_note_is_a_field_error_and_publishes_nothing(
    logged_in, session, groups
):
    _, fact = groups
    response = publish(logged_in, fact, note="  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="note-error"' in page and "A factual correction needs a public note" in page
    assert articles.get_article(session, "story").current_revision == 1


def test_a_name_fix_without_a_note_warns_until_overridden(logged_in, session, groups):
    name, _ = groups
    warned = publish(logged_in, name, note="")
    assert warned.status_code == 422
    assert "Publish without a note" in warned.get_data(as_text=True)
    assert publish(logged_in, name, note="", without_note="y").status_code == 302
    assert articles.get_article(session, "story").current_revision == 2


def test_the_custom_box_starts_empty_beside_a_candidate(logged_in, groups):
    page = logged_in.get(f"/editor/groups/{groups[0].id}").get_data(as_text=True)
    assert '<textarea class="" id="custom" name="custom" rows="2">\r\n</textarea>' in page or (
        'name="custom" rows="2">\r\n</textarea>' in page
    )
    assert 'data-shown-with="custom"' in page and "group.js" in page


def test_the_group_title_is_the_change_and_reports_are_folded(logged_in, groups):
    page = logged_in.get(f"/editor/groups/{groups[0].id}").get_data(as_text=True)
    assert "<del>Georgia Maloney</del> → <ins>Giorgia Meloni</ins>" in page
    assert "×2</strong>, 1 with comment" in page
    assert "same words selected, same fix proposed" in page
    assert page.index("Her name is Giorgia.") < page.index("Why it stands where it does")


def test_a_fixed_group_shows_what_happened_and_the_fixed_passage(logged_in, groups):
    name, _ = groups
    publish(logged_in, name)
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    assert "<del>Georgia Maloney</del> → <ins>Giorgia Meloni</ins>" in page
    assert "revision 2</a>" in page and "by editor@example.com" in page
    assert "Prime Minister <ins>Giorgia Meloni</ins> met the press." in page
    assert "<mark>Georgia Maloney</mark>" not in page


def test_kind_and_priority_are_set_from_the_page_and_audited(logged_in, session, groups):
    name, _ = groups
    response = logged_in.post(f"/editor/groups/{name.id}/priority", data={"priority": "2"})
    assert response.headers["Location"] == f"/editor/groups/{name.id}"
    response = logged_in.post(f"/editor/groups/{name.id}/kind", data={"kind": "fact"})
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    assert "Kind set to “Factual error”" in page
    session.expire_all()
    group = session.get(Group, name.id)
    assert (group.kind, group.priority) == ("fact", 2)
    actions = [e.action for e in session.exec(select(AuditEntry))]
    assert {"set_kind", "set_priority"} <= set(actions)


@pytest.mark.parametrize("value", ["99", "-5", "abc", "", "1e9", *HOSTILE])
def test_a_bad_priority_is_refused_and_changes_nothing(logged_in, session, groups, value):
    name, _ = groups
    response = logged_in.post(
        f"/editor/groups/{name.id}/priority", data={"priority": value}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Choose one of the priorities." in response.get_data(as_text=True)
    assert session.get(Group, name.id).priority == 0


@pytest.mark.parametrize("value", ["FACT", "", *HOSTILE])
def test_a_bad_kind_is_refused_and_changes_nothing(logged_in, session, groups, value):
    name, _ = groups
    response = logged_in.post(
        f"/editor/groups/{name.id}/kind", data={"kind": value}, follow_redirects=True
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose one of the kinds." in page and "<script>alert" not in page
    assert session.get(Group, name.id).kind == "name"


def test_kind_on_a_merged_group_is_refused(logged_in, session, groups):
    name, fact = groups
    logged_in.post(f"/editor/groups/{fact.id}/merge", data={"into": str(name.id)})
    assert session.get(Group, fact.id).status == "merged"
    response = logged_in.post(
        f"/editor/groups/{fact.id}/kind", data={"kind": "typo"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert session.get(Group, fact.id).kind == "fact"


def test_similar_groups_are_offered_with_a_merge_button(logged_in, groups):
    name, fact = groups
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    assert f'aria-label="Merge into group {fact.id}"' in page
    response = logged_in.post(f"/editor/groups/{name.id}/merge", data={"into": str(fact.id)})
    assert response.status_code == 302
    landed = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Merged group #{name.id} into group #{fact.id}." in landed


@pytest.mark.parametrize("into", ["0", "-1", "abc", "99999999999999999999", *HOSTILE])
def test_a_bad_merge_target_is_refused(logged_in, session, groups, into):
    name, _ = groups
    response = logged_in.post(
        f"/editor/groups/{name.id}/merge", data={"into": into}, follow_redirects=True
    )
    assert response.status_code in (200, 404)
    assert session.get(Group, name.id).status == "open"


def test_add_to_batch_preselects_the_group_on_the_batch_page(logged_in, groups):
    name, fact = groups
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    assert "/editor/articles/story/batch" in page  # two open groups: the batch link
    response = logged_in.post(f"/editor/groups/{name.id}/batch")
    assert response.headers["Location"] == "/editor/articles/story/batch"
    batch = logged_in.get("/editor/articles/story/batch").get_data(as_text=True)
    assert f'value="{name.id}" checked' in batch
    assert f'value="{fact.id}" >' in batch or f'value="{fact.id}">' in batch
    assert "is in this article&#39;s batch" in batch


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_notes_and_corrections_are_inert_and_refused_cleanly(logged_in, groups, payload):
    name, _ = groups
    response = publish(logged_in, name, choice="custom", custom=payload, note=payload)
    assert response.status_code in (302, 422)
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page


def test_the_preview_shows_the_note_as_readers_see_it(logged_in, groups):
    name, _ = groups
    response = logged_in.post(
        f"/editor/groups/{name.id}/preview",
        data={
            "choice": "custom",
            "custom": "Giorgia Meloni",
            "base_revision": "1",
            "summary": "Fix",
            "note": "<b>An earlier</b> version misspelled it.",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The note readers will see" in page
    assert "&lt;b&gt;An earlier&lt;/b&gt; version misspelled it." in page


def test_the_public_history_credits_the_readers_of_a_fix(logged_in, client, groups):
    name, _ = groups
    publish(logged_in, name)
    page = client.get("/articles/story/history").get_data(as_text=True)
    assert "Corrected after 2 readers' reports" in page
    uk = client.get("/articles/story/history?lang=uk").get_data(as_text=True)
    assert "Виправлено за повідомленнями читачів: 2" in uk or "Corrected after 2" in uk


def test_an_internal_comment_shows_in_the_activity_log(logged_in, session, groups):
    name, _ = groups
    response = logged_in.post(
        f"/editor/groups/{name.id}/comment", data={"text": "Checked with the desk, keep."}
    )
    assert response.headers["Location"] == f"/editor/groups/{name.id}"
    logged_in.post(f"/editor/groups/{name.id}/priority", data={"priority": "1"})
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    log = page[page.index('id="activity-h"') :]
    assert 'editor@example.com: <span class="comment">Checked with the desk, keep.</span>' in log
    assert "changed the priority" in log
    assert log.index("changed the priority") < log.index("Checked with the desk")  # newest first
    assert "comment" in [e.action for e in session.exec(select(AuditEntry))]


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001, "bad\x00byte"])
def test_a_bad_comment_is_a_field_error_and_nothing_is_saved(logged_in, session, groups, text):
    name, _ = groups
    response = logged_in.post(f"/editor/groups/{name.id}/comment", data={"text": text})
    # A NUL byte is refused at the edge (400) before any form sees it.
    assert response.status_code in ((400,) if "\x00" in text else (422,))
    if response.status_code == 422:
        assert 'id="text-error"' in response.get_data(as_text=True)
    assert "comment" not in [e.action for e in session.exec(select(AuditEntry))]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_comment_is_stored_and_shown_inert(logged_in, groups, text):
    name, _ = groups
    response = logged_in.post(f"/editor/groups/{name.id}/comment", data={"text": text[:2000]})
    assert response.status_code == 302
    page = logged_in.get(f"/editor/groups/{name.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page


def test_a_comment_on_a_merged_group_is_refused(logged_in, session, groups):
    name, fact = groups
    logged_in.post(f"/editor/groups/{fact.id}/merge", data={"into": str(name.id)})
    response = logged_in.post(
        f"/editor/groups/{fact.id}/comment", data={"text": "Late"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "was merged into group" in response.get_data(as_text=True)
    assert "comment" not in [e.action for e in session.exec(select(AuditEntry))]


def test_a_comment_on_an_unknown_group_is_404(logged_in, groups):
    assert logged_in.post("/editor/groups/424242/comment", data={"text": "x"}).status_code == 404
