"""A WordPress site's REST API, as Factcheck's connector uses it: who the account is and
what it may do, the published posts changed since a time, one post, the post at a URL, and
writing a post's content back.

Every call goes to `<base>/?rest_route=/wp/v2/...` (it works with plain permalinks too)
with Basic authentication by an Application Password, through `factcheck.outbound.request`
only. Errors are ConnectorError (factcheck/connectors): readable by an admin, never holding
the password; "unreachable" ones (no answer, 408, 429, 5xx) are worth retrying.
"""

import base64
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from factcheck import outbound
from factcheck.connectors import ConnectorError, Kind
from factcheck.domain.errors import Invalid
from factcheck.domain.outbound import Allowance, parse_url

__all__ = ["Account", "ConnectorError", "Kind", "Post", "WordPressClient"]

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100  # WordPress's own limit
# A page of posts holds each one's source and rendered HTML twice over, as JSON.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
# What Factcheck needs, and why (the capability error names both).
REQUIRED_CAPABILITIES = {
    "edit_others_posts": "to write fixes into posts that other users wrote",
    "unfiltered_html": (
        "to keep the post's markup: without it WordPress strips embeds, iframes, scripts "
        "and some attributes from a post when it is saved through the account"
    ),
}
_GMT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$")
_ZONED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
_USE_APP_PASSWORDS = (
    " Use an Application Password (Users → Profile → Application Passwords in WordPress),"
    " not the account's login password."
)
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


@dataclass(frozen=True)
class Post:
    id: int
    slug: str
    link: str  # the permalink
    title: str  # title.raw
    raw: str  # content.raw: the stored source (block comments, shortcodes …)
    rendered: str  # content.rendered: the HTML the post page's article root holds
    date_gmt: datetime  # published, aware (UTC)
    modified_gmt: str  # exactly as WordPress sends it ("2024-01-10T09:00:00", GMT)
    status: str


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    capabilities: frozenset[str]  # those WordPress reports as granted


def _as_gmt(moment: str) -> str:
    """A time for `modified_after`: WordPress's own GMT spelling (no zone, as
    `modified_gmt` is) gets a "Z"; a time with a zone is sent as it is. WordPress reads a
    time without a zone in the site's time zone, which is why the "Z" is added."""
    moment = moment.strip()
    if _GMT.match(moment):
        return moment + "Z"
    if _ZONED.match(moment):
        return moment
    raise ValueError(f"not an ISO 8601 time: {moment!r}")


def _code(data: Any) -> str:
    """WordPress's error code from an error answer, if it is a plain one."""
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) and _CODE.match(code) else ""


def _shown_location(location: str) -> str:
    """A redirect's target as far as an admin needs it: scheme, host, port and path (no
    credentials, query or fragment)."""
    try:
        parts = urlsplit(location.strip())
        port = parts.port
    except ValueError:
        return "another address"
    host = parts.hostname or ""
    if host and port is not None:
        host = f"{host}:{port}"
    shown = f"{parts.scheme}://{host}{parts.path}" if host else parts.path
    if not shown or len(shown) > 200 or not all(0x21 <= ord(c) < 0x7F for c in shown):
        return "another address"
    return shown


def _page_key(url: str) -> tuple[str, str] | None:
    """What two links to one page share: host (and port) and path, percent-decoded, without
    a trailing slash. Scheme, query and fragment are not compared."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port is not None and port != {"http": 80, "https": 443}[parts.scheme.lower()]:
        host = f"{host}:{port}"
    return host, unquote(parts.path).rstrip("/")


class WordPressClient:
    """One WordPress site, as one account (user + Application Password)."""

    def __init__(
        self,
        base_url: str,
        user: str,
        app_password: str,
        *,
        allowance: Allowance,
        timeout: float = 15.0,
        per_page: int = DEFAULT_PER_PAGE,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        try:
            destination = parse_url(base_url)
        except Invalid as error:
            why = error.fields.get("url", "")
            raise ConnectorError(Kind.INVALID, f"The WordPress URL is not valid. {why}") from None
        if "?" in base_url or "#" in base_url:
            raise ConnectorError(
                Kind.INVALID, "The WordPress URL is the site's address, without ? or #."
            )
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be 1..{MAX_PER_PAGE}")
        self.base_url = destination.url.rstrip("/")
        self.user = user
        self.timeout = timeout
        self.per_page = per_page
        self.max_bytes = max_bytes
        self._allowance = allowance
        # WordPress shows Application Passwords in groups of four; the spaces are not part of it.
        secret = "".join(app_password.split())
        token = base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")
        self.__authorization = f"Basic {token}"

    def __repr__(self) -> str:  # never the password
        return f"WordPressClient({self.base_url!r}, user={self.user!r})"

    # -- the API ------------------------------------------------------------------------
    def check(self) -> Account:
        """Who the account is; ConnectorError "auth" when WordPress refuses the user or
        password, "capability" unless it may edit others' posts and keep unfiltered HTML."""
        data = self._json("GET", "/wp/v2/users/me", {"context": "edit"}, doing="log in")
        try:
            granted = data["capabilities"]
            account = Account(
                id=int(data["id"]),
                name=str(data.get("name") or data.get("slug") or self.user),
                capabilities=frozenset(
                    str(name) for name, value in dict(granted).items() if value in (True, 1)
                ),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise self._invalid("its account details (users/me) are incomplete") from None
        lacking = [name for name in REQUIRED_CAPABILITIES if name not in account.capabilities]
        if lacking:
            reasons = "; ".join(f"{name} {REQUIRED_CAPABILITIES[name]}" for name in lacking)
            raise ConnectorError(
                Kind.CAPABILITY,
                f"The WordPress account “{self.user}” lacks the "
                f"{'capabilities' if len(lacking) > 1 else 'capability'} "
                f"{' and '.join(lacking)}, which Factcheck needs: {reasons}. Use an Editor's "
                "or Administrator's account (on a multisite network only super admins "
                "have unfiltered_html).",
            )
        return account

    def changed_posts(self, modified_after: str | None) -> Iterator[Post]:
        """Every published post, oldest change first, modified strictly after
        `modified_after` (GMT as `Post.modified_gmt` spells it, or ISO 8601 with a zone;
        None: all), page after page until WordPress's X-WP-TotalPages."""
        params = {
            "context": "edit",
            "status": "publish",
            "orderby": "modified",
            "order": "asc",
            "per_page": str(self.per_page),
        }
        if modified_after is not None:
            params["modified_after"] = _as_gmt(modified_after)
        page = 1
        while True:
            answer, data = self._call("GET", "/wp/v2/posts", {**params, "page": str(page)})
            if not isinstance(data, list):
                raise self._invalid("its list of posts is not a list")
            for item in data:
                yield self._post(item)
            try:
                pages = int(answer.headers.get("x-wp-totalpages", "1"))
            except ValueError:
                raise self._invalid("its X-WP-TotalPages header is not a number") from None
            if not data or page >= pages:
                return
            page += 1

    def get_post(self, post_id: int) -> Post:
        """The post with that id (any status); ConnectorError "not_found"."""
        data = self._json(
            "GET", f"/wp/v2/posts/{int(post_id)}", {"context": "edit"}, doing="read the post"
        )
        return self._post(data)

    def find_by_url(self, url: str) -> Post | None:
        """The published post a page URL shows: `?p=ID`, or the slug of the path's last
        segment, whose permalink must be that page (host and path). None when none is."""
        key = _page_key(url)
        if key is None:
            return None
        query = parse_qs(urlsplit(url.strip()).query)
        ids = query.get("p", [])
        if ids and ids[0].isascii() and ids[0].isdigit():
            try:
                post = self.get_post(int(ids[0]))
            except ConnectorError as error:
                if error.kind == Kind.NOT_FOUND:
                    return None
                raise
            found = _page_key(post.link)
            return post if post.status == "publish" and found and found[0] == key[0] else None
        segments = [segment for segment in key[1].split("/") if segment]
        if not segments:
            return None
        params = {"context": "edit", "status": "publish", "slug": segments[-1]}
        data = self._json("GET", "/wp/v2/posts", params, doing="look the post up")
        if not isinstance(data, list):
            raise self._invalid("its list of posts is not a list")
        for item in data:
            post = self._post(item)
            if _page_key(post.link) == key:
                return post
        return None

    def update_content(self, post_id: int, content: str) -> Post:
        """Write the post's content (its raw source) as given; the post as WordPress then
        stores it. WordPress records a revision itself."""
        return self.update_post(post_id, content=content)

    def update_post(self, post_id: int, *, content: str, title: str | None = None) -> Post:
        """Write the post's content, and its title when given (both raw, as given)."""
        body = {"content": content} if title is None else {"content": content, "title": title}
        data = self._json(
            "POST",
            f"/wp/v2/posts/{int(post_id)}",
            {"context": "edit"},
            body=body,
            doing=f"edit post {int(post_id)}",
        )
        return self._post(data)

    # -- HTTP ---------------------------------------------------------------------------
    def _url(self, route: str, params: Mapping[str, str]) -> str:
        return f"{self.base_url}/?{urlencode({'rest_route': route, **params})}"

    def _call(
        self,
        method: str,
        route: str,
        params: Mapping[str, str],
        *,
        body: Mapping[str, Any] | None = None,
        doing: str = "answer",
    ) -> tuple[outbound.Answer, Any]:
        headers = {
            "Authorization": self.__authorization,
            "Accept": "application/json",
            "User-Agent": "Factcheck WordPress connector",
        }
        payload = None
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            answer = outbound.request(
                method,
                self._url(route, params),
                payload,
                headers,
                allowance=self._allowance,
                timeout=self.timeout,
                max_bytes=self.max_bytes,
            )
        except outbound.OutboundError as error:
            if str(error) == outbound.NOT_ALLOWED:
                raise ConnectorError(
                    Kind.INVALID,
                    f"WordPress at {self.base_url} is on a private or local network, where "
                    "Factcheck does not connect unless FACTCHECK_OUTBOUND_ALLOW names it.",
                ) from None
            raise ConnectorError(
                Kind.UNREACHABLE, f"WordPress at {self.base_url} is unreachable ({error})."
            ) from None
        if 200 <= answer.status < 300 and answer.truncated:
            size = f"{self.max_bytes / (1024 * 1024):g} MB"
            raise self._invalid(f"its answer is larger than {size} (or too slow to arrive)")
        data = self._decode(answer) if answer.body else None
        if 200 <= answer.status < 300:
            if data is None:
                raise self._invalid("it sent an empty answer")
            return answer, data
        raise self._refusal(answer, data, doing)

    def _json(
        self,
        method: str,
        route: str,
        params: Mapping[str, str],
        *,
        body: Mapping[str, Any] | None = None,
        doing: str = "answer",
    ) -> Any:
        return self._call(method, route, params, body=body, doing=doing)[1]

    def _decode(self, answer: outbound.Answer) -> Any:
        try:
            return json.loads(answer.body)
        except ValueError:
            if 200 <= answer.status < 300:
                raise self._invalid(
                    "it did not answer with JSON (is this the WordPress address? a proxy or "
                    "security plugin may be in the way)"
                ) from None
            return None

    def _invalid(self, why: str) -> ConnectorError:
        return ConnectorError(
            Kind.INVALID,
            f"WordPress at {self.base_url} sent an answer Factcheck cannot use: {why}.",
        )

    def _refusal(self, answer: outbound.Answer, data: Any, doing: str) -> ConnectorError:
        status, code = answer.status, _code(data)
        said = f"HTTP {status}" + (f", {code}" if code else "")
        user = f"“{self.user}”"
        if 300 <= status < 400:
            target = _shown_location(answer.headers.get("location", ""))
            return ConnectorError(
                Kind.INVALID,
                f"WordPress at {self.base_url} redirects to {target} ({said}); enter the "
                "address it redirects to as the WordPress URL.",
            )
        if status == 401:
            if code in ("invalid_username", "invalid_email"):
                why = f"WordPress has no user {user}."
            elif code == "incorrect_password":
                why = f"WordPress refused the Application Password of {user}." + _USE_APP_PASSWORDS
            elif code.startswith("application_passwords_disabled"):
                why = f"Application Passwords are turned off on this WordPress or for {user}."
            else:  # rest_not_logged_in: WordPress 6.1 says only this for a wrong pair
                why = (
                    f"WordPress did not accept {user} with this Application Password. Check "
                    "the user name." + _USE_APP_PASSWORDS + " If both are right: Application "
                    "Passwords need HTTPS (or a local environment), and a server that passes "
                    "the Authorization header to PHP."
                )
            return ConnectorError(Kind.AUTH, f"Wrong user or Application Password ({said}). {why}")
        if status == 403:
            return ConnectorError(
                Kind.CAPABILITY,
                f"WordPress does not let {user} {doing} ({said}); the account needs the "
                f"capabilities {' and '.join(REQUIRED_CAPABILITIES)}.",
            )
        if status == 404:
            if code == "rest_no_route" or not code:
                return ConnectorError(
                    Kind.INVALID,
                    f"WordPress's REST API is not available at {self.base_url} ({said}); "
                    "check the address, and that no plugin turns the API off.",
                )
            return ConnectorError(
                Kind.NOT_FOUND, f"WordPress has no such post ({said}); it may have been deleted."
            )
        if status in (408, 429) or status >= 500:
            return ConnectorError(
                Kind.UNREACHABLE,
                f"WordPress at {self.base_url} is down or overloaded ({said}); try again later.",
            )
        return ConnectorError(Kind.REJECTED, f"WordPress refused to {doing} ({said}).")

    def _post(self, data: Any) -> Post:
        try:
            content = data["content"]
            if "raw" not in content:
                raise ConnectorError(
                    Kind.CAPABILITY,
                    f"WordPress did not send the source of post {int(data['id'])} to "
                    f"“{self.user}” (context=edit): the account may not edit it.",
                )
            stamp = data.get("date_gmt") or data["modified_gmt"]
            return Post(
                id=int(data["id"]),
                slug=str(data["slug"]),
                link=str(data["link"]),
                title=str(data["title"]["raw"]),
                raw=str(content["raw"]),
                rendered=str(content["rendered"]),
                date_gmt=datetime.fromisoformat(str(stamp)).replace(tzinfo=UTC),
                modified_gmt=str(data["modified_gmt"]),
                status=str(data["status"]),
            )
        except (KeyError, TypeError, ValueError):
            raise self._invalid("a post lacks its id, slug, link, title, content or date") from None
