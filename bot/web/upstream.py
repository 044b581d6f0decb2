"""The Rasa servers behind the gateway: one conversation goes to one server while it answers.

Every server reads and writes the same tracker store under the same lock store, so any of them
can carry on any conversation; keeping a sender on one server only spares the lock. When a
server refuses the connection or fails, the next one is tried and the failed one is skipped by
new conversations for a few seconds. A server that took the message and then hung is not asked
again (the message may have been handled): the caller answers 503 and the resident re-sends.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

RESTING_SECONDS = 5.0


class AllUpstreamsFailed(Exception):
    """No Rasa server gave an answer."""


@dataclass
class Upstreams:
    urls: tuple[str, ...]
    resting_until: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, urls: str | Sequence[str]) -> Upstreams:
        listed = [urls] if isinstance(urls, str) else list(urls)
        if not listed:
            raise ValueError("at least one Rasa server URL is needed")
        return cls(tuple(u.rstrip("/") for u in listed))

    def order_for(self, key: str) -> list[str]:
        """The sender's own server first, then the rest; servers that just failed go last."""
        start = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest(), "big") % len(self.urls)
        ordered = list(self.urls[start:] + self.urls[:start])
        now = time.monotonic()
        return sorted(ordered, key=lambda url: self.resting_until.get(url, 0.0) > now)

    def failed(self, url: str) -> None:
        self.resting_until[url] = time.monotonic() + RESTING_SECONDS

    def answered(self, url: str) -> None:
        self.resting_until.pop(url, None)

    async def request(self, session: aiohttp.ClientSession, key: str, method: str, path: str,
                      **kwargs) -> tuple[int, str | None, str | None, bytes]:
        """Send to the sender's server, falling over to the others; return status, type, charset, body."""
        for url in self.order_for(key):
            try:
                async with session.request(method, f"{url}{path}", **kwargs) as reply:
                    body = await reply.read()
                    if reply.status >= 500:
                        self.failed(url)
                        continue
                    self.answered(url)
                    return reply.status, reply.content_type, reply.charset, body
            except asyncio.TimeoutError as error:  # it may have handled the message: not sent again
                self.failed(url)
                raise AllUpstreamsFailed(url) from error
            except aiohttp.ClientConnectionError:  # refused, or the server died: the next one
                self.failed(url)
        raise AllUpstreamsFailed(", ".join(self.urls))

    async def any_ready(self, session: aiohttp.ClientSession, token: str | None = None) -> tuple[int, int]:
        """How many servers answer their status (an API call: with Rasa's token), of how many."""
        params = {"token": token} if token else None

        async def one(url: str) -> bool:
            try:
                async with session.get(f"{url}/status", params=params, timeout=aiohttp.ClientTimeout(total=2)) as reply:
                    return reply.status == 200
            except (aiohttp.ClientError, asyncio.TimeoutError):
                return False

        results = await asyncio.gather(*(one(url) for url in self.urls))
        return sum(results), len(self.urls)
