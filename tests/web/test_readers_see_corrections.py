"""Readers see corrections: the "Corrected" flag at the top, "see the change" from each note,
a status page that tells a fixed or declined report's whole way, and article dates that agree
with the history (issue 18)."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from factcheck.domain.lifecycle import RejectReason
from factcheck.models import Article
from factcheck.services import seeding, triage
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import ingest_article
from tests.builders import DEMO_SLUG, a_report, an_article, the_editor

NOTE = "An earlier version of this article misspelled the name of Giorgia Meloni."


def fix(session, report, note=NOTE, base_revision=1):
    return triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(report.group_id, "Giorgia Meloni")],
        base_revision=base_revision,
        summary="Corrected name",
        note=note,
        editor=the_editor(session),
    )


@pytest.fixture
def fixed(session):
    an_article(session, "story")
    report = a_report(session, "story", reporter="a")
    fix(session, report)
    return report


def meta_line(page: str) -> str:
    match = re.search(r'<p class="meta">(.*?)</p>', page, re.S)
    assert match, "no meta line"
    return match.group(1)


def test_a_corrected_article_says_so_in_its_meta_line_linking_to_the_note(client, fixed):
    page = client.get("/articles/story").get_data(as_text=True)
    meta = meta_line(page)
    assert re.search(r'<a class="corrected-flag" href="#correction-2">Corrected</a>', meta)
    assert '<li id="correction-2">' in page
    assert page.index("corrected-flag") < page.index('class="para"')  # at the top


def test_an_article_never_corrected_has_no_flag(client, session):
    an_article(session, "story")
    assert "corrected-flag" not in client.get("/articles/story").get_data(as_text=True)


def test_several_corrections_flag_the_count_and_link_the_list(client, session, fixed):
    other = a_report(session, "story", "First paragraph", "Opening paragraph", reporter="b")
    triage.apply_fixes(
        session=session,
        fixes=[triage.Fix(other.group_id, "Opening paragraph")],
        base_revision=2,
        summary="Wording",
        note="The first paragraph was reworded.",
        editor=the_editor(session),
    )
    meta = meta_line(client.get("/articles/story").get_data(as_text=True))
    assert '<a class="corrected-flag" href="#corrections">Corrected 2 times</a>' in meta


def test_each_note_links_to_the_change_it_made(client, fixed):
    page = client.get("/articles/story").get_data(as_text=True)
    item = re.search(r'<li id="correction-2">(.*?)</li>', page, re.S).group(1)
    assert NOTE in item
    assert re.search(r'<a href="/articles/story/diff\?to=2">see the change</a>', item)
    assert client.get("/articles/story/diff?to=2").status_code == 200


def test_a_ukrainian_article_flags_its_correction_in_ukrainian(client, session):
    an_article(session, "story", language="uk")
    fix(session, a_report(session, "story", reporter="a"))
    page = client.get("/articles/story").get_data(as_text=True)
    assert '<a class="corrected-flag" href="#correction-2">Виправлено</a>' in page
    assert "переглянути зміну" in page


def test_the_status_page_of_a_fixed_report_shows_the_note_the_change_and_the_timeline(
    client, fixed
):
    page = client.get(f"/reports/{fixed.token}").get_data(as_text=True)
    outcome = re.search(r'<section class="report-outcome".*?</section>', page, re.S).group(0)
    assert NOTE in outcome
    assert "<del>Georgia Maloney</del>" in outcome and "<ins>Giorgia Meloni</ins>" in outcome
    assert 'href="/articles/story/diff?to=2"' in outcome
    timeline = re.search(r'<ol class="report-timeline">(.*?)</ol>', page, re.S).group(1)
    steps = re.findall(r'<li class="(\w+)">([^<·]+)', timeline)
    assert [(state, label.strip()) for state, label in steps] == [
        ("done", "Received"),
        ("done", "With the editors"),
        ("done", "Fixed"),
    ]
    assert len(re.findall(r"<time datetime=", timeline)) == 3


def test_the_status_page_of_a_waiting_report_shows_what_is_still_to_come(client, session):
    an_article(session, "story")
    report = a_report(session, "story", reporter="a")
    page = client.get(f"/reports/{report.token}").get_data(as_text=True)
    assert "report-outcome" not in page
    timeline = re.search(r'<ol class="report-timeline">(.*?)</ol>', page, re.S).group(1)
    assert '<li class="pending">Fixed or declined · not yet</li>' in timeline


def test_the_status_page_of_a_declined_report_dates_the_decision(client, session):
    an_article(session, "story")
    report = a_report(session, "story", reporter="a")
    triage.reject(
        session=session,
        group_id=report.group_id,
        reason=RejectReason.NOT_ERROR,
        detail="",
        editor=the_editor(session),
    )
    page = client.get(f"/reports/{report.token}").get_data(as_text=True)
    timeline = re.search(r'<ol class="report-timeline">(.*?)</ol>', page, re.S).group(1)
    assert re.search(r'<li class="done">Declined · <time datetime="[^"]+">', timeline)
    assert "report-outcome" not in page


def test_the_status_page_of_a_fixed_report_in_ukrainian(client, session):
    an_article(session, "story", language="uk")
    report = a_report(session, "story", reporter="a")
    fix(session, report, note="Ім'я Джорджі Мелоні було написано з помилкою.")
    page = client.get(f"/reports/{report.token}").get_data(as_text=True)
    assert "Ім&#39;я Джорджі Мелоні було написано з помилкою." in page
    assert "Хронологія" in page and "У редакторів" in page


# ---- dates that agree with the history ---------------------------------------------------


def test_a_seeded_article_keeps_its_date_and_its_history_labels_revision_1_imported(
    client, session
):

    seeding.seed_directory(session=session, directory=Path(__file__).parents[2] / "seeds")
    article = client.get(f"/articles/{DEMO_SLUG}").get_data(as_text=True)
    assert "10 January 2024" in meta_line(article)
    history = client.get(f"/articles/{DEMO_SLUG}/history").get_data(as_text=True)
    assert '<span class="badge">imported</span>' in history
    assert "First published 10 January 2024; this is the text as it was imported" in history


def test_an_article_first_stored_when_published_has_no_import_label(client, session):
    an_article(session, "story")  # no published_at: published as it is stored
    history = client.get("/articles/story/history").get_data(as_text=True)
    assert "imported" not in history


def test_an_ingested_archive_article_labels_its_first_revision_everywhere(client, session):

    draft = ArticleDraft(
        slug="archive",
        title="From the archive",
        body="An old paragraph.",
        published_at=datetime(2019, 5, 4, 9, 0, tzinfo=UTC),
    )
    ingest_article(session=session, draft=draft, author="cms")
    report = a_report(session, "archive", "old", "older", reporter="a", kind="typo")
    fix(session, report, note="A word was changed.")
    history = client.get("/articles/archive/history").get_data(as_text=True)
    assert history.count('<span class="badge">imported</span>') == 1
    assert "First published 4 May 2019" in history
    first = client.get("/articles/archive/revisions/1").get_data(as_text=True)
    assert "as imported; first published 4 May 2019" in first
    assert "as imported" not in client.get("/articles/archive").get_data(as_text=True)


def test_the_import_label_in_ukrainian(client, session):

    seeding.seed_directory(session=session, directory=Path(__file__).parents[2] / "seeds")

    article = session.exec(select(Article).where(Article.slug == DEMO_SLUG)).one()
    article.language = "uk"
    session.add(article)
    session.commit()
    history = client.get(f"/articles/{DEMO_SLUG}/history").get_data(as_text=True)
    assert "імпортовано" in history and "Уперше опубліковано" in history
