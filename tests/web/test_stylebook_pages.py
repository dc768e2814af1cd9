"""Stylebook pages, follow-ups offered after a fix, and `flask check`."""

import io
from pathlib import Path

import pytest
from sqlmodel import select

from factcheck.models import Group, Report, Revision, StyleName
from factcheck.services import seeding
from tests.builders import DEMO_SLUG, a_report, an_article, the_editor

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def login(client, session):
    the_editor(session)
    client.post(
        "/editor/login", data={"email": "editor@example.com", "password": "a-long-password"}
    )


def test_editors_add_edit_and_delete_names(client, session):
    login(client, session)
    response = client.post(
        "/editor/stylebook/",
        data={
            "canonical": "Volodymyr Zelenskyy",
            "variants": "Zelensky|Zelenskiy",
            "kind": "person",
            "note": "Zelenskyy is the house spelling",
        },
    )
    assert response.status_code == 302
    row = session.exec(select(StyleName)).one()
    assert row.variants == "Zelensky|Zelenskiy"
    page = client.get("/editor/stylebook/?q=zelensk").get_data(as_text=True)
    assert "Zelenskyy is the house spelling" in page
    client.post(
        f"/editor/stylebook/{row.id}",
        data={
            "canonical": "Volodymyr Zelenskyy",
            "variants": "Zelensky",
            "kind": "person",
            "note": "",
        },
    )
    session.refresh(row)
    assert row.variants == "Zelensky"
    client.post(f"/editor/stylebook/{row.id}/delete")
    assert session.exec(select(StyleName)).all() == []


def test_a_bad_name_keeps_the_form_with_an_error(client, session):
    login(client, session)
    response = client.post("/editor/stylebook/", data={"canonical": "A|B", "kind": "person"})
    assert response.status_code == 422
    assert "no &#39;|&#39;" in response.get_data(as_text=True) or "no '|'" in response.get_data(
        as_text=True
    )


def test_csv_import_and_export(client, session):
    login(client, session)
    csv = "canonical,variants,kind,note\nGiorgia Meloni,,person,PM\n<script>x</script>,,person,\n"
    client.post(
        "/editor/stylebook/import",
        data={"file": (io.BytesIO(csv.encode()), "names.csv")},
        content_type="multipart/form-data",
    )
    assert len(session.exec(select(StyleName)).all()) == 2
    exported = client.get("/editor/stylebook/export.csv")
    assert exported.mimetype == "text/csv"
    assert "Giorgia Meloni" in exported.get_data(as_text=True)
    page = client.get("/editor/stylebook/").get_data(as_text=True)
    assert "<script>x</script>" not in page
    bad = client.post(
        "/editor/stylebook/import",
        data={"file": (io.BytesIO(b"\xff\xfe\x00"), "x.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "not UTF-8" in bad.get_data(as_text=True)


def test_a_name_fix_proposes_the_stylebook_and_the_same_fix_elsewhere(client, session):
    an_article(session, "first", body="Prime Minister Georgia Maloney spoke in Rome.")
    an_article(session, "second", body="Later, Georgia Maloney flew to Brussels.")
    report = a_report(session, "first", reporter="r")
    login(client, session)
    response = client.post(
        f"/editor/groups/{report.group_id}/apply",
        data={"choice": "0", "base_revision": "1", "summary": "Name", "note": "Misspelled."},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Add “Giorgia Meloni” to the stylebook" in page
    assert "Fix them too" in page
    group_page = client.get(f"/editor/groups/{report.group_id}").get_data(as_text=True)
    value = group_page.split('name="places" value="')[1].split('"')[0]
    client.post(
        f"/editor/groups/{report.group_id}/propagate", data={"places": value, "note": "Misspelled."}
    )
    second = client.get("/api/v1/articles/second").get_json()
    assert (second["revision"], "Giorgia Meloni" in second["text"]) == (2, True)


def test_flask_check_reports_what_it_found(runner, session):
    seeding.seed_directory(session=session, directory=SEEDS)
    result = runner.invoke(args=["check", "--all"])
    assert result.exit_code == 0, result.output
    assert "Checked 1 article(s): 1 finding(s) (1 name); 0 new report(s)" in result.output
    assert runner.invoke(args=["check"]).exit_code != 0
    assert "nope" in runner.invoke(args=["check", "nope"]).output


def test_the_demo_error_is_in_the_queue_before_any_reader_reports_it(client, session):
    seeding.seed_directory(session=session, directory=SEEDS)
    login(client, session)
    page = client.get("/editor/").get_data(as_text=True)
    assert "flagged by the name checker" in page
    assert "<mark>Georgia Maloney</mark>" in page
    assert session.exec(select(Report)).one().source == "checker"
    assert session.exec(select(Group)).one().found_by_checker
    assert len(session.exec(select(Revision)).all()) == 1
    assert DEMO_SLUG in page or "Italy Sees" in page


def test_an_editor_lists_wrong_forms_and_the_checker_flags_them_exactly(client, session):
    login(client, session)
    response = client.post(
        "/editor/stylebook/",
        data={"canonical": "Kyiv", "kind": "place", "note": "Not Kiev", "wrong": "Kiev|Kiew"},
    )
    assert response.status_code == 302
    row = session.exec(select(StyleName)).one()
    assert row.wrong == "Kiev|Kiew"
    page = client.get("/editor/stylebook/").get_data(as_text=True)
    assert "<del>Kiev, Kiew</del>" in page
    edit = client.get(f"/editor/stylebook/{row.id}").get_data(as_text=True)
    assert 'value="Kiev|Kiew"' in edit
    assert "Kyiv,,place,Not Kiev,Kiev|Kiew" in client.get("/editor/stylebook/export.csv").get_data(
        as_text=True
    )
    an_article(session, "kiev-story", title="Talks", body="Delegates met in Kiev on Monday.")
    [report] = session.exec(select(Report).where(Report.quote == "Kiev")).all()
    assert report.suggestion == "Kyiv"
    assert report.comment == "Found by the checker: Not Kiev"


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        ("<script>alert(1)</script>|Kyiv", "is the name or one of its accepted variants"),
        ("Ki\x00ev", "control character"),
        ("\u202eveiK", "invisible formatting character"),
        ("𝕂" * 201, "at most 200 characters"),
        ("K" * 2001, "Field cannot be longer than 2000 characters"),
    ],
    ids=["xss", "nul", "rtl override", "huge unicode", "huge"],
)
def test_a_hostile_wrong_form_gets_a_field_error(client, session, wrong, message):
    login(client, session)
    response = client.post(
        "/editor/stylebook/", data={"canonical": "Kyiv", "kind": "place", "wrong": wrong}
    )
    # A control character is refused before the form, for every form alike (400).
    assert response.status_code == (400 if "\x00" in wrong else 422)
    body = response.get_data(as_text=True)
    assert message in body.replace("&#39;", "'")
    assert "<script>alert(1)</script>" not in body
    assert session.exec(select(StyleName)).all() == []


def test_a_right_to_left_wrong_form_is_kept(client, session):
    login(client, session)
    response = client.post(
        "/editor/stylebook/", data={"canonical": "Kyiv", "kind": "place", "wrong": "קייב"}
    )
    assert response.status_code == 302
    assert session.exec(select(StyleName)).one().wrong == "קייב"
