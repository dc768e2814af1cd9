"""The queue as editors work it: impact order, rows that read "wrong → right", sorts,
saved filters, bulk actions that ask first, times in the newsroom's time zone."""

import re

import pytest
from sqlmodel import select

from factcheck.config import load
from factcheck.models import AuditEntry, Group, SavedFilter
from factcheck.services import triage
from tests.builders import a_report, an_article, an_editor, the_editor

BODY = (
    "Prime Minister Georgia Maloney met the mayor of Vilnius on Monday.\n\n"
    "The talks in Rome lasted three hours, officials said."
)


def login(client, email="editor@example.com"):
    return client.post("/editor/login", data={"email": email, "password": "a-long-password"})


@pytest.fixture
def story(session):
    an_article(session, "story", body=BODY)
    # One reader calls "Vilnius" a factual error; eight readers (and close variants) agree
    # on the Prime Minister's name.
    a_report(session, "story", "Vilnius", "Kyiv", reporter="lone", kind="fact")
    for index in range(8):
        a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter=f"r{index}")
    return session


def groups_in_page_order(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/editor/groups/(\d+)" class="row-link"', page)]


def group_of(session, quote: str) -> Group:
    return session.exec(select(Group).where(Group.quote == quote)).one()


def test_the_eight_reader_name_error_ranks_above_the_lone_fact(logged_in, story):
    page = logged_in.get("/editor/").get_data(as_text=True)
    name, fact = group_of(story, "Georgia Maloney"), group_of(story, "Vilnius")
    assert groups_in_page_order(page) == [name.id, fact.id]
    assert name.impact > fact.impact


def test_a_row_reads_wrong_to_right_in_words_with_its_article_and_times(logged_in, story):
    page = logged_in.get("/editor/").get_data(as_text=True)
    assert "<del>Georgia Maloney</del> → <ins>Giorgia Meloni</ins>" in page
    assert "8 readers" in page
    # The context starts at a word (no "inister" cut mid-word) and names the article.
    assert re.search(r'<div class="context">[^<]*<mark>Georgia Maloney</mark> met the', page)
    assert "A test headline" in page
    assert re.search(r'<time datetime="[^"]+" title="\d+ \w+ \d{4}, \d\d:\d\d UTC">', page)
    assert "2 open in this article: fix together" in page
    assert 'href="/editor/articles/story/batch"' in page


def test_other_fixes_are_counted_in_the_row(logged_in, story):
    a_report(story, "story", "Georgia", "Giorgia", reporter="x")
    page = logged_in.get("/editor/").get_data(as_text=True)
    assert "(+1 other fix)" in page


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("impact", "Georgia Maloney"),
        ("newest", "Georgia Maloney"),
        ("oldest", "Vilnius"),
        ("readers", "Georgia Maloney"),
    ],
)
def test_each_sort_orders_the_queue(logged_in, story, sort, first):
    page = logged_in.get(f"/editor/?sort={sort}").get_data(as_text=True)
    assert groups_in_page_order(page)[0] == group_of(story, first).id
    assert f'<option value="{sort}" selected>' in page


def test_an_editor_priority_lifts_a_group_to_the_top(logged_in, story):
    fact = group_of(story, "Vilnius")
    fact.priority = 2  # what triage.set_priority stores; the rank follows on write
    story.add(fact)
    story.commit()
    page = logged_in.get("/editor/").get_data(as_text=True)
    assert groups_in_page_order(page)[0] == fact.id
    assert "urgent" in page


def test_bulk_reject_names_the_count_and_changes_only_what_was_confirmed(logged_in, story):
    ids = [group_of(story, q).id for q in ("Georgia Maloney", "Vilnius")]
    asked = logged_in.post(
        "/editor/bulk", data={"action": "reject", "reason": "spam", "all_matching": "1"}
    )
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Reject 2 groups?" in page
    assert {int(n) for n in re.findall(r'name="groups" value="(\d+)"', page)} == set(ids)
    # A group that arrives after the question is not swept up by the answer.
    a_report(story, "story", "three hours", "four hours", reporter="late", kind="fact")
    done = logged_in.post(
        "/editor/bulk",
        data={"action": "reject", "reason": "spam", "groups": ids, "confirmed": "1"},
        follow_redirects=True,
    )
    assert "2 groups rejected" in done.get_data(as_text=True)
    story.expire_all()
    statuses = {g.quote: g.status for g in story.exec(select(Group)).all()}
    assert statuses == {"Georgia Maloney": "rejected", "Vilnius": "rejected", "three": "open"}


def test_assign_acts_at_once_and_stale_groups_are_counted_not_fatal(logged_in, story):
    name = group_of(story, "Georgia Maloney")
    done = logged_in.post(
        "/editor/bulk",
        data={"action": "assign", "groups": [name.id, 999999]},
        follow_redirects=True,
    )
    assert "1 group assigned to you. 1 could not be changed" in done.get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "delete-everything", "groups": "1"},
        {"action": "reject"},  # nothing selected
        {"action": "reject", "groups": ["x", "-1", "9" * 40]},
        {"action": "assign", "all_matching": "1", "status": "bogus"},
    ],
    ids=["nothing", "unknown action", "no groups", "hostile ids", "bad filter"],
)
def test_a_malformed_bulk_request_is_refused_and_changes_nothing(logged_in, story, data):
    response = logged_in.post("/editor/bulk", data=data)
    assert response.status_code in (302, 422)
    story.expire_all()
    assert {g.status for g in story.exec(select(Group)).all()} == {"open"}


def test_a_saved_filter_comes_back_in_one_click_and_goes(logged_in, story, session):
    saved = logged_in.post(
        "/editor/filters",
        data={
            "name": "Names by readers",
            "kind": "name",
            "sort": "readers",
            "page": "3",
            "evil": "1",
        },
    )
    assert saved.status_code == 302
    assert "kind=name" in saved.headers["Location"] and "evil" not in saved.headers["Location"]
    row = session.exec(select(SavedFilter)).one()
    row_id = row.id
    assert row.query == "kind=name&sort=readers"  # known keys only, no page
    page = logged_in.get("/editor/").get_data(as_text=True)
    assert 'href="/editor/?kind=name&amp;sort=readers">Names by readers</a>' in page
    assert session.exec(select(AuditEntry).where(AuditEntry.action == "save_filter")).first()
    # The same name again replaces it.
    logged_in.post("/editor/filters", data={"name": "Names by readers", "kind": "fact"})
    session.expire_all()
    assert session.exec(select(SavedFilter)).one().query == "kind=fact"
    assert logged_in.post(f"/editor/filters/{row_id}/delete").status_code == 302
    assert logged_in.post(f"/editor/filters/{row_id}/delete").status_code == 404  # stale
    assert session.exec(select(SavedFilter)).all() == []


@pytest.mark.parametrize(
    "name",
    ["", " ", "x" * 61, "bad\x00name", "<script>alert(1)</script>", "שמור 😀", "' OR 1=1 --"],
)
def test_saved_filter_names_are_checked_and_escaped(logged_in, story, session, name):
    response = logged_in.post("/editor/filters", data={"name": name, "kind": "name"})
    assert response.status_code in (302, 400)  # a NUL byte never reaches the view
    page = logged_in.get("/editor/").get_data(as_text=True)
    kept = session.exec(select(SavedFilter)).all()
    if name.strip() and len(name) <= 60 and "\x00" not in name:
        assert [s.name for s in kept] == [name.strip()]
    else:
        assert kept == []
    assert "<script>alert(1)</script>" not in page


def test_a_filter_with_nothing_chosen_is_not_saved(logged_in, story, session):
    logged_in.post("/editor/filters", data={"name": "Everything"}, follow_redirects=True)
    assert session.exec(select(SavedFilter)).all() == []


def test_one_editor_cannot_delete_anothers_filter(client, story, session):
    the_editor(session)
    an_editor(session, "other@example.com")
    login(client, "other@example.com")
    client.post("/editor/filters", data={"name": "Mine", "kind": "fact"})
    row = session.exec(select(SavedFilter)).one()
    client.post("/editor/logout")
    login(client)
    assert client.post(f"/editor/filters/{row.id}/delete").status_code == 404
    assert "Mine" not in client.get("/editor/").get_data(as_text=True)


def test_matching_ids_is_capped(story):
    found = triage.matching_ids(story, triage.QueueFilter(), limit=1)
    assert found == [group_of(story, "Georgia Maloney").id]


class TestNewsroomTimeZone:
    @pytest.fixture
    def app_config(self):
        return {"TIMEZONE": "Europe/Kyiv"}

    def test_times_show_in_the_newsroom_zone(self, logged_in, story):
        page = logged_in.get("/editor/").get_data(as_text=True)
        assert re.search(r'title="\d+ \w+ \d{4}, \d\d:\d\d \+0[23]00"', page)


def test_an_unknown_time_zone_stops_the_app_with_a_clear_message(tmp_path):
    with pytest.raises(ValueError, match="FACTCHECK_TIMEZONE='Mars/Olympus' is not a time zone"):
        load(str(tmp_path), environ={"FACTCHECK_TIMEZONE": "Mars/Olympus"})
