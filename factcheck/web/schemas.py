"""JSON API request schemas: the code validates with these and /openapi.json is built from them."""

import json
from typing import Annotated, Any, Literal, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factcheck.domain.errors import FactcheckError, Invalid


class Malformed(FactcheckError):
    code = "malformed"


class Schema(BaseModel):
    # Strict: "5" is not a number and unknown fields are an error, so typos surface.
    model_config = ConfigDict(strict=True, extra="forbid")


class ArticlePut(Schema):
    title: Annotated[str, Field(min_length=1, max_length=2000)]
    body: Annotated[str, Field(min_length=1)]
    summary: Annotated[str, Field(max_length=500)] = ""


class ReportCreate(Schema):
    """A reader's report (W3C TextQuoteSelector + TextPositionSelector, plus the fix)."""

    revision: Annotated[int, Field(ge=1, description="The revision the reader saw")]
    quote: Annotated[str, Field(min_length=1, max_length=300)]
    prefix: Annotated[str, Field(max_length=64)] = ""
    suffix: Annotated[str, Field(max_length=64)] = ""
    start: Annotated[int, Field(ge=0)] | None = None
    end: Annotated[int, Field(ge=0)] | None = None
    suggestion: Annotated[str, Field(max_length=300)]
    comment: Annotated[str, Field(max_length=2000)] = ""
    kind: Literal["typo", "name", "fact", "other"] = "typo"
    email: Annotated[str, Field(max_length=320)] | None = None
    website: Annotated[str, Field(max_length=200, description="Honeypot; leave empty")] = ""


class GroupApply(Schema):
    text: Annotated[str, Field(max_length=2000, description="Replacement for the group's span")]
    base_revision: Annotated[int, Field(ge=1)]
    summary: Annotated[str, Field(min_length=1, max_length=500)]
    note: Annotated[str, Field(max_length=2000)] | None = None
    elsewhere: Annotated[list[Annotated[int, Field(ge=0)]], Field(max_length=100)] = []


class GroupReject(Schema):
    reason: Literal["not_error", "style", "duplicate", "spam"] = "not_error"
    detail: Annotated[str, Field(max_length=1000)] = ""


class GroupMerge(Schema):
    into: Annotated[int, Field(ge=1)]


S = TypeVar("S", bound=Schema)


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
    except ValueError as error:
        raise Malformed(f"The request body is not valid JSON: {error}.") from None


def parse(schema: type[S]) -> S:
    data = read_json()
    if not isinstance(data, dict):
        raise Malformed("The request body must be a JSON object.")
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        fields: dict[str, str] = {}
        for problem in error.errors(include_url=False, include_input=False):
            name = ".".join(str(part) for part in problem["loc"]) or "body"
            fields.setdefault(name, problem["msg"])
        raise Invalid("Some fields are not valid.", fields) from None
