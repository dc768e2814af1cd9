"""Rules for a reader's report that need no database: limits, kinds, 'nothing to correct'."""

from dataclasses import dataclass
from enum import StrEnum

from factcheck.domain.lifecycle import KIND_LABELS
from factcheck.domain.text import control_fields
from factcheck.domain.urls import LanguageError, UrlError, normalise_article_url, normalise_language


class Source(StrEnum):
    """Who filed a report: a reader, or the checker on a new revision."""

    READER = "reader"
    CHECKER = "checker"


# The reporter fingerprint of the checker's reports (a reader's is a keyed address hash).
CHECKER = "checker"
MAX_QUOTE = 300
MAX_SUGGESTION = 300
MAX_COMMENT = 2000
CONTEXT = 32
# A repeat report's new comment is appended to the first; the whole stays bounded.
MAX_KEPT_COMMENT = 4 * MAX_COMMENT


@dataclass(frozen=True)
class ReportDraft:
    """A report as a reader sent it (W3C TextQuote + TextPosition selectors, plus the fix)."""

    slug: str
    revision: int
    quote: str
    suggestion: str
    kind: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    comment: str = ""
    email: str | None = None
    # A report from a page of a registered site: the site and the page's address.
    site_id: int | None = None
    page_url: str | None = None
    # The language of the page the reader read (BCP 47); None: the article's.
    language: str | None = None


def problems(draft: ReportDraft) -> dict[str, str]:
    """Field name -> what is wrong, in words a reader understands. Empty when all is well."""
    fields: dict[str, str] = {}
    names = ("quote", "suggestion", "comment", "prefix", "suffix", "email")
    fields.update(control_fields({name: getattr(draft, name) for name in names}))
    if not draft.quote.strip():
        fields["quote"] = "Select or paste the words that are wrong."
    elif len(draft.quote) > MAX_QUOTE:
        fields["quote"] = f"Select at most {MAX_QUOTE} characters."
    if len(draft.suggestion) > MAX_SUGGESTION:
        fields["suggestion"] = f"The correction can be at most {MAX_SUGGESTION} characters."
    if len(draft.comment) > MAX_COMMENT:
        fields["comment"] = f"The comment can be at most {MAX_COMMENT} characters."
    if draft.kind not in KIND_LABELS:
        fields["kind"] = "Choose one of: " + ", ".join(KIND_LABELS.values()) + "."
    if draft.revision < 1:
        fields["revision"] = "Unknown revision."
    if draft.language is not None:
        try:
            normalise_language(draft.language)
        except LanguageError as error:
            fields["language"] = str(error)
    if draft.page_url is not None:
        try:
            normalise_article_url(draft.page_url)
        except UrlError as error:
            fields["page_url"] = str(error)
    if (
        "quote" not in fields
        and "suggestion" not in fields
        and draft.suggestion.strip() == draft.quote.strip()
        and not draft.comment.strip()
    ):
        fields["suggestion"] = (
            "Nothing to correct: change the text to the correct version, or add a comment."
        )
    return fields


def position_hint(draft: ReportDraft) -> tuple[int | None, int | None]:
    """The reader's offsets if they are usable as a hint, else (None, None)."""
    start, end = draft.start, draft.end
    if start is None or end is None or start < 0 or end <= start:
        return None, None
    return start, end


def repeat_changes(
    *, email: str | None, comment: str, new_email: str | None, new_comment: str
) -> dict[str, str]:
    """What a repeat of a reader's report adds to the stored one: the newest email they
    gave, and a comment they had not written yet (appended). Empty: nothing new."""
    changes: dict[str, str] = {}
    if new_email and new_email != email:
        changes["email"] = new_email
    new_comment = new_comment.strip()
    if new_comment and new_comment not in comment:
        combined = f"{comment}\n\n{new_comment}" if comment else new_comment
        if len(combined) <= MAX_KEPT_COMMENT:
            changes["comment"] = combined
    return changes
