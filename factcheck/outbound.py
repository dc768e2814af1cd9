"""The one outbound HTTP client (webhooks; CMS connectors): it connects only where it may.

`request()` sends any method; `post()` is the webhooks' shorthand.

Each request resolves the host, refuses it unless every address it resolves to is public or
allowed (factcheck/domain/outbound.py), then connects to the address it checked — not to a
second lookup, so a DNS answer that changes in between (rebinding) cannot redirect it. It
never follows redirects, bounds the time and the size of what it reads, and says why a
request failed only in coarse words: the delivery log must not tell a closed port from a
filtered one (it would make the webhook form a port scanner).
"""

import http.client
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from factcheck.domain.errors import Invalid
from factcheck.domain.outbound import (
    Allowance,
    Destination,
    IPAddress,
    check_address,
    literal_address,
    parse_url,
)

MAX_RESPONSE_BYTES = 64 * 1024
NOT_DELIVERED = "no valid HTTP answer from the receiver"
NOT_ALLOWED = "the receiver's address is not allowed (a private or local network)"
NOT_RESOLVED = "the receiver's host name could not be resolved"


class OutboundError(Exception):
    """A request that did not get an HTTP answer; the message is safe to show and store."""


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes  # at most the request's max_bytes (MAX_RESPONSE_BYTES unless it says)
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case
    truncated: bool = False  # the body went on past max_bytes, or past the timeout


def _addresses(destination: Destination) -> list[IPAddress]:
    literal = literal_address(destination.host)
    if literal is not None:
        return [literal]
    try:
        found = socket.getaddrinfo(destination.host, destination.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise OutboundError(NOT_RESOLVED) from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in found:
        address = literal_address(str(sockaddr[0]).split("%")[0])
        if address is not None and address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OutboundError(NOT_RESOLVED)
    return addresses


def resolve(destination: Destination, allowance: Allowance) -> IPAddress:
    """The address to connect to; OutboundError when any resolved address is not allowed
    (a name that resolves to one public and one private address is refused whole)."""
    addresses = _addresses(destination)
    for address in addresses:
        try:
            check_address(destination, address, allowance)
        except Invalid:
            raise OutboundError(NOT_ALLOWED) from None
    return addresses[0]


def check_destination(url: str, allowance: Allowance) -> str:
    """For a URL an admin enters: its normalised form, or Invalid when it is malformed or
    points where Factcheck may not connect. A name that does not resolve yet is accepted;
    every request checks again."""
    destination = parse_url(url)
    try:
        resolve(destination, allowance)
    except OutboundError as error:
        if str(error) == NOT_ALLOWED:
            why = NOT_ALLOWED.capitalize() + "."
            raise Invalid("The URL is not valid.", {"url": why}) from None
    return destination.url


class _Pinned(http.client.HTTPConnection):
    """HTTP to a checked address, with the URL's host in the Host header."""

    def __init__(self, address: IPAddress, host: str, port: int, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = str(address)

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(_Pinned):
    """HTTPS to a checked address; the certificate is verified for the URL's host."""

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def request(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    *,
    allowance: Allowance,
    timeout: float,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> Answer:
    """Send one `method` request to `url`; the peer's answer (any status, redirects
    included, never followed) with at most `max_bytes` of its body, or OutboundError.

    `timeout` bounds each socket operation and the reading of the body as a whole: what
    has not arrived by then is left unread and the answer says `truncated`, as it does
    when the body is longer than `max_bytes`."""
    try:
        destination = parse_url(url)
    except Invalid:
        raise OutboundError("the receiver's URL is not valid") from None
    if method.upper() not in _METHODS:
        raise ValueError(f"unsupported HTTP method {method!r}")
    address = resolve(destination, allowance)
    kind = _PinnedTLS if destination.scheme == "https" else _Pinned
    deadline = time.monotonic() + timeout
    connection = kind(address, destination.host, destination.port, timeout)
    try:
        connection.request(method.upper(), destination.target, body=body, headers=headers)
        response = connection.getresponse()
        chunks: list[bytes] = []
        size = 0
        truncated = False
        while True:
            if time.monotonic() >= deadline:
                truncated = True
                break
            # One byte past the cap tells a body of exactly max_bytes from a longer one.
            chunk = response.read1(max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                truncated = True
                break
        answered = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, b"".join(chunks)[:max_bytes], answered, truncated)
    except (OSError, ValueError, http.client.HTTPException):
        # Refused, reset, timed out, TLS, not HTTP: one answer for all (see the docstring).
        raise OutboundError(NOT_DELIVERED) from None
    finally:
        connection.close()


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    allowance: Allowance,
    timeout: float,
) -> Answer:
    """POST `body` to `url` (a webhook): `request()` with the default size cap."""
    return request("POST", url, body, headers, allowance=allowance, timeout=timeout)
