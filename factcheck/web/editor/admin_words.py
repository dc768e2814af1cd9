"""The words the admin pages get from the services in English (the audit log's actions and
targets, the refusals of the sites, editors, webhooks and connector services), marked for the
catalogs and said in the editor's language (like web/editor/words.py for the group page)."""

from flask_babel import gettext, pgettext

from factcheck.services import audit as audit_log
from factcheck.web.reader_messages import N_

# services/audit.py's ACTIONS, the log's plain words for each action ("… on group 12");
# tests/web/test_admin_language.py holds this list to that one.
ACTION_WORDS = (
    N_("published a fix"),
    N_("assigned"),
    N_("commented"),
    N_("connected the CMS"),
    N_("created an editor"),
    N_("issued an API token"),
    N_("changed the password"),
    N_("deleted a saved filter"),
    N_("queued the digest emails"),
    N_("disconnected the CMS"),
    N_("changed the kind"),
    N_("merged groups"),
    N_("changed the priority"),
    N_("confirmed"),
    N_("undid a rejection"),
    N_("rejected the group"),
    N_("reopened"),
    N_("reverted an article"),
    N_("revised an article"),
    N_("revoked an API token"),
    N_("saved a filter"),
    N_("imported seed articles"),
    N_("ran the checker"),
    N_("changed whether an editor can log in"),
    N_("changed the digest setting"),
    N_("registered a site"),
    N_("changed whether a site is active"),
    N_("edited a site"),
    N_("snoozed the group"),
    N_("split a group"),
    N_("received reports split from a group"),
    N_("changed the stylebook"),
    N_("deleted a stylebook entry"),
    N_("imported the stylebook"),
    N_("saved a stylebook entry"),
    N_("synced the CMS"),
    N_("undid a fix"),
    N_("registered a webhook"),
    N_("deactivated a webhook"),
    N_("resent a webhook message"),
    N_("sent a test event"),
)
# What the admin services refuse a form or a button with (services/editors.py, sites.py,
# webhooks.py, connectors.py), shown through web/form_errors.py, which translates them.
SERVICE_MESSAGES = (
    N_("That email address is not valid."),
    N_("Use a plain address."),
    N_("Unknown role."),
    N_("The password is too short."),
    N_("An editor with that email exists."),
    N_("Already taken."),
    N_("No such editor."),
    N_("No such API token."),
    N_("You cannot deactivate yourself."),
    N_("Ask another admin."),
    N_("Give the site a name."),
    N_("Name at least one origin, e.g. https://news.example.com."),
    N_("The site is not valid."),
    N_("Choose the events to send."),
    N_("This webhook is deactivated; nothing is sent to it."),
    N_("Register it again to use it."),
    N_("The server has no key to encrypt it with."),
    N_("The server's key is not valid."),
    N_("An http:// or https:// address of the WordPress site, without a query."),
    N_("The WordPress user name (at most 200 characters)."),
    N_("One of: end, top, none."),
    N_("The Application Password WordPress showed (Users → Profile)."),
    N_("The connector is not valid."),
    N_("This site has no CMS connector."),
    # factcheck/domain/outbound.py, factcheck/outbound.py: a webhook's URL, a delivery's answer
    N_("The URL is not valid."),
    N_("Use an absolute http:// or https:// URL (at most 2,000 characters)."),
    N_("The address or port is not valid."),
    N_("The URL contains spaces or characters that are not allowed."),
    N_("Use an absolute http:// or https:// URL."),
    N_("Do not put credentials in the URL."),
    N_("The host name is not valid."),
    N_("Zone ids are not allowed in a URL's address."),
    N_("The receiver's address is not allowed (a private or local network)."),
    N_("no valid HTTP answer from the receiver"),
    N_("the receiver's address is not allowed (a private or local network)"),
    N_("the receiver's host name could not be resolved"),
)


def action_words() -> dict[str, str]:
    """Every action the log's filter offers, by code, in the editor's language, with a
    capital first letter ("Issued an API token": the rest keeps its case)."""
    said = {code: str(gettext(words)) for code, words in audit_log.ACTIONS.items()}
    return {code: words[:1].upper() + words[1:] for code, words in said.items()}


def describe(action: str) -> str:
    """An entry's action in plain words; an action without words shows its code."""
    return str(gettext(audit_log.describe(action)))


def target_kind(kind: str) -> str:
    """The kind of thing an entry is on ("group" of "group 12"), in the editor's language."""
    kinds = {
        "article": pgettext("audit log target", "article"),
        "editor": pgettext("audit log target", "editor"),
        "filter": pgettext("audit log target", "filter"),
        "group": pgettext("audit log target", "group"),
        "site": pgettext("audit log target", "site"),
        "stylename": pgettext("audit log target", "stylename"),
        "webhook": pgettext("audit log target", "webhook"),
    }
    return str(kinds.get(kind, kind))
