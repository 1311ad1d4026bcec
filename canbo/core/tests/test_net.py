"""core.net.client_ip: X-Forwarded-For believed only from the trusted proxies, read from the right."""

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings

from canbo.core.net import client_ip, parse_address


def ip(remote: str | None, forwarded: str | None = None) -> str | None:
    request = RequestFactory().get("/")
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    with override_settings(CANBO_TRUSTED_PROXIES=[]):
        assert ip("127.0.0.1", "203.0.113.5") == "127.0.0.1"
        assert ip("198.51.100.1", "203.0.113.5, 10.0.0.1") == "198.51.100.1"


@override_settings(CANBO_TRUSTED_PROXIES=["10.0.0.1", "172.16.0.0/12", "2001:db8::/32"])
def test_behind_a_trusted_proxy_the_chain_is_read_from_the_right() -> None:
    assert ip("10.0.0.1", "203.0.113.5") == "203.0.113.5"
    # The client's own X-Forwarded-For (forged) is on the left: the proxy's entry is believed.
    assert ip("10.0.0.1", "1.2.3.4, 203.0.113.5") == "203.0.113.5"
    # Two trusted proxies: each skipped.
    assert ip("10.0.0.1", "1.2.3.4, 203.0.113.5, 172.16.4.2") == "203.0.113.5"
    assert ip("2001:db8::7", "2001:db8:1::1, 2a00:1450::1") == "2a00:1450::1"
    # Only proxies in the chain: the farthest one.
    assert ip("10.0.0.1", "172.16.4.2") == "172.16.4.2"
    # No header at all: the proxy itself.
    assert ip("10.0.0.1") == "10.0.0.1"


@override_settings(CANBO_TRUSTED_PROXIES=["10.0.0.1"])
def test_a_header_from_an_untrusted_address_is_ignored() -> None:
    assert ip("192.0.2.50", "203.0.113.5") == "192.0.2.50"
    assert ip("10.0.0.2", "203.0.113.5") == "10.0.0.2"


@override_settings(CANBO_TRUSTED_PROXIES=["10.0.0.1"])
def test_malformed_values_are_never_used() -> None:
    # A hop that is no address: nothing to its left can be vouched for; the proxy is the answer.
    assert ip("10.0.0.1", "203.0.113.5, nonsense") == "10.0.0.1"
    assert ip("10.0.0.1", "") == "10.0.0.1"
    assert ip("10.0.0.1", " , ") == "10.0.0.1"
    assert ip("10.0.0.1", "999.1.1.1") == "10.0.0.1"
    assert ip("10.0.0.1", "<script>") == "10.0.0.1"
    # Ports and brackets as proxies write them; IPv4 mapped into IPv6.
    assert ip("10.0.0.1", "203.0.113.5:4711") == "203.0.113.5"
    assert ip("10.0.0.1", "[2a00:1450::1]:443") == "2a00:1450::1"
    assert ip("::ffff:10.0.0.1", "::ffff:203.0.113.5") == "203.0.113.5"
    # REMOTE_ADDR itself missing or malformed: no address.
    assert ip(None, "203.0.113.5") is None
    assert ip("not-an-address", "203.0.113.5") is None


def test_parse_address() -> None:
    assert str(parse_address(" 203.0.113.5 ")) == "203.0.113.5"
    assert parse_address("fe80::1%eth0") is None
    assert parse_address("[2001:db8::1") is None
    assert parse_address(None) is None


@pytest.mark.django_db
def test_a_malformed_trusted_proxy_setting_is_refused_at_start_up() -> None:
    with override_settings(CANBO_TRUSTED_PROXIES=["10.0.0.1", "10.0.0.0/33", "proxy.local"]):
        errors = [e for e in run_checks() if e.id == "core.E001"]
    assert len(errors) == 2 and "proxy.local" in errors[1].msg
    with override_settings(CANBO_TRUSTED_PROXIES=["10.0.0.1", "10.0.0.0/8", "::1"]):
        assert not [e for e in run_checks() if e.id == "core.E001"]
