"""Delivery infrastructure: SMTP mail from templates, signed webhook POSTs (no Flask here)."""

import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from babel import support
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from factcheck import outbound
from factcheck.connectors.clients import Clients
from factcheck.domain.lifecycle import reason_parts
from factcheck.domain.notifications import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    address_hash,
    sign,
)
from factcheck.domain.outbound import PUBLIC_ONLY, Allowance, parse_allowance
from factcheck.services import connectors
from factcheck.services.outbox import DeliveryFailed

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
SMTP_TIMEOUT = 20.0
WEBHOOK_TIMEOUT = 10.0
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def N_(message: str) -> str:
    """Marks `message` for the catalogs (make messages-extract); translated when sent."""
    return message


SUBJECTS = {
    "fixed": N_("Fixed: the error you reported in “%(title)s”"),
    "rejected": N_("Your report on “%(title)s”: no change"),
}


@lru_cache(maxsize=16)
def translations(language: str) -> support.NullTranslations:
    """The compiled catalog for `language` (`uk-UA` falls back to `uk`), else English."""
    tag = (language or "en").replace("-", "_")
    return support.Translations.load(str(TRANSLATIONS), [tag, tag.split("_", 1)[0]])


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "plain" | "starttls" | "ssl"
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpSettings:
    """smtp://host:25, smtp+starttls://user:pass@host:587, smtps://user:pass@host:465."""
    parts = urlsplit(url)
    schemes = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("ssl", 465)}
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError("FACTCHECK_SMTP_URL must be smtp://, smtp+starttls:// or smtps://host")
    security, default_port = schemes[parts.scheme]
    return SmtpSettings(
        host=parts.hostname,
        port=parts.port or default_port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


@lru_cache(maxsize=16)
def _mail_environment(language: str = "en") -> Environment:
    """The mail templates, their `_()` in `language` (the reporter's, README: Languages)."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES / "mail")),
        autoescape=select_autoescape(["html"], default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations(language), newstyle=True
    )
    return environment


def _scrub(text: str, address: str) -> str:
    """An error text safe to store and log: the recipient's address replaced by its hash."""
    if address:
        text = text.replace(address, f"<{address_hash(address)}>")
    return text[:500]


class Courier:
    """Sends what the outbox hands over: one email to one recipient, or one webhook POST."""

    def __init__(
        self,
        *,
        smtp_url: str = "",
        mail_from: str = "Factcheck <factcheck@localhost>",
        public_url: str = "",
        smtp_timeout: float = SMTP_TIMEOUT,
        webhook_timeout: float = WEBHOOK_TIMEOUT,
        allowance: Allowance = PUBLIC_ONLY,
        clients: Clients | None = None,
    ) -> None:
        self.clients = clients or Clients(key="", allowance=allowance)
        self.smtp = parse_smtp_url(smtp_url) if smtp_url else None
        self.mail_from = mail_from
        self.base_url = (public_url or DEFAULT_BASE_URL).rstrip("/")
        self.smtp_timeout = smtp_timeout
        self.webhook_timeout = webhook_timeout
        self.allowance = allowance
        self.templates = _mail_environment()

    @classmethod
    def from_config(cls, config: Any) -> "Courier":
        return cls(
            smtp_url=config.get("SMTP_URL", ""),
            mail_from=config.get("MAIL_FROM", "Factcheck <factcheck@localhost>"),
            public_url=config.get("PUBLIC_URL", ""),
            allowance=parse_allowance(config.get("OUTBOUND_ALLOW", "")),
            clients=Clients.from_config(config),
        )

    # -- CMS write-back ------------------------------------------------------

    def write_back(self, session: Any, message_id: int, payload: dict[str, Any]) -> str | None:
        return connectors.deliver_writeback(
            session=session, message_id=message_id, payload=payload, clients=self.clients
        )

    # -- email ---------------------------------------------------------------

    def build_email(self, payload: dict[str, Any]) -> EmailMessage:
        """The outcome mail for one reporter: plain text with an HTML alternative."""
        if payload.get("kind") == "digest":
            return self._digest(payload)
        if payload.get("kind") == "regressed":
            return self._regressed(payload)
        outcome = payload["outcome"]
        article = payload["article"]
        base = self.base_url
        fixed = payload.get("fixed_revision")
        context = {
            **payload,
            "article_url": base + article["path"],
            "status_url": f"{base}/reports/{payload['report_token']}",
            "diff_url": (
                f"{base}{article['path']}/diff?from={fixed - 1}&to={fixed}" if fixed else None
            ),
            "revision_url": f"{base}{article['path']}/revisions/{fixed}" if fixed else None,
        }
        language = payload.get("language") or "en"
        context["lang"] = language
        if payload.get("reason"):
            label, detail = reason_parts(payload["reason"])
            if label is not None:
                words = translations(language).gettext(label)
                context["reason"] = ": ".join(part for part in (words, detail) if part)
        templates = _mail_environment(language)
        message = EmailMessage()
        message["Subject"] = translations(language).gettext(SUBJECTS[outcome]) % {
            "title": article["title"]
        }
        message["From"] = self.mail_from
        message["To"] = payload["to"]
        domain = self.mail_from.rsplit("@", 1)[-1].strip("> ") or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
        mailbox = self.mail_from.rsplit("<", 1)[-1].strip("> ")
        # There is no unsubscribe endpoint: each report gets one outcome mail at most.
        message["List-Unsubscribe"] = (
            f"<mailto:{mailbox}?subject=unsubscribe>, <{context['status_url']}>"
        )
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(templates.get_template(f"{outcome}.txt").render(context))
        message.add_alternative(
            templates.get_template(f"{outcome}.html").render(context), subtype="html"
        )
        message["Content-Language"] = language  # after the content: set_content clears it
        return message

    def _digest(self, payload: dict[str, Any]) -> EmailMessage:
        """An editor's daily digest of new open groups, most important first."""
        context = {**payload, "queue_url": f"{self.base_url}/editor/", "base": self.base_url}
        message = EmailMessage()
        count = len(payload["groups"])
        message["Subject"] = f"Factcheck: {count} new error group(s), {payload['open']} open"
        message["From"] = self.mail_from
        message["To"] = payload["to"]
        domain = self.mail_from.rsplit("@", 1)[-1].strip("> ") or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
        message["List-Unsubscribe"] = f"<{self.base_url}/editor/>"
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(self.templates.get_template("digest.txt").render(context))
        message.add_alternative(
            self.templates.get_template("digest.html").render(context), subtype="html"
        )
        return message

    def _regressed(self, payload: dict[str, Any]) -> EmailMessage:
        """To an editor: a CMS update brought back words a published fix had replaced."""
        article = payload["article"]
        group_url = f"{self.base_url}/editor/groups/{payload['group_id']}"
        message = EmailMessage()
        message["Subject"] = f"Factcheck: a CMS update undid a correction in “{article['title']}”"
        message["From"] = self.mail_from
        message["To"] = payload["to"]
        domain = self.mail_from.rsplit("@", 1)[-1].strip("> ") or "localhost"
        message["Message-ID"] = make_msgid(domain=domain)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(
            f"Revision {payload['revision']} of “{article['title']}”, pushed by the CMS, "
            f"says “{payload['quote']}” again where the published correction read "
            f"“{payload['fix']}”.\n\nThe group is back at the top of the queue, "
            f"with the correction ready to publish again:\n{group_url}\n"
        )
        return message

    def send_email(self, payload: dict[str, Any]) -> None:
        address = payload.get("to") or ""
        if not address:
            raise DeliveryFailed("no recipient address (already purged)")
        message = self.build_email(payload)
        if self.smtp is None:
            log.info(
                "mail (not sent, FACTCHECK_SMTP_URL unset) to %s: %s",
                address_hash(address),
                message["Subject"],
            )
            return
        try:
            self._smtp_send(message, address)
        except (OSError, smtplib.SMTPException) as error:
            detail = str(error) or error.__class__.__name__
            raise DeliveryFailed(_scrub(f"{error.__class__.__name__}: {detail}", address)) from None

    def _smtp_send(self, message: EmailMessage, address: str) -> None:
        settings = self.smtp
        assert settings is not None
        client: smtplib.SMTP
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=self.smtp_timeout,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=self.smtp_timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password or "")
            # One envelope recipient: reporters never see each other's addresses.
            client.send_message(message, to_addrs=[address])

    # -- webhooks ------------------------------------------------------------

    def post_webhook(self, *, url: str, secret: str, event: str, body: bytes) -> int:
        """The receiver's HTTP status (redirects are answers, never followed), or
        DeliveryFailed in words safe to log (factcheck/outbound.py)."""
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Factcheck-Webhook/1",
            EVENT_HEADER: event,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
        }
        try:
            answer = outbound.post(
                url, body, headers, allowance=self.allowance, timeout=self.webhook_timeout
            )
        except outbound.OutboundError as error:
            raise DeliveryFailed(str(error)) from None
        return answer.status
