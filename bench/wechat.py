"""The WeChat channel under load: whole need reports from 50 residents at once, as WeChat sends them.

Every message is WeChat's XML signed with wechatpy and posted to the public gateway's /wechat;
the time measured is from the POST to our answer. WeChat gives up after 5 seconds, so the share
of answers inside that window is the figure that matters; answers past our own window come as
"success" and go out through the customer-service API (here a local fake of WeChat's API).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import aiohttp

from bot.catalog.seed import create_catalog
from bot.config import PROJECT_ROOT, load_settings
from bot.places.loader import load_gazetteer
from bot.servers import start, start_gateway
from tests.e2e import wechat

WINDOW_SECONDS = 5.0


async def resident(session, weixin: wechat.WeChatServer, openid: str, dialogue: list[str], times: list[float],
                   late: list[str], failures: list[str]) -> None:
    reply = ""
    for message in dialogue:
        body = weixin.text(openid, message)
        params = weixin.query(body)
        started = time.perf_counter()
        async with session.post(weixin.url, params=params, data=body.encode("utf-8"),
                                headers={"Content-Type": "text/xml"}) as response:
            raw = await response.text()
        times.append(time.perf_counter() - started)
        if response.status != 200:
            failures.append(f"{openid}: {message} -> {response.status}")
            continue
        if raw == "success":
            late.append(openid)
            continue
        reply = weixin.reply_text(raw)
    if "XQ" not in reply:
        failures.append(f"{openid}: no tracking number in the last reply")


async def load(weixin: wechat.WeChatServer, users: int, dialogue: list[str]) -> dict:
    times: list[float] = []
    late: list[str] = []
    failures: list[str] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(resident(session, weixin, f"oBench{users:03d}x{i:04d}", dialogue, times, late, failures)
                               for i in range(users)))
        elapsed = time.perf_counter() - started
    ordered = sorted(times)
    inside = sum(1 for t in times if t < WINDOW_SECONDS)
    return {"users": users, "messages": len(times), "p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1),
            "inside_5s_share": round(inside / len(times), 4), "passive_share": round(1 - len(late) / len(times), 4),
            "messages_per_second": round(len(times) / elapsed, 1), "failures": failures[:10]}


def run(work: Path, dialogue: list[str], users: int = 50) -> dict:
    database = work / "wechat.db"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    create_catalog(url, load_gazetteer(load_settings().places_csv))
    fake = wechat.FakeWeChatApi().start()
    env = {"DATABASE_URL": url, "WECHAT_TOKEN": wechat.TOKEN, "WECHAT_APP_ID": wechat.APP_ID,
           "WECHAT_APP_SECRET": wechat.APP_SECRET, "WECHAT_API_BASE_URL": fake.base_url}
    servers = start(PROJECT_ROOT / "models" / "taicang.tar.gz", env, rasa_port=5907, action_port=5957,
                    log_dir=work / "logs")
    port = 8767
    gateway = start_gateway(servers.rasa_url, port, {**env, "SECRET_KEY": "bench-secret-0123456789abcdef"},
                            work / "logs" / "web-wechat.log")
    try:
        weixin = wechat.WeChatServer(f"http://127.0.0.1:{port}/wechat")
        asyncio.run(load(weixin, 1, dialogue))  # warm-up
        result = asyncio.run(load(weixin, users, dialogue))
        result["service_messages"] = len(fake.sent)
        return result
    finally:
        gateway.terminate()
        gateway.wait(timeout=10)
        servers.stop()
        fake.stop()

