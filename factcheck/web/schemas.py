"""JSON API schemas: the code validates requests and builds responses with these, and
/openapi.json is generated from them."""

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar

from flask import request
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
)
from werkzeug.exceptions import UnsupportedMediaType

from factcheck.domain.errors import FactcheckError, Invalid
from factcheck.domain.lifecycle import ALL, GroupStatus, Kind, ReaderState, RejectReason
from factcheck.domain.reports import MAX_COMMENT, MAX_QUOTE, MAX_SUGGESTION
from factcheck.domain.text import CONTROL_MESSAGE, has_control

# The API's vocabularies are the lifecycle's: literals built from its enums, so a new
# status or kind shows up in validation and in /openapi.json at once.
if TYPE_CHECKING:
    StatusName: TypeAlias = str
    StatusFilter: TypeAlias = str
    KindName: TypeAlias = str
    KindFilter: TypeAlias = str
    ReaderStateName: TypeAlias = str
    ReasonName: TypeAlias = str
else:
    StatusName = Literal[tuple(s.value for s in GroupStatus)]
    StatusFilter = Literal[(*(s.value for s in GroupStatus), ALL)]
    KindName = Literal[tuple(k.value for k in Kind)]
    KindFilter = Literal[("", *(k.value for k in Kind))]
    ReaderStateName = Literal[tuple(s.value for s in ReaderState)]
    ReasonName = Literal[tuple(r.value for r in RejectReason)]


class Malformed(FactcheckError):
    code = "malformed"


class Schema(BaseModel):
    # Strict: "5" is not a number and unknown fields are an error, so typos surface.
    model_config = ConfigDict(strict=True, extra="forbid")


# Ids and revision numbers are 32-bit integer columns in PostgreSQL; a larger number can
# name nothing, and passing one to the database would fail there rather than here.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_ID)]


def _zoned_datetime(value: object) -> datetime:
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("Use an ISO 8601 string, e.g. 2024-01-10T09:00:00Z.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("Use ISO 8601, e.g. 2024-01-10T09:00:00Z.") from None
    if parsed.tzinfo is None:
        raise ValueError("Give the time zone, e.g. 2024-01-10T09:00:00Z.")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError("That moment is out of range.") from None


# A moment with its time zone, sent as an ISO 8601 string.
ZonedDateTime = Annotated[
    datetime,
    BeforeValidator(_zoned_datetime),
    WithJsonSchema({"type": "string", "format": "date-time", "maxLength": 64}),
]


class ArticlePut(Schema):
    title: Annotated[str, Field(min_length=1, max_length=2000)]
    body: Annotated[str, Field(min_length=1)]
    summary: Annotated[str, Field(max_length=500)] = ""
    url: (
        Annotated[
            str,
            Field(
                max_length=2000,
                description="The article's canonical URL on the newsroom's site (http/https)",
            ),
        ]
        | None
    ) = None
    site: Annotated[str, Field(max_length=40, description="A registered site's key")] | None = None
    language: Annotated[str, Field(max_length=35, description="BCP 47, e.g. en or uk")] | None = (
        None
    )
    published_at: ZonedDateTime | None = None
    base_revision: (
        Annotated[
            int,
            Field(
                ge=1,
                le=MAX_ID,
                description="The revision this copy was based on; 409 when the article moved on",
            ),
        ]
        | None
    ) = None


READER_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class ReportFields(Schema):
    """What every reader's report carries (W3C TextQuoteSelector + TextPositionSelector,
    plus the fix)."""

    quote: Annotated[str, Field(min_length=1, max_length=MAX_QUOTE)]
    prefix: Annotated[str, Field(max_length=64)] = ""
    suffix: Annotated[str, Field(max_length=64)] = ""
    start: Offset | None = None
    end: Offset | None = None
    suggestion: Annotated[str, Field(max_length=MAX_SUGGESTION)]
    comment: Annotated[str, Field(max_length=MAX_COMMENT)] = ""
    kind: KindName = Kind.TYPO.value
    email: Annotated[str, Field(max_length=320)] | None = None
    website: Annotated[str, Field(max_length=200, description="Honeypot; leave empty")] = ""
    language: (
        Annotated[
            str,
            Field(
                max_length=35,
                description="BCP 47: the language the reader read (default: the article's); "
                "the outcome email is written in it",
            ),
        ]
        | None
    ) = None
    reader: (
        Annotated[
            str,
            Field(
                max_length=200,
                description=(
                    "The widget's random reader id (localStorage, never a cookie), "
                    f"matching {READER_PATTERN}; anything else counts the reader by address"
                ),
            ),
        ]
        | None
    ) = None


class ReportCreate(ReportFields):
    """A reader's report on an article page of Factcheck's own."""

    revision: Annotated[int, Field(ge=1, le=MAX_ID, description="The revision the reader saw")]


class SiteReportCreate(ReportFields):
    """A reader's report from a page of a registered site; offsets are in the page's text."""

    article: Annotated[
        str,
        Field(min_length=1, max_length=2000, description="The article's slug or canonical URL"),
    ]
    page_url: (
        Annotated[str, Field(max_length=2000, description="The page the reader was on")] | None
    ) = None
    revision: (
        Annotated[
            int,
            Field(ge=1, le=MAX_ID, description="The revision the page shows (default: current)"),
        ]
        | None
    ) = None


class GroupApply(Schema):
    text: Annotated[str, Field(max_length=2000, description="Replacement for the group's span")]
    base_revision: Id
    summary: Annotated[str, Field(min_length=1, max_length=500)]
    note: Annotated[str, Field(max_length=2000)] | None = None
    elsewhere: Annotated[list[Offset], Field(max_length=100)] = []


class GroupReject(Schema):
    reason: ReasonName = RejectReason.NOT_ERROR.value
    detail: Annotated[str, Field(max_length=1000)] = ""


class GroupMerge(Schema):
    into: Id


# Query strings: lax (every value arrives as a string) but still closed to unknown names
# only where a typo would silently change the answer.
class Query(BaseModel):
    model_config = ConfigDict(extra="ignore")


RevisionRef = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{1,9}|cur|current)$",
        description="A revision number, or 'cur' for the current revision",
    ),
]


# The API's slice size: `limit` defaults to DEFAULT_LIMIT and may not exceed MAX_LIMIT (422).
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class ListQuery(Query):
    """Keyset pagination: `limit` rows after `cursor` (the previous answer's `next_cursor`)."""

    limit: Annotated[
        int, Field(ge=1, le=MAX_LIMIT, description=f"Rows per answer (at most {MAX_LIMIT})")
    ] = DEFAULT_LIMIT
    cursor: Annotated[
        str,
        Field(
            max_length=400,
            pattern=r"^[A-Za-z0-9_-]*$",
            description="Where to continue: the previous answer's `next_cursor` (opaque)",
        ),
    ] = ""


class RevisionsQuery(ListQuery):
    include: Literal["", "text"] = Field(
        default="", description="`text` adds every listed revision's canonical text"
    )


class DiffQuery(Query):
    from_: RevisionRef | None = Field(default=None, alias="from")
    to: RevisionRef | None = None


class GroupsQuery(ListQuery):
    status: StatusFilter = GroupStatus.OPEN.value
    article: Annotated[str, Field(max_length=200, description="An article's slug")] = ""
    kind: KindFilter = ""
    q: Annotated[str, Field(max_length=200, description="Text to search for")] = ""


def _as_utc(value: datetime) -> datetime:
    # Both databases hand back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


Timestamp = Annotated[
    datetime,
    AfterValidator(_as_utc),
    PlainSerializer(lambda value: value.isoformat().replace("+00:00", "Z"), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class Public(BaseModel):
    """A response body; `dump()` gives the JSON the API sends."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class ArticleSummary(Public):
    slug: str
    title: str
    revision: int = Field(description="The current revision's number")
    url: str = Field(description="The public page")
    published_at: Timestamp
    updated_at: Timestamp


class Listed(Public):
    """One slice of a list; follow `next` until it is null."""

    next: str | None = Field(description="The URL of the next slice; null on the last one")
    next_cursor: str | None = Field(description="The `cursor` value for the next slice")


class ArticlesPublic(Listed):
    articles: list[ArticleSummary] = Field(description="Newest first")


class ArticlePublic(ArticleSummary):
    text: str = Field(description="The current revision's canonical text")


class ArticleIngested(ArticlePublic):
    status: Literal["created", "revised", "unchanged"]


class RevisionPublic(Public):
    number: int
    title: str
    text: str = Field(description="This revision's canonical text")
    summary: str
    note: str | None = Field(description="The public correction note, if any")
    author: str
    created_at: Timestamp


class RevisionListed(Public):
    number: int
    title: str
    size: int = Field(description="Code points of the canonical text")
    summary: str
    note: str | None = Field(description="The public correction note, if any")
    author: str
    created_at: Timestamp
    url: str = Field(description="This revision in the API, with its text")
    text: str | None = Field(description="The canonical text, with `include=text` only")


class RevisionsPublic(Listed):
    revisions: list[RevisionListed] = Field(description="Newest first")


class TextOperation(Public):
    op: Literal["equal", "delete", "insert", "replace"]
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old: str
    new: str


class DiffPiece(Public):
    op: Literal["equal", "delete", "insert"]
    text: str
    chars: list["DiffPiece"]


class DiffBlock(Public):
    op: Literal["equal", "change", "delete", "insert", "move_from", "move_to"]
    old_index: int | None
    new_index: int | None
    old: str
    new: str
    pieces: list[DiffPiece]
    move_id: int | None


class Diff(Public):
    from_: int = Field(alias="from")
    to: int
    operations: list[TextOperation] = Field(description="Code-point edits of the text")
    blocks: list[DiffBlock] = Field(description="Paragraph-level operations")


class ReportPublic(Public):
    """A report as its reader may see it (also the answer to submitting one)."""

    id: int
    token: str = Field(description="Unguessable; the key to this report's status")
    status_url: str
    group: int | None
    revision: int
    start: int | None = Field(description="Where it anchored in `revision`")
    end: int | None
    status: ReaderStateName
    message: str
    fixed_revision: int | None
    reason: str | None
    quote: str
    suggestion: str
    kind: str
    created_at: Timestamp
    repeat: bool = Field(
        default=False, description="The same reader had already sent this report (200)"
    )


class SitePublic(Public):
    """What the widget needs to know about a registered site."""

    key: str
    name: str
    language: str = Field(description="The site's default language (BCP 47)")
    selector: str | None = Field(description="A CSS selector for the article body, if any")


class SiteCreate(Schema):
    """An admin registers a newsroom site whose pages may embed the widget."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    origins: Annotated[
        list[Annotated[str, Field(max_length=300)]],
        Field(min_length=1, max_length=20, description="e.g. https://news.example.com"),
    ]
    language: Annotated[str, Field(max_length=35, description="BCP 47, e.g. en or uk")] = "en"
    selector: Annotated[str, Field(max_length=500, description="CSS for the article body")] | (
        None
    ) = None


class SiteAdmin(SitePublic):
    """A registered site as its admins see it."""

    origins: list[str]
    active: bool


class SitesAdmin(Listed):
    sites: list[SiteAdmin]


class Candidate(Public):
    text: str = Field(description="The full replacement for the group's span")
    count: int


class GroupPublic(Public):
    id: int
    article: str = Field(description="The article's slug")
    status: StatusName
    kind: str
    revision: int
    start: int
    end: int
    quote: str
    report_count: int
    reporters: int
    candidates: list[Candidate] = Field(description="Best first")
    found_by_checker: bool
    priority: int = Field(description="The editors' priority: -1 low, 0 normal, 1 high, 2 urgent")
    impact: float = Field(
        description="The queue's rank (higher first): readers, their agreement, the checker, "
        "the kind, the priority and recency; only its order means something"
    )
    fixed_revision: int | None
    reason: str | None
    merged_into: int | None
    first_seen: Timestamp
    last_seen: Timestamp
    url: str = Field(description="The group's page in the editor")


class GroupsPublic(Listed):
    groups: list[GroupPublic] = Field(description="Highest impact first, as the queue")


class GroupApplied(Public):
    revision: int = Field(description="The new revision's number")
    group: GroupPublic


class ErrorBody(BaseModel):
    # A 409 adds what the client needs to recover (e.g. `current_revision`).
    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    fields: dict[str, str] = Field(default={}, description="Field name → what is wrong")


class Error(Public):
    error: ErrorBody


class TokenRevoked(Public):
    revoked: bool = Field(description="True: the token used for this request no longer works")


# Every response body the API documents, for components/schemas.
RESPONSES: tuple[type[Public], ...] = (
    ArticlesPublic,
    ArticlePublic,
    ArticleIngested,
    RevisionsPublic,
    RevisionListed,
    RevisionPublic,
    Diff,
    ReportPublic,
    SitePublic,
    SiteAdmin,
    SitesAdmin,
    GroupsPublic,
    GroupPublic,
    GroupApplied,
    TokenRevoked,
    Error,
)


S = TypeVar("S", bound=Schema)
JSON_MEDIA_TYPE = "application/json"


def require_json() -> None:
    """Refuse a body that is not declared JSON (415): a page on another site can send a
    `text/plain` POST without asking (no CORS preflight); it must get nothing written."""
    if request.mimetype != JSON_MEDIA_TYPE:
        raise UnsupportedMediaType(
            "Send the report as JSON, with the header Content-Type: application/json."
        )


def read_json() -> Any:
    """The request's JSON document, or Malformed (400) with a reason a client can act on."""
    raw = request.get_data(cache=True)
    if not raw:
        raise Malformed("The request body is empty; send a JSON object.")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Malformed("The request body is not valid UTF-8.") from None
    except RecursionError:
        raise Malformed("The JSON document is nested too deeply.") from None
    except json.JSONDecodeError as error:
        # Where, not json's English why: the message is translated (web/reader_messages.py).
        raise Malformed(
            f"The request body is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    except ValueError:
        raise Malformed("The request body is not valid JSON.") from None


def _holds_control(value: Any) -> bool:
    if isinstance(value, str):
        return has_control(value)
    if isinstance(value, list):
        return any(_holds_control(item) for item in value)
    if isinstance(value, dict):
        return any(has_control(str(k)) or _holds_control(v) for k, v in value.items())
    return False


def parse(schema: type[S]) -> S:
    data = read_json()
    if not isinstance(data, dict):
        raise Malformed("The request body must be a JSON object.")
    controls = {
        str(name): CONTROL_MESSAGE
        for name, value in data.items()
        if has_control(str(name)) or _holds_control(value)
    }
    if controls:
        raise Invalid("Some fields are not valid.", controls)
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        fields: dict[str, str] = {}
        for problem in error.errors(include_url=False, include_input=False):
            name = ".".join(str(part) for part in problem["loc"]) or "body"
            fields.setdefault(name, _in_words(problem))
        raise Invalid("Some fields are not valid.", fields) from None


# Pydantic's problems in our own words, which web/reader_messages.py lists for the catalogs
# and the edge translates: pydantic's messages are English only.
PROBLEM_WORDS = {
    "missing": "Fill in this field.",
    "extra_forbidden": "Unknown field; leave it out.",
    "int_type": "Give a whole number.",
    "int_parsing": "Give a whole number.",
    "int_from_float": "Give a whole number.",
    "string_type": "Give text.",
    "bool_type": "Give true or false.",
    "bool_parsing": "Give true or false.",
    "list_type": "Give a list.",
    "dict_type": "Give an object.",
    "model_type": "Give an object.",
    "string_pattern_mismatch": "Not in the expected form.",
}


def _in_words(problem: Any) -> str:
    """A reader's words for a problem in a request (translated at the edge,
    web/reader_messages.py); pydantic's own only for what no reader's request can cause."""
    kind, context = problem["type"], problem.get("ctx") or {}
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        return "Fill in this field." if minimum == 1 else f"At least {minimum} characters."
    if kind == "string_too_long" and "max_length" in context:
        return f"At most {context['max_length']} characters."
    if kind == "too_long" and "max_length" in context:
        return f"At most {context['max_length']} items."
    if kind == "too_short" and "min_length" in context:
        return f"At least {context['min_length']} items."
    if kind == "greater_than_equal" and "ge" in context:
        return f"At least {context['ge']}."
    if kind == "less_than_equal" and "le" in context:
        return f"At most {context['le']}."
    if kind == "literal_error" and "expected" in context:
        choices = re.findall(r"'([^']*)'", str(context["expected"]))
        return f"Use one of: {', '.join(choices)}."
    return PROBLEM_WORDS.get(kind) or str(problem["msg"])


Q = TypeVar("Q", bound=Query)


def parse_query(schema: type[Q]) -> Q:
    """The request's query string as `schema`, or Invalid (422) naming the bad parameters."""
    try:
        return schema.model_validate(request.args.to_dict())
    except ValidationError as error:
        fields: dict[str, str] = {}
        for problem in error.errors(include_url=False, include_input=False):
            fields.setdefault(".".join(str(part) for part in problem["loc"]), _in_words(problem))
        raise Invalid("Some query parameters are not valid.", fields) from None
