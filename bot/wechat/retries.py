"""One answer per WeChat message, however often WeChat delivers it.

WeChat retries a message it got no answer to within 5 seconds, up to three times, each time with a
new signature (timestamp and nonce). Each delivery is keyed by its MsgId (events: sender and
creation time); the first starts the work, later ones wait for that same work, so the assistant
never hears the message twice. A passive answer may be given again to a retry (WeChat shows one:
it retries only when it got none); an answer that missed the window is pushed through the service
API once, and retries then get "success".

With several Rasa servers (the production profile) a retry may reach another server than the
first delivery did, so the store is then Redis: the server that claims a message works on it and
keeps its answer there; a retry elsewhere waits for that answer, and which delivery carried it
(passively or pushed) is marked there too. Otherwise everything stays in this process's memory.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.wechat.replays import KEY_PREFIX, REMEMBER_SECONDS, redis_client
from bot.wechat.replies import Answer

log = logging.getLogger(__name__)
# A MsgId is remembered beyond WeChat's retries (seconds) and as long as a signed request is accepted.
KEEP_SECONDS = REMEMBER_SECONDS + 60
WAIT_SECONDS = 120  # a retry on another server waits this long for the first server's answer
POLL_SECONDS = 0.2


class MemoryMarks:
    """How a delivery's answer went out, known to this process only."""

    def __init__(self) -> None:
        self.answered = False  # given passively, within the window
        self.pushed = False  # sent through the service API (or about to be)
        self.rest_sent = False  # an answer too long for one reply: the rest went by the service API

    def passive(self) -> bool:
        if self.pushed:
            return False
        self.answered = True
        return True

    def push(self) -> bool:
        if self.answered or self.pushed:
            return False
        self.pushed = True
        return True

    def rest(self) -> bool:
        if self.rest_sent:
            return False
        self.rest_sent = True
        return True


class RedisMarks:
    """The same marks, shared by every server: whichever marks first decides (SET NX).

    When Redis fails the answer is sent anyway: a follower told twice beats one told nothing.
    """

    def __init__(self, client, key: str, seconds: int) -> None:
        self.red, self.key, self.seconds = client, key, seconds

    def passive(self) -> bool:
        try:
            self.red.set(f"{self.key}:outcome", b"passive", nx=True, ex=self.seconds)
            return self.red.get(f"{self.key}:outcome") == b"passive"
        except Exception as error:
            log.warning("WeChat retry marks not read from Redis (%s)", type(error).__name__)
            return True

    def push(self) -> bool:
        return self._first(f"{self.key}:outcome", b"pushed")

    def rest(self) -> bool:
        return self._first(f"{self.key}:rest", b"1")

    def _first(self, key: str, value: bytes) -> bool:
        try:
            return bool(self.red.set(key, value, nx=True, ex=self.seconds))
        except Exception as error:
            log.warning("WeChat retry marks not written to Redis (%s)", type(error).__name__)
            return True


@dataclass
class Delivery:
    work: asyncio.Future
    started: float = field(default_factory=time.monotonic)
    late: bool = False  # this server's window passed before the answer was ready
    marks: MemoryMarks | RedisMarks = field(default_factory=MemoryMarks)

    def answer_passively(self) -> bool:
        """Whether a delivery may carry the answer in its reply: not once it has been pushed."""
        return self.marks.passive()

    def push(self) -> bool:
        """True once, and only when no delivery carried the answer passively."""
        return self.marks.push()

    def first_to_send_rest(self) -> bool:
        """True once: the pieces after the first of a long answer go out by the service API once."""
        return self.marks.rest()


class SharedAnswers:
    """The Redis side of the retry store: who works on a message, and its answer once ready."""

    def __init__(self, client, keep_seconds: int = KEEP_SECONDS, wait_seconds: float = WAIT_SECONDS) -> None:
        self.red = client
        self.keep = int(keep_seconds)
        self.wait = wait_seconds

    def key(self, delivery_key: str) -> str:
        digest = hashlib.sha256(delivery_key.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{KEY_PREFIX}delivery:{digest}"

    def claim(self, delivery_key: str) -> bool:
        """True for the one server that is to work on the message."""
        return bool(self.red.set(f"{self.key(delivery_key)}:claim", b"1", nx=True, ex=self.keep))

    def keep_answer(self, delivery_key: str, work: asyncio.Future) -> None:
        if work.cancelled() or work.exception() is not None:
            return  # retries elsewhere hear nothing; the server that failed pushes its apology
        answer = work.result()
        data = json.dumps({"text": answer.text, "choices": list(answer.choices), "menu": answer.menu})
        try:
            self.red.set(f"{self.key(delivery_key)}:answer", data.encode("utf-8"), ex=self.keep)
        except Exception as error:
            log.warning("a WeChat answer not kept in Redis for retries (%s)", type(error).__name__)

    async def answer_of(self, delivery_key: str) -> Answer:
        """The answer another server gave the message, once it is there; an empty one after the wait
        (that server stopped: nothing is sent from here, the follower writes again)."""
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline:
            try:
                stored = self.red.get(f"{self.key(delivery_key)}:answer")
            except Exception:  # Redis away for a moment: wait on
                stored = None
            if stored is not None:
                data = json.loads(stored)
                return Answer(data["text"], tuple(data["choices"]), data["menu"])
            await asyncio.sleep(POLL_SECONDS)
        return Answer("")

    def marks(self, delivery_key: str) -> RedisMarks:
        return RedisMarks(self.red, self.key(delivery_key), self.keep)


class Deliveries:
    def __init__(self, keep_seconds: float = KEEP_SECONDS, shared: SharedAnswers | None = None) -> None:
        self._keep = keep_seconds
        self._shared = shared
        self._by_key: dict[str, Delivery] = {}

    @classmethod
    def for_profile(cls, redis_url: str | None) -> Deliveries:
        """In Redis when the profile has one (several Rasa servers), else in memory."""
        return cls(shared=SharedAnswers(redis_client(redis_url)) if redis_url else None)

    def start(self, key: str, work: Callable[[], Awaitable]) -> tuple[Delivery, bool]:
        """The delivery for this key and whether this call started the work.

        With the shared store this may raise Redis's errors: the caller answers that it is unavailable
        and WeChat retries.
        """
        self._forget_old()
        found = self._by_key.get(key)
        if found is not None:
            return found, False
        if self._shared is None:
            delivery, first = Delivery(asyncio.ensure_future(work())), True
        else:
            delivery, first = self._start_shared(key, work)
        self._by_key[key] = delivery
        return delivery, first

    def _start_shared(self, key: str, work: Callable[[], Awaitable]) -> tuple[Delivery, bool]:
        first = self._shared.claim(key)
        future = asyncio.ensure_future(work() if first else self._shared.answer_of(key))
        if first:
            future.add_done_callback(lambda done: self._shared.keep_answer(key, done))
        return Delivery(future, marks=self._shared.marks(key)), first

    def __len__(self) -> int:
        return len(self._by_key)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, d in self._by_key.items() if now - d.started > self._keep and d.work.done()]:
            del self._by_key[key]
