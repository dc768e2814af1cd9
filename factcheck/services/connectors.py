"""CMS connectors (README: WordPress): a site's posts come in as articles, and every
Factcheck revision of such an article (a fix, a batch, an undo) is written back into the post.

The CMS is reached only through a `CmsClient` (factcheck/connectors: WordPress over its REST
API, through the one outbound HTTP client); no transaction is held while it answers. The
connector's Application Password is stored Fernet-encrypted with FACTCHECK_CONNECTOR_KEY.

Write-back (`deliver_writeback`, an outbox message per revision): read the post's current
source, splice the revision's change into it (`domain.writeback`: only the changed
characters' bytes; block comments, attributes, embeds, shortcodes stay as they are), add the
correction note, write it, and take the post as WordPress answers it as the article's
current text. A post edited in WordPress meanwhile is fine as long as the changed words are
still there (the change is found again by its words and context); when they are gone the
delivery is a *conflict* on the group page and nothing is written.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import and_, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from factcheck.connectors import ConnectorError
from factcheck.domain import writeback
from factcheck.domain.errors import Invalid, NotFound
from factcheck.domain.htmlsource import UnsafeSpan
from factcheck.domain.notifications import MessageStatus
from factcheck.domain.outbound import parse_url
from factcheck.domain.text import PARAGRAPH_SEPARATOR, has_control, without_controls
from factcheck.domain.urls import UrlError, looks_like_url, normalise_article_url
from factcheck.models import (
    Article,
    CmsDelivery,
    Connector,
    Editor,
    OutboxMessage,
    Site,
    utcnow,
)
from factcheck.services import articles, publishing, sites
from factcheck.services.audit import Actor, record
from factcheck.services.transactions import unit_of_work, use_case

log = logging.getLogger(__name__)

AUTHOR = "WordPress"
IMPORTED = "Imported from WordPress"
UPDATED = "Updated in WordPress"
# WordPress compares `modified_after` in its own time zone on some versions; asking for a
# day earlier than the newest post seen costs a few unchanged posts and misses none.
SYNC_OVERLAP = timedelta(days=1)
MAX_TITLE_CHARS = 500
APP_PASSWORD_HINT = "The Application Password WordPress showed (Users → Profile)."  # noqa: S105


class CmsPost(Protocol):
    """A post as a CMS client returns it (factcheck.connectors.wordpress.Post)."""

    @property
    def id(self) -> int: ...

    @property
    def slug(self) -> str: ...

    @property
    def link(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def raw(self) -> str: ...

    @property
    def rendered(self) -> str: ...

    @property
    def date_gmt(self) -> datetime: ...

    @property
    def modified_gmt(self) -> str: ...

    @property
    def status(self) -> str: ...


class CmsClient(Protocol):
    """What Factcheck needs from a CMS (README: Other CMSes)."""

    def check(self) -> Any: ...

    def changed_posts(self, modified_after: str | None) -> Iterator[CmsPost]: ...

    def get_post(self, post_id: int) -> CmsPost: ...

    def find_by_url(self, url: str) -> CmsPost | None: ...

    def update_post(self, post_id: int, *, content: str, title: str | None = None) -> CmsPost: ...


class Clients(Protocol):
    """Opens clients (factcheck.connectors.Clients); `key` is FACTCHECK_CONNECTOR_KEY."""

    key: str

    def open(self, base_url: str, user: str, app_password: str) -> CmsClient: ...


@dataclass(frozen=True)
class ConnectorFields:
    base_url: str
    user: str
    app_password: str
    note_placement: str = "end"


@dataclass
class SyncResult:
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    skipped: int = 0  # a write-back is on its way: its delivery takes the post
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """ "2 new, 1 updated, 40 unchanged" (and those waiting for a write-back)."""
        waiting = f", {self.skipped} waiting for a write-back" if self.skipped else ""
        return f"{self.created} new, {self.revised} updated, {self.unchanged} unchanged{waiting}"


# --- secrets -------------------------------------------------------------------------------


def _fernet(key: str) -> Fernet:
    if not key:
        raise Invalid(
            "FACTCHECK_CONNECTOR_KEY is not set, so the password cannot be stored safely "
            "(make one with `flask --app app new-connector-key`).",
            {"app_password": "The server has no key to encrypt it with."},
        )
    try:
        return Fernet(key.encode())
    except ValueError:
        raise Invalid(
            "FACTCHECK_CONNECTOR_KEY is not a valid key (32 url-safe base64-encoded bytes).",
            {"app_password": "The server's key is not valid."},
        ) from None


def encrypt(key: str, secret: str) -> str:
    return _fernet(key).encrypt(secret.encode()).decode()


def decrypt(key: str, token: str) -> str:
    try:
        return _fernet(key).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ConnectorError(
            "invalid",
            "The stored password cannot be read with this FACTCHECK_CONNECTOR_KEY "
            "(was the key changed?); connect the site again.",
        ) from None


def new_key() -> str:
    return Fernet.generate_key().decode()


# --- connecting ----------------------------------------------------------------------------


def clean(fields: ConnectorFields) -> ConnectorFields:
    """Checked, normalised fields (Invalid with field errors otherwise)."""
    errors: dict[str, str] = {}
    base_url = fields.base_url.strip().rstrip("/")
    try:
        destination = parse_url(base_url)
        if destination.target not in ("", "/") and "?" in destination.target:
            raise Invalid("no query")
    except Invalid:
        errors["url"] = "An http:// or https:// address of the WordPress site, without a query."
    user = fields.user.strip()
    if not user or len(user) > 200 or has_control(user):
        errors["user"] = "The WordPress user name (at most 200 characters)."
    password = fields.app_password.strip()
    if not password or len(password) > 200 or has_control(password):
        errors["app_password"] = APP_PASSWORD_HINT
    if fields.note_placement not in writeback.NOTE_PLACEMENTS:
        errors["note_placement"] = "One of: end, top, none."
    if errors:
        raise Invalid("The connector is not valid.", errors)
    return ConnectorFields(base_url, user, password, fields.note_placement)


def _field_error(error: ConnectorError) -> Invalid:
    where = {"auth": "app_password", "capability": "user"}.get(error.kind, "url")
    return Invalid(str(error), {where: str(error)})


def connect(
    *,
    session: Session,
    site_id: int,
    fields: ConnectorFields,
    clients: Clients,
    actor: Actor = None,
) -> Connector:
    """Attach (or replace) a site's WordPress connector, once WordPress has accepted the
    credentials and the account may edit others' posts and keep unfiltered HTML."""
    fields = clean(fields)
    secret = encrypt(clients.key, fields.app_password)
    try:
        clients.open(fields.base_url, fields.user, fields.app_password).check()
    except ConnectorError as error:
        raise _field_error(error) from None
    with unit_of_work(session):
        site = sites.get_site(session, site_id)
        connector = connector_of(session, site)
        before = _state(connector) if connector else None
        if connector is None:
            connector = Connector(site_id=site.id or 0, base_url="", username="", secret="")
        connector.base_url = fields.base_url
        connector.username = fields.user
        connector.secret = secret
        connector.note_placement = fields.note_placement
        connector.active = True
        connector.last_sync_error = None
        connector.updated_at = utcnow()
        session.add(connector)
        session.flush()
        record(session, actor, "connect", f"site:{site.id}", before, _state(connector))
    return connector


def _state(connector: Connector) -> dict[str, object]:
    # Never the secret, not even encrypted.
    return {
        "kind": connector.kind,
        "url": connector.base_url,
        "user": connector.username,
        "note_placement": connector.note_placement,
        "active": connector.active,
    }


def connector_of(session: Session, site: Site) -> Connector | None:
    return session.exec(select(Connector).where(Connector.site_id == site.id)).first()


def get_connector(session: Session, site: Site) -> Connector:
    connector = connector_of(session, site)
    if connector is None or not connector.active:
        raise NotFound("This site has no CMS connector.")
    return connector


def article_count(session: Session, site: Site) -> int:
    """How many of the site's articles came from its CMS."""
    statement = select(func.count()).where(
        Article.site_id == site.id, col(Article.external_id).is_not(None)
    )
    return int(session.exec(statement).one())


@use_case
def disconnect(*, session: Session, site_id: int, actor: Editor | None = None) -> None:
    site = sites.get_site(session, site_id)
    connector = get_connector(session, site)
    before = _state(connector)
    connector.active = False
    connector.updated_at = utcnow()
    session.add(connector)
    record(session, actor, "disconnect", f"site:{site.id}", before, _state(connector))


def client_of(connector: Connector, clients: Clients) -> CmsClient:
    password = decrypt(clients.key, connector.secret)
    return clients.open(connector.base_url, connector.username, password)


def test_connection(*, session: Session, site_id: int, clients: Clients) -> Any:
    """The account WordPress answers for (ConnectorError with a clear message otherwise)."""
    with unit_of_work(session):
        connector = get_connector(session, sites.get_site(session, site_id))
    return client_of(connector, clients).check()


# --- articles in ---------------------------------------------------------------------------


def _clean_text(value: str, what: str, post_id: int) -> str:
    if has_control(value):  # the CMS is the source: strip, and say so (domain/text.py)
        log.warning("post %s: control characters stripped from its %s", post_id, what)
        return without_controls(value)
    return value


def post_article_text(post: CmsPost) -> str:
    title = _clean_text(post.title, "title", post.id)
    return _clean_text(writeback.post_text(title, post.rendered), "text", post.id)


def writeback_pending(session: Session, article: Article) -> bool:
    pending = session.exec(
        select(OutboxMessage.id).where(
            OutboxMessage.channel == "cms",
            OutboxMessage.status == MessageStatus.PENDING,
            col(OutboxMessage.dedupe_key).startswith(f"cms:{article.id}:"),
        )
    ).first()
    return pending is not None


def _free_slug(session: Session, site: Site, post: CmsPost) -> str:
    base = post.slug if articles.is_slug(post.slug) else f"post-{post.id}"
    for slug in (base, f"{base}-{site.id}-{post.id}"[:200]):
        if session.exec(select(Article.id).where(Article.slug == slug)).first() is None:
            return slug
    return f"{site.key[-8:].lower()}-{post.id}"


def _article_for(session: Session, site: Site, post: CmsPost) -> Article | None:
    found = session.exec(
        select(Article)
        .where(Article.site_id == site.id, Article.external_id == str(post.id))
        .with_for_update()
    ).first()
    if found is None and post.link:
        try:  # an article the CMS pushed through the API before it was connected
            url = normalise_article_url(post.link)
        except UrlError:
            return None
        found = session.exec(
            select(Article).where(Article.site_id == site.id, Article.url == url).with_for_update()
        ).first()
    return found


def store_post(
    session: Session,
    site: Site,
    post: CmsPost,
    *,
    max_body_chars: int = 200_000,
    writing_back: bool = False,
) -> publishing.IngestStatus | None:
    """Take one post as its article's current text, in the caller's unit of work.

    A changed post adds a revision "Updated in WordPress". None when skipped: a write-back
    of this article is still on its way (`writing_back` False), and its delivery takes the
    post, so a sync never mistakes the not-yet-corrected post for an undone fix.
    """
    text = post_article_text(post)
    title, _, body = text.partition(PARAGRAPH_SEPARATOR)
    if not title.strip() or not body.strip():
        raise Invalid(f"Post {post.id} has no title or no text.", {"post": str(post.id)})
    if len(text) > max_body_chars:
        raise Invalid(f"Post {post.id} is longer than {max_body_chars:,} characters.")
    article = _article_for(session, site, post)
    if article is not None and not writing_back and writeback_pending(session, article):
        return None
    created = article is None
    if article is None:
        article = Article(
            slug=_free_slug(session, site, post),
            title=title[:MAX_TITLE_CHARS],
            language=site.language,
        )
    article.site_id = site.id
    article.external_id = str(post.id)
    article.external_modified = post.modified_gmt
    article.external_source = post.raw
    article.published_at = post.date_gmt.astimezone(UTC)
    with suppress(UrlError):
        article.url = normalise_article_url(post.link)
    session.add(article)
    session.flush()
    if created:
        publishing.publish_text(session, article, text, author=AUTHOR, summary=IMPORTED)
        return publishing.IngestStatus.CREATED
    current = articles.get_current_revision(session, article)
    if current.text == text:
        return publishing.IngestStatus.UNCHANGED
    publishing.publish_text(
        session,
        article,
        text,
        author=AUTHOR,
        summary=UPDATED,
        from_cms=True,
        reopen_undone=not writing_back,
    )
    return publishing.IngestStatus.REVISED


def _since(synced_until: str | None) -> str | None:
    if not synced_until:
        return None
    try:
        moment = datetime.fromisoformat(synced_until)
    except ValueError:
        return None
    return (moment - SYNC_OVERLAP).replace(microsecond=0).isoformat()


def sync(
    *,
    session: Session,
    site_id: int,
    clients: Clients,
    full: bool = False,
    max_body_chars: int = 200_000,
) -> SyncResult:
    """Bring in every published post modified since the last sync (all with `full`).

    Each post is its own unit of work, so one bad post or a lost connection keeps what was
    synced before it; the connector remembers the newest modification time taken.
    """
    with unit_of_work(session):
        site = sites.get_site(session, site_id)
        connector = get_connector(session, site)
        since = None if full else _since(connector.synced_until)
    result = SyncResult()
    newest = connector.synced_until or ""
    error: str | None = None
    try:
        for post in client_of(connector, clients).changed_posts(since):
            try:
                with unit_of_work(session):
                    status = _store_with_retry(session, site, post, max_body_chars)
            except Invalid as invalid:
                result.errors.append(str(invalid))
                continue
            if status is None:
                result.skipped += 1
            elif status is publishing.IngestStatus.CREATED:
                result.created += 1
            elif status is publishing.IngestStatus.REVISED:
                result.revised += 1
            else:
                result.unchanged += 1
            newest = max(newest, post.modified_gmt)
    except ConnectorError as failure:
        error = str(failure)
        result.errors.append(error)
    with unit_of_work(session):
        connector = get_connector(session, sites.get_site(session, site_id))
        connector.synced_until = newest or None
        connector.last_sync_at = utcnow()
        connector.last_sync_error = error
        session.add(connector)
    return result


def _store_with_retry(
    session: Session, site: Site, post: CmsPost, max_body_chars: int
) -> publishing.IngestStatus | None:
    try:
        with session.begin_nested():
            return store_post(session, site, post, max_body_chars=max_body_chars)
    except IntegrityError:  # another worker created the same article first: now an update
        return store_post(session, site, post, max_body_chars=max_body_chars)


def due_sites(session: Session, *, every: timedelta, now: datetime | None = None) -> list[int]:
    """Claim the connected sites whose last sync is older than `every` (one worker each)."""
    now = now or utcnow()
    due = and_(
        col(Connector.active).is_(True),
        or_(col(Connector.last_sync_at).is_(None), col(Connector.last_sync_at) < now - every),
    )
    with unit_of_work(session):
        ids = list(session.exec(select(Connector.id).where(due)).all())
        claimed: list[int] = []
        for connector_id in ids:
            result = session.execute(
                update(Connector)
                .where(col(Connector.id) == connector_id, due)
                .values(last_sync_at=now)
            )
            if getattr(result, "rowcount", 1):
                site_id = session.exec(
                    select(Connector.site_id).where(Connector.id == connector_id)
                ).one()
                claimed.append(site_id)
    return claimed


def fetch_on_demand(
    *, session: Session, site: Site, reference: str, clients: Clients
) -> Article | None:
    """The article of a connected site's page a reader reports on before any sync took
    it: fetched from the CMS by its URL, stored, and returned (None when the CMS has no
    published post there, or the site has no connector)."""
    if not looks_like_url(reference):
        return None
    with unit_of_work(session):
        connector = connector_of(session, site)
    if connector is None or not connector.active:
        return None
    try:
        post = client_of(connector, clients).find_by_url(reference)
    except ConnectorError as failure:
        log.warning("site %s: fetching %r on demand failed: %s", site.id, reference, failure)
        return None
    if post is None or post.status != "publish":
        return None
    with unit_of_work(session):
        _store_with_retry(session, site, post, 200_000)
        return _article_for(session, site, post)


# --- fixes out -----------------------------------------------------------------------------


def check_writeback(article: Article, old_text: str, new_text: str) -> None:
    """Refuse, before it is published, a fix the CMS post could not take safely."""
    if article.external_source is None:
        return
    try:
        writeback.rewrite(
            writeback.PostSource(title=article.title, content=article.external_source),
            old_text,
            new_text,
            placement="none",
        )
    except UnsafeSpan as unsafe:
        raise Invalid(str(unsafe), {"text": str(unsafe)}) from None
    except writeback.SpanGone:
        pass  # the delivery finds it again in the post as it is then, or reports a conflict


@dataclass(frozen=True)
class _Job:
    site: Site
    connector: Connector
    article_id: int
    external_id: int
    base_text: str
    new_text: str
    note: str | None


def _job(session: Session, payload: dict[str, Any]) -> _Job | str:
    article = session.get(Article, payload.get("article_id"))
    if article is None or article.site_id is None or article.external_id is None:
        return "the article is not connected to a CMS"
    site = session.get(Site, article.site_id)
    connector = connector_of(session, site) if site else None
    if site is None or connector is None or not connector.active:
        return "the site has no active connector"
    base, number = payload.get("base"), payload.get("revision")
    if not isinstance(base, int) or not isinstance(number, int):
        return "the message names no revisions"
    new = articles.get_revision(session, article, number)
    return _Job(
        site=site,
        connector=connector,
        article_id=article.id or 0,
        external_id=int(article.external_id),
        base_text=articles.revision_text(session, article.id or 0, base),
        new_text=new.text,
        note=new.note,
    )


def _earlier_pending(session: Session, message_id: int, article_id: int) -> bool:
    earlier = session.exec(
        select(OutboxMessage.id).where(
            OutboxMessage.channel == "cms",
            OutboxMessage.status == MessageStatus.PENDING,
            col(OutboxMessage.id) < message_id,
            col(OutboxMessage.dedupe_key).startswith(f"cms:{article_id}:"),
        )
    ).first()
    return earlier is not None


def deliver_writeback(
    *, session: Session, message_id: int, payload: dict[str, Any], clients: Clients
) -> str | None:
    """One write-back attempt: None when finished (written, unchanged, or a conflict the
    group page shows), else why it should be tried again."""
    started = time.monotonic()
    with unit_of_work(session):
        job = _job(session, payload)
        if isinstance(job, str):
            return None if job.startswith("the article") else job
        if _earlier_pending(session, message_id, job.article_id):
            return "waiting for an earlier write-back of this article"
    revision = int(payload["revision"])
    try:
        client = client_of(job.connector, clients)
        post = client.get_post(job.external_id)
    except ConnectorError as failure:
        if failure.kind == "not_found":
            _finish(session, job, message_id, revision, "conflict", str(failure), started)
            return None
        return _failed(session, job, message_id, revision, str(failure), started)
    original = writeback.PostSource(title=post.title, content=post.raw)
    try:
        changed = writeback.rewrite(
            original,
            job.base_text,
            job.new_text,
            note=job.note,
            placement=job.connector.note_placement,
        )
    except writeback.SpanGone as gone:
        with unit_of_work(session):  # the words are gone there: take the post as it is
            store_post(session, job.site, post, writing_back=True)
        _finish(session, job, message_id, revision, "conflict", str(gone), started)
        return None
    except UnsafeSpan as unsafe:
        # The post still holds the error, in markup the fix cannot cross: Factcheck keeps
        # its corrected copy, and the group page says to make the change in WordPress.
        _finish(session, job, message_id, revision, "refused", str(unsafe), started)
        return None
    if changed == original:
        with unit_of_work(session):
            store_post(session, job.site, post, writing_back=True)
        _finish(session, job, message_id, revision, "unchanged", "", started)
        return None
    try:
        written = client.update_post(
            job.external_id,
            content=changed.content,
            title=changed.title if changed.title != original.title else None,
        )
    except ConnectorError as failure:
        return _failed(session, job, message_id, revision, str(failure), started)
    with unit_of_work(session):
        store_post(session, job.site, written, writing_back=True)
    _finish(session, job, message_id, revision, "written", "", started)
    return None


def _record(
    session: Session,
    job: _Job,
    message_id: int,
    revision: int,
    result: str,
    detail: str,
    started: float,
) -> None:
    with unit_of_work(session):
        session.add(
            CmsDelivery(
                connector_id=job.connector.id or 0,
                article_id=job.article_id,
                outbox_id=message_id,
                revision=revision,
                result=result,
                detail=detail[:2000] or None,
                duration_ms=int((time.monotonic() - started) * 1000),
                created_at=utcnow(),
            )
        )


def _finish(
    session: Session,
    job: _Job,
    message_id: int,
    revision: int,
    result: str,
    detail: str,
    started: float,
) -> None:
    _record(session, job, message_id, revision, result, detail, started)
    log.info("write-back of article %s revision %s: %s", job.article_id, revision, result)


def _failed(
    session: Session, job: _Job, message_id: int, revision: int, detail: str, started: float
) -> str:
    _record(session, job, message_id, revision, "failed", detail, started)
    return detail


def deliveries(session: Session, article_id: int, revision: int | None = None) -> list[CmsDelivery]:
    """An article's write-back log, newest first (one revision's with `revision`)."""
    statement = select(CmsDelivery).where(CmsDelivery.article_id == article_id)
    if revision is not None:
        statement = statement.where(CmsDelivery.revision == revision)
    return list(session.exec(statement.order_by(col(CmsDelivery.id).desc()).limit(50)).all())
