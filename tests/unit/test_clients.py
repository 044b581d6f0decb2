"""The client's address behind a trusted reverse proxy, never an address a client names itself."""

from __future__ import annotations

import pytest

from bot.config import load_settings, proxy_networks
from bot.web.clients import UNKNOWN, client_address

PROXIES = proxy_networks("127.0.0.1,::1,10.0.0.0/8")


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # nginx on this host
    ("127.0.0.1", "203.0.113.9, 10.1.2.3", "203.0.113.9"),  # through two proxies of ours
    ("127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged first hop is not believed
    ("127.0.0.1", "2001:db8::7", "2001:db8::7"),
    ("127.0.0.1", "[2001:db8::7]", "2001:db8::7"),
    ("198.51.100.1", "203.0.113.9", "198.51.100.1"),  # not from a proxy: the header is ignored
    # A trusted proxy that names no client: someone unknown, never the proxy's own (local) address.
    ("127.0.0.1", None, UNKNOWN),
    ("127.0.0.1", "", UNKNOWN),
    ("127.0.0.1", "not-an-address", UNKNOWN),  # garbage no proxy of ours writes
    ("127.0.0.1", "203.0.113.9, junk", UNKNOWN),
    ("127.0.0.1", "10.0.0.1, 127.0.0.1", "127.0.0.1"),  # only proxies: it began at one
    (None, "203.0.113.9", None),
])
def test_the_client_is_the_nearest_address_that_is_not_a_proxy(remote, forwarded, expected):
    assert client_address(remote, forwarded, PROXIES) == expected


def test_without_trusted_proxies_nobody_is_believed():
    assert client_address("127.0.0.1", "203.0.113.9", ()) == "127.0.0.1"


def test_loopback_is_trusted_by_default_and_a_wrong_setting_stops_the_start():
    assert client_address("::1", "203.0.113.9", load_settings({}).trusted_proxies) == "203.0.113.9"
    assert load_settings({"TRUSTED_PROXIES": ""}).trusted_proxies == ()
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        load_settings({"TRUSTED_PROXIES": "nginx.local"})
