"""Reading numbers from query strings and forms without trusting them."""

from factcheck.domain.errors import Invalid

# Ids, pages and revision numbers all fit the database's 32-bit integers.
MAX_INT = 2**31 - 1


def whole_number(raw: str | None, *, maximum: int = MAX_INT) -> int | None:
    """The non-negative integer `raw` spells in ASCII digits, or None ("²", "-1", 10**40)."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)):
        return None
    value = int(raw)
    return value if value <= maximum else None


def whole_numbers(values: list[str]) -> list[int]:
    return [n for n in (whole_number(v) for v in values) if n is not None]


def page_number(raw: str | None) -> int:
    """A list page's `?page=`: absent means 1; anything but 1..MAX_INT in digits is refused
    (422) rather than quietly shown as page 1, so a broken link says so."""
    if raw is None or raw == "":
        return 1
    number = whole_number(raw)
    if number is None or number < 1:
        raise Invalid("Not a page number.", {"page": "A whole number, 1 or more."})
    return number
