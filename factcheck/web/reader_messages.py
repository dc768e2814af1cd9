"""What the domain and the services tell a reader, marked for the catalogs and translated.

The domain stays pure: it writes its messages in English, and that English is the msgid.
This module lists them for `pybabel extract` (`N_`) so the catalogs carry them, and turns
a message back into the page's language. A message that names a limit is matched whole
against the domain's own constant, so it is translated with the same number.
"""

import re
from collections.abc import Callable

from flask_babel import force_locale, gettext

from factcheck.domain.lifecycle import KIND_LABELS, Kind, ReaderState, reason_parts
from factcheck.domain.reports import MAX_COMMENT, MAX_QUOTE, MAX_SUGGESTION
from factcheck.domain.triage import suggested_note
from factcheck.services.reports import ReportStatus
from factcheck.web.i18n import DEFAULT, supported


def N_(message: str) -> str:
    """Marks `message` for extraction; translated later, when the page's language is known."""
    return message


MESSAGES = (
    # factcheck/domain/reports.py
    N_("Select or paste the words that are wrong."),
    N_("Unknown revision."),
    N_("Nothing to correct: change the text to the correct version, or add a comment."),
    # factcheck/domain/anchoring.py
    N_("The selected text could not be found in the article."),
    N_("The selected text appears several times; select a few more words."),
    # factcheck/domain/text.py
    N_("Contains a control character (such as NUL), which is not allowed."),
    # factcheck/services/reports.py
    N_("Some fields are not valid."),
    # factcheck/web/schemas.py
    N_("Fill in this field."),
    N_("That email address does not look right."),
    N_("The selected text could not be placed."),
    N_("This version of the article does not exist."),
    N_("This article has no text yet."),
    N_("No report with that link. Check that you copied the whole address."),
    N_("You already reported this error; the editors have it."),
    N_(
        "You already reported this error; the editors have it. "
        "We will write to you too when they decide."
    ),
    N_("Received. The editors will look at it."),
    N_("Received and waiting for an editor."),
    N_("The editors decided not to change the text."),
    N_("The article has changed; an editor is reviewing it."),
    # factcheck/services/stores.py, factcheck/web/api.py
    N_("No such article."),
    N_("Leave the website field empty."),
    N_("Must be empty."),
    N_("This page's origin is not registered for the site; nothing was sent."),
    N_("Register it under Sites in the editor."),
    N_("Reports from other sites go through their registered site; nothing was sent."),
    N_("Not this site's origin."),
    # factcheck/web/edge.py
    N_("The service is briefly unavailable. Please try again in a few seconds."),
    N_("Something went wrong on our side. Please try again later."),
    # factcheck/domain/lifecycle.py: the kinds of error
    N_("Typo or spelling"),
    N_("Wrong name"),
    N_("Factual error"),
    N_("Other"),
    # factcheck/domain/lifecycle.py: why the editors declined
    N_("Not an error"),
    N_("Style choice"),
    N_("Duplicate"),
    N_("Spam"),
)


def _with_numbers() -> dict[str, Callable[[], str]]:
    return {
        f"Select at most {MAX_QUOTE} characters.": lambda: gettext(
            "Select at most %(count)d characters.", count=MAX_QUOTE
        ),
        f"The correction can be at most {MAX_SUGGESTION} characters.": lambda: gettext(
            "The correction can be at most %(count)d characters.", count=MAX_SUGGESTION
        ),
        f"The comment can be at most {MAX_COMMENT} characters.": lambda: gettext(
            "The comment can be at most %(count)d characters.", count=MAX_COMMENT
        ),
        "Choose one of: " + ", ".join(KIND_LABELS.values()) + ".": lambda: gettext(
            "Choose one of: %(kinds)s.",
            kinds=", ".join(gettext(label) for label in KIND_LABELS.values()),
        ),
    }


AT_MOST = re.compile(r"At most (\d+) characters\.")


def translated(message: str) -> str:
    """`message` in the page's language; itself when the catalog does not have it."""
    if not message:
        return message
    numbered = _with_numbers().get(message)
    if numbered is not None:
        return numbered()
    if at_most := AT_MOST.fullmatch(message):
        return str(gettext("At most %(count)d characters.", count=int(at_most.group(1))))
    return str(gettext(message))


def correction_note(kind: str, quote: str, replacement: str, language: str) -> str:
    """The correction note prefilled for the editor (domain/triage.py's house style), in the
    article's language: readers see it as written (README: Languages)."""
    with force_locale(supported(language) or DEFAULT):
        if kind == Kind.NAME:
            return str(
                gettext(
                    "An earlier version of this article misspelled the name of %(name)s "
                    "as “%(quote)s”.",
                    name=replacement.strip(),
                    quote=quote.strip(),
                )
            )
        if kind == Kind.FACT:
            return str(
                gettext(
                    "An earlier version of this article said “%(quote)s”. "
                    "It has been corrected to “%(replacement)s”.",
                    quote=quote.strip(),
                    replacement=replacement.strip(),
                )
            )
        if kind == Kind.TYPO:
            return str(
                gettext(
                    "An earlier version of this article contained a typing error (“%(quote)s”).",
                    quote=quote.strip(),
                )
            )
        if kind == Kind.OTHER:
            return str(
                gettext(
                    "An earlier version of this article said “%(quote)s”; "
                    "it now reads “%(replacement)s”.",
                    quote=quote.strip(),
                    replacement=replacement.strip(),
                )
            )
    return suggested_note(kind, quote, replacement)


def reason_in_words(reason: str | None) -> str:
    """The editors' reason with its label (domain/lifecycle.py) in the page's language."""
    if not reason:
        return ""
    label, detail = reason_parts(reason)
    if label is None:
        return reason
    return ": ".join(part for part in (str(gettext(label)), detail) if part)


def status_message(status: ReportStatus) -> str:
    """A report's status line in the page's language."""
    if status.state is ReaderState.FIXED:
        return str(
            gettext("Fixed in revision %(number)s. Thank you!", number=status.fixed_revision)
        )
    return translated(status.message)
