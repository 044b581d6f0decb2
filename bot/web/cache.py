"""Public figures kept for a few seconds, computed once however many ask at the same moment."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from aiohttp import web

from bot.web.keys import FIGURES_CACHE
from bot.web.responses import dumps

MAX_KEYS = 2000  # any date may be asked: the cache never grows without bound


async def cached_json(app: web.Application, key: tuple, ttl: float, compute: Callable[[], object]) -> web.Response:
    """The JSON body of compute(), run off the event loop; a hundred cadres opening the dashboard at
    nine o'clock wait for one computation instead of starting a hundred."""
    cache = app[FIGURES_CACHE]
    cached = cache.get(key)
    if cached and time.monotonic() - cached[0] < ttl:
        body = await cached[1]
    else:
        pending = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(None, lambda: dumps(compute())))
        if len(cache) >= MAX_KEYS:
            cache.clear()
        cache[key] = (time.monotonic(), pending)
        try:
            body = await pending
        except BaseException:
            cache.pop(key, None)  # a failure is not remembered
            raise
    return web.Response(text=body, content_type="application/json")
