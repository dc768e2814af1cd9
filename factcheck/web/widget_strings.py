"""The reader widget's words, from the same catalogs as the pages (README: Languages).

embed.js carries the few words it shows before the dialog opens (the button, the link, one
notice) for every shipped language, written in as GET /embed.js serves it, so it still
makes no request before then. The dialog comes with its words: GET /embed/strings/<lang>.json
(web/public.py), one small cached JSON per language: its markup (templates/embed/dialog.html)
and what its script says. `{n}` stands for a number.
"""

from flask import render_template
from flask_babel import force_locale, gettext

from factcheck.web.i18n import DEFAULT, direction, languages, supported
from factcheck.web.reader_messages import N_

BEFORE_OPEN = {
    "button": N_("Report error"),
    "link": N_("Report an error"),
    "failed": N_("The report form could not be loaded. Please try again later."),
}

# What dialog.js says as it works; the dialog's own words are in templates/embed/dialog.html.
DIALOG = {
    "sending": N_("Sending…"),
    "many": N_("You have sent many reports in a short time."),
    "later": N_("Please try again later."),
    "seconds": N_("Please try again in {n} seconds."),
    "minutes": N_("Please try again in {n} minutes."),
    "tooLarge": N_("The report is too long. Please shorten the correction or the comment."),
    "server": N_(
        "Something went wrong on our side. Your text is still here; please try again later."
    ),
    "notSent": N_("The report could not be sent."),
    "offline": N_(
        "Could not reach the server. Your text is still here; check your connection and try again."
    ),
    "missing": N_("Copy or type the words that are wrong."),
    "quoteMax": N_("Please quote at most {n} characters."),
    "shorter": N_("Please select a shorter passage (at most {n} characters)."),
    "ownText": N_("Please select words of the article's own text."),
    "unregistered": N_(
        "This website is not registered with Factcheck for reports, so yours could not be sent. "
        "Please tell the newsroom."
    ),
}
# Only Factcheck's own pages show the hint under the article (report/hint.js).
OWN_PAGE = {
    "shorterNotice": N_(
        "Please select a shorter passage — at most {n} characters — and try again."
    ),
    "tap": N_(
        "If you notice an error, select the text and tap “Report error” to report it to the "
        "editors."
    ),
}


def _in(language: str, words: dict[str, str]) -> dict[str, str]:
    with force_locale(language):
        return {key: str(gettext(text)) for key, text in words.items()}


def dialog_strings(tag: str, limits: dict[str, int]) -> dict[str, object] | None:
    """The dialog in the shipped language for `tag` (its markup and what its script says),
    or None when none is shipped."""
    language = supported(tag)
    if language is None:
        return None
    with force_locale(language):
        markup = render_template("embed/dialog.html", limits=limits)
    return {
        "lang": language,
        "dir": direction(language),
        "markup": "".join(line.strip() for line in markup.splitlines()),
        "strings": _in(language, DIALOG),
    }


def before_open_strings() -> dict[str, dict[str, str]]:
    """{language: {button, link, failed}} for every shipped language (English first)."""
    return {language: _in(language, BEFORE_OPEN) for language in languages()}


def for_page(tag: str | None) -> dict[str, str]:
    """The dialog's words for a page of Factcheck's own, rendered into the dialog."""
    language = supported(tag) or DEFAULT
    return _in(language, DIALOG | OWN_PAGE)
