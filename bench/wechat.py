"""The WeChat channel under load: whole need reports from 50 residents at once (each with a place and a
problem of their own, answering whatever is asked), as WeChat sends them.

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

from bench.residents import Resident, UnexpectedReply, filed_in_catalog, problem_for
from bot.catalog.seed import create_catalog
from bot.config import PROJECT_ROOT, load_settings
from bot.places.loader import load_gazetteer
from bot.servers import start, start_gateway
from tests.e2e import wechat

WINDOW_SECONDS = 5.0


class WeChatResident(Resident):
    """A resident writing from WeChat: each message signed XML to /wechat; an answer that came too late for
    the passive reply ("success") is read from the customer-service messages WeChat would deliver."""

    def __init__(self, weixin: wechat.WeChatServer, fake: wechat.FakeWeChatApi, openid: str, place: str,
                 problem: str) -> None:
        super().__init__(weixin.url, place, problem)
        self.weixin, self.fake, self.openid = weixin, fake, openid
        self.late = 0

    async def say(self, session: aiohttp.ClientSession, message: str, patience: float = 90) -> str:
        body = self.weixin.text(self.openid, message)
        already = len(self.fake.texts_to(self.openid, timeout=0))
        self.sent.append(message)
        started = time.perf_counter()
        async with session.post(self.weixin.url, params=self.weixin.query(body), data=body.encode("utf-8"),
                                headers={"Content-Type": "text/xml"}) as response:
            raw = await response.text()
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise UnexpectedReply(f"{response.status} to {message!r}")
        if raw == "success":
            self.late += 1
            texts = await asyncio.to_thread(self.fake.texts_to, self.openid, patience, already + 1)
            text = "\n".join(texts[already:])
        else:
            text = self.weixin.reply_text(raw)
        self.replies.append(text)
        return text


async def load(weixin: wechat.WeChatServer, fake: wechat.FakeWeChatApi, users: int, first: int,
               places: list[str]) -> dict:
    group = [WeChatResident(weixin, fake, f"oBench{first + i:06d}", places[(first + i) % len(places)],
                            problem_for(first + i)) for i in range(users)]

    async def one(person: WeChatResident) -> str:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            return await person.report(session)

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(one(person) for person in group), return_exceptions=True)
    elapsed = time.perf_counter() - started
    times = sorted(ms for person in group for ms in person.latencies_ms)
    inside = sum(1 for ms in times if ms < WINDOW_SECONDS * 1000)
    late = sum(person.late for person in group)
    return {"users": users, "messages": len(times), "dialogues": users,
            "reports": [(p.place, p.problem, o) for p, o in zip(group, outcomes, strict=True) if isinstance(o, str)],
            "p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "max_ms": round(times[-1], 1), "inside_5s_share": round(inside / len(times), 4),
            "passive_share": round(1 - late / len(times), 4),
            "messages_per_second": round(len(times) / elapsed, 1),
            "failures": [str(o)[:200] for o in outcomes if not isinstance(o, str)][:10]}


def run(work: Path, places: list[str], users: int = 50) -> dict:
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
        asyncio.run(load(weixin, fake, 1, 1, places))  # warm-up
        result = asyncio.run(load(weixin, fake, users, 1000, places))
        result["service_messages"] = len(fake.sent)
        result["filed"] = filed_in_catalog(url, result.pop("reports"))
        return result
    finally:
        gateway.terminate()
        gateway.wait(timeout=10)
        servers.stop()
        fake.stop()

