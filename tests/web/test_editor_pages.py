"""The editor's pages render the services' read models and show domain errors on the fields."""

import pytest

from factcheck.models import Group
from factcheck.services import articles
from tests.builders import a_report, an_article

BODY = (
    "Prime Minister Georgia Maloney met the press.\n\n"
    "The meeting was in Rome on Monday.\n\n"
    "Later, Georgia Maloney left for Brussels."
)


@pytest.fixture
def group(session):
    an_article(session, "story", body=BODY)
    return session.get(Group, a_report(session, "story", reporter="a").group_id)


def apply_form(**changes):
    return {
        "choice": "0",
        "custom": "",
        "base_revision": "1",
        "summary": "Name",
        "note": "An earlier version misspelled the name.",
        **changes,
    }


def test_the_other_place_is_offered_and_fixed_in_the_same_revision(logged_in, session, group):
    other = articles.revision_text(session, group.article_id, 1).index("Georgia", group.end)
    page = logged_in.get(f"/editor/groups/{group.id}").get_data(as_text=True)
    assert f'name="elsewhere" value="{other}"' in page
    assert "…Later, <mark>Georgia Maloney</mark> left for Brussels.…" in page
    response = logged_in.post(
        f"/editor/groups/{group.id}/apply", data=apply_form(elsewhere=str(other))
    )
    assert response.status_code == 302
    assert "Georgia Maloney" not in articles.revision_text(session, group.article_id, 2)


def test_an_unknown_candidate_is_an_error_on_the_choice(logged_in, group):
    response = logged_in.post(f"/editor/groups/{group.id}/apply", data=apply_form(choice="7"))
    assert response.status_code == 422
    assert '<p class="field-error">Pick a candidate or type a correction.</p>' in (
        response.get_data(as_text=True)
    )


def test_an_unchanged_correction_is_an_error_on_the_typed_text(logged_in, group):
    data = apply_form(choice="custom", custom="Georgia Maloney")
    response = logged_in.post(f"/editor/groups/{group.id}/apply", data=data)
    assert response.status_code == 422
    assert 'id="custom-error">The correction equals the current text.' in (
        response.get_data(as_text=True)
    )


def test_a_batch_without_a_group_says_so_next_to_the_groups(logged_in, group):
    response = logged_in.post(
        "/editor/articles/story/batch", data={"base_revision": "1", "summary": "Names"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="field-error">Nothing selected.</p>' in page
    assert f'name="groups" value="{group.id}"' in page


def test_a_refused_merge_flashes_the_message_and_what_to_do(logged_in, group):
    response = logged_in.post(
        f"/editor/groups/{group.id}/merge", data={"into": str(group.id)}, follow_redirects=True
    )
    assert "A group cannot be merged into itself. Choose another." in response.get_data(
        as_text=True
    )
