"""Prometheus metrics of the gateway, in a registry of the application's own (tests make many apps)."""

from __future__ import annotations

import asyncio
import hmac
import time
from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from bot.outbox import kept_count, submission_counts, waiting_counts
from bot.reads.sizes import catalog_sizes
from bot.web.keys import CATALOG, METRICS, RASA, RASA_UPSTREAMS, SETTINGS
from bot.web.responses import json_error

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 4, 5, 10)  # 4 and 5: WeChat's window and limit


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.requests = Counter("tc_http_requests", "HTTP requests by route and status class",
                                ["route", "status"], registry=self.registry)
        self.latency = Histogram("tc_http_request_seconds", "time to answer, by route", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.messages = Counter("tc_chat_messages", "messages passed to the assistant, by channel", ["channel"],
                                registry=self.registry)
        self.failures = Counter("tc_assistant_unavailable", "messages the assistant did not answer (Rasa down)",
                                ["channel"], registry=self.registry)
        self.needs = Gauge("tc_catalog_needs", "needs in the catalog (read when scraped)", registry=self.registry)
        self.resources = Gauge("tc_catalog_resources", "resources in the catalog (read when scraped)",
                               registry=self.registry)
        self.catalog_up = Gauge("tc_catalog_up", "1 when the catalog's database answered the scrape",
                                registry=self.registry)
        self.kept = Gauge("tc_outbox_kept", "reports kept on the action server's disk, not yet in the catalog",
                          registry=self.registry)
        self.waiting = Gauge("tc_outbox_waiting", "entries of the outbox not yet in the catalog, by kind (need, offer, "
                             "callback) and state (kept: the catalog was unreachable; refused: it refused them)",
                             ["kind", "state"], registry=self.registry)
        self.servers_up = Gauge("tc_assistant_servers_up", "Rasa servers answering their status",
                                registry=self.registry)


class SubmissionCounts(Collector):
    """Need submissions by outcome, as the action server's outbox counted them (read when scraped).

    The action server is another process; its outbox file is what both share.
    """

    def __init__(self, outbox_path) -> None:
        self.outbox_path = outbox_path

    def collect(self):
        family = CounterMetricFamily("tc_needs_submitted", "need submissions by outcome: filed at once, kept "
                                     "during an outage, delivered later from the outbox, refused", labels=["outcome"])
        for outcome, count in submission_counts(self.outbox_path).items():
            family.add_metric([outcome], count)
        yield family


@web.middleware
async def measure(request: web.Request, handler) -> web.StreamResponse:
    metrics = request.app[METRICS]
    route = request.match_info.route.resource.canonical if request.match_info.route.resource else "unmatched"
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:
        status = error.status
        raise
    finally:
        metrics.requests.labels(route, f"{status // 100}xx").inc()
        metrics.latency.labels(route).observe(time.perf_counter() - started)


async def expose(request: web.Request) -> web.Response:
    """The metrics, for a scraper on this host, or elsewhere with `Authorization: Bearer $METRICS_TOKEN`."""
    if not _may_scrape(request):
        raise json_error(web.HTTPForbidden, "指标只对本机或持有 METRICS_TOKEN 的采集程序开放")
    metrics = request.app[METRICS]
    loop = asyncio.get_running_loop()  # the database and the outbox's file are read off the event loop
    try:
        needs, resources = await loop.run_in_executor(None, catalog_sizes, request.app[CATALOG])
        metrics.needs.set(needs)
        metrics.resources.set(resources)
        metrics.catalog_up.set(1)
    except SQLAlchemyError:
        metrics.catalog_up.set(0)  # the catalog's own gauges keep their last values
    outbox_path = request.app[SETTINGS].outbox_path
    metrics.kept.set(await loop.run_in_executor(None, kept_count, outbox_path))
    for (kind, state), count in (await loop.run_in_executor(None, waiting_counts, outbox_path)).items():
        metrics.waiting.labels(kind, state).set(count)
    settings = request.app[SETTINGS]
    metrics.servers_up.set((await request.app[RASA_UPSTREAMS].any_ready(request.app[RASA], settings.rasa_token))[0])
    body = generate_latest(metrics.registry)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def _may_scrape(request: web.Request) -> bool:
    token = request.app[SETTINGS].metrics_token
    if token:
        given = request.headers.get("Authorization", "").encode("utf-8", "surrogatepass")  # any bytes may come
        return hmac.compare_digest(given, f"Bearer {token}".encode())
    return request.remote in ("127.0.0.1", "::1")
