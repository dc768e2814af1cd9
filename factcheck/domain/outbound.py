"""Where Factcheck may send requests (webhooks, CMS connectors): URL rules and address policy.

Admins type these URLs, so a URL is a request to connect somewhere on their behalf. Only
public (globally routable) addresses are allowed, whatever the spelling: `127.1`,
`2130706433`, `0x7f.0.0.1`, `[::ffff:127.0.0.1]` and `0.0.0.0` are all loopback or
unspecified. Loopback or private peers (tests, a CMS on the same host) must be named
explicitly in an allowance (`FACTCHECK_OUTBOUND_ALLOW`). Pure: resolving names is the
caller's job (factcheck/outbound.py); this module only judges addresses and spellings.
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from factcheck.domain.errors import Invalid

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_URL_CHARS = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
# Printable ASCII without space: anything else in a stored URL (a space, NUL, a control
# character, raw Unicode) is refused rather than encoded behind the admin's back.
_URL_CHARS = re.compile(r"^[\x21-\x7e]+$")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _bad(why: str) -> Invalid:
    return Invalid("The URL is not valid.", {"url": why})


@dataclass(frozen=True)
class Destination:
    """A checked URL: its normalised text and the parts a connection needs."""

    url: str
    scheme: str
    host: str  # lower-case; IDNA for names, no brackets for IPv6
    port: int
    target: str  # path and query, as sent in the request line


def parse_url(url: str) -> Destination:
    """An absolute http(s) URL with a host, normalised; Invalid naming what is wrong."""
    url = url.strip()
    if not url or len(url) > MAX_URL_CHARS:
        raise _bad("Use an absolute http:// or https:// URL (at most 2,000 characters).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _bad("The address or port is not valid.") from None
    outside_host = (parts.scheme, parts.path, parts.query, parts.fragment)
    if any(text and not _URL_CHARS.match(text) for text in outside_host) or any(
        ord(c) < 0x21 or 0x7F <= ord(c) < 0xA0 for c in parts.netloc
    ):
        raise _bad("The URL contains spaces or characters that are not allowed.")
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise _bad("Use an absolute http:// or https:// URL.")
    if parts.username is not None or parts.password is not None:
        raise _bad("Do not put credentials in the URL.")
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower().rstrip(".")
    except UnicodeError:
        raise _bad("The host name is not valid.") from None
    if "%" in host:
        raise _bad("Zone ids are not allowed in a URL's address.")
    if literal_address(host) is None and not all(_LABEL.match(x) for x in host.split(".")):
        raise _bad("The host name is not valid.")
    port = port or DEFAULT_PORTS[scheme]
    shown_host = f"[{host}]" if ":" in host else host
    netloc = shown_host if port == DEFAULT_PORTS[scheme] else f"{shown_host}:{port}"
    path = parts.path or "/"
    normal = urlunsplit((scheme, netloc, path, parts.query, ""))
    target = path + (f"?{parts.query}" if parts.query else "")
    return Destination(normal, scheme, host, port, target)


def _ipv4_number(part: str) -> int | None:
    base = 10
    digits = part
    if part[:2] in ("0x", "0X"):
        base, digits = 16, part[2:] or "0"
    elif len(part) > 1 and part.startswith("0"):
        base, digits = 8, part[1:]
    try:
        return int(digits, base)
    except ValueError:
        return None


def literal_address(host: str) -> IPAddress | None:
    """The address a host spells directly, in any form a C resolver accepts (inet_aton:
    `127.1`, `2130706433`, `0x7f.0.0.1`, `0177.0.0.1`), or None for a name."""
    candidate = host.strip("[]")
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        pass
    parts = candidate.split(".")
    if not 1 <= len(parts) <= 4 or not all(parts):
        return None
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    *leading, last = values
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(values)):
        return None
    value = 0
    for n in leading:
        value = value * 256 + n
    value = value * 256 ** (5 - len(values)) + last
    return ipaddress.IPv4Address(value)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """Globally routable unicast: not loopback, private, link-local, multicast, reserved,
    shared (CGNAT), documentation or unspecified — also when hidden inside an IPv6 address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
    return address.is_global and not address.is_multicast


@dataclass(frozen=True)
class Allowance:
    """Hosts an admin allowed although they are not public: `host` or `host:port` each."""

    entries: frozenset[tuple[str, int | None]] = frozenset()

    def permits(self, host: str, port: int, address: IPAddress | None = None) -> bool:
        names = {host.lower()}
        if address is not None:
            names.add(str(address))
        return any(name in names and allowed in (None, port) for name, allowed in self.entries)


PUBLIC_ONLY = Allowance()


def parse_allowance(value: str) -> Allowance:
    """`FACTCHECK_OUTBOUND_ALLOW`: comma-separated `host`, `host:port` or `[v6]:port`."""
    entries: set[tuple[str, int | None]] = set()
    for raw in value.split(","):
        item = raw.strip().lower()
        if not item:
            continue
        port: int | None = None
        host = item
        if item.startswith("["):
            host, _, rest = item[1:].partition("]")
            if rest.startswith(":") and rest[1:].isdigit():
                port = int(rest[1:])
        elif item.count(":") == 1:
            host, _, text = item.partition(":")
            port = int(text) if text.isdigit() else None
        address = literal_address(host)
        entries.add((str(address) if address is not None else host, port))
    return Allowance(frozenset(entries))


def check_address(destination: Destination, address: IPAddress, allowance: Allowance) -> None:
    """Invalid unless `address` (what the destination's host resolved to) may be used."""
    if is_public(address) or allowance.permits(destination.host, destination.port, address):
        return
    raise _bad("That address is not reachable from Factcheck (a private or local network).")
