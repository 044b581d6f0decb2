"""Rasa's SQL tracker store with a copy of each conversation in Redis, for when PostgreSQL is down.

PostgreSQL holds every conversation and is read first while it answers. Each save also puts the
conversation's latest state in Redis. When PostgreSQL cannot be reached, conversations are read
from and saved to Redis only, and marked; a marked conversation is read from Redis until one of
its saves reaches PostgreSQL (Rasa's SQL store then appends every event it lacks), and any save
that reaches PostgreSQL also writes a few other marked conversations. So a resident half-way
through a report when the database stops can finish it, and nothing they said is lost.

Used from endpoints-prod.yml as `type: channels.trackers.DurableTrackerStore`.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

FLUSH_PER_SAVE = 20  # marked conversations written back along with each save that reaches PostgreSQL


class DurableTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, redis_host: str = "127.0.0.1", redis_port: int = 6379,
                 redis_password: str | None = None, redis_db: int = 2, copy_seconds: int = 7 * 24 * 3600,
                 key_prefix: str = "taicang", **kwargs: Any) -> None:
        super().__init__(domain=domain, **kwargs)
        self.red = redis.StrictRedis(host=redis_host, port=int(redis_port), db=int(redis_db),
                                     password=redis_password or None, socket_timeout=2, socket_connect_timeout=2)
        self.copy_seconds = int(copy_seconds)
        self.prefix = f"{key_prefix}:tracker:"
        self.marked = f"{key_prefix}:trackers-not-in-sql"

    async def save(self, tracker: DialogueStateTracker) -> None:
        copied = self._copy(tracker)
        try:
            await super().save(tracker)
        except Exception as error:
            if not copied:
                raise  # in neither store: let Rasa's fail-safe wrapper report it
            logger.warning("conversation kept in Redis only; PostgreSQL: %s", type(error).__name__)
            self._mark(tracker.sender_id)
            return
        self._unmark(tracker.sender_id)
        await self._write_back_marked()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._read(sender_id, super().retrieve)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._read(sender_id, super().retrieve_full_tracker)

    async def _read(self, sender_id: str, from_sql) -> DialogueStateTracker | None:
        if self._is_marked(sender_id):
            copy = self._copy_of(sender_id)
            if copy is not None:
                return copy
        try:
            return await from_sql(sender_id)
        except Exception as error:
            copy = self._copy_of(sender_id)
            if copy is None:
                raise
            logger.warning("conversation read from Redis; PostgreSQL: %s", type(error).__name__)
            return copy

    async def _write_back_marked(self) -> None:
        try:
            senders = [s.decode("utf-8") for s in self.red.srandmember(self.marked, FLUSH_PER_SAVE)]
        except redis.RedisError:
            return
        for sender_id in senders:
            copy = self._copy_of(sender_id)
            if copy is None:
                self._unmark(sender_id)
                continue
            try:
                await super().save(copy)
            except Exception:
                return  # PostgreSQL went away again: the next save tries
            self._unmark(sender_id)
            logger.info("conversation written back to PostgreSQL")

    def _copy(self, tracker: DialogueStateTracker) -> bool:
        try:
            self.red.set(self.prefix + tracker.sender_id, self.serialise_tracker(tracker), ex=self.copy_seconds)
            return True
        except redis.RedisError as error:
            logger.warning("no Redis copy of a conversation: %s", type(error).__name__)
            return False

    def _copy_of(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            stored = self.red.get(self.prefix + sender_id)
        except redis.RedisError:
            return None
        return self.deserialise_tracker(sender_id, stored) if stored is not None else None

    def _is_marked(self, sender_id: str) -> bool:
        try:
            return bool(self.red.sismember(self.marked, sender_id))
        except redis.RedisError:
            return False

    def _mark(self, sender_id: str) -> None:
        try:
            self.red.sadd(self.marked, sender_id)
        except redis.RedisError:
            pass

    def _unmark(self, sender_id: str) -> None:
        try:
            self.red.srem(self.marked, sender_id)
        except redis.RedisError:
            pass
