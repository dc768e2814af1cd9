"""The attack driver: every route of the app, over real HTTP on loopback, with a hostile corpus.

Shared by tests/attack/test_attack.py and bench/attack.py. It counts two things:

- server errors: any 5xx but a deliberate 503 (with Retry-After), and any body that shows a
  traceback or a database driver's name;
- wrongly written rows: after every request the database is read again; a refused request
  (4xx) must have changed no row, and no new or changed row may hold what the validators
  forbid (control characters, an RFC 2047 address, a webhook URL to a private address, a
  role or status outside its set, a candidate list that is not JSON, more readers counted
  than reported).

Routes come from the app's url_map and JSON bodies from its OpenAPI document, so a new
route is attacked without a change here. The corpus is sampled per route, deterministically.
"""

import contextlib
import hashlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from sqlalchemy import create_engine, select, text
from sqlmodel import SQLModel

from factcheck import create_app, models  # noqa: F401  (models: every table is registered)
from factcheck.domain import outbound
from factcheck.domain.lifecycle import GroupStatus
from factcheck.domain.text import has_control

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO = "italy-signals-peace-talks-russia-ukraine"
DEMO_ORIGIN = "http://127.0.0.1:5001"
PASSWORD = "attack-password-0123"
LEAKS = ("Traceback (most recent call last)", 'File "/', "sqlalchemy.", "psycopg.", "sqlite3.")

# --- the corpus -----------------------------------------------------------------------------

HUGE = "ж" * 100_000
SQL = "'; DROP TABLE report; -- \" OR 1=1 /*"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
EMOJI = "🙂👩🏽‍💻🇺🇦"
RTL = "\u202eevil\u202c \u200f\u2066x\u2069 مرحبا"
HOMOGLYPH = "Gіorgia Meloni"  # Cyrillic і
RFC2047 = "=?utf-8?q?evil?=@example.com"
TEXT_PAYLOADS: dict[str, str] = {
    "nul": "Giorgia\x00Meloni",
    "c0": "a\x01b\x1fc\x0bd",
    "c1": "a\x85b\x9fc",
    "del": "a\x7fb",
    "sql": SQL,
    "xss": XSS,
    "emoji": EMOJI,
    "rtl": RTL,
    "huge": HUGE,
    "20-digit": "99999999999999999999",
    "negative": "-1",
    "zero": "0",
    "empty": "",
    "homoglyph": HOMOGLYPH,
    "rfc2047": RFC2047,
    "traversal": "../../../../etc/passwd",
    "crlf": "a\r\nSet-Cookie: x=y",
    "noncharacter": "a\ufffeb",
}
# Where webhooks, origins and page URLs could be made to point.
URL_PAYLOADS: dict[str, str] = {
    "loopback-127.1": "http://127.1/hook",
    "loopback-int": "http://2130706433/hook",
    "loopback-hex": "http://0x7f.0.0.1/hook",
    "loopback-octal": "http://0177.0.0.1/hook",
    "any-address": "http://0.0.0.0:5432/",
    "ipv6-loopback": "http://[::1]/hook",
    "ipv4-mapped": "http://[::ffff:127.0.0.1]/hook",
    "localhost": "http://localhost:5432/",
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "private": "http://10.0.0.1/hook",
    "file": "file:///etc/passwd",
    "gopher": "gopher://127.0.0.1:6379/_FLUSHALL",
    "javascript": "javascript:alert(1)",
    "space": "https://93.184.215.14/a b",
    "nul-url": "https://93.184.215.14/a\x00b",
    "credentials": "https://user:pass@93.184.215.14/",
}
# Path segments in place of one route parameter (already percent-encoded).
PATH_PAYLOADS: dict[str, str] = {
    "nul": "%00",
    "c0": "a%1Fb",
    "c1": "a%C2%85b",
    "20-digit": "99999999999999999999",
    "negative": "-1",
    "sql": quote(SQL, safe=""),
    "xss": quote(XSS, safe=""),
    "emoji": quote(EMOJI, safe=""),
    "rtl": quote(RTL, safe=""),
    "long-unicode": quote("ж" * 600, safe=""),
    "bad-utf8": "%FF%FE",
    "dots": "..",
}
QUERY_KEYS = ("q", "page", "next", "status", "kind", "sort", "site", "revision", "before", "to")
FOREIGN_ORIGIN = "https://evil.example"
# A valid value for each field name any form or JSON body uses; {placeholders} are ids.
FIELD_DEFAULTS: dict[str, Any] = {
    "revision": 1,
    "quote": "Georgia Maloney",
    "suggestion": "Giorgia Meloni",
    "comment": "",
    "kind": "name",
    "email": "",
    "start": 0,
    "article": DEMO,
    "page_url": DEMO_ORIGIN + "/" + DEMO,
    "reader": "attack-reader-0123456789",
    "title": "A headline",
    "body": "First paragraph.\n\nSecond paragraph.",
    "summary": "Attack run",
    "url": None,
    "text": "Giorgia Meloni",
    "base_revision": 1,
    "note": "",
    "reason": "style",
    "detail": "",
    "into": "{other}",
    "name": "Attack News",
    "origins": ["https://attack.example"],
    "language": "en",
    "selector": "",
    # HTML forms only.
    "choice": "0",
    "custom": "",
    "more_reports": "3",
    "until": "",
    "assignee": "{editor}",
    "reports": "{report}",
    "action": "reject",
    "groups": "{group}",
    "to": "1",
    "events": "revision.created",
    "canonical": "Attack Name",
    "variants": "",
    "current": "wrong-password",
    "new": "",
    "password": "",
    "role": "editor",
    "active": "0",
}


# --- HTTP -----------------------------------------------------------------------------------


OVERSIZED = 1024 * 1024


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str]

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(
    base: str,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 20,
) -> Answer:
    """One request on a fresh connection; no redirects followed, the path sent as given."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        sent = {k.lower(): v for k, v in (headers or {}).items()}
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None and "content-length" not in sent:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        if body:
            # An oversized body is declared in full but only its start is sent: the server
            # must answer 413 from the header alone, not wait for (or buffer) megabytes.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # answered early
                connection.send(body[:OVERSIZED] if len(body) > OVERSIZED else body)
        response = connection.getresponse()
        data = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                cookies[key.strip()] = val.strip()
        lowered = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, lowered, data, cookies)
    finally:
        connection.close()


_CSRF = re.compile(
    r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|'
    r'<input[^>]*value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_in(page: str) -> str | None:
    match = _CSRF.search(page)
    return (match.group(1) or match.group(2)) if match else None


class Client:
    """One identity: anonymous with a session, a logged-in editor, or an API token."""

    def __init__(self, base: str, name: str, *, email: str | None = None) -> None:
        self.base = base
        self.name = name
        self.email = email
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.stale_csrf = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.Zz.stale"
        self.bearer: str | None = None
        self.ended = False
        self.counter = 0

    def forwarded_for(self) -> str:
        # The test server trusts one proxy hop: each request comes from its own client
        # address, so the per-client login and report limits never mask an answer.
        self.counter += 1
        n = self.counter
        tag = int(hashlib.sha256(self.name.encode()).hexdigest()[:2], 16)
        return f"10.{tag}.{(n >> 8) & 255}.{n & 255}"

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Host": urlsplit(self.base).netloc, "X-Forwarded-For": self.forwarded_for()}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        headers.update(extra or {})
        return headers

    def request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Answer:
        answer = send(self.base, method, path, headers=self.headers(headers), body=body or None)
        for key, value in answer.cookies.items():
            if value:
                self.cookies[key] = value
            else:
                self.cookies.pop(key, None)
        return answer

    def fetch_csrf(self, path: str) -> None:
        page = self.request("GET", path).text()
        token = csrf_in(page)
        if token:
            if self.csrf and token != self.csrf:
                self.stale_csrf = self.csrf
            self.csrf = token

    def login(self) -> None:
        assert self.email
        for _attempt in range(5):
            self.cookies.clear()
            self.fetch_csrf("/editor/login")
            body = urlencode(
                {"email": self.email, "password": PASSWORD, "csrf_token": self.csrf}
            ).encode()
            answer = self.request(
                "POST",
                "/editor/login",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                body=body,
            )
            if answer.status == 302:
                self.fetch_csrf("/editor/account/password")
                self.ended = False
                return
            time.sleep(1)
        raise RuntimeError(f"{self.email} cannot log in: {answer.status} {answer.text()[:300]}")


# --- the database ---------------------------------------------------------------------------


Rows = dict[tuple[str, Any], tuple[Any, ...]]
IGNORED = {("apitoken", "last_used_at")}
KINDS = {"typo", "name", "date", "fact", "other", "number", "style", "grammar"}


class Database:
    """Every table's rows, read afresh after each request."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.tables = SQLModel.metadata.sorted_tables

    def rows(self) -> Rows:
        found: Rows = {}
        with self.engine.connect() as connection:
            for table in self.tables:
                columns = [c for c in table.columns if (table.name, c.name) not in IGNORED]
                keys = [c.name for c in table.primary_key.columns]
                for row in connection.execute(select(*columns)).mappings():
                    pk = tuple(row[k] for k in keys)
                    found[(table.name, pk)] = tuple((c.name, row[c.name]) for c in columns)
        return found

    def dispose(self) -> None:
        self.engine.dispose()


def changed(before: Rows, after: Rows) -> list[tuple[str, Any]]:
    keys = set(before) | set(after)
    return sorted((k for k in keys if before.get(k) != after.get(k)), key=repr)


def forbidden(table: str, row: dict[str, Any], rows: Rows) -> list[str]:
    """What in one stored row the validators should never have let through."""
    problems = []
    for name, value in row.items():
        if isinstance(value, str) and has_control(value):
            problems.append(f"{table}.{name} holds a control character: {value[:60]!r}")
    if table in ("editor", "report") and row.get("email"):
        email = row["email"]
        if "=?" in email or "@" not in email or any(c in email for c in "\r\n<>,;\"'"):
            problems.append(f"{table}.email is not a plain address: {email[:80]!r}")
    if table == "editor" and row.get("role") not in {"editor", "admin"}:
        problems.append(f"editor.role {row.get('role')!r}")
    if table == "errorgroup":
        if row.get("status") not in {s.value for s in GroupStatus}:
            problems.append(f"errorgroup.status {row.get('status')!r}")
        for name in ("candidates", "edits"):
            try:
                if not isinstance(json.loads(row.get(name) or ""), list):
                    raise ValueError
            except ValueError:
                problems.append(f"errorgroup.{name} is not a JSON list")
        readers = {
            dict(r)["reporter"]
            for (t, _), r in rows.items()
            if t == "report" and dict(r)["group_id"] == row["id"]
        }
        if row.get("merged_into") is None and row.get("reporter_count", 0) > len(readers):
            problems.append(
                f"errorgroup {row['id']} counts {row['reporter_count']} readers, has {len(readers)}"
            )
    if table == "webhook":
        url = row.get("url") or ""
        try:
            destination = outbound.parse_url(url)
            address = outbound.literal_address(destination.host)
            if destination.url != url:
                problems.append(f"webhook.url is not normalised: {url[:80]!r}")
            if address is not None and not outbound.is_public(address):
                problems.append(f"webhook.url points at a private address: {url[:80]!r}")
            if destination.host == "localhost" or destination.host.endswith(".localhost"):
                problems.append(f"webhook.url points at localhost: {url[:80]!r}")
        except Exception:
            problems.append(f"webhook.url is not a valid URL: {url[:80]!r}")
    if table == "report" and row.get("kind") not in KINDS:
        problems.append(f"report.kind {row.get('kind')!r}")
    return problems


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Target:
    base: str
    database_url: str
    env: dict[str, str]
    label: str

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "flask"), "--app", "app", *args],
            cwd=ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
        )


def server_env(database_url: str, instance: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SECRET_KEY": "attack-run-secret",
        "FACTCHECK_INSTANCE_PATH": str(instance),
        "FACTCHECK_REPORT_RATE_LIMIT": "1000000/minute",
        "FACTCHECK_TRUSTED_PROXIES": "1",
        "FACTCHECK_LOG_LEVEL": "ERROR",
    }


@contextmanager
def running_server(database_url: str, workdir: Path, label: str) -> Iterator[Target]:
    """Migrate `database_url`, then serve it with gunicorn on a free loopback port."""
    env = server_env(database_url, workdir / "instance")
    port = free_port()
    target = Target(f"http://127.0.0.1:{port}", database_url, env, label)
    target.cli("db", "upgrade")
    log = workdir / "gunicorn.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--timeout", "60", "app:app"],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if send(target.base, "GET", "/healthz", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start:\n" + log.read_text()[-2000:])
            time.sleep(0.2)
        yield target
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the world the attack runs in -----------------------------------------------------------


@dataclass
class World:
    target: Target
    db: Database
    ids: dict[str, str]
    clients: dict[str, Client]
    tokens: list[str] = field(default_factory=list)


def new_token(target: Target, email: str) -> str:
    return target.cli("create-token", email).stdout.strip().splitlines()[-1]


def seed(target: Target) -> World:
    """The demo article and site (CLI), an admin, an editor, a victim editor, tokens; two
    report groups, a webhook, a stylebook name and an outbox message (HTTP)."""
    seeded = target.cli("seed").stdout
    site_key = re.search(r"^demo site: (\S+)", seeded, re.M)
    for email, admin in (("admin@example.com", True), ("editor@example.com", False),
                         ("victim@example.com", False)):  # fmt: skip
        target.cli("create-editor", email, "--password", PASSWORD, *(["--admin"] if admin else []))
    token = new_token(target, "admin@example.com")
    spare = new_token(target, "victim@example.com")
    base = target.base
    anon = Client(base, "anonymous")
    admin_client = Client(base, "admin", email="admin@example.com")
    editor_client = Client(base, "editor", email="editor@example.com")
    api = Client(base, "token")
    api.bearer = token
    for client in (admin_client, editor_client):
        client.login()
    anon.fetch_csrf(f"/articles/{DEMO}/report")
    for quote_, suggestion in (("Georgia Maloney", "Giorgia Meloni"), ("February 2022", "2014")):
        answer = anon.request(
            "POST",
            f"/api/v1/articles/{DEMO}/reports",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"revision": 1, "quote": quote_, "suggestion": suggestion,
                             "kind": "name"}).encode(),
        )  # fmt: skip
        assert answer.status == 201, (answer.status, answer.text()[:300])
    form = {"url": "https://93.184.215.14/hook", "events": "revision.created",
            "csrf_token": admin_client.csrf}  # fmt: skip
    for path, fields in (
        ("/editor/admin/webhooks/", form),
        ("/editor/stylebook/", {"canonical": "Giorgia Meloni", "variants": "", "kind": "person",
                                "note": "", "csrf_token": admin_client.csrf}),
    ):  # fmt: skip
        answer = admin_client.request(
            "POST", path, headers={"Content-Type": "application/x-www-form-urlencoded"},
            body=urlencode(fields).encode(),
        )  # fmt: skip
        assert answer.status in (200, 302), (path, answer.status, answer.text()[:300])
    answer = api.request(
        "PUT", f"/api/v1/articles/attack-{target.label}",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"title": "Attack", "body": "An article for the attack run."}).encode(),
    )  # fmt: skip
    assert answer.status in (200, 201), (answer.status, answer.text()[:300])
    db = Database(target.database_url)
    ids: dict[str, str] = {"slug": DEMO, "key": site_key.group(1) if site_key else "none"}
    with db.engine.connect() as connection:

        def first(sql: str) -> str:
            value = connection.execute(text(sql)).scalar()
            return str(value if value is not None else 1)

        ids["group"] = first("SELECT min(id) FROM errorgroup")
        ids["other"] = first("SELECT max(id) FROM errorgroup")
        ids["report"] = first("SELECT min(id) FROM report")
        ids["token"] = first("SELECT token FROM report ORDER BY id LIMIT 1")
        ids["editor"] = first("SELECT id FROM editor WHERE email = 'victim@example.com'")
        ids["site"] = first("SELECT min(id) FROM site")
        ids["webhook"] = first("SELECT min(id) FROM webhook")
        ids["message"] = first("SELECT min(id) FROM outbox")
        ids["name_id"] = first("SELECT min(id) FROM stylename")
        ids["token_id"] = first(
            "SELECT max(t.id) FROM apitoken t JOIN editor e ON e.id = t.editor_id "
            "WHERE e.email = 'victim@example.com'"
        )
    clients = {"anonymous": anon, "admin": admin_client, "editor": editor_client, "token": api}
    return World(target, db, ids, clients, [token, spare])


# --- what to send ---------------------------------------------------------------------------

CSRF_MARK = "__CSRF__"
STALE_MARK = "__STALE_CSRF__"


@dataclass
class Attack:
    route: str  # "METHOD rule"
    who: str
    case: str
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


PARAMS = {
    "slug": "slug", "group_id": "group", "report_id": "report", "editor_id": "editor",
    "name_id": "name_id", "site_id": "site", "token_id": "token_id", "webhook_id": "webhook",
    "message_id": "message", "key": "key", "token": "token",
}  # fmt: skip
FIXED_PARAMS = {"number": "1", "name": "dialog", "filename": "site.css"}
_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def fill(rule: str, ids: dict[str, str], hostile: tuple[str, str] | None = None) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if hostile and name == hostile[0]:
            return hostile[1]
        if name in PARAMS:
            return quote(ids[PARAMS[name]], safe="")
        return FIXED_PARAMS.get(name, "1")

    return _PARAM.sub(value, rule)


def formish(value: Any, ids: dict[str, str]) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        return "https://93.184.215.14/hook"
    return str(value).format(**ids)


def form_fields(ids: dict[str, str], **changes: str) -> dict[str, str]:
    fields = {name: formish(value, ids) for name, value in FIELD_DEFAULTS.items()}
    fields.update(changes)
    fields["csrf_token"] = changes.get("csrf_token", CSRF_MARK)
    return fields


def urlencoded(fields: dict[str, str]) -> bytes:
    return urlencode(fields, encoding="utf-8", errors="surrogatepass").encode()


def multipart(fields: dict[str, str], filename: str = "names.csv") -> tuple[str, bytes]:
    boundary = "attackboundary7MA4YWxkTrZu0gW"
    chunks = []
    for name, value in fields.items():
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    csv = "canonical,variants,kind,note\r\nGiorgia Meloni,,person,\r\n" + fields.get("note", "")
    chunks.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode("utf-8", "replace")
        + csv.encode("utf-8", "surrogatepass")
        + b"\r\n"
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(chunks) + (
        f"--{boundary}--\r\n".encode()
    )


def json_body(schema: dict[str, Any] | None, ids: dict[str, str]) -> dict[str, Any]:
    if not schema:
        return {}
    body: dict[str, Any] = {}
    for name in schema.get("properties", {}):
        value = FIELD_DEFAULTS.get(name, "x")
        if name == "into":
            value = int(ids["other"])
        elif isinstance(value, str):
            value = value.format(**ids)
        elif value is None:
            value = "https://93.184.215.14/hook"
        body[name] = value
    return body


def request_schemas(app: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, flask rule) -> the JSON request body's schema, from /openapi.json."""
    spec = app.test_client().get("/openapi.json").get_json()
    schemas = spec.get("components", {}).get("schemas", {})
    found = {}
    for path, operations in spec.get("paths", {}).items():
        rule = re.sub(r"\{([^}]+)\}", r"<\1>", path)
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" in schema:
                schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
            found[(method.upper(), rule)] = schema
    return found


def plain_rule(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+(?:\([^)]*\))?:)?([^<>]+)>", r"<\1>", rule)


def who_for(rule: str, method: str) -> list[str]:
    if rule.startswith("/api/"):
        return ["anonymous", "token"]
    if rule.startswith("/editor/"):
        return ["anonymous", "editor", "admin"]
    return ["anonymous", "admin"] if method == "GET" else ["anonymous"]


def stable(text_: str) -> int:
    return int(hashlib.sha256(text_.encode()).hexdigest()[:12], 16)


def sample(attacks: list[Attack], limit: int) -> list[Attack]:
    """At most `limit`, the same ones every run: the first (the plain request) always."""
    if len(attacks) <= limit:
        return attacks
    rest = sorted(attacks[1:], key=lambda a: stable(f"{a.route} {a.who} {a.case}"))
    return [attacks[0], *rest[: limit - 1]]


def attacks_for(app: Any, ids: dict[str, str], *, per_route: int = 12) -> list[Attack]:
    schemas = request_schemas(app)
    attacks: list[Attack] = []
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    for rule in rules:
        pattern = plain_rule(rule.rule)
        params = rule.arguments
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            writes = method in {"POST", "PUT", "PATCH", "DELETE"}
            route = f"{method} {pattern}"
            is_api = pattern.startswith("/api/")
            for who in who_for(pattern, method):
                mine: list[Attack] = []

                def add(case: str, path: str, headers: dict[str, str] | None = None,
                        body: bytes = b"", *, _w: str = who, _m: str = method,
                        _mine: list[Attack] = mine) -> None:  # fmt: skip
                    _mine.append(Attack(route, _w, case, _m, path, headers or {}, body))

                path = fill(pattern, ids)
                schema = schemas.get((method, pattern))
                json_api = is_api and writes
                if json_api:
                    valid = json.dumps(json_body(schema, ids)).encode()
                    add("plain", path, {"Content-Type": "application/json"}, valid)
                elif writes:
                    add("plain", path, {"Content-Type": "application/x-www-form-urlencoded"},
                        urlencoded(form_fields(ids)))  # fmt: skip
                else:
                    add("plain", path)
                for name in params:
                    for label, segment in PATH_PAYLOADS.items():
                        add(f"path {name} {label}", fill(pattern, ids, (name, segment)),
                            mine[0].headers, mine[0].body)  # fmt: skip
                for label, value in TEXT_PAYLOADS.items():
                    if label == "huge":
                        value = "ж" * 2000  # a request line is at most a few KB
                    query = urlencode(dict.fromkeys(QUERY_KEYS, value), errors="surrogatepass")
                    add(f"query {label}", f"{path}?{query}", mine[0].headers, mine[0].body)
                add("foreign origin", path, {**mine[0].headers, "Origin": FOREIGN_ORIGIN},
                    mine[0].body)  # fmt: skip
                if writes:
                    attacks_on_body(add, path, schema if json_api else None, ids, json_api)
                mine = sample(mine, per_route * (2 if writes else 1))
                attacks.extend(mine)
    return attacks


def attacks_on_body(
    add: Callable[..., None],
    path: str,
    schema: dict[str, Any] | None,
    ids: dict[str, str],
    json_api: bool,
) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    as_json = {"Content-Type": "application/json"}
    payloads = {**TEXT_PAYLOADS, **URL_PAYLOADS}
    if json_api:
        valid = json_body(schema, ids)
        for label, value in payloads.items():
            everywhere = {k: value for k in valid} or {"x": value}
            add(f"json all {label}", path, as_json, json.dumps(everywhere).encode())
            strings = {k: value if isinstance(v, str) else v for k, v in valid.items()}
            add(f"json strings {label}", path, as_json, json.dumps(strings).encode())
            for name in valid:
                add(f"json {name} {label}", path, as_json,
                    json.dumps({**valid, name: value}).encode())  # fmt: skip
        for name in valid:
            add(f"json {name} lone surrogate", path, as_json,
                json.dumps(valid).replace(f'"{name}": ', f'"{name}": "\\ud800x", "_": ', 1)
                .encode())  # fmt: skip
            add(f"json {name} 20-digit", path, as_json,
                json.dumps({**valid, name: 10**20}).encode())  # fmt: skip
            add(f"json {name} negative", path, as_json,
                json.dumps({**valid, name: -1}).encode())  # fmt: skip
            add(f"json {name} wrong type", path, as_json,
                json.dumps({**valid, name: {"$ne": None}}).encode())  # fmt: skip
        add("json surrogate pair", path, as_json,
            json.dumps(valid).replace('"Giorgia', '"\\udfff\\ud800Giorgia').encode())  # fmt: skip
        add("json text/plain", path, {"Content-Type": "text/plain"}, json.dumps(valid).encode())
        add("json no content type", path, {}, json.dumps(valid).encode())
        add("json form encoded", path, form, urlencoded({k: str(v) for k, v in valid.items()}))
        add("json malformed", path, as_json, b'{"quote": "x", ')
        add("json not an object", path, as_json, b"[1, 2, 3]")
        add("json invalid utf-8", path, as_json, b'{"quote": "\xff\xfe\xc3\x28"}')
        add("json raw nul", path, as_json, b'{"quote": "a\x00b"}')
        add("json deeply nested", path, as_json, b'{"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
        add("json huge numbers", path, as_json,
            json.dumps(dict.fromkeys(valid, 10**30)).encode())  # fmt: skip
        add("json stale base_revision", path, as_json,
            json.dumps({**valid, "base_revision": 0, "revision": 0}).encode())  # fmt: skip
        add("json foreign origin text/plain", path,
            {"Content-Type": "text/plain", "Origin": FOREIGN_ORIGIN},
            json.dumps(valid).encode())  # fmt: skip
        add("oversized json", path, as_json, b'{"title": "' + b"a" * (5 * 1024 * 1024) + b'"}')
        return
    names = [n for n in FIELD_DEFAULTS if n != "url"] + ["url"]
    for label, value in payloads.items():
        add(f"form all {label}", path, form,
            urlencoded(form_fields(ids, **dict.fromkeys(names, value))))  # fmt: skip
        content_type, body = multipart(form_fields(ids, **dict.fromkeys(names, value)))
        add(f"multipart all {label}", path, {"Content-Type": content_type}, body)
        for name in names:
            add(f"form {name} {label}", path, form,
                urlencoded(form_fields(ids, **{name: value})))  # fmt: skip
            content_type, body = multipart(form_fields(ids, **{name: value}))
            add(f"multipart {name} {label}", path, {"Content-Type": content_type}, body)
    for label in ("nul", "c1", "xss"):
        content_type, body = multipart(form_fields(ids), TEXT_PAYLOADS[label])
        add(f"multipart filename {label}", path, {"Content-Type": content_type}, body)
    add("form stale csrf", path, form, urlencoded(form_fields(ids, csrf_token=STALE_MARK)))
    add("form no csrf", path, form, urlencoded(form_fields(ids, csrf_token="")))
    add("form forged csrf", path, form, urlencoded(form_fields(ids, csrf_token="forged")))
    add("form stale base_revision", path, form,
        urlencoded(form_fields(ids, base_revision="0", revision="0", to="0")))  # fmt: skip
    add("form text/plain enctype", path, {"Content-Type": "text/plain"},
        "\r\n".join(f"{k}={v}" for k, v in form_fields(ids).items()).encode())  # fmt: skip
    add("form as json", path, as_json, json.dumps(form_fields(ids)).encode())
    add("form raw nul", path, form, b"quote=a\x00b&summary=\x00&csrf_token=" + CSRF_MARK.encode())
    add("form invalid utf-8", path, form, b"quote=%ff%fe%c3%28&csrf_token=" + CSRF_MARK.encode())
    add("form foreign origin", path, {**form, "Origin": FOREIGN_ORIGIN},
        urlencoded(form_fields(ids)))  # fmt: skip
    add("oversized form", path, form, b"quote=" + b"a" * (5 * 1024 * 1024))


def special_attacks(ids: dict[str, str]) -> list[Attack]:
    """Issue 19's item-specific attacks."""
    attacks = []
    site_report = f"/api/v1/sites/{ids['key']}/reports"
    for n, variant in enumerate(
        ("Gіorgia Meloni", "gіorgia  meloni", "Gі\u200borgia Meloni", "GІORGIA MELONI")
    ):
        body = {"article": DEMO, "quote": "Georgia Maloney", "suggestion": variant,
                "kind": "name", "reader": "one-reader-0123456789abcdef"}  # fmt: skip
        attacks.append(
            Attack(
                f"POST {site_report}",
                "anonymous",
                f"homoglyph vote {n}",
                "POST",
                site_report,
                {"Content-Type": "application/json", "Origin": DEMO_ORIGIN},
                json.dumps(body).encode(),
            )
        )
    for n, variant in enumerate(("Gіorgia Meloni", "gіorgia meloni", "Gі\u200borgia Meloni")):
        body = {"revision": 1, "quote": "Georgia Maloney", "suggestion": variant, "kind": "name"}
        path = f"/api/v1/articles/{DEMO}/reports"
        attacks.append(Attack(f"POST {path}", "anonymous", f"homoglyph native {n}", "POST",
                              path, {"Content-Type": "application/json",
                                     "X-Forwarded-For": "10.9.9.9"},
                              json.dumps(body).encode()))  # fmt: skip
    for label, url in URL_PAYLOADS.items():
        for who in ("admin", "editor"):
            fields = {"url": url, "events": "revision.created", "csrf_token": CSRF_MARK}
            attacks.append(Attack("POST /editor/admin/webhooks/", who, f"webhook {label}", "POST",
                                  "/editor/admin/webhooks/",
                                  {"Content-Type": "application/x-www-form-urlencoded"},
                                  urlencoded(fields)))  # fmt: skip
            content_type, body = multipart(fields)
            attacks.append(Attack("POST /editor/admin/webhooks/", who,
                                  f"webhook multipart {label}", "POST", "/editor/admin/webhooks/",
                                  {"Content-Type": content_type}, body))  # fmt: skip
    for address in (
        RFC2047,
        "=?utf-8?b?ZXZpbA==?=@example.com",
        "a@b.example, c@d.example",
        "Evil <evil@example.com>",
        "a\r\nBcc: x@example.com",
        "evil@[127.0.0.1]",
    ):
        path = f"/articles/{DEMO}/report"
        fields = {
            "revision": "1",
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
            "comment": "",
            "email": address,
            "csrf_token": CSRF_MARK,
        }
        attacks.append(
            Attack(
                f"POST {path}",
                "anonymous",
                f"address form {address!r}",
                "POST",
                path,
                {"Content-Type": "application/x-www-form-urlencoded"},
                urlencoded(fields),
            )
        )
        api_path = f"/api/v1/articles/{DEMO}/reports"
        body = {
            "revision": 1,
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
            "email": address,
        }
        attacks.append(
            Attack(
                f"POST {api_path}",
                "anonymous",
                f"address api {address!r}",
                "POST",
                api_path,
                {"Content-Type": "application/json"},
                json.dumps(body).encode(),
            )
        )
        fields = {
            "email": address,
            "password": "a-long-password-x",
            "role": "editor",
            "csrf_token": CSRF_MARK,
        }
        attacks.append(Attack("POST /editor/admin/editors", "admin", f"address editor {address!r}",
                              "POST", "/editor/admin/editors",
                              {"Content-Type": "application/x-www-form-urlencoded"},
                              urlencoded(fields)))  # fmt: skip
    return attacks


# --- running it -----------------------------------------------------------------------------


@dataclass
class Finding:
    kind: str  # "server error" | "wrongly written"
    attack: Attack
    status: int
    detail: str

    def __str__(self) -> str:
        return (f"{self.kind}: {self.attack.route} as {self.attack.who} [{self.attack.case}] "
                f"-> {self.status}: {self.detail[:400]}")  # fmt: skip


@dataclass
class Outcome:
    label: str
    requests: int = 0
    server_errors: int = 0
    wrong_rows: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    routes: set[str] = field(default_factory=set)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"attack: {self.requests:,} requests, {self.server_errors} server errors, "
                f"{self.wrong_rows} wrongly written rows ({self.label})")  # fmt: skip


def server_error(answer: Answer) -> str | None:
    body = answer.text()
    if answer.status == 0:
        return body
    if answer.status >= 500 and not (answer.status == 503 and "retry-after" in answer.headers):
        return f"HTTP {answer.status}: {body[:300]}"
    for leak in LEAKS:
        if leak in body:
            return f"the body shows {leak!r}: {body[:300]}"
    return None


def prepare(attack: Attack, client: Client) -> tuple[dict[str, str], bytes]:
    body = attack.body.replace(CSRF_MARK.encode(), quote(client.csrf).encode())
    body = body.replace(STALE_MARK.encode(), quote(client.stale_csrf).encode())
    return attack.headers, body


def run(world: World, attacks: list[Attack], label: str, *, log: Callable[[str], None] = print
        ) -> Outcome:  # fmt: skip
    outcome = Outcome(label)
    started = time.monotonic()
    before = world.db.rows()
    for attack in attacks:
        client = world.clients[attack.who]
        if client.ended:
            client.login()
            before = world.db.rows()
        headers, body = prepare(attack, client)
        try:
            answer = client.request(attack.method, attack.path, headers=headers, body=body)
        except (OSError, http.client.HTTPException) as error:  # no answer at all
            answer = Answer(0, {}, f"no answer: {error!r}".encode(), {})
        outcome.requests += 1
        outcome.statuses[answer.status] += 1
        outcome.routes.add(attack.route)
        problem = server_error(answer)
        if problem:
            outcome.server_errors += 1
            outcome.findings.append(Finding("server error", attack, answer.status, problem))
        after = world.db.rows()
        diff = changed(before, after)
        wrong = []
        if 400 <= answer.status < 500 and diff:
            wrong.append(f"refused, yet changed {diff[:5]}")
        for key in diff:
            if key in after:
                wrong.extend(forbidden(key[0], dict(after[key]), after))
        if wrong:
            outcome.wrong_rows += len(diff) or 1
            outcome.findings.append(Finding("wrongly written", attack, answer.status,
                                            "; ".join(wrong)))  # fmt: skip
        before = after
        if client.email and (
            "/editor/login" in answer.location
            or attack.path.startswith("/editor/logout")
            or (answer.status == 302 and attack.path.startswith("/editor/account/password"))
        ):
            client.ended = True
        if client.bearer and attack.method == "DELETE" and answer.status < 300:
            client.bearer = new_token(world.target, "admin@example.com")  # it was revoked
            before = world.db.rows()
    outcome.seconds = time.monotonic() - started
    log(outcome.summary() + f" in {outcome.seconds:.0f} s, {len(outcome.routes)} routes, "
        f"statuses {dict(sorted(outcome.statuses.items()))}")  # fmt: skip
    for finding in outcome.findings[:60]:
        log("  " + str(finding))
    return outcome


def route_table(database_url: str = "sqlite://") -> Any:
    """An app built only to read its url_map and OpenAPI document."""
    with tempfile.TemporaryDirectory() as folder:
        return create_app(
            {"DATABASE_URL": database_url, "SECRET_KEY": "routes", "LOG_LEVEL": "ERROR"},
            instance_path=folder,
        )


def attack(target: Target, *, per_route: int = 12, log: Callable[[str], None] = print) -> Outcome:
    """Seed `target`, then send every attack; the outcome holds the counts and findings."""
    world = seed(target)
    try:
        app = route_table()
        attacks = attacks_for(app, world.ids, per_route=per_route) + special_attacks(world.ids)
        # Requests that end sessions or tokens run last within their identity's turn anyway;
        # the runner logs in again and makes a new token when they do.
        return run(world, attacks, target.label, log=log)
    finally:
        world.db.dispose()
