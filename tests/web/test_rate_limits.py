"""Per-client rate limits on report submission, in memory and in Redis."""

import os
import uuid

import pytest

from tests.builders import an_article
from tests.conftest import IN_CI

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require_redis() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error.__class__.__name__}"
        if IN_CI:
            pytest.fail(message + " (CI requires it)")
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture(params=["memory", "redis"])
def app_config(request):
    storage = "memory://" if request.param == "memory" else require_redis()
    return {
        "RATELIMIT_ENABLED": True,
        "REPORT_RATE_LIMIT": "3/minute;10/hour",
        "RATELIMIT_STORAGE_URL": storage,
        "RATELIMIT_KEY_PREFIX": f"factcheck-test-{uuid.uuid4().hex}",
    }


def report(client, n, address="203.0.113.7"):
    return client.post(
        "/api/v1/articles/story/reports",
        json={"revision": 1, "quote": "Georgia Maloney", "suggestion": f"Giorgia Meloni {n}"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_fourth_report_in_a_minute_is_refused_with_retry_after(client, session):
    an_article(session, "story")
    statuses = [report(client, n).status_code for n in range(4)]
    assert statuses == [201, 201, 201, 429]
    refused = report(client, 9)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"]["code"] == "rate_limited"


def test_limits_are_per_client(client, session):
    an_article(session, "story")
    for n in range(3):
        report(client, n, address="198.51.100.1")
    assert report(client, 5, address="198.51.100.2").status_code == 201


def test_the_form_and_the_api_share_one_budget(client, session):
    an_article(session, "story")
    for n in range(3):
        report(client, n)
    response = client.post(
        "/articles/story/report",
        data={"revision": "1", "quote": "Georgia Maloney", "suggestion": "x", "kind": "typo"},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert "Slow down" in response.get_data(as_text=True)


def test_reading_is_not_limited(client, session):
    an_article(session, "story")
    for _ in range(10):
        assert client.get("/articles/story").status_code == 200


def test_the_app_wide_limiter_hook_is_unhooked_and_still_exists(app):
    # web/limits.py removes Flask-Limiter's private per-request check; if a release renames
    # it, this fails instead of the app silently paying for the check on every request.
    from factcheck.web.limits import limiter

    assert callable(limiter._check_request_limit)
    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])


def test_the_site_endpoint_shares_the_budget_whatever_the_reader_id(client, session):
    from tests.builders import a_site

    site = a_site(session)
    an_article(session, "story", site=site.key)
    for n in range(3):
        report(client, n)
    response = client.post(
        f"/api/v1/sites/{site.key}/reports",
        json={
            "article": "story",
            "quote": "Georgia Maloney",
            "suggestion": "Giorgia Meloni 7",
            "reader": "a-fresh-reader-id-0001",
        },
        headers={"Origin": "https://news.example"},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert response.headers["Access-Control-Allow-Origin"] == "https://news.example"
