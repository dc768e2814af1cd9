"""Opening connector clients from the app's settings (services/connectors.Clients)."""

from typing import Any

from factcheck.connectors.wordpress import WordPressClient
from factcheck.domain.outbound import PUBLIC_ONLY, Allowance, parse_allowance


class Clients:
    """Opens a client for a connector's stored settings; `key` decrypts their passwords."""

    def __init__(self, *, key: str, allowance: Allowance = PUBLIC_ONLY, timeout: float = 15.0):
        self.key = key
        self.allowance = allowance
        self.timeout = timeout

    @classmethod
    def from_config(cls, config: Any) -> "Clients":
        return cls(
            key=config.get("CONNECTOR_KEY", ""),
            allowance=parse_allowance(config.get("OUTBOUND_ALLOW", "")),
        )

    def open(self, base_url: str, user: str, app_password: str) -> WordPressClient:
        return WordPressClient(
            base_url, user, app_password, allowance=self.allowance, timeout=self.timeout
        )
