"""No list page or list endpoint sends more SQL statements when it shows more rows."""

from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session

from factcheck.models import AuditEntry, OutboxMessage, StyleName, Webhook, WebhookDelivery
from factcheck.services import articles
from tests.builders import a_report, a_site, a_token, an_article, the_editor
from tests.web.conftest import login

ADMIN = "admin@example.com"


@contextmanager
def counted(session: Session):
    """The SQL statements the app's engine runs inside the block (any session)."""
    statements: list[str] = []
    engine = session.get_bind()

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def grow(session: Session, start: int, stop: int, hook_id: int) -> None:
    """Rows `start`..`stop` of every list: articles with a correction and a group each, a
    revision of "story", audit entries, stylebook names, sites, webhook deliveries."""
    for index in range(start, stop):
        slug = f"story-{index:03d}"
        an_article(session, slug)
        an_article(session, slug, body="Changed.\n\nLast paragraph.")
        revision = articles.get_revision(session, articles.get_article(session, slug), 2)
        revision.note = f"Corrected {index}."
        a_report(session, slug, "Last paragraph", "Last para", reporter=f"r{index}", kind="typo")
        an_article(session, "story", body=f"Revision {index}.\n\nLast paragraph.")
        session.add(AuditEntry(action="test", target=f"t:{index}"))
        session.add(StyleName(canonical=f"Name {index:03d}", variants="", kind="person"))
        message = OutboxMessage(channel="webhook", event="revision.created", dedupe_key=f"k{index}")
        session.add(message)
        session.flush()
        session.add(WebhookDelivery(webhook_id=hook_id, outbox_id=message.id or 0, status_code=200))
        session.commit()
        a_site(session, f"Site {index:03d}", origins=(f"https://s{index}.example",))


PAGES = [
    "/",
    "/corrections",
    "/articles/story/history",
    "/articles/story/history.atom",
    "/editor/",
    "/editor/?status=all&q=para",
    "/editor/?q=para",  # the open queue's search walks the queue first
    "/editor/audit",
    "/editor/stylebook/",
    "/editor/admin/webhooks/{hook}",
    "/editor/admin/sites",
    "/api/v1/articles",
    "/api/v1/articles/story/revisions",
    "/api/v1/articles/story/revisions?include=text",
    "/api/v1/groups?status=all",
    "/api/v1/groups?q=para",
    "/api/v1/sites",
]


def test_every_list_takes_as_many_statements_for_eight_rows_as_for_two(client, session):
    the_editor(session, ADMIN, role="admin")
    token = a_token(session, ADMIN)
    auth = {"Authorization": f"Bearer {token}"}
    an_article(session, "story")
    hook = Webhook(url="https://cms.example/hook", secret="s")
    session.add(hook)
    session.commit()
    assert login(client, ADMIN).status_code == 302
    counts: dict[str, list[int]] = {path: [] for path in PAGES}
    shown: dict[str, list[int]] = {path: [] for path in PAGES}
    for start, stop in ((0, 2), (2, 8)):
        grow(session, start, stop, hook.id or 0)
        for path in PAGES:
            url = path.format(hook=hook.id)
            headers = auth if "/api/" in url else None
            client.get(url, headers=headers)  # once first: a token's or session's touch-ups
            with counted(session) as statements:
                answer = client.get(url, headers=headers)
            assert answer.status_code == 200, (url, answer.get_data(as_text=True)[:300])
            counts[path].append(len(statements))
            shown[path].append(len(answer.get_data()))
    grew = {path: c for path, c in counts.items() if c[1] > c[0]}
    assert grew == {}, f"statements grew with the rows shown: {grew}"
    # The pages did show more rows the second time.
    assert all(after > before for before, after in shown.values())
