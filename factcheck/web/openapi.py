"""The API's route registry and the OpenAPI 3.1 document (and reference page) built from it."""

import json
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar

from flask import Blueprint, Flask, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from factcheck.web import markdown
from factcheck.web.schemas import RESPONSES, Error

F = TypeVar("F", bound=Callable[..., Any])
REF = "#/components/schemas/{model}"
# <converter(args):name> in a Flask rule.
_VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Operation:
    """One documented API route: what it takes, what it answers, who may call it."""

    method: str
    rule: str
    endpoint: str
    summary: str
    description: str
    responses: Mapping[int, type[BaseModel]]
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    errors: tuple[int, ...] = ()
    auth: bool = False

    @property
    def statuses(self) -> dict[int, type[BaseModel]]:
        """Every answer: the successes, then the errors the route's inputs imply."""
        errors = set(self.errors) | {404}
        if self.auth:
            errors.add(401)
        if self.body is not None:
            errors |= {400, 413, 422}
        if self.query is not None:
            errors.add(422)
        return {**self.responses, **{status: Error for status in sorted(errors)}}


@dataclass
class ApiRoutes:
    """Routes a blueprint and records each one, so the spec cannot miss or invent a route."""

    blueprint: Blueprint
    operations: list[Operation] = field(default_factory=list)

    def route(
        self,
        method: str,
        rule: str,
        *,
        responses: Mapping[int, type[BaseModel]],
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        errors: tuple[int, ...] = (),
        auth: bool = False,
    ) -> Callable[[F], F]:
        def register(view: F) -> F:
            summary, _, description = (view.__doc__ or view.__name__).strip().partition("\n")
            self.operations.append(
                Operation(
                    method=method.upper(),
                    rule=(self.blueprint.url_prefix or "") + rule,
                    endpoint=f"{self.blueprint.name}.{view.__name__}",
                    summary=summary.strip(),
                    # Markdown (the reference page renders it): paragraphs and lists kept.
                    description=textwrap.dedent(description).strip(),
                    responses=responses,
                    body=body,
                    query=query,
                    errors=errors,
                    auth=auth,
                )
            )
            self.blueprint.add_url_rule(rule, view_func=view, methods=[method.upper()])
            return view

        return register


def _path_parameters(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """The OpenAPI path (`{name}`) and its parameters, typed from the Flask converters."""
    parameters = []
    for match in _VARIABLE.finditer(rule):
        schema: dict[str, Any] = {"type": "string"}
        if match["converter"] == "int":
            arguments = dict(
                part.strip().split("=", 1) for part in (match["args"] or "").split(",") if part
            )
            schema = {"type": "integer"}
            if arguments.get("signed") != "True":
                schema["minimum"] = int(arguments.get("min", 0))
            if "max" in arguments:
                schema["maximum"] = int(arguments["max"])
        elif match["converter"] not in (None, "string"):
            raise ValueError(f"no OpenAPI type for converter {match['converter']!r} in {rule}")
        parameters.append({"name": match["name"], "in": "path", "required": True, "schema": schema})
    return _VARIABLE.sub(lambda m: "{" + m["name"] + "}", rule), parameters


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(by_alias=True)
    required = set(schema.get("required", ()))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        # "absent" is how a query string says null.
        options = [p for p in prop.pop("anyOf", ()) if p.get("type") != "null"]
        if options:
            prop.update(options[0])
        prop.pop("default", None)
        prop.pop("title", None)
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if "description" in prop:
            parameter["description"] = prop.pop("description")
        parameters.append(parameter)
    return parameters


def _json(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}}


def _response(status: int, model: type[BaseModel]) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": HTTPStatus(status).phrase, "content": _json(model)}
    if status == 429:
        answer["headers"] = {
            "Retry-After": {
                "description": "Seconds until the client may try again",
                "schema": {"type": "integer"},
            }
        }
    return answer


# Sample values by field name, so an example reads like the newsroom's own data (the demo
# article's error); used only where they fit the field's schema, else a generic value.
_SAMPLES: dict[str, Any] = {
    "slug": "italy-signals-peace-talks",
    "article": "italy-signals-peace-talks",
    "title": "Italy signals peace talks",
    "headline": "Italy signals peace talks",
    "quote": "Georgia Maloney",
    "prefix": "said Prime Minister ",
    "suffix": " on Monday",
    "suggestion": "Giorgia Meloni",
    "text": "Giorgia Meloni",
    "summary": "Corrected the Prime Minister's name",
    "note": "An earlier version misspelled the name of Italy's Prime Minister.",
    "comment": "Her name is Giorgia Meloni.",
    "reason": "Not an error: the quote is verbatim.",
    "email": "reader@example.com",
    "name": "Kyiv News",
    "language": "en",
    "url": "https://news.example.com/2024/01/10/italy-signals-peace-talks/",
    "start": 40,
    "end": 55,
    "revision": 1,
    "base_revision": 1,
    "number": 1,
    "count": 3,
    "limit": 50,
    "kind": "name",
    "body": "Prime Minister Giorgia Meloni said on Monday that Italy was ready to host talks.",
    "token": "r_Zm9vYmFyYmF6cXV4",
    "status_url": "https://factcheck.example/reports/r_Zm9vYmFyYmF6cXV4",
    "next": "https://factcheck.example/api/v1/articles?cursor=WyJhcnRpY2xlcyIsMV0",
    "next_cursor": "WyJhcnRpY2xlcyIsMV0",
    "message": "Thank you: the editors will look at it.",
    "key": "site_3f9a1c2b7d5e",
    "site": "site_3f9a1c2b7d5e",
    "origin": "https://news.example.com",
    "selector": "article .entry-content",
    "author": "editor@example.com",
    "reader": "a-browser-local-id",
    "page_url": "https://news.example.com/2024/01/10/italy-signals-peace-talks/",
    "old": "Georgia Maloney",
    "new": "Giorgia Meloni",
}
_FORMATS = {
    "date-time": "2026-12-01T09:30:00Z",
    "date": "2026-12-01",
    "uri": "https://factcheck.example/api/v1/articles",
    "email": "reader@example.com",
}


def _resolve(schema: Mapping[str, Any], schemas: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        schema = schemas[str(schema["$ref"]).rsplit("/", 1)[-1]]
    return schema


def _fits(value: Any, schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    if kind == "string":
        return (
            isinstance(value, str)
            and schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9)
            and ("pattern" not in schema or re.search(schema["pattern"], value) is not None)
            and ("format" not in schema or schema["format"] in ("email", "uri"))
        )
    if kind == "integer":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and schema.get("minimum", -(10**18)) <= value <= schema.get("maximum", 10**18)
        )
    return False


def example(
    schema: Mapping[str, Any], schemas: Mapping[str, Any], name: str = "", depth: int = 0
) -> Any:
    """A value that conforms to `schema` (a JSON Schema from the spec): the schema's own
    `examples`/`default`/`enum` when it has one, a sample for the field's name when that
    fits, else the simplest value of its type. tests/web/test_openapi.py validates each."""
    schema = _resolve(schema, schemas)
    if schema.get("examples"):
        return schema["examples"][0]
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            options = [o for o in schema[combinator] if _resolve(o, schemas).get("type") != "null"]
            return example((options or schema[combinator])[0], schemas, name, depth)
    kind = schema.get("type")
    if name in _SAMPLES and _fits(_SAMPLES[name], schema):
        return _SAMPLES[name]
    if schema.get("default") is not None:
        return schema["default"]
    if kind == "string":
        if "format" in schema and schema["format"] in _FORMATS:
            return _FORMATS[schema["format"]]
        return "x" * max(1, schema.get("minLength", 0)) if "pattern" not in schema else "a"
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return float(max(1, schema.get("minimum", 1)))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "array":
        items = schema.get("items", {})
        count = max(1, schema.get("minItems", 1)) if depth < 4 else schema.get("minItems", 0)
        singular = name[:-1] if name.endswith("s") else name
        return [example(items, schemas, singular, depth + 1) for _ in range(count)]
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {
            key: example(prop, schemas, key, depth + 1)
            for key, prop in properties.items()
            if depth < 4 or key in schema.get("required", ())
        }
    return None


def _with_examples(document: dict[str, Any], schemas: Mapping[str, Any]) -> None:
    """An `example` beside each JSON body's schema (request and 2xx answers)."""
    media = document.get("requestBody", {}).get("content", {}).get("application/json")
    if media is not None:
        media["example"] = example(media["schema"], schemas)
    for status, answer in document["responses"].items():
        if status.startswith("2"):
            answer_media = answer["content"]["application/json"]
            answer_media["example"] = example(answer_media["schema"], schemas)


def build_spec(operations: list[Operation], *, title: str, version: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document: paths from the registry, schemas from the pydantic models."""
    bodies = {op.body for op in operations if op.body is not None}
    answers = set(RESPONSES) | {m for op in operations for m in op.responses.values()}
    _, definitions = models_json_schema(
        [(model, "validation") for model in sorted(bodies, key=lambda m: m.__name__)]
        + [(model, "serialization") for model in sorted(answers, key=lambda m: m.__name__)],
        ref_template=REF,
    )
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        path, parameters = _path_parameters(op.rule)
        if op.query is not None:
            parameters += _query_parameters(op.query)
        document: dict[str, Any] = {
            "operationId": op.endpoint.replace(".", "_"),
            "summary": op.summary,
        }
        if op.description:
            document["description"] = op.description
        if parameters:
            document["parameters"] = parameters
        if op.body is not None:
            document["requestBody"] = {"required": True, "content": _json(op.body)}
        document["responses"] = {
            str(status): _response(status, model) for status, model in op.statuses.items()
        }
        if op.auth:
            document["security"] = [{"bearerAuth": []}]
        _with_examples(document, definitions.get("$defs", {}))
        paths.setdefault(path, {})[op.method.lower()] = document
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": (
                "Reader error reports and editor corrections. Offsets are Unicode code points "
                "into an article revision's canonical text. Errors are always "
                '`{"error": {"code", "message", "fields"}}`.'
            ),
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An editor's API token (`flask --app app create-token`)",
                }
            },
        },
    }


# The reference page: the spec flattened into rows a template can print.


def describe(schema: Mapping[str, Any]) -> str:
    """A JSON Schema as a short type: `string (1–300)`, `array of Candidate`, `integer | null`."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return " | ".join(describe(option) for option in schema[combinator])
    if "enum" in schema:
        return " | ".join(repr(value).replace("'", '"') for value in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        text = f"array of {describe(schema.get('items', {}))}"
    elif kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        text = f"object of {describe(extra) if isinstance(extra, dict) else 'any'}"
    else:
        text = str(kind) + (f" ({schema['format']})" if "format" in schema else "")
    limits = [
        f"{label} {schema[key]}"
        for key, label in (
            ("minLength", "min length"),
            ("maxLength", "max length"),
            ("minimum", "≥"),
            ("maximum", "≤"),
            ("minItems", "min items"),
            ("maxItems", "max items"),
            ("pattern", "matches"),
        )
        if key in schema
    ]
    return text + (f" ({', '.join(limits)})" if limits else "")


def schema_rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each component schema with its fields: name, type, required, description."""
    rows = []
    for name, schema in spec["components"]["schemas"].items():
        required = set(schema.get("required", ()))
        fields = [
            {
                "name": field_name,
                "type": describe(prop),
                "required": field_name in required,
                "description": prop.get("description", ""),
                "default": prop.get("default"),
            }
            for field_name, prop in schema.get("properties", {}).items()
        ]
        rows.append({"name": name, "description": schema.get("description", ""), "fields": fields})
    return rows


def _path_example(path: str, parameters: list[Mapping[str, Any]], schemas: Any) -> str:
    values = {
        p["name"]: example(p["schema"], schemas, p["name"])
        for p in parameters
        if p.get("in") == "path"
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], m[1])), path)


def curl(method: str, url: str, *, auth: bool, body: Any) -> str:
    """A copy-and-paste request; the token is a shell variable, never a real one."""
    parts = ["curl"]
    if method != "GET":
        parts.append(f"-X {method}")
    parts.append(f"'{url}'")
    if auth:
        parts.append('-H "Authorization: Bearer $FACTCHECK_TOKEN"')
    if body is not None:
        parts.append("-H 'Content-Type: application/json'")
        text = json.dumps(body, ensure_ascii=False, indent=2).replace("'", "'\\''")
        parts.append(f"-d '{text}'")
    return " \\\n  ".join(parts)


def operation_rows(spec: Mapping[str, Any], base_url: str = "") -> list[dict[str, Any]]:
    schemas = spec["components"]["schemas"]
    rows = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            success = next(
                (
                    (status, answer["content"]["application/json"])
                    for status, answer in op["responses"].items()
                    if status.startswith("2")
                ),
                None,
            )
            example_path = _path_example(path, op.get("parameters", []), schemas)
            rows.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "auth": bool(op.get("security")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "type": describe(p["schema"]),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", ())
                    ],
                    "body": describe(body["schema"]) if body else None,
                    "responses": [
                        {
                            "status": status,
                            "description": answer["description"],
                            "schema": describe(answer["content"]["application/json"]["schema"]),
                        }
                        for status, answer in op["responses"].items()
                    ],
                    "curl": curl(
                        method.upper(),
                        base_url + example_path,
                        auth=bool(op.get("security")),
                        body=body.get("example") if body else None,
                    ),
                    "example_status": success[0] if success else None,
                    "example_response": (
                        json.dumps(success[1].get("example"), ensure_ascii=False, indent=2)
                        if success
                        else None
                    ),
                }
            )
    return rows


bp = Blueprint("apidocs", __name__)


def spec() -> dict[str, Any]:
    """This app's spec, built once from its registry."""
    extensions = current_app.extensions
    if "factcheck.openapi" not in extensions:
        routes: ApiRoutes = extensions["factcheck.api_routes"]
        extensions["factcheck.openapi"] = build_spec(
            routes.operations, title="Factcheck API", version="1"
        )
    document: dict[str, Any] = extensions["factcheck.openapi"]
    return document


@bp.get("/openapi.json")
def openapi_json() -> ResponseReturnValue:
    return jsonify(spec())


@bp.get("/api/docs")
def reference() -> ResponseReturnValue:
    document = spec()
    return render_template(
        "api/docs.html",
        info=document["info"],
        operations=operation_rows(document, request.url_root.rstrip("/")),
        schemas=schema_rows(document),
    )


def init_app(app: Flask, routes: ApiRoutes) -> None:
    app.extensions["factcheck.api_routes"] = routes
    app.jinja_env.filters["markdown"] = markdown.render
    app.jinja_env.filters["markdown_inline"] = markdown.render_inline
    app.register_blueprint(bp)
