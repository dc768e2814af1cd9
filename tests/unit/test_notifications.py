"""Webhook signatures, retry backoff, webhook URLs and SMTP URLs, without an app."""

from datetime import timedelta

import pytest

from factcheck.delivery import parse_smtp_url
from factcheck.domain.errors import Invalid
from factcheck.domain.notifications import (
    BACKOFF_CAP,
    retry_delay,
    sign,
    subscribed,
    verify,
)
from factcheck.domain.outbound import parse_url

BODY = b'{"event":"revision.created","revision":{"number":2}}'


def test_a_signature_verifies_for_the_exact_body_and_timestamp():
    header = sign("s3cret", 1_700_000_000, BODY)
    assert header.startswith("sha256=")
    assert verify("s3cret", "1700000000", BODY, header, now=1_700_000_010)


def test_a_tampered_body_timestamp_or_secret_fails_verification():
    header = sign("s3cret", 1_700_000_000, BODY)
    now = 1_700_000_010
    assert not verify("s3cret", "1700000000", BODY.replace(b"2", b"3"), header, now=now)
    assert not verify("s3cret", "1700000001", BODY, header, now=now)
    assert not verify("other", "1700000000", BODY, header, now=now)
    assert not verify("s3cret", "not-a-number", BODY, header, now=now)


def test_an_old_signature_is_refused_as_a_replay():
    header = sign("s3cret", 1_700_000_000, BODY)
    assert not verify("s3cret", "1700000000", BODY, header, now=1_700_000_000 + 3600)


def test_backoff_doubles_and_is_capped():
    assert retry_delay(1) == timedelta(seconds=30)
    assert retry_delay(2) == timedelta(seconds=60)
    assert retry_delay(3) == timedelta(seconds=120)
    assert retry_delay(50) == BACKOFF_CAP


def test_webhook_event_lists_are_matched_by_whole_names():
    assert subscribed("revision.created, group.fixed", "group.fixed")
    assert not subscribed("group.fixed", "group")


@pytest.mark.parametrize(
    "url",
    ["ftp://cms.example/hook", "javascript:alert(1)", "/relative", "https://", "http://u:p@h/"],
)
def test_webhook_urls_must_be_absolute_http(url):
    with pytest.raises(Invalid):
        parse_url(url)


def test_smtp_urls_choose_the_security_and_default_ports():
    assert parse_smtp_url("smtp://mail.local").port == 25
    starttls = parse_smtp_url("smtp+starttls://me%40x.org:p%3Ass@mail.example:587")
    assert (starttls.security, starttls.username, starttls.password) == (
        "starttls",
        "me@x.org",
        "p:ss",
    )
    assert parse_smtp_url("smtps://u:p@mail.example").port == 465
    with pytest.raises(ValueError):
        parse_smtp_url("http://mail.example")
