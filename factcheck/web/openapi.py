"""The API's route registry and the OpenAPI 3.1 document (and reference page) built from it."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar

from flask import Blueprint, Flask, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

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
                    description=" ".join(description.split()),
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


def operation_rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
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
        operations=operation_rows(document),
        schemas=schema_rows(document),
    )


def init_app(app: Flask, routes: ApiRoutes) -> None:
    app.extensions["factcheck.api_routes"] = routes
    app.register_blueprint(bp)
