"""The web gateway under load: 100 concurrent clients on a 100k-need catalog, from a second process.

Also the first load of the chat page: what a phone downloads, raw and gzip-compressed, and how
long that takes on a slow 3G line (400 kbit/s, 400 ms round trip).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.matching import build_catalog
from bench.questions import add_registry
from bot.config import PROJECT_ROOT
from bot.places.gazetteer import Gazetteer

PAGE_PARTS = ("/", "/static/chat.css", "/static/chat.js", "/vendor/weui.min.css")
LOAD_SCRIPT = r"""
import asyncio, json, sys, time
import aiohttp

async def client(session, url, rounds, times):
    for _ in range(rounds):
        started = time.perf_counter()
        async with session.get(url) as r:
            await r.read()
            assert r.status == 200, r.status
        times.append((time.perf_counter() - started) * 1000)

async def main(url, clients, rounds):
    times = []
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session, url, rounds, times) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    times.sort()
    print(json.dumps({"requests": len(times), "p50_ms": round(times[len(times) // 2], 1),
                      "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                      "requests_per_second": round(len(times) / elapsed, 1)}))

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
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


def run(work: Path, gazetteer: Gazetteer, needs: int = 100_000, clients: int = 100, rounds: int = 10) -> dict:
    path = work / f"web-{needs}.db"
    catalog = build_catalog(path, needs, gazetteer, spread_days=4 * 365)
    add_registry(catalog)
    catalog.dispose()
    port = 8765
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "bench-secret-0123456789abcdef"}
    server = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port)], cwd=PROJECT_ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        result = {"needs": needs, "clients": clients, "first_load": first_load(base)}
        for name, route in (("figures, town", "/api/figures?town=城厢镇"), ("figures, city", "/api/figures"),
                            ("open311 requests, page of 50", "/open311/v2/requests.json")):
            out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT, base + route, str(clients), str(rounds)],
                                 capture_output=True, text=True, timeout=600)
            result[name] = json.loads(out.stdout.strip().splitlines()[-1])
            print("web", name, result[name], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
        path.unlink(missing_ok=True)
    return result
