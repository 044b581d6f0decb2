"""One answer per WeChat message, however often WeChat delivers it.

WeChat retries a message it got no answer to within 5 seconds, up to three times. Each delivery
is keyed by its MsgId (events: sender and creation time); the first starts the work, later ones
wait for that same work, so the assistant never hears the message twice. A passive answer may
be given again to a retry (WeChat shows one: it retries only when it got none); an answer that
missed the window is pushed through the service API once, and retries then get "success".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

KEEP_SECONDS = 900  # beyond WeChat's retries (seconds) and the channel's freshness window (10 minutes)


@dataclass
class Delivery:
    work: asyncio.Future
    started: float = field(default_factory=time.monotonic)
    answered: bool = False  # given passively, within the window
    pushed: bool = False  # sent through the service API (or about to be)
    late: bool = False  # a delivery's window passed before the answer was ready
    rest_sent: bool = False  # an answer too long for one reply: the rest went by the service API

    def answer_passively(self) -> bool:
        """Whether a delivery may carry the answer in its reply: not once it has been pushed."""
        if self.pushed:
            return False
        self.answered = True
        return True

    def push(self) -> bool:
        """True once, and only when no delivery carried the answer passively."""
        if self.answered or self.pushed:
            return False
        self.pushed = True
        return True


class Deliveries:
    def __init__(self, keep_seconds: float = KEEP_SECONDS) -> None:
        self._keep = keep_seconds
        self._by_key: dict[str, Delivery] = {}

    def start(self, key: str, work: Callable[[], Awaitable]) -> tuple[Delivery, bool]:
        """The delivery for this key and whether this call started it."""
        self._forget_old()
        found = self._by_key.get(key)
        if found is not None:
            return found, False
        delivery = Delivery(asyncio.ensure_future(work()))
        self._by_key[key] = delivery
        return delivery, True

    def __len__(self) -> int:
        return len(self._by_key)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, d in self._by_key.items() if now - d.started > self._keep and d.work.done()]:
            del self._by_key[key]
