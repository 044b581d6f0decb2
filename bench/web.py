"""The web gateway under load: 100 concurrent clients on a 100k-need catalog, from a second process.

Public figures and Open311; the cadres' dashboard overview (the page and its figures, each client
logged in with its own session) and the catalog API with a cadre's token. Also the first load of
the chat page: what a phone downloads, raw and gzip-compressed, and how long that takes on a slow
3G line (400 kbit/s, 400 ms round trip), and one town's Excel export.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from bench.matching import build_catalog
from bench.questions import add_registry
from bot.places.gazetteer import Gazetteer
from bot.servers import start_gateway
from bot.vocab import status as st
from bot.vocab.categories import category_names

PAGE_PARTS = ("/", "/static/chat.css", "/static/chat.js", "/vendor/weui.min.css")
CADRE_PASSWORD = "bench-cadre-password"
# One "request" is one page view: every URL in turn, as a browser would, timed together.
LOAD_SCRIPT = r"""
import asyncio, json, re, sys, time
import aiohttp

async def log_in(session, base, cadre_id, password):
    async with session.get(base + "/login") as r:
        csrf = re.search(r'name="csrf" value="([^"]+)"', await r.text()).group(1)
    async with session.post(base + "/login", data={"csrf": csrf, "cadre_id": cadre_id, "password": password}) as r:
        assert r.status == 200, r.status

async def client(spec, rounds, times):
    jar = aiohttp.CookieJar(unsafe=True)  # cookies from 127.0.0.1
    async with aiohttp.ClientSession(headers=spec.get("headers", {}), cookie_jar=jar) as session:
        if spec.get("login"):
            await log_in(session, spec["base"], *spec["login"])
        spec["waiting"] -= 1
        if spec["waiting"] == 0:
            spec["started"] = time.perf_counter()
            spec["ready"].set()
        await spec["ready"].wait()
        for _ in range(rounds):
            # each page view its own URLs (another place, date, page or filter): no view is a cache hit of another
            views = spec["views"]
            spec["next"] = spec.get("next", 0) + 1
            started = time.perf_counter()
            for url in views[spec["next"] % len(views)]:
                async with session.get(spec["base"] + url) as r:
                    await r.read()
                    assert r.status == 200, (url, r.status)
            times.append((time.perf_counter() - started) * 1000)

async def main(spec, clients, rounds):
    times = []
    spec["ready"], spec["waiting"] = asyncio.Event(), clients  # logins are not measured: all start together
    await asyncio.gather(*(client(spec, rounds, times) for _ in range(clients)))
    elapsed = time.perf_counter() - spec["started"]
    times.sort()
    print(json.dumps({"requests": len(times), "p50_ms": round(times[len(times) // 2], 1),
                      "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                      "requests_per_second": round(len(times) / elapsed, 1)}))

asyncio.run(main(json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
"""


def first_load(base: str) -> dict:
    """Bytes a phone that accepts gzip really receives, and what they would be fully compressed."""
    sent = compressed = 0
    for part in PAGE_PARTS:
        request = urllib.request.Request(base + part, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            sent += len(body)
            plain = gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
        compressed += len(gzip.compress(plain))
    seconds = len(PAGE_PARTS) * 0.4 + sent * 8 / 400_000
    return {"files": len(PAGE_PARTS), "bytes": sent, "gzip_bytes": compressed, "slow_3g_seconds": round(seconds, 1)}


def make_roster(path: Path) -> str:
    """A city cadre who logs in and a town cadre with an API token; returns the token."""
    from argon2 import PasswordHasher

    from bot.cadres.roster import Cadre, Roster, new_api_token, save_roster

    token, digest = new_api_token()
    save_roster(path, Roster([Cadre("C001", "市级", "city", password_hash=PasswordHasher().hash(CADRE_PASSWORD)),
                              Cadre("C002", "城厢", "town", "城厢镇", token_hash=digest)]))
    return token


def loads(base: str, token: str, gazetteer: Gazetteer) -> dict[str, dict]:
    """What each measured page view fetches, and as whom: 1,000 views over distinct URLs (places, dates, pages
    and filters), so a figure kept for a few seconds is never counted as a fresh read of the catalog."""
    cadre = {"base": base, "login": ["C001", CADRE_PASSWORD]}
    by_token = {"base": base, "headers": {"Authorization": f"Bearer {token}"}}
    days = [(date(2024, 1, 1) + timedelta(days=n)).isoformat() for n in range(1000)]
    towns = [t.name for t in gazetteer.towns]
    categories = list(category_names())
    statuses = ["open", st.DONE, st.CLOSED]
    return {
        "figures, a town as of a day": {"base": base, "views": [
            [f"/api/figures?town={towns[n % len(towns)]}&as_of={day}"] for n, day in enumerate(days)]},
        "figures, city as of a day": {"base": base, "views": [[f"/api/figures?as_of={day}"] for day in days]},
        "open311 requests, page of 50": {"base": base, "views": [
            [f"/open311/v2/requests.json?page={1 + n % 40}&status={('open', 'closed')[n % 2]}"] for n in range(1000)]},
        "dashboard overview page (HTML + figures), city cadre": {**cadre, "views": [["/dashboard", "/api/overview"]]},
        "catalog API, town cadre, needs page of 50": {**by_token, "views": [
            [f"/api/needs?size=50&page={1 + n}"] for n in range(200)]},
        "catalog API, town cadre, needs of one dimension and status": {**by_token, "views": [
            [f"/api/needs?status={statuses[n % 3]}&category={categories[n % len(categories)]}&size=50&page={1 + n // 21}"]
            for n in range(200)]},
        "catalog API, projects page of 50, city cadre": {**cadre, "views": [
            [f"/api/projects?size=50&page={1 + n}"] for n in range(200)]},
    }


def export_once(base: str, token: str) -> dict:
    request = urllib.request.Request(f"{base}/api/export/needs.xlsx", headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
        rows = int(response.headers["X-Record-Count"])
    return {"rows": rows, "bytes": len(body), "seconds": round(time.perf_counter() - started, 1)}


def run(work: Path, gazetteer: Gazetteer, needs: int = 100_000, clients: int = 100, rounds: int = 10) -> dict:
    path = work / f"web-{needs}.db"
    catalog = build_catalog(path, needs, gazetteer, spread_days=4 * 365)
    add_registry(catalog)
    with catalog.engine.connect() as connection:  # as a catalog that has been running for a while:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # not one 100k-row write-ahead log
    catalog.dispose()
    port = 8765
    roster = work / "web-roster.yml"
    token = make_roster(roster)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench-secret-0123456789abcdef",
           "ROSTER_FILE": str(roster)}
    server = start_gateway("http://127.0.0.1:9", port, env, work / "web-gateway.log")  # no Rasa needed here
    base = f"http://127.0.0.1:{port}"
    try:
        result = {"needs": needs, "clients": clients, "first_load": first_load(base),
                  "export_town_needs": export_once(base, token)}
        for name, spec in loads(base, token, gazetteer).items():
            out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, json.dumps(spec), str(clients), str(rounds)],
                                 capture_output=True, text=True, timeout=900)
            if out.returncode != 0:
                raise RuntimeError(f"web load {name} failed: {out.stderr[-2000:]}")
            result[name] = json.loads(out.stdout.strip().splitlines()[-1])
            print("web", name, result[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
        path.unlink(missing_ok=True)
        roster.unlink(missing_ok=True)
    return result
