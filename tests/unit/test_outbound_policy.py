"""Where Factcheck may connect: URL rules and the address policy, every spelling of a
private address included (issue: SSRF through webhook URLs)."""

import ipaddress

import pytest

from factcheck.domain.errors import Invalid
from factcheck.domain.outbound import (
    check_address,
    is_public,
    literal_address,
    parse_allowance,
    parse_url,
)

NOWHERE = parse_allowance("")

# Every spelling of an address Factcheck must not reach on an admin's say-so.
FORBIDDEN = [
    "http://127.0.0.1/hook",
    "http://127.1/hook",
    "http://2130706433/hook",
    "http://0x7f.0.0.1/hook",
    "http://0x7f000001/hook",
    "http://0177.0.0.1/hook",
    "http://017700000001/hook",
    "http://127.000.000.001/hook",
    "http://0.0.0.0/hook",
    "http://0/hook",
    "http://[::1]/hook",
    "http://[0:0:0:0:0:0:0:1]/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:7f00:1]/hook",
    "http://[64:ff9b::7f00:1]/hook",  # NAT64 of loopback
    "http://[2002:7f00:1::]/hook",  # 6to4 of loopback
    "http://127.0.0.1:5432/",  # the database's port
    "http://10.0.0.5/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://224.0.0.1/hook",  # multicast
    "http://[ff02::1]/hook",
    "http://240.0.0.1/hook",  # reserved
    "http://255.255.255.255/hook",
    "http://192.0.2.1/hook",  # documentation
]


@pytest.mark.parametrize("url", FORBIDDEN)
def test_every_spelling_of_a_private_or_local_address_is_refused(url):
    destination = parse_url(url)
    address = literal_address(destination.host)
    assert address is not None, url
    assert not is_public(address)
    with pytest.raises(Invalid) as refused:
        check_address(destination, address, NOWHERE)
    assert "private or local" in refused.value.fields["url"]


@pytest.mark.parametrize("url", ["https://8.8.8.8/hook", "http://[2001:4860:4860::8888]/x"])
def test_public_addresses_are_allowed(url):
    destination = parse_url(url)
    address = literal_address(destination.host)
    assert address is not None and is_public(address)
    check_address(destination, address, NOWHERE)


def test_an_allowance_opens_exactly_the_named_host_and_port():
    allowance = parse_allowance("127.0.0.1:8080, cms.internal")
    loopback = ipaddress.ip_address("127.0.0.1")
    check_address(parse_url("http://127.0.0.1:8080/"), loopback, allowance)
    # Another spelling of the same address is the same address.
    check_address(parse_url("http://127.1:8080/"), loopback, allowance)
    with pytest.raises(Invalid):
        check_address(parse_url("http://127.0.0.1:5432/"), loopback, allowance)
    private = ipaddress.ip_address("10.1.2.3")
    check_address(parse_url("https://cms.internal/hook"), private, allowance)
    with pytest.raises(Invalid):
        check_address(parse_url("https://other.internal/hook"), private, allowance)


@pytest.mark.parametrize(
    "url",
    [
        "http://cms.example/a b",
        "http://cms.example/a\x00b",
        "http://cms.exa mple/",
        "http://cms.example/\r\nX-Injected: 1",
        "http://user:pass@cms.example/",
        "ftp://cms.example/",
        "file:///etc/passwd",
        "http://[::1/",
        "http://cms.example:99999/",
        "http://-bad-.example/",
        "http://[fe80::1%25eth0]/",
        "https://",
        "x" * 2001,
    ],
)
def test_malformed_urls_are_refused_with_a_field_error(url):
    with pytest.raises(Invalid) as refused:
        parse_url(url)
    assert set(refused.value.fields) == {"url"}


def test_urls_are_normalised():
    assert (
        parse_url(" HTTPS://CMS.Example:443/Hook?x=1#frag ").url == "https://cms.example/Hook?x=1"
    )
    assert parse_url("http://bücher.example:8080").url == "http://xn--bcher-kva.example:8080/"
    assert parse_url("http://[::1]:80/").url == "http://[::1]/"
