"""Origins and canonical article URLs, normalised in one place (pure: no I/O).

An *origin* is `scheme://host[:port]` as a browser sends it in the `Origin` header:
http or https, lower-case, the default port dropped, nothing else. A *canonical article
URL* is the address of an article on a newsroom's site: the same rules for its scheme and
host, its path and query kept as written, the fragment dropped (it never reaches a server
and a reader's `#comments` must still find the article).
"""

import re
from urllib.parse import SplitResult, urlsplit

MAX_URL_CHARS = 2000
MAX_ORIGIN_CHARS = 300
MAX_LANGUAGE_CHARS = 35
DEFAULT_PORTS = {"http": 80, "https": 443}
# A BCP 47 tag, loosely: a 2–3 letter language, then subtags of 1–8 letters or digits.
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# Letters, digits, dots, hyphens (IDN hosts arrive punycoded), or an IPv6 literal.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST = re.compile(rf"^(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9a-f:.]+\])$")


class UrlError(ValueError):
    """Not an origin or article URL Factcheck accepts; the message says why."""


class LanguageError(ValueError):
    """Not a language tag."""


def _split(value: str, what: str) -> tuple[SplitResult, str]:
    if any(ch in value for ch in "\x00\r\n\t ") or not value.isprintable():
        raise UrlError(f"The {what} contains spaces or control characters.")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise UrlError(f"The {what} is not a valid address.") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UrlError(f"The {what} must start with http:// or https://.")
    if parts.username is not None or parts.password is not None:
        raise UrlError(f"The {what} must not contain a user name or password.")
    host = (parts.hostname or "").lower()
    if not host or not _HOST.match(host if ":" not in host else f"[{host}]"):
        raise UrlError(f"The {what} needs a host name, e.g. https://news.example.com.")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    return parts, f"{scheme}://{netloc}"


def normalise_origin(value: str) -> str:
    """`https://News.Example.com:443/` → `https://news.example.com`; UrlError otherwise."""
    value = value.strip()
    if len(value) > MAX_ORIGIN_CHARS:
        raise UrlError(f"An origin is at most {MAX_ORIGIN_CHARS} characters.")
    parts, origin = _split(value, "origin")
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise UrlError("An origin is only scheme://host[:port], without a path or query.")
    return origin


def origin_of(value: str) -> str | None:
    """The normalised origin an `Origin` header names, or None when it names none."""
    try:
        return normalise_origin(value)
    except UrlError:
        return None


def normalise_article_url(value: str) -> str:
    """The canonical form of an article's address; UrlError when it is not http(s)."""
    value = value.strip()
    if len(value) > MAX_URL_CHARS:
        raise UrlError(f"The address is longer than {MAX_URL_CHARS} characters.")
    parts, origin = _split(value, "address")
    return origin + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def looks_like_url(value: str) -> bool:
    return "://" in value


def normalise_language(value: str) -> str:
    """A BCP 47 tag in its usual case (`EN-gb` → `en-GB`, `zh-hant` → `zh-Hant`)."""
    value = value.strip()
    if len(value) > MAX_LANGUAGE_CHARS or not _LANGUAGE.match(value):
        raise LanguageError("Use a language tag such as en, uk or pt-BR.")
    first, *rest = value.split("-")
    subtags = [first.lower()]
    for part in rest:
        if len(part) == 2 and part.isalpha():
            subtags.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            subtags.append(part.title())
        else:
            subtags.append(part.lower())
    return "-".join(subtags)
