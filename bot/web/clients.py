"""Who is asking: the client's address, also behind a reverse proxy on a trusted address.

Behind nginx every request comes from the proxy; the login lock-out and the local-only /metrics
need the client's own address, which the proxy appends to X-Forwarded-For. The header is believed
only from a trusted proxy, read from the right, so a client cannot name an address of its choosing.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

from bot.web.keys import SETTINGS

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(remote: str | None, forwarded_for: str | None, networks: tuple[Network, ...]) -> str | None:
    """The nearest address in X-Forwarded-For that is not a trusted proxy, when `remote` is one."""
    if not networks or not forwarded_for or not _trusted(_address(remote or ""), networks):
        return remote
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            return remote  # a hop no proxy of ours wrote: believe nothing further left
        if not _trusted(address, networks):
            return str(address)
    return remote  # only proxies in the chain: the request began at one of them


@web.middleware
async def forwarded_client(request: web.Request, handler) -> web.StreamResponse:
    networks = request.app[SETTINGS].trusted_proxies
    address = client_address(request.remote, request.headers.get("X-Forwarded-For"), networks)
    if address != request.remote:
        request = request.clone(remote=address)
    return await handler(request)
