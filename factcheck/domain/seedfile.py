"""The seed file format: `Key: value` header lines, a blank line, then the plain-text body."""

import re
from dataclasses import dataclass
from datetime import date

REQUIRED = ("title", "slug", "date")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SeedFormatError(ValueError):
    pass


@dataclass(frozen=True)
class SeedArticle:
    slug: str
    title: str
    published: date
    body: str


def parse_seed(source: str) -> SeedArticle:
    """Parse one seed file; raise SeedFormatError saying what is wrong."""
    source = source.replace("\r\n", "\n").lstrip("\ufeff")
    head, separator, body = source.partition("\n\n")
    if not separator:
        raise SeedFormatError("no blank line between the header and the body")
    headers: dict[str, str] = {}
    for number, line in enumerate(head.split("\n"), start=1):
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            raise SeedFormatError(f"header line {number} is not 'Key: value': {line[:60]!r}")
        headers[key.strip().lower()] = value.strip()
    missing = [key for key in REQUIRED if not headers.get(key)]
    if missing:
        raise SeedFormatError(f"missing header: {', '.join(missing)}")
    if not SLUG.match(headers["slug"]):
        raise SeedFormatError(f"slug {headers['slug']!r} must be lowercase words joined by '-'")
    try:
        published = date.fromisoformat(headers["date"])
    except ValueError:
        raise SeedFormatError(f"date {headers['date']!r} is not YYYY-MM-DD") from None
    if not body.strip():
        raise SeedFormatError("the body is empty")
    return SeedArticle(headers["slug"], headers["title"], published, body.strip())
