"""Slow request bodies: a few clients trickling bytes take gunicorn's sync workers away
from everyone; behind the shipped nginx config (deploy/nginx-factcheck.conf) they do not."""

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.faults.conftest import ROOT, answers_healthz, running_server
from tests.notify_servers import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SLOW_CLIENTS = 8  # the attack run took the PostgreSQL deployment down with eight


def require_nginx() -> str:
    if not Path(NGINX).exists():
        message = "nginx is not installed (apt-get install nginx-light)"
        if IN_CI:
            pytest.fail(message + " (CI requires it)")
        pytest.skip(message)
    return NGINX


@contextmanager
def nginx_in_front(app_url: str, tmp_path: Path) -> Iterator[str]:
    """Debian's nginx with the shipped server block, proxying to `app_url`."""
    port = free_port()
    site = (ROOT / "deploy" / "nginx-factcheck.conf").read_text()
    site = site.replace("127.0.0.1:8000", app_url.removeprefix("http://"))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    (prefix / "factcheck.conf").write_text(site)
    (prefix / "nginx.conf").write_text(
        f"""
daemon off;
master_process on;
worker_processes 1;
user root;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/factcheck.conf;
}}
"""
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    if not answers_healthz(base, within=15):
        process.terminate()
        log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
        pytest.fail("nginx did not start:\n" + log[-2000:])
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def trickling(base: str, count: int) -> Iterator[list[socket.socket]]:
    """`count` clients that sent headers of a 1,000-byte body and then one byte."""
    host, port = base.removeprefix("http://").split(":")
    clients = []
    for _ in range(count):
        client = socket.create_connection((host, int(port)), timeout=5)
        client.sendall(
            b"POST /api/v1/articles/x/reports HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
        )
        clients.append(client)
    time.sleep(1.0)  # let every worker (or nginx) take its connection
    try:
        yield clients
    finally:
        for client in clients:
            client.close()


def healthz_seconds(base: str, timeout: float = 3.0) -> float | None:
    started = time.monotonic()
    try:
        urllib.request.urlopen(f"{base}/healthz", timeout=timeout).close()
    except OSError:
        return None
    return time.monotonic() - started


def test_slow_bodies_block_bare_gunicorn_but_not_gunicorn_behind_nginx(tmp_path):
    require_nginx()
    url = f"sqlite:///{tmp_path / 'slow.sqlite3'}"
    with running_server(url, tmp_path, workers=3) as server:
        # The baseline: eight trickling clients hold all three sync workers.
        with trickling(server.url, SLOW_CLIENTS):
            assert healthz_seconds(server.url) is None, "bare gunicorn kept answering"
        with nginx_in_front(server.url, tmp_path) as proxied, trickling(proxied, SLOW_CLIENTS):
            answers = [healthz_seconds(proxied) for _ in range(5)]
            assert all(a is not None and a < 1.0 for a in answers), answers
