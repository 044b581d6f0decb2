"""Each signed WeChat request is used once.

In plaintext mode WeChat's signature covers the token, the timestamp and the nonce, not the body:
whoever saw one signed query string could post any XML with it while its timestamp is accepted.
So the first use of a (timestamp, nonce) is remembered for as long as that timestamp is accepted,
and a second use is refused. WeChat's own retries of a message come with a new timestamp and
nonce (and the same MsgId): they pass here and are answered from the retry store (retries.py).

In the production profile the memory is Redis, shared by every gateway and Rasa server; otherwise
it is this process's memory.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Protocol
from xml.parsers.expat import ExpatError

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature

log = logging.getLogger(__name__)

FRESH_SECONDS = 600  # a signed timestamp further than this from our clock is refused outright
# A timestamp is accepted from FRESH_SECONDS before it until FRESH_SECONDS after it.
REMEMBER_SECONDS = 2 * FRESH_SECONDS + 1
KEY_PREFIX = "taicang:wechat:"


class OnceStore(Protocol):
    def first_use(self, key: str, seconds: int) -> bool:
        """True the first time a key is seen within `seconds`, False after."""


class MemoryOnce:
    """Keys seen by this process, each forgotten once its time is up."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._until: OrderedDict[str, float] = OrderedDict()

    def first_use(self, key: str, seconds: int) -> bool:
        now = self._clock()
        self._forget_expired(now)
        if self._until.get(key, 0.0) > now:
            return False
        self._until[key] = now + seconds
        self._until.move_to_end(key)
        return True

    def _forget_expired(self, now: float) -> None:
        # Callers use one lifetime, so the oldest key expires first; a longer-lived one only waits longer.
        while self._until:
            key, until = next(iter(self._until.items()))
            if until > now:
                return
            del self._until[key]


class RedisOnce:
    """Keys seen by any process sharing the Redis: SET NX with an expiry, atomic across servers."""

    def __init__(self, client, prefix: str) -> None:
        self.red = client
        self.prefix = prefix

    def first_use(self, key: str, seconds: int) -> bool:
        return bool(self.red.set(self.prefix + key, b"1", nx=True, ex=int(seconds)))


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def once_store(redis_url: str | None, who: str) -> OnceStore:
    """Where `who` ("gateway", "rasa") remembers signed requests: Redis when configured, else memory.

    The gateway and the Rasa servers keep separate keys: the gateway hands each request on to Rasa
    as it came, so one store for both would refuse every request at the second step.
    """
    if redis_url:
        return RedisOnce(redis_client(redis_url), f"{KEY_PREFIX}{who}:signed:")
    return MemoryOnce()


def signed_request_key(timestamp: str, nonce: str) -> str:
    """A short key for a (timestamp, nonce): a nonce may be any length, a key should not."""
    return hashlib.sha256(f"{timestamp}\n{nonce}".encode("utf-8", "surrogatepass")).hexdigest()


def fresh(timestamp: str) -> bool:
    """Signed within the last minutes: a captured request replayed later is refused."""
    try:
        return abs(time.time() - int(timestamp)) <= FRESH_SECONDS
    except (ValueError, OverflowError):  # not a number, or one too large for a float
        return False


def first_use_of(store: OnceStore, timestamp: str, nonce: str) -> bool:
    """Whether this signed (timestamp, nonce) is used for the first time."""
    return store.first_use(signed_request_key(timestamp, nonce), REMEMBER_SECONDS)


def verified_xml(token: str, crypto: WeChatCrypto | None, args: Mapping, body: bytes) -> bytes | str | None:
    """The message XML when the request is really from WeChat, else None.

    Plaintext: the query's signature (token, timestamp, nonce). Safe mode: the envelope's
    msg_signature, which covers the encrypted message too. b"" for a safe-mode body that is no
    envelope at all: signed by nobody, and refused as malformed XML by whoever reads it.
    """
    timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
    if not fresh(timestamp):
        log.warning("a WeChat request with an old or missing timestamp was refused")
        return None
    try:
        if crypto is None:
            check_signature(token, args.get("signature", ""), timestamp, nonce)
            return body
        return crypto.decrypt_message(body, args.get("msg_signature", ""), timestamp, nonce)
    except (InvalidSignatureException, InvalidAppIdException):
        log.warning("a WeChat request with a bad signature was refused")
        return None
    except (ExpatError, KeyError, TypeError, ValueError):
        return b""
