"""The reader's language (README: Languages): Flask-Babel, the locale of each page, dates.

Article pages speak the article's language (`use_language`); pages tied to no article
negotiate `?lang=`, then the `factcheck-lang` cookie, then `Accept-Language`; editor
pages are English unless the editor picks another (the footer's switcher there sets the
editor's own `factcheck-editor-lang` cookie, so a language chosen for the public pages never
changes the editor's, nor the other way round). A language without a compiled catalog
falls back to English text (Flask-Babel's NullTranslations).
"""

import logging
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from flask import Flask, Response, current_app, g, request
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_timedelta,
    get_locale,
    gettext,
    refresh,
)

log = logging.getLogger(__name__)
DEFAULT = "en"
COOKIE = "factcheck-lang"
# The editor's language preference, a cookie of its own (README: Languages).
EDITOR_COOKIE = "factcheck-editor-lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
# "10 January 2024" / "10 січня 2024": a month in the grammatical case a day takes.
DATE_FORMAT = "d MMMM y"
DATETIME_FORMAT = "d MMMM y, HH:mm"
# Scripts written right to left, by the language's primary subtag.
# A language tag's shape (BCP 47's language, then up to three subtags), before it is looked up.
TAG_SHAPE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}")
RTL = frozenset({"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})


def languages() -> list[str]:
    """English and every language with a compiled catalog (`make messages-compile`)."""
    return _compiled(str(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]))


@lru_cache(maxsize=4)
def _compiled(folder: str) -> list[str]:
    root = Path(folder)
    names = sorted({path.parent.parent.name for path in root.glob("*/LC_MESSAGES/messages.mo")})
    if not names:
        log.warning("no compiled catalogs in %s: English only (make messages-compile)", root)
    return [DEFAULT, *(name for name in names if name != DEFAULT)]


def supported(tag: str | None) -> str | None:
    """The shipped language for BCP 47 `tag` (`uk-UA` → `uk`), or None."""
    if not tag:
        return None
    wanted = tag.strip().replace("_", "-").lower()
    if not TAG_SHAPE.fullmatch(wanted):
        return None  # "uk-", "../uk", a 10,000-letter tag: no language at all
    shipped = languages()
    if wanted in shipped:
        return wanted
    primary = wanted.split("-", 1)[0]
    return primary if primary in shipped else None


def use_language(tag: str | None) -> None:
    """This page speaks `tag` (an article's or a report's language) when it is shipped; its
    `lang` and `dir` are the text's own either way (an Arabic article with English words
    around it is still right to left)."""
    g.page_language = supported(tag) or DEFAULT
    g.text_language = tag or DEFAULT
    refresh()  # a locale read earlier in this request is forgotten


def negotiated() -> str:
    """?lang=, the cookie the switcher sets, then Accept-Language, then English."""
    for tag in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if found := supported(tag):
            return found
    return request.accept_languages.best_match(languages()) or DEFAULT


def _is_editor_page() -> bool:
    return request.path.startswith("/editor")


def select_locale() -> str:
    page = g.get("page_language")
    if page:
        return str(page)
    if _is_editor_page():
        # Editors keep English unless they choose a language themselves: whatever their
        # browser says, and whatever language they read the public pages in.
        return editor_language()
    return negotiated()


def direction(tag: str | None = None) -> str:
    """ "rtl" for a right-to-left language, else "ltr"."""
    name = (tag or str(get_locale() or DEFAULT)).split("-", 1)[0].split("_", 1)[0].lower()
    return "rtl" if name in RTL else "ltr"


def language_name(tag: str) -> str:
    """A language's name in itself: "English", "українська"."""
    try:
        return (Locale.parse(tag).get_display_name(tag) or tag).capitalize()
    except (ValueError, UnknownLocaleError):
        return tag


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return str(format_date(value, DATE_FORMAT))


def long_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return str(format_datetime(value, DATETIME_FORMAT))


def newsroom_time(value: datetime | None) -> str:
    """An absolute time in the newsroom's time zone (FACTCHECK_TIMEZONE), with its zone."""
    if value is None:
        return ""
    return str(format_datetime(value, "d MMM yyyy, HH:mm zzz"))


def ago(value: datetime | None) -> str:
    """How long ago `value` was, in words ("5 minutes ago"); the editor's relative time."""
    if value is None:
        return ""
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)
    return str(format_timedelta(moment - datetime.now(UTC), add_direction=True, threshold=1))


def translate(message: str) -> str:
    """A message the domain or a service wrote in English, in the page's language (the
    English text is its msgid; web/reader_messages.py marks them for extraction)."""
    from factcheck.web.reader_messages import translated

    # str(): an enum's own value (a StrEnum hashes by its name, so a catalog misses it).
    return translated(str(message))


def editor_language() -> str:
    """The editor pages' language: `?lang=` (the switcher's link), else the editor's cookie,
    else English."""
    for tag in (request.args.get("lang"), request.cookies.get(EDITOR_COOKIE)):
        if found := supported(tag):
            return found
    return DEFAULT


def _remember_choice(response: Response) -> Response:
    chosen = supported(request.args.get("lang"))
    cookie = EDITOR_COOKIE if _is_editor_page() else COOKIE
    if chosen and request.cookies.get(cookie) != chosen:
        response.set_cookie(
            cookie, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True, secure=False
        )
    if not _is_editor_page() and not request.path.startswith("/api/"):
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def _template_globals() -> dict[str, Any]:
    locale = str(g.get("text_language") or get_locale() or DEFAULT)
    return {
        "page_lang": locale.replace("_", "-"),
        "page_dir": direction(locale),
        "shipped_languages": [(tag, language_name(tag)) for tag in languages()],
    }


def _fresh_choice() -> None:
    # Flask-Babel caches the locale on `g`, which outlives a request when an app context
    # was pushed around it (a CLI command, a test): every request chooses anew.
    g.pop("page_language", None)
    g.pop("text_language", None)
    refresh()


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config.get("TIMEZONE") or "UTC")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["long_datetime"] = long_datetime
    app.jinja_env.filters["newsroom_time"] = newsroom_time
    app.jinja_env.filters["ago"] = ago
    app.jinja_env.filters["translate"] = translate
    from factcheck.web.reader_messages import reason_in_words

    app.jinja_env.filters["reason_in_words"] = reason_in_words
    app.context_processor(_template_globals)
    app.before_request(_fresh_choice)
    app.after_request(_remember_choice)
    # Jinja's i18n extension ({% trans %}) comes with Flask-Babel; `_` is gettext.
    app.jinja_env.globals.setdefault("_", gettext)
