"""Origins, canonical article URLs and language tags, normalised in one place."""

import pytest

from factcheck.domain.urls import (
    LanguageError,
    UrlError,
    normalise_article_url,
    normalise_language,
    normalise_origin,
    origin_of,
)


@pytest.mark.parametrize(
    ("given", "origin"),
    [
        ("https://news.example", "https://news.example"),
        ("HTTPS://News.Example.COM", "https://news.example.com"),
        ("https://news.example:443", "https://news.example"),
        ("http://news.example:80/", "http://news.example"),
        ("http://127.0.0.1:5001", "http://127.0.0.1:5001"),
        ("https://news.example:8443", "https://news.example:8443"),
        ("  https://news.example  ", "https://news.example"),
        ("http://[::1]:5001", "http://[::1]:5001"),
        ("https://xn--80ak6aa92e.com", "https://xn--80ak6aa92e.com"),
    ],
)
def test_an_origin_is_normalised_to_scheme_host_and_a_non_default_port(given, origin):
    assert normalise_origin(given) == origin


@pytest.mark.parametrize(
    "given",
    [
        "news.example",
        "ftp://news.example",
        "javascript:alert(1)",
        "https://",
        "https://news.example/path",
        "https://news.example?q=1",
        "https://news.example#top",
        "https://user:pw@news.example",
        "https://news example",
        "https://news.example:99999",
        "https://news.example\x00",
        "https://new$.example",
        "https://" + "a" * 400 + ".example",
    ],
)
def test_anything_but_an_http_origin_is_refused_with_a_reason(given):
    with pytest.raises(UrlError) as refused:
        normalise_origin(given)
    assert str(refused.value)
    assert origin_of(given) is None


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("https://news.example/2024/01/a/", "https://news.example/2024/01/a/"),
        ("HTTPS://NEWS.example:443/2024/A/#comments", "https://news.example/2024/A/"),
        ("https://news.example", "https://news.example/"),
        ("https://news.example/a?id=7&x=y#f", "https://news.example/a?id=7&x=y"),
        ("http://127.0.0.1:5001/a", "http://127.0.0.1:5001/a"),
    ],
)
def test_an_article_url_keeps_its_path_and_query_and_drops_the_fragment(given, url):
    assert normalise_article_url(given) == url


@pytest.mark.parametrize(
    "given", ["/relative/path", "mailto:a@b.example", "https://", "https://x/" + "a" * 2000]
)
def test_an_article_url_must_be_an_absolute_http_address(given):
    with pytest.raises(UrlError):
        normalise_article_url(given)


@pytest.mark.parametrize(
    ("given", "tag"),
    [
        ("en", "en"),
        ("UK", "uk"),
        ("pt-br", "pt-BR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
    ],
)
def test_a_language_tag_gets_its_usual_case(given, tag):
    assert normalise_language(given) == tag


@pytest.mark.parametrize("given", ["", "e", "english!", "en_GB", "en-", "x" * 36, "en-\x00"])
def test_anything_but_a_language_tag_is_refused(given):
    with pytest.raises(LanguageError):
        normalise_language(given)
