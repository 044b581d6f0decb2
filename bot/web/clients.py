"""Who is asking: the client's address, also behind a reverse proxy on a trusted address.

Behind nginx every request comes from the proxy; the login lock-out and the local-only /metrics
need the client's own address, which the proxy appends to X-Forwarded-For. The header is believed
only from a trusted proxy, read from the right, so a client cannot name an address of its choosing.
"""

from __future__ import annotations

import ipaddress
import logging

from aiohttp import web

from bot.web.keys import SETTINGS

log = logging.getLogger(__name__)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# The client of a trusted proxy that did not name it: not local, and not any address a client could have.
UNKNOWN = "unknown"
_warned = False


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(remote: str | None, forwarded_for: str | None, networks: tuple[Network, ...]) -> str | None:
    """The nearest address in X-Forwarded-For that is not a trusted proxy, when `remote` is one.

    From a trusted proxy that names no client (no header, or a hop it did not write) the client is
    UNKNOWN, never the proxy's own address: a proxy on this host would otherwise make every client
    local and open /metrics to all. Such clients share one address for the limits and the login
    lock-out until the proxy is fixed, which the log says once.
    """
    if not networks or not _trusted(_address(remote or ""), networks):
        return remote
    if not forwarded_for or not forwarded_for.strip():
        return UNKNOWN
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            return UNKNOWN  # a hop no proxy of ours wrote: believe nothing further left
        if not _trusted(address, networks):
            return str(address)
    return remote  # only proxies in the chain: the request began at one of them


def forwarded_for(request: web.Request) -> str | None:
    """Every X-Forwarded-For line, in order, as one list: a proxy may add its hop on a line of its own."""
    lines = request.headers.getall("X-Forwarded-For", [])
    return ",".join(lines) if lines else None


def forwarded_scheme(remote: str | None, proto: str | None, networks: tuple[Network, ...]) -> str | None:
    """"https" when a trusted proxy says the client came over TLS (X-Forwarded-Proto, its last value)."""
    if not proto or not networks or not _trusted(_address(remote or ""), networks):
        return None
    return "https" if proto.split(",")[-1].strip().lower() == "https" else None


@web.middleware
async def forwarded_client(request: web.Request, handler) -> web.StreamResponse:
    networks = request.app[SETTINGS].trusted_proxies
    address = client_address(request.remote, forwarded_for(request), networks)
    if address == UNKNOWN:
        _warn_once_of_a_silent_proxy()
    changes = {"remote": address} if address != request.remote else {}
    if forwarded_scheme(request.remote, request.headers.get("X-Forwarded-Proto"), networks):
        changes["scheme"] = "https"  # cookies then go Secure and HSTS is sent (app._protect)
    if changes:
        request = request.clone(**changes)
    return await handler(request)


def _warn_once_of_a_silent_proxy() -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning("a trusted proxy sent a request without a usable X-Forwarded-For: its clients are all one "
                    "unknown address; set proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for")
