"""Simulated residents filing whole need reports through the gateway's chat endpoint, as the page does.

Shared by the production profile's end-to-end tests (tests/e2e/test_production.py) and the load
benchmark (bench/load.py). Each resident keeps their own cookie, so their own conversation, and
answers whatever the assistant asks; a 503 ("your message is kept, send it again") is sent again
after a second, as the page does.
"""

from __future__ import annotations

import asyncio
import re
import time

import aiohttp

# Things no other end-to-end test reports, so nobody else is offered to "support" one of them.
PROBLEMS = ["凉亭的顶棚漏雨", "快递柜的屏幕坏了", "喷泉的水泵坏了", "信报箱锈穿了", "单元门的门禁坏了",
            "楼顶水箱漏水", "路边的井盖不见了", "电梯按钮失灵了", "老年活动室的空调坏了", "门卫室的道闸坏了"]
TRACKING = re.compile(r"XQ\d{6,}")


class UnexpectedReply(AssertionError):
    """The assistant asked something a resident filing a report is not asked."""


def browser(seconds: float) -> aiohttp.ClientSession:
    """A resident's phone: keeps the gateway's cookie (aiohttp keeps none for an IP address unless told)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 timeout=aiohttp.ClientTimeout(total=seconds))


class Resident:
    def __init__(self, gateway: str, place: str, problem: str) -> None:
        self.gateway = gateway
        self.place = place
        self.problem = problem
        self.sent: list[str] = []
        self.replies: list[str] = []
        self.latencies_ms: list[float] = []  # one per answered message, from the first attempt
        self.unavailable = 0  # 503s: kept by the page and sent again

    async def say(self, session: aiohttp.ClientSession, message: str, patience: float = 90) -> str:
        deadline = time.monotonic() + patience
        started = time.perf_counter()
        self.sent.append(message)
        while True:
            async with session.post(f"{self.gateway}/chat/messages", json={"message": message}) as response:
                body = await response.json()
                if response.status == 200:
                    self.latencies_ms.append((time.perf_counter() - started) * 1000)
                    text = reply_text(body)
                    self.replies.append(text)
                    return text
                if response.status != 503 or "Traceback" in str(body) or not body.get("error"):
                    raise UnexpectedReply(f"{response.status} {body}")
                self.unavailable += 1
            if time.monotonic() > deadline:
                raise UnexpectedReply(f"no answer to {message!r} within {patience:.0f} s")
            await asyncio.sleep(1)

    async def report(self, session: aiohttp.ClientSession) -> str:
        """A whole need report; the tracking number the assistant gave at the end."""
        reply = await self.say(session, f"我是{self.place}的，{self.problem}")
        for _ in range(8):
            found = TRACKING.search(reply) if ("编号" in reply and "已" in reply) else None
            if found:
                return found.group(0)
            reply = await self.say(session, self.answer(reply))
        raise UnexpectedReply(f"no tracking number: {self.replies}")

    def answer(self, reply: str) -> str:
        if "请核对" in reply:
            return "确认提交"
        if "单独登记" in reply:
            return "/deny"
        if "多急" in reply:
            return "急"
        if "手机号" in reply:
            return "不留"
        if "哪个" in reply and ("村" in reply or "社区" in reply):
            return self.place
        if "类别" in reply or "哪一类" in reply:
            return "基础设施提升"
        if "我要反映问题" in reply:  # the form is over but the number's answer was lost: ask, as a resident would
            return "我上次反映的那个"
        raise UnexpectedReply(f"an unexpected question: {reply} (after {self.sent[-3:]})")


class RestResident(Resident):
    """The same resident through Rasa's REST webhook, under a sender id of their own (the latency benchmark)."""

    def __init__(self, webhook: str, sender: str, place: str, problem: str) -> None:
        super().__init__(webhook, place, problem)
        self.sender = sender

    async def say(self, session: aiohttp.ClientSession, message: str, patience: float = 90) -> str:
        started = time.perf_counter()
        self.sent.append(message)
        async with session.post(self.gateway, json={"sender": self.sender, "message": message}) as response:
            body = await response.json()
        if response.status != 200 or not body:
            raise UnexpectedReply(f"{response.status} {body} to {message!r}")
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        text = reply_text(body)
        self.replies.append(text)
        return text


def reply_text(body: list[dict]) -> str:
    """The assistant's answers as one text, buttons as [title|payload]."""
    return "\n".join(a.get("text", "") for a in body) + "".join(
        f"\n[{b['title']}|{b['payload']}]" for a in body for b in a.get("buttons", []))


def problem_for(number: int) -> str:
    """A problem of its own: the building number keeps two residents' reports from being one need."""
    return f"{number}号楼{PROBLEMS[number % len(PROBLEMS)]}"


def filed_in_catalog(database_url: str, reports: list[tuple[str, str, str]]) -> int:
    """How many of these (place, problem, tracking number) reports are in the catalog as the resident said them:
    a number given in the chat counts only when its record holds the resident's place and problem."""
    from bot.catalog.db import Catalog
    from bot.needs.service import find_need

    catalog = Catalog(database_url)
    try:
        found = 0
        for place, problem, number in reports:
            need = find_need(catalog, number)
            building = problem.split("号楼")[0] + "号楼"
            found += bool(need and need.community_name in place and building in need.description)
        return found
    finally:
        catalog.dispose()


def make_residents(gateway: str, places: list[str], count: int, first_building: int) -> list[Resident]:
    """Residents whose reports differ by building number: each run takes its own numbers."""
    return [Resident(gateway, places[i % len(places)], problem_for(first_building + i)) for i in range(count)]


async def run_all(group: list[Resident], seconds: float = 180) -> list[str | BaseException]:
    """Every resident's report at once; a resident's failure is returned in its place."""
    async def one(resident: Resident) -> str:
        async with browser(seconds) as session:
            return await resident.report(session)

    return await asyncio.gather(*(one(r) for r in group), return_exceptions=True)
