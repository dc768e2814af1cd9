"""CMS connectors: clients of a newsroom's CMS (WordPress first), adapters like
factcheck/outbound.py. They talk HTTP only through `factcheck.outbound.request` (checked,
pinned addresses; no redirects) and fail with ConnectorError, whose message an admin may
read: it never holds a password, and says why only as coarsely as the outbound client does.
"""

from enum import StrEnum


class Kind(StrEnum):
    """What went wrong (ConnectorError.kind). "rejected" is a connector's word, not a
    group status: this is the one place it is spelled (tests/unit/test_architecture.py)."""

    AUTH = "auth"  # the user or password refused
    CAPABILITY = "capability"  # the account may not do what Factcheck needs
    UNREACHABLE = "unreachable"  # no answer, or a server error / overload: retry later
    NOT_FOUND = "not_found"  # no such post
    REJECTED = "rejected"  # the CMS refused the request
    INVALID = "invalid"  # an answer Factcheck cannot use, or a URL it may not call


KINDS = frozenset(Kind)


class ConnectorError(Exception):
    """A CMS request that failed, in words safe to show an admin and store.

    kind: "auth" (user or password refused), "capability" (the account may not do what
    Factcheck needs), "unreachable" (no answer, or a server error / overload answer: worth
    retrying later), "not_found" (no such post), "rejected" (the CMS refused the request),
    "invalid" (an answer Factcheck cannot use, or a URL it may not call)."""

    kind: str

    def __init__(self, kind: str, message: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown connector error kind {kind!r}")
        super().__init__(message)
        self.kind = Kind(kind)
        self.message = message

    def __repr__(self) -> str:
        return f"ConnectorError({str(self.kind)!r}, {self.message!r})"
