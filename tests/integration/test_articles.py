"""Articles and their append-only revisions, through the service layer with a real database."""

import pytest
from sqlmodel import select

from factcheck.domain.errors import Invalid, NotFound
from factcheck.models import Article, Revision
from factcheck.services import articles
from factcheck.services.articles import ArticleDraft
from factcheck.services.publishing import IngestStatus, ingest_article
from tests.builders import an_article


def test_a_new_article_gets_revision_one(session):
    result = an_article(session, "first", title="Head", body="One.\n\nTwo.")
    assert result.status is IngestStatus.CREATED
    assert result.revision.number == 1
    assert result.revision.text == "Head\n\nOne.\n\nTwo."
    assert result.article.current_revision == 1


def test_changed_text_adds_the_next_revision_and_keeps_the_old_one(session):
    an_article(session, "story", body="Original.")
    result = an_article(session, "story", body="Corrected.", summary="Fix")
    assert result.status is IngestStatus.REVISED
    assert result.revision.number == 2
    revisions = session.exec(select(Revision).order_by(Revision.number)).all()
    assert [r.text.split("\n\n")[1] for r in revisions] == ["Original.", "Corrected."]
    assert revisions[1].summary == "Fix"


def test_the_same_text_again_changes_nothing(session):
    an_article(session, "story", body="Same  text.")
    result = an_article(session, "story", body="Same text.\n\n")
    assert result.status is IngestStatus.UNCHANGED
    assert result.revision.number == 1
    assert len(session.exec(select(Revision)).all()) == 1


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ArticleDraft(slug="ok", title="  ", body="Body"), "title"),
        (ArticleDraft(slug="ok", title="T", body=" \n\n "), "body"),
        (ArticleDraft(slug="Not OK", title="T", body="Body"), "slug"),
        (ArticleDraft(slug="ok", title="T" * 501, body="Body"), "title"),
        (ArticleDraft(slug="ok", title="T", body="B\x00ody"), "body"),
        (ArticleDraft(slug="ok", title="T", body="x" * 200_001), "body"),
    ],
)
def test_invalid_drafts_name_the_field_and_write_nothing(session, draft, field):
    with pytest.raises(Invalid) as raised:
        ingest_article(session=session, draft=draft, author="test")
    assert field in raised.value.fields
    assert session.exec(select(Article)).all() == []


def test_unknown_articles_and_revisions_are_not_found(session):
    result = an_article(session, "story")
    with pytest.raises(NotFound):
        articles.get_article(session, "missing")
    with pytest.raises(NotFound):
        articles.get_revision(session, result.article, 2)


def test_revisions_are_listed_newest_first(session):
    for body in ("One.", "Two.", "Three."):
        result = an_article(session, "story", body=body)
    numbers = [r.number for r in articles.list_revisions(session, result.article)]
    assert numbers == [3, 2, 1]
