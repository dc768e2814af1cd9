"""The outbound client and the worker against real peers on loopback: no peer, URL or
answer stops a delivery pass, nothing is sent where it may not go, no redirect is followed,
and failures read the same whatever the peer did (no port-scanner oracle)."""

import socket
import struct
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from factcheck import outbound
from factcheck.delivery import Courier
from factcheck.domain.errors import Invalid
from factcheck.domain.notifications import MAX_ATTEMPTS
from factcheck.domain.outbound import parse_allowance
from factcheck.models import OutboxMessage, Webhook, WebhookDelivery, utcnow
from factcheck.services import webhooks
from tests import notify_servers
from tests.builders import an_article
from tests.notify_servers import LOOPBACK, run_worker

receiver = notify_servers.receiver  # a well-behaved webhook receiver on loopback


BIG = 200 * 1024


class Peer:
    """A TCP listener on loopback that misbehaves in one way, counting connections."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.connections = 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                request = connection.recv(65536)
                if self.mode == "garbage":
                    connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
                elif self.mode == "reset":
                    linger = struct.pack("ii", 1, 0)  # close with RST
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                elif self.mode == "silent":
                    self.stop.wait(5)
                elif self.mode == "redirect":
                    connection.sendall(
                        b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\n"
                        b"Content-Length: 0\r\n\r\n"
                    )
                elif self.mode == "big":  # 200 KB naming the request line, then more
                    line = request.split(b"\r\n", 1)[0]
                    body = line + b"\n" + b"y" * (BIG - len(line) - 1)
                    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n"
                    connection.sendall(head.encode() + b"X-Total: 3\r\n\r\n" + body)
                elif self.mode == "huge":
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n")
                    connection.sendall(b"x" * (1024 * 1024))
            except OSError:
                pass

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture
def peers() -> Iterator[dict[str, Peer]]:
    modes = ("garbage", "reset", "silent", "redirect", "huge", "big")
    made = {mode: Peer(mode) for mode in modes}
    yield made
    for peer in made.values():
        peer.close()


def courier() -> Courier:
    return Courier(allowance=LOOPBACK, webhook_timeout=1.0)


def stored_hook(session, url: str) -> Webhook:
    """A webhook row as an old version or a restored backup could have left it."""
    hook = Webhook(url=url, secret="s" * 64, events="revision.created", active=True)
    session.add(hook)
    session.commit()
    return hook


# A NUL cannot be stored on PostgreSQL; a BEL stands for any control character in a URL.
POISONS = ["garbage", "reset", "silent", "https-to-plain", "space-in-url", "control-in-url"]


def poison_url(kind: str, peers: dict[str, Peer], good_port: int) -> str:
    if kind in peers:
        return peers[kind].url
    if kind == "https-to-plain":  # a TLS handshake with a plain HTTP server
        return f"https://127.0.0.1:{good_port}/hook"
    if kind == "space-in-url":
        return f"http://127.0.0.1:{good_port}/a hook"
    return f"http://127.0.0.1:{good_port}/a\x07hook"


@pytest.mark.parametrize("kind", POISONS)
def test_a_poison_peer_fails_only_its_own_message_and_the_rest_are_delivered(
    app, session, peers, receiver, kind
):
    good_port = int(receiver.url.split(":")[2].split("/")[0])
    stored_hook(session, poison_url(kind, peers, good_port))
    webhooks.register(
        session=session, url=receiver.url, events=["revision.created"], allowance=LOOPBACK
    )
    an_article(session, "first")
    an_article(session, "second")  # poison, good, poison, good in the outbox

    stats = run_worker(app, courier())

    assert (stats.claimed, stats.sent, stats.failed) == (4, 2, 2)
    assert len(receiver.deliveries) == 2
    session.rollback()
    poisoned = session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")).all()
    assert [m.attempts for m in poisoned] == [1, 1]
    assert {m.last_error for m in poisoned} <= {
        outbound.NOT_DELIVERED,
        "the receiver's URL is not valid",
    }
    assert all(m.locked_by is None for m in poisoned)  # nothing left leased and untried


def test_a_poison_message_goes_dead_after_the_last_attempt(app, session, peers):
    stored_hook(session, peers["garbage"].url)
    an_article(session)
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS):
        run_worker(app, courier(), now=now + timedelta(days=attempt))
    session.rollback()
    [message] = session.exec(select(OutboxMessage)).all()
    assert (message.status, message.attempts) == ("dead", MAX_ATTEMPTS)


def test_refused_reset_silent_and_garbage_peers_read_the_same_in_the_log(app, session, peers):
    closed = notify_servers.free_port()  # nothing listens here: connection refused
    for url in (f"http://127.0.0.1:{closed}/", peers["reset"].url, peers["silent"].url):
        stored_hook(session, url)
    stored_hook(session, peers["garbage"].url)
    an_article(session)
    run_worker(app, courier())
    session.rollback()
    errors = {d.error for d in session.exec(select(WebhookDelivery)).all()}
    assert errors == {outbound.NOT_DELIVERED}


def test_a_redirect_is_an_answer_never_followed(peers):
    answer = outbound.post(peers["redirect"].url, b"{}", {}, allowance=LOOPBACK, timeout=1.0)
    assert answer.status == 302
    assert peers["redirect"].connections == 1  # nobody went to the Location


def test_a_huge_answer_is_read_only_up_to_the_cap(peers):
    answer = outbound.post(peers["huge"].url, b"{}", {}, allowance=LOOPBACK, timeout=2.0)
    assert answer.status == 200
    assert len(answer.body) <= outbound.MAX_RESPONSE_BYTES


def test_a_loopback_receiver_is_never_contacted_without_an_allowance(app, session, peers):
    peer = peers["garbage"]
    with pytest.raises(outbound.OutboundError, match="not allowed"):
        outbound.post(peer.url, b"{}", {}, allowance=parse_allowance(""), timeout=1.0)
    stored_hook(session, peer.url)
    an_article(session)
    run_worker(app, Courier(webhook_timeout=1.0))  # the production default: public only
    assert peer.connections == 0
    session.rollback()
    [delivery] = session.exec(select(WebhookDelivery)).all()
    assert delivery.error == outbound.NOT_ALLOWED


def test_a_name_resolving_to_loopback_is_refused_at_registration_and_delivery(session):
    with pytest.raises(Invalid) as refused:
        webhooks.register(session=session, url="http://localhost:9/hook", events=["group.fixed"])
    assert "private or local" in refused.value.fields["url"]
    with pytest.raises(outbound.OutboundError, match="not allowed"):
        outbound.post("http://localhost:9/", b"", {}, allowance=parse_allowance(""), timeout=1)


@pytest.mark.parametrize("url", ["http://127.1:9/hook", "http://2130706433/", "http://[::1]/"])
def test_registration_refuses_private_spellings(session, url):
    with pytest.raises(Invalid):
        webhooks.register(session=session, url=url, events=["group.fixed"])
    assert session.exec(select(Webhook)).all() == []


def test_request_sends_any_method_and_reads_up_to_its_own_cap(peers):
    url = peers["big"].url + "?page=2"
    answer = outbound.request(
        "GET", url, None, {}, allowance=LOOPBACK, timeout=2.0, max_bytes=4 * 1024 * 1024
    )
    assert answer.status == 200
    assert answer.body.startswith(b"GET /hook?page=2 HTTP/1.1\n")
    assert len(answer.body) == BIG and not answer.truncated
    assert answer.headers["x-total"] == "3"  # header names in lower case


def test_request_says_when_an_answer_is_cut_at_the_cap(peers):
    answer = outbound.request(
        "GET", peers["big"].url, None, {}, allowance=LOOPBACK, timeout=2.0, max_bytes=1000
    )
    assert (len(answer.body), answer.truncated) == (1000, True)
    default = outbound.request("GET", peers["big"].url, None, {}, allowance=LOOPBACK, timeout=2)
    assert len(default.body) == outbound.MAX_RESPONSE_BYTES and default.truncated


def test_request_never_follows_a_redirect(peers):
    answer = outbound.request(
        "GET", peers["redirect"].url, None, {}, allowance=LOOPBACK, timeout=1.0
    )
    assert answer.status == 302
    assert answer.headers["location"] == "http://127.0.0.1:1/elsewhere"
    assert peers["redirect"].connections == 1


def test_request_refuses_loopback_without_an_allowance(peers):
    peer = peers["big"]
    for method in ("GET", "POST"):
        with pytest.raises(outbound.OutboundError, match="not allowed"):
            outbound.request(method, peer.url, None, {}, allowance=parse_allowance(""), timeout=1.0)
    assert peer.connections == 0


def test_request_failures_read_the_same_as_posts(peers):
    for mode in ("garbage", "reset"):
        with pytest.raises(outbound.OutboundError) as failed:
            outbound.request("GET", peers[mode].url, None, {}, allowance=LOOPBACK, timeout=1)
        assert str(failed.value) == outbound.NOT_DELIVERED
