"""What the domain and the services tell a reader, marked for the catalogs and translated.

The domain stays pure: it writes its messages in English, and that English is the msgid.
This module lists them for `pybabel extract` (`N_`) so the catalogs carry them, and turns
a message back into the page's language. A message that names a limit is matched whole
against the domain's own constant, so it is translated with the same number.
"""

import re
from collections.abc import Callable

from flask_babel import force_locale, gettext, pgettext

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
    # factcheck/domain/urls.py: a report's or an article's language
    N_("Use a language tag such as en, uk or pt-BR."),
    # factcheck/services/sites.py: the widget's site and article
    N_("No such site, or it is no longer active."),
    N_("This article is not known to the editors yet."),
    N_("This page's origin is not registered for the site."),
    # factcheck/services/history.py, factcheck/web/public.py, params.py, cursors.py: the
    # public pages' and the public API's addresses
    N_("Bad revision number."),
    N_("A revision number, or 'cur'."),
    N_("Unknown view."),
    N_("Use inline or split."),
    N_("Not a page number."),
    N_("A whole number, 1 or more."),
    N_("Not a cursor this list gave out; use the `next` value of the previous answer."),
    # factcheck/web/schemas.py: a request the API cannot read
    N_("The request body is empty; send a JSON object."),
    N_("The request body is not valid UTF-8."),
    N_("The JSON document is nested too deeply."),
    N_("The request body is not valid JSON."),
    N_("The request body must be a JSON object."),
    N_("Send the report as JSON, with the header Content-Type: application/json."),
    N_("Some query parameters are not valid."),
    # factcheck/web/schemas.py: pydantic's problems in our words (PROBLEM_WORDS)
    N_("Unknown field; leave it out."),
    N_("Give a whole number."),
    N_("Give text."),
    N_("Give true or false."),
    N_("Give a list."),
    N_("Give an object."),
    N_("Not in the expected form."),
    # factcheck/web/security.py: refused before any page
    N_("The address contains a control character."),
    N_("Form fields must not contain control characters (such as NUL)."),
    # factcheck/web/edge.py
    N_("The service is briefly unavailable. Please try again in a few seconds."),
    N_("Something went wrong on our side. Please try again later."),
    N_("This form has expired or was sent from another page. Reload the page and try again."),
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

# Messages with a value in them, as the services and web/schemas.py write them in English
# (matched whole), and the msgid each is translated through with the same values.
WITH_VALUES = (
    (re.compile(r"At least (?P<count>\d+) characters\."), N_("At least %(count)s characters.")),
    (re.compile(r"At most (?P<count>\d+) items\."), N_("At most %(count)s items.")),
    (re.compile(r"At least (?P<count>\d+) items\."), N_("At least %(count)s items.")),
    (re.compile(r"At most (?P<limit>-?\d+)\."), N_("At most %(limit)s.")),
    (re.compile(r"At least (?P<limit>-?\d+)\."), N_("At least %(limit)s.")),
    (re.compile(r"Use one of: (?P<choices>.*)\.", re.S), N_("Use one of: %(choices)s.")),
    (
        re.compile(
            r"The request body is not valid JSON \(line (?P<line>\d+), column (?P<column>\d+)\)\."
        ),
        N_("The request body is not valid JSON (line %(line)s, column %(column)s)."),
    ),
    (
        re.compile(r"Article (?P<slug>.+) has no revision (?P<number>\d+)\.", re.S),
        N_("Article %(slug)s has no revision %(number)s."),
    ),
    (re.compile(r"No revision (?P<number>\d+)\."), N_("No revision %(number)s.")),
    (re.compile(r"No article (?P<slug>.+)\.", re.S), N_("No article %(slug)s.")),
    # services/editors.py and sites.py, on the admin pages' forms
    (
        re.compile(r"Use at least (?P<count>\d+) characters\."),
        N_("Use at least %(count)s characters."),
    ),
    (
        re.compile(r"The name is at most (?P<count>\d+) characters\."),
        N_("The name is at most %(count)s characters."),
    ),
    (re.compile(r"At most (?P<count>\d+) origins\."), N_("At most %(count)s origins.")),
    (
        re.compile(r"The selector is at most (?P<count>\d+) characters\."),
        N_("The selector is at most %(count)s characters."),
    ),
    # services/connectors.py: a post a sync could not take
    (
        re.compile(r"Post (?P<post>\d+) has no title or no text\."),
        N_("Post %(post)s has no title or no text."),
    ),
    (
        re.compile(r"Post (?P<post>\d+) is longer than (?P<count>[\d,]+) characters\."),
        N_("Post %(post)s is longer than %(count)s characters."),
    ),
)


CANNOT_BE = re.compile(r"A group that is (?P<status>[a-z]+) cannot be (?P<verb>[a-z ]+)\.")


def _cannot_be(status: str, verb: str) -> str:
    """domain/lifecycle.py's refusal of a transition (editors see it), with its status and
    its verb in the page's language."""
    verbs = {
        "snoozed": pgettext("a group cannot be", "snoozed"),
        "woken": pgettext("a group cannot be", "woken"),
        "fixed": pgettext("a group cannot be", "fixed"),
        "reopened by a report": pgettext("a group cannot be", "reopened by a report"),
        "marked outdated": pgettext("a group cannot be", "marked outdated"),
        "rejected": pgettext("a group cannot be", "rejected"),
        "reopened": pgettext("a group cannot be", "reopened"),
        "merged": pgettext("a group cannot be", "merged"),
    }
    return str(
        gettext(
            "A group that is %(status)s cannot be %(verb)s.",
            status=str(gettext(status)),
            verb=str(verbs.get(verb, verb)),
        )
    )


def translated(message: str) -> str:
    """`message` in the page's language; itself when the catalog does not have it."""
    if not message:
        return message
    numbered = _with_numbers().get(message)
    if numbered is not None:
        return numbered()
    if at_most := AT_MOST.fullmatch(message):
        return str(gettext("At most %(count)d characters.", count=int(at_most.group(1))))
    if refusal := CANNOT_BE.fullmatch(message):
        return _cannot_be(refusal.group("status"), refusal.group("verb"))
    for pattern, msgid in WITH_VALUES:
        if found := pattern.fullmatch(message):
            return str(gettext(msgid, **found.groupdict()))
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
