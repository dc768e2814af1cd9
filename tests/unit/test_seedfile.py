"""The seed file format."""

from datetime import date
from pathlib import Path

import pytest

from factcheck.domain.seedfile import SeedFormatError, parse_seed

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_demo_seed_keeps_its_misspelled_name():
    seed = parse_seed((SEEDS / "italy-signals-peace-talks.txt").read_text())
    assert seed.slug == "italy-signals-peace-talks-russia-ukraine"
    assert seed.published == date(2024, 1, 10)
    assert "Prime Minister Georgia Maloney's Brothers of Italy" in seed.body
    assert seed.title.startswith('Italy Sees "Important Signals"')


def test_a_seed_without_a_blank_line_after_the_header_is_refused():
    with pytest.raises(SeedFormatError, match="blank line"):
        parse_seed("Title: T\nSlug: t\nDate: 2024-01-01\nBody right here")


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Title: T\nDate: 2024-01-01\n\nBody", "missing header: slug"),
        ("Title: T\nSlug: Bad Slug\nDate: 2024-01-01\n\nBody", "slug"),
        ("Title: T\nSlug: t\nDate: 10/01/2024\n\nBody", "YYYY-MM-DD"),
        ("Title: T\nSlug: t\nDate: 2024-01-01\n\n   ", "empty"),
        ("Title T\nSlug: t\nDate: 2024-01-01\n\nBody", "header line 1"),
    ],
)
def test_bad_seed_files_say_what_is_wrong(source, reason):
    with pytest.raises(SeedFormatError, match=reason):
        parse_seed(source)
