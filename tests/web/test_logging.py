"""Structured logs: one JSON object per line, a request id everywhere, no emails or tokens."""

import json
import logging

import pytest

from factcheck.logs import JsonFormatter, RedactingFilter, redact
from tests.builders import a_report, a_token, an_article, the_editor


@pytest.fixture
def app_config():
    return {"LOG_LEVEL": "INFO"}


def log_lines(capsys) -> list[dict]:
    err = capsys.readouterr().err
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_every_request_logs_one_json_line_with_its_id(client, capsys):
    capsys.readouterr()
    response = client.get("/api/v1/articles")
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) >= 16
    [line] = [entry for entry in log_lines(capsys) if entry["logger"] == "factcheck.request"]
    assert line["request_id"] == request_id
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/articles"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert "time" in line and "message" in line


def test_a_sane_inbound_request_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a9c21-0001"
    forged = 'x", "level": "forged'
    hostile = client.get("/healthz", headers={"X-Request-ID": forged})
    assert hostile.headers["X-Request-ID"] != forged
    assert hostile.headers["X-Request-ID"].isalnum()
    too_long = client.get("/healthz", headers={"X-Request-ID": "a" * 500})
    assert len(too_long.headers["X-Request-ID"]) <= 128


def test_each_request_gets_its_own_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    assert client.get("/healthz").headers["X-Request-ID"] != first


def test_an_editor_action_is_logged_with_the_editor_and_request_id(client, session, capsys):
    an_article(session, "story")
    token = a_token(session)
    editor = the_editor(session)
    capsys.readouterr()
    response = client.put(
        "/api/v1/articles/story",
        json={"title": "A test headline", "body": "New body.", "summary": "CMS sync"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    lines = log_lines(capsys)
    request_line = next(e for e in lines if e["logger"] == "factcheck.request")
    assert request_line["editor_id"] == editor.id
    assert request_line["request_id"] == response.headers["X-Request-ID"]
    joined = json.dumps(lines)
    assert token not in joined
    assert token[:4] == "fct_"


def test_an_audited_action_logs_a_line_with_the_request_id(client, session, capsys):
    an_article(session, "story")
    report = a_report(session, "story", reporter="r1")
    token = a_token(session)
    capsys.readouterr()
    response = client.post(
        f"/api/v1/groups/{report.group_id}/reject",
        json={"reason": "style"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    audit = [e for e in log_lines(capsys) if e["logger"] == "factcheck.audit"]
    assert audit, "the rejection is logged"
    assert audit[0]["request_id"] == response.headers["X-Request-ID"]
    assert audit[0]["action"]
    assert audit[0]["editor_id"] == the_editor(session).id


def test_a_reporters_email_and_report_token_never_reach_the_logs(client, session, capsys, caplog):
    an_article(session, "story")
    capsys.readouterr()
    caplog.set_level(logging.DEBUG)
    email = "reader.secret@example.org"
    response = client.post(
        "/api/v1/articles/story/reports",
        json={
            "revision": 1,
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni",
            "kind": "name",
            "email": email,
            "comment": f"write to {email}",
        },
    )
    assert response.status_code == 201
    report_token = response.get_json()["token"]
    client.get(f"/reports/{report_token}")
    client.get(f"/api/v1/reports/{report_token}?token={report_token}")
    # A careless log call elsewhere must not leak them either.
    status_url = response.get_json()["status_url"]
    logging.getLogger("factcheck.test").warning("mailing %s: see %s", email, status_url)
    captured = capsys.readouterr().err + caplog.text
    assert "/reports/[token]" in captured
    assert email not in captured
    assert report_token not in captured


def test_the_redaction_covers_emails_and_both_kinds_of_token():
    text = redact(
        "to a.b+c@news.example.co.uk token fct_AbC-123_x via /reports/s3cr3t?x=1 "
        "and /api/v1/reports/abc Bearer fct_zzz"
    )
    assert "a.b+c@" not in text and "fct_AbC" not in text
    assert "s3cr3t" not in text and "/reports/abc" not in text and "fct_zzz" not in text


def test_the_formatter_writes_one_json_object_per_record_even_with_newlines():
    record = logging.LogRecord("factcheck.x", logging.ERROR, __file__, 1, "a\nb %s", ("c",), None)
    RedactingFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["message"] == "a\nb c"
