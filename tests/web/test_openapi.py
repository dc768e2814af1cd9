"""/openapi.json describes every API route from the code's own schemas; /api/docs renders it."""

import json
import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tests.builders import DEMO_SENTENCE, a_report, a_token, an_article

FLASK_VARIABLE = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


@pytest.fixture
def spec(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def token(session):
    return a_token(session)


def answers_as_documented(spec, method, path, response):
    """Validate `response` against the schema the spec gives for its status."""
    documented = spec["paths"][path][method.lower()]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {path} answered an undocumented {status}"
    reference = documented[status]["content"]["application/json"]["schema"]
    schema = {**reference, "components": spec["components"]}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [error.message for error in validator.iter_errors(response.get_json())]
    assert errors == [], (method, path, status, errors)
    return response.get_json()


def test_the_spec_is_valid_openapi_3_1(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_api_route_is_documented_with_its_methods(app, spec):
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = FLASK_VARIABLE.sub(r"{\1}", rule.rule)
            served |= {(m, path) for m in rule.methods or () if m not in {"HEAD", "OPTIONS"}}
    documented = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    assert served
    assert served == documented


def test_request_bodies_come_from_the_schemas_the_code_validates_with(spec):
    from factcheck.web.schemas import ReportCreate

    report = spec["components"]["schemas"]["ReportCreate"]
    assert report["properties"]["quote"]["maxLength"] == 300
    assert report["additionalProperties"] is False
    assert report == json.loads(json.dumps(ReportCreate.model_json_schema()))
    body = spec["paths"]["/api/v1/articles/{slug}/reports"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/ReportCreate")


def test_editor_routes_need_a_bearer_token_and_say_so(client, spec):
    editor_routes = [
        (method, path)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if op.get("security") == [{"bearerAuth": []}]
    ]
    assert len(editor_routes) == 9
    for method, path in editor_routes:
        url = path.replace("{slug}", "story").replace("{group_id}", "1")
        response = client.open(url, method=method.upper(), json={})
        assert response.status_code == 401, (method, path)
        answers_as_documented(spec, method, path, response)


def test_error_answers_are_documented_with_the_error_schema(spec):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for status, answer in op["responses"].items():
                schema = answer["content"]["application/json"]["schema"]["$ref"]
                if int(status) >= 400:
                    assert schema.endswith("/Error"), (method, path, status)
    reports = spec["paths"]["/api/v1/articles/{slug}/reports"]["post"]["responses"]
    assert {"400", "404", "413", "422", "429"} <= reports.keys()
    assert "Retry-After" in reports["429"]["headers"]


def test_public_answers_match_their_schemas(client, session, spec):
    an_article(session, "story")
    an_article(session, "story", body="Changed.\n\n" + DEMO_SENTENCE)
    v1 = "/api/v1/articles"
    for url, path in [
        (v1, v1),
        (f"{v1}/story", v1 + "/{slug}"),
        (f"{v1}/story/revisions", v1 + "/{slug}/revisions"),
        (f"{v1}/story/revisions/1", v1 + "/{slug}/revisions/{number}"),
        (f"{v1}/story/diff?from=1&to=cur", v1 + "/{slug}/diff"),
        (f"{v1}/nope", v1 + "/{slug}"),
        (f"{v1}/story/revisions/9", v1 + "/{slug}/revisions/{number}"),
    ]:
        answers_as_documented(spec, "GET", path, client.get(url))

    text = client.get(f"{v1}/story").get_json()["text"]
    start = text.index("Georgia Maloney")
    report = {
        "revision": 2,
        "quote": "Georgia Maloney",
        "start": start,
        "end": start + 15,
        "suggestion": "Giorgia Meloni",
        "kind": "name",
    }
    created = client.post(f"{v1}/story/reports", json=report)
    assert created.status_code == 201
    body = answers_as_documented(spec, "POST", v1 + "/{slug}/reports", created)
    status = client.get(f"/api/v1/reports/{body['token']}")
    assert answers_as_documented(spec, "GET", "/api/v1/reports/{token}", status)["id"] == body["id"]
    invalid = client.post(f"{v1}/story/reports", json={**report, "kind": "rumour"})
    assert invalid.status_code == 422
    answers_as_documented(spec, "POST", v1 + "/{slug}/reports", invalid)
    malformed = client.post(f"{v1}/story/reports", data="{", content_type="application/json")
    assert malformed.status_code == 400
    answers_as_documented(spec, "POST", v1 + "/{slug}/reports", malformed)


def test_editor_answers_match_their_schemas(client, session, spec, token):
    an_article(session, "story")
    first = a_report(session, "story", "Georgia Maloney", "Giorgia Meloni", reporter="a")
    other = a_report(session, "story", "Kyiv", "Kiev", reporter="b")
    third = a_report(session, "story", "February 2022", "February 24, 2022", reporter="c")
    auth = {"Authorization": f"Bearer {token}"}
    groups = "/api/v1/groups"

    listed = client.get(f"{groups}?status=open&limit=50", headers=auth)
    assert len(answers_as_documented(spec, "GET", groups, listed)["groups"]) == 3
    one = client.get(f"{groups}/{first.group_id}", headers=auth)
    answers_as_documented(spec, "GET", groups + "/{group_id}", one)

    put = client.put(
        "/api/v1/articles/new-story", json={"title": "Head", "body": "Text."}, headers=auth
    )
    assert put.status_code == 201
    answers_as_documented(spec, "PUT", "/api/v1/articles/{slug}", put)

    merged = client.post(
        f"{groups}/{other.group_id}/merge", json={"into": third.group_id}, headers=auth
    )
    assert merged.status_code == 200, merged.get_json()
    answers_as_documented(spec, "POST", groups + "/{group_id}/merge", merged)

    apply = {"text": "Giorgia Meloni", "base_revision": 1, "summary": "Name"}
    applied = client.post(f"{groups}/{first.group_id}/apply", json=apply, headers=auth)
    assert applied.status_code == 201, applied.get_json()
    answers_as_documented(spec, "POST", groups + "/{group_id}/apply", applied)

    rejected = client.post(f"{groups}/{third.group_id}/reject", json={}, headers=auth)
    assert rejected.status_code == 200, rejected.get_json()
    answers_as_documented(spec, "POST", groups + "/{group_id}/reject", rejected)
    again = client.post(f"{groups}/{third.group_id}/reject", json={}, headers=auth)
    assert again.status_code == 409
    answers_as_documented(spec, "POST", groups + "/{group_id}/reject", again)


@pytest.mark.parametrize(
    "url",
    [
        # Found by schemathesis-style inputs: numbers a database cannot hold, and digits
        # that str.isdigit() accepts but int() does not.
        "/api/v1/articles/story/diff?from=99999999999999999999",
        "/api/v1/articles/story/diff?to=%C2%B2",
        "/api/v1/articles/story/diff?from=-1",
    ],
)
def test_unusable_diff_revisions_are_a_422_not_a_500(client, session, spec, url):
    an_article(session, "story")
    response = client.get(url)
    assert response.status_code == 422
    answers_as_documented(spec, "GET", "/api/v1/articles/{slug}/diff", response)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=%C2%B2", "limit"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=201", "limit"),
        ("limit=99999999999999999999", "limit"),
        ("limit=x", "limit"),
        ("cursor=x", "cursor"),
        ("cursor=%2F%2F%2F", "cursor"),
        ("cursor=" + "A" * 401, "cursor"),
        ("cursor=WyJhcnRpY2xlcyIsMV0", "cursor"),  # another list's cursor
        ("cursor=WyJncm91cHMiLDEsMiwzLCJub3QgYSBkYXRlIiw0XQ", "cursor"),  # a bad date
        ("cursor=WyJncm91cHMiLDEsMiwzLCIyMDI2LTAxLTAxIiwtNF0", "cursor"),  # a negative id
    ],
)
def test_an_unusable_queue_slice_is_a_422_not_a_500(client, session, spec, token, query, field):
    response = client.get(f"/api/v1/groups?{query}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    answers_as_documented(spec, "GET", "/api/v1/groups", response)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/groups/99999999999999999999",
        "/api/v1/articles/story/revisions/99999999999999999999",
    ],
)
def test_ids_too_large_for_the_database_are_not_found(client, session, token, url):
    an_article(session, "story")
    response = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_report_offsets_too_large_for_the_database_are_invalid(client, session):
    an_article(session, "story")
    report = {"revision": 10**20, "quote": "Georgia", "start": 10**20, "suggestion": "G"}
    response = client.post("/api/v1/articles/story/reports", json=report)
    assert response.status_code == 422
    assert {"revision", "start"} <= response.get_json()["error"]["fields"].keys()


def test_the_reference_page_lists_every_operation_and_schema(client, spec):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for path, ops in spec["paths"].items():
        for method in ops:
            assert f"{method.upper()} {path}" in page
    for name in ("ReportCreate", "GroupPublic", "Error"):
        assert f'id="schema-{name}"' in page
    assert 'href="/openapi.json"' in page
    assert "<script" not in page


def test_the_reference_page_escapes_what_it_prints(app, client):
    client.get("/openapi.json")
    spec = app.extensions["factcheck.openapi"]
    spec["paths"]["/api/v1/articles"]["get"]["summary"] = "<script>alert(1)</script>"
    page = client.get("/api/docs").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_specs_vocabularies_are_the_lifecycles(spec):
    from factcheck.domain.lifecycle import GroupStatus, Kind, ReaderState, RejectReason

    schemas = spec["components"]["schemas"]
    assert schemas["GroupPublic"]["properties"]["status"]["enum"] == [s.value for s in GroupStatus]
    assert schemas["ReportPublic"]["properties"]["status"]["enum"] == [s.value for s in ReaderState]
    assert schemas["ReportCreate"]["properties"]["kind"]["enum"] == [k.value for k in Kind]
    assert schemas["GroupReject"]["properties"]["reason"]["enum"] == [r.value for r in RejectReason]
    groups = spec["paths"]["/api/v1/groups"]["get"]["parameters"]
    (status,) = [p for p in groups if p["name"] == "status"]
    assert status["schema"]["enum"] == [*(s.value for s in GroupStatus), "all"]
