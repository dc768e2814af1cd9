"""The queue at scale: the article field as you type, a bounded count."""

from factcheck.services import triage
from tests.builders import a_report, an_article


def two_articles(session):
    an_article(session, "rome-budget", title="Rome budget vote")
    an_article(session, "milan-floods", title="Milan floods")
    a_report(session, "rome-budget", reporter="a")
    a_report(session, "milan-floods", reporter="b")


def test_the_article_field_suggests_by_slug_or_headline(logged_in, session):
    two_articles(session)
    body = logged_in.get("/editor/articles.json?q=FLOOD").get_json()
    assert body == {"articles": [{"slug": "milan-floods", "title": "Milan floods"}]}
    assert len(logged_in.get("/editor/articles.json").get_json()["articles"]) == 2
    assert logged_in.get("/editor/articles.json?q=%25").get_json() == {"articles": []}


def test_without_script_the_article_field_is_a_text_filter(logged_in, session):
    two_articles(session)
    page = logged_in.get("/editor/?article=budget").get_data(as_text=True)
    assert "Rome budget vote" in page and "Milan floods" not in page
    exact = logged_in.get("/editor/?article=milan-floods").get_data(as_text=True)
    assert "Milan floods" in exact and "Rome budget vote" not in exact
    assert 'list="article-suggestions"' in exact and '<select name="article"' not in exact


def test_the_queue_never_lists_the_archive_in_its_filter(logged_in, session):
    for index in range(30):
        an_article(session, f"story-{index}", title=f"Headline {index}")
    page = logged_in.get("/editor/").get_data(as_text=True)
    assert "Headline 7" not in page


def test_the_count_stops_at_its_cap(session, monkeypatch):
    two_articles(session)
    monkeypatch.setattr(triage, "COUNT_CAP", 1)
    result = triage.list_groups(session, triage.QueueFilter(per_page=1))
    assert (result.total, result.capped, result.pages) == (1, True, 1)
    monkeypatch.setattr(triage, "COUNT_CAP", 10)
    result = triage.list_groups(session, triage.QueueFilter(per_page=1))
    assert (result.total, result.capped, result.pages) == (2, False, 2)
