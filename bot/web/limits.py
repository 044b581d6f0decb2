"""Limits per client address on the anonymous chat: messages a minute, reports filed an hour.

Every request without a cookie is a new resident, so the one thing a script cannot renew at will is
its address. The limits are generous, since many residents may share one public address behind a
carrier's NAT. They count in sliding windows: in Redis when the gateways have one (the production
profile), so a flood spread over several gateways is counted once; in this process's memory otherwise.
Addresses are kept only as keyed hashes, never as themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator

from aiohttp import web

from bot.clock import china_today
from bot.web.keys import LIMITS, SETTINGS

log = logging.getLogger(__name__)
MESSAGE_WINDOW = 60.0
REPORT_WINDOW = 3600.0
TOO_MANY_MESSAGES = "您发得太快了，请歇一分钟再发。我们这样做是为了防止有人用程序刷屏，给您添麻烦了。"
TOO_MANY_REPORTS = ("您所在的网络一小时内已经提交了很多件反映，为防止有人用程序批量提交，请过一会儿再来。"
                    "已经提交的都记下了，急事请直接打社区电话。")


class MemoryWindows:
    """Event times per key in this process (a single gateway, or tests)."""

    def __init__(self, clock=time.time) -> None:
        self._clock = clock
        self._events: dict[str, deque[float]] = {}

    async def take(self, key: str, limit: int, seconds: float) -> bool:
        """Count one event unless `limit` already happened in the last `seconds`; whether it was counted."""
        events = self._recent(key, seconds)
        if len(events) >= limit:
            return False
        events.append(self._clock())
        return True

    async def add(self, key: str, seconds: float) -> None:
        self._recent(key, seconds).append(self._clock())

    async def count(self, key: str, seconds: float) -> int:
        return len(self._recent(key, seconds))

    async def close(self) -> None:
        self._events.clear()

    def _recent(self, key: str, seconds: float) -> deque[float]:
        since = self._clock() - seconds
        if len(self._events) > 50_000:  # a scan of many addresses must not grow the process without end
            self._forget_idle(since)
        events = self._events.setdefault(key, deque())
        while events and events[0] <= since:
            events.popleft()
        return events

    def _forget_idle(self, since: float) -> None:
        for key in [k for k, events in self._events.items() if not events or events[-1] <= since]:
            del self._events[key]


# Check and count in one step, so two gateways cannot both let the last allowed message through.
_TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(ARGV[2] * 1000))
return 1
"""


class RedisWindows:
    """Event times per key in a sorted set in Redis, shared by every gateway.

    Without Redis the chat goes on unlimited rather than refusing everyone: Rasa's lock store needs
    the same Redis, so /readyz already tells the operator.
    """

    def __init__(self, url: str, clock=time.time) -> None:
        import redis.asyncio

        self._redis = redis.asyncio.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._take = self._redis.register_script(_TAKE)
        self._clock = clock

    async def take(self, key: str, limit: int, seconds: float) -> bool:
        import redis

        try:
            return bool(await self._take(keys=[_redis_key(key)], args=[self._clock(), seconds, limit, _member()]))
        except redis.RedisError as error:
            log.warning("rate limits not checked: Redis unreachable (%s)", type(error).__name__)
            return True

    async def add(self, key: str, seconds: float) -> None:
        import redis

        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                await pipe.zadd(_redis_key(key), {_member(): self._clock()}).pexpire(
                    _redis_key(key), int(seconds * 1000)).execute()
        except redis.RedisError as error:
            log.warning("a report not counted for the rate limits: Redis unreachable (%s)", type(error).__name__)

    async def count(self, key: str, seconds: float) -> int:
        import redis

        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                _, count = await pipe.zremrangebyscore(_redis_key(key), "-inf", self._clock() - seconds).zcard(
                    _redis_key(key)).execute()
            return int(count)
        except redis.RedisError as error:
            log.warning("rate limits not checked: Redis unreachable (%s)", type(error).__name__)
            return 0

    async def close(self) -> None:
        await self._redis.close()


def _redis_key(key: str) -> str:
    return f"taicang:limit:{key}"


def _member() -> str:
    return f"{time.time():.6f}-{secrets.token_hex(4)}"


class ClientKeys:
    """Keyed hashes of client addresses: one for the limits, one a day for supports (附议).

    The key is derived from SECRET_KEY, so every gateway hashes an address alike, and is not the
    cookie-signing key itself, so no hash can be passed off as a signed cookie.
    """

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode("utf-8"), b"client-address-pseudonyms", hashlib.sha256).digest()

    def of(self, address: str) -> str:
        return hmac.new(self._key, address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def of_today(self, address: str) -> str:
        """A different hash each China day: the catalog can tell two supports from one address apart that
        day, and nothing links them across days."""
        return self.of(f"{china_today().isoformat()}|{address}")


class Limits:
    """What one address may still do, counted in `windows` under keyed hashes of addresses."""

    def __init__(self, windows: MemoryWindows | RedisWindows, keys: ClientKeys, messages_per_minute: int,
                 reports_per_hour: int) -> None:
        self.windows = windows
        self.keys = keys
        self.messages_per_minute = messages_per_minute
        self.reports_per_hour = reports_per_hour

    async def refusal(self, address: str) -> tuple[str, int] | None:
        """Count this message; when its address sends or has filed too much, the polite refusal and the
        seconds to wait (a window's length, at most), else None."""
        client = self.keys.of(address)
        if self.reports_per_hour and await self.windows.count(f"reports:{client}", REPORT_WINDOW) >= \
                self.reports_per_hour:
            return TOO_MANY_REPORTS, int(REPORT_WINDOW)
        if self.messages_per_minute and not await self.windows.take(f"messages:{client}", self.messages_per_minute,
                                                                    MESSAGE_WINDOW):
            return TOO_MANY_MESSAGES, int(MESSAGE_WINDOW)
        return None

    async def count_reports(self, address: str, filed: int) -> None:
        for _ in range(filed if self.reports_per_hour else 0):
            await self.windows.add(f"reports:{self.keys.of(address)}", REPORT_WINDOW)


def limits_of(secret: str):
    """The cleanup context that opens the counters (in Redis when the gateways have one) and closes them."""

    async def counters(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        windows = RedisWindows(settings.redis_url) if settings.redis_url else MemoryWindows()
        app[LIMITS] = Limits(windows, ClientKeys(secret), settings.messages_per_minute, settings.reports_per_hour)
        yield
        await windows.close()

    return counters
