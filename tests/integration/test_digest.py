"""The editors' optional daily digest, sent through the outbox to a real SMTP server."""

from factcheck.delivery import Courier
from factcheck.services import digest
from tests import notify_servers
from tests.builders import a_report, an_article, the_editor
from tests.notify_servers import run_worker

smtp_server = notify_servers.smtp_server


def test_subscribed_editors_get_one_digest_a_day_listing_new_groups(app, session, smtp_server):
    an_article(session, "story")
    a_report(session, "story", comment="<script>alert(1)</script>", reporter="a")
    subscribed = the_editor(session, "desk@example.com")
    the_editor(session, "quiet@example.com")
    digest.set_digest(session=session, editor_id=subscribed.id, enabled=True)

    assert digest.queue_digests(session=session) == 1
    assert digest.queue_digests(session=session) == 0  # once a day
    courier = Courier(smtp_url=smtp_server.url, public_url="https://news.example")
    assert run_worker(app, courier).sent == 1

    (mail,) = smtp_server.mails
    assert mail.recipients == ["desk@example.com"]
    assert "1 new error group(s)" in mail.message["Subject"]
    text = mail.text()
    assert '"Georgia Maloney" -> "Giorgia Meloni"' in text
    assert "https://news.example/editor/groups/" in text
    assert "<script>" not in mail.html()


def test_a_digest_can_be_switched_off_again(session):
    editor = the_editor(session)
    digest.set_digest(session=session, editor_id=editor.id, enabled=True)
    digest.set_digest(session=session, editor_id=editor.id, enabled=False)
    assert digest.queue_digests(session=session) == 0


def test_the_queue_page_toggles_the_digest(client, session):
    the_editor(session)
    client.post(
        "/editor/login", data={"email": "editor@example.com", "password": "a-long-password"}
    )
    assert "Daily digest email: off" in client.get("/editor/").get_data(as_text=True)
    client.post("/editor/digest")
    assert "Daily digest email: on" in client.get("/editor/").get_data(as_text=True)


def test_flask_digest_queues_and_says_so(runner, session):
    editor = the_editor(session)
    digest.set_digest(session=session, editor_id=editor.id, enabled=True)
    result = runner.invoke(args=["digest"])
    assert result.exit_code == 0
    assert "Queued 1 digest(s)" in result.output
