"""Seeding: idempotent, a changed file adds a revision, a broken file imports nothing."""

from pathlib import Path

import pytest
from sqlmodel import select

from factcheck.models import Article, Revision
from factcheck.services import seeding
from factcheck.services.publishing import IngestStatus

REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = "Title: {title}\nSlug: {slug}\nDate: 2024-01-10\n\n{body}\n"


def write(directory: Path, name: str, *, slug: str = "one", title="A title", body="Body."):
    (directory / name).write_text(SEED.format(title=title, slug=slug, body=body))


def test_the_demo_seed_imports_with_its_error(session):
    outcomes = seeding.seed_directory(session=session, directory=REPO_SEEDS)
    assert [o.status for o in outcomes] == [IngestStatus.CREATED]
    revision = session.exec(select(Revision)).one()
    assert "Prime Minister Georgia Maloney's Brothers of Italy party" in revision.text
    assert revision.author == "seed"


def test_seeding_twice_changes_nothing(session, tmp_path):
    write(tmp_path, "a.txt")
    seeding.seed_directory(session=session, directory=tmp_path)
    again = seeding.seed_directory(session=session, directory=tmp_path)
    assert [o.status for o in again] == [IngestStatus.UNCHANGED]
    assert len(session.exec(select(Revision)).all()) == 1


def test_an_edited_seed_file_adds_a_revision(session, tmp_path):
    write(tmp_path, "a.txt", body="Georgia Maloney")
    seeding.seed_directory(session=session, directory=tmp_path)
    write(tmp_path, "a.txt", body="Giorgia Meloni")
    outcomes = seeding.seed_directory(session=session, directory=tmp_path)
    assert [(o.status, o.revision) for o in outcomes] == [(IngestStatus.REVISED, 2)]


def test_a_broken_seed_file_is_named_and_nothing_is_imported(session, tmp_path):
    write(tmp_path, "a-good.txt", slug="good")
    (tmp_path / "b-bad.txt").write_text("no header at all")
    with pytest.raises(seeding.SeedError, match=r"b-bad\.txt"):
        seeding.seed_directory(session=session, directory=tmp_path)
    assert session.exec(select(Article)).all() == []


def test_an_invalid_article_in_a_seed_is_named_and_nothing_is_imported(session, tmp_path):
    write(tmp_path, "a-good.txt", slug="good")
    write(tmp_path, "b-long.txt", slug="long", title="T" * 600)
    with pytest.raises(seeding.SeedError, match=r"b-long\.txt"):
        seeding.seed_directory(session=session, directory=tmp_path)
    assert session.exec(select(Article)).all() == []


def test_two_files_with_one_slug_are_refused(session, tmp_path):
    write(tmp_path, "a.txt", slug="same")
    write(tmp_path, "b.txt", slug="same")
    with pytest.raises(seeding.SeedError, match="same"):
        seeding.seed_directory(session=session, directory=tmp_path)
