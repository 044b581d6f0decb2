"""Anonymous abuse of the web chat: floods and bulk reports per client address, and the client's address
read whole and never taken for this host's own (issue 18, items 5 and 8).

Rasa is replaced by a small server on its REST webhook: the edge of the outside world. Behind nginx on
this host every request comes from 127.0.0.1 and names its client in X-Forwarded-For.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from multidict import CIMultiDict

from bot import backing
from bot.config import proxy_networks
from bot.servers import free_port
from bot.web.app import create_app
from tests.integration.test_web import SECRET

RESIDENT = "203.0.113.9"
NEIGHBOUR_NETWORK = "198.51.100.7"


def behind_nginx(settings, **limits):
    return dataclasses.replace(settings, trusted_proxies=proxy_networks("127.0.0.1,::1"), **limits)


async def say(client, message: str, address: str):
    """A message from a script that keeps no cookie: a new resident every time, from `address`."""
    client.session.cookie_jar.clear()
    return await client.post("/chat/messages", json={"message": message}, headers={"X-Forwarded-For": address})


async def test_a_flood_from_one_address_is_refused_politely_while_another_gets_through(aiohttp_client, settings,
                                                                                      catalog, rasa):
    app = create_app(behind_nginx(settings, messages_per_minute=5), str(rasa.make_url("")), SECRET)
    client = await aiohttp_client(app)
    assert [(await say(client, "路灯坏了", RESIDENT)).status for _ in range(5)] == [200] * 5
    refused = await say(client, "路灯坏了", RESIDENT)
    assert refused.status == 429
    assert "太快" in (await refused.json())["error"] and refused.headers["Retry-After"] == "60"
    assert len(rasa.heard) == 5  # the refused message never reached the assistant
    assert (await say(client, "路灯坏了", NEIGHBOUR_NETWORK)).status == 200


async def test_a_refused_emergency_is_still_told_where_to_call(aiohttp_client, settings, catalog, rasa):
    client = await aiohttp_client(create_app(behind_nginx(settings, messages_per_minute=1), str(rasa.make_url("")),
                                             SECRET))
    await say(client, "你好", RESIDENT)
    refused = await say(client, "救命啊 有人掉河里了", RESIDENT)
    assert refused.status == 429 and "120" in (await refused.json())["error"]


async def test_reports_filed_in_bulk_from_one_address_are_refused_for_the_hour(aiohttp_client, settings, catalog,
                                                                               rasa):
    client = await aiohttp_client(create_app(behind_nginx(settings, reports_per_hour=2), str(rasa.make_url("")),
                                             SECRET))
    assert [(await say(client, "确认提交", RESIDENT)).status for _ in range(2)] == [200, 200]
    assert (await say(client, "路灯坏了", RESIDENT)).status == 429
    assert "很多件反映" in (await (await say(client, "确认提交", RESIDENT)).json())["error"]
    assert (await say(client, "确认提交", NEIGHBOUR_NETWORK)).status == 200


async def test_the_actions_learn_the_address_only_as_a_hash_that_is_the_same_all_day(aiohttp_client, settings,
                                                                                     catalog, rasa):
    client = await aiohttp_client(create_app(behind_nginx(settings), str(rasa.make_url("")), SECRET))
    for address in (RESIDENT, RESIDENT, NEIGHBOUR_NETWORK):
        await say(client, "我也遇到这个问题", address)
    first, again, other = (body["metadata"]["client"] for body in rasa.heard)
    assert first == again != other  # two cookies, one address: one supporter of a need today
    assert RESIDENT not in str(rasa.heard) and len(first) == 32


async def test_x_forwarded_for_over_two_header_lines_is_read_whole(aiohttp_client, settings, catalog):
    # A client sends its own X-Forwarded-For naming this host; the proxy adds the real address on a second line.
    client = await aiohttp_client(create_app(behind_nginx(settings), "http://127.0.0.1:9", SECRET))
    forged = CIMultiDict([("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-For", RESIDENT)])
    response = await client.get("/metrics", headers=forged)
    assert response.status == 403 and "METRICS_TOKEN" in (await response.json())["error"]


async def test_a_trusted_proxy_that_names_no_client_does_not_open_metrics(aiohttp_client, settings, catalog):
    client = await aiohttp_client(create_app(behind_nginx(settings), "http://127.0.0.1:9", SECRET))
    assert (await client.get("/metrics")).status == 403
    assert (await client.get("/metrics", headers={"X-Forwarded-For": "unknown"})).status == 403
    # Without a trusted proxy on this host, a scraper here is local as before.
    plain = await aiohttp_client(create_app(settings, "http://127.0.0.1:9", SECRET))
    assert (await plain.get("/metrics")).status == 200


@pytest.mark.skipif(not Path(backing.REDIS_SERVER).exists(), reason="redis-server is not installed")
async def test_two_gateways_share_the_message_count_through_redis(aiohttp_client, settings, catalog, rasa,
                                                                  reachable_dir):
    state = reachable_dir("limits")
    redis = backing.start_redis(state / "redis", free_port(), state / "redis.log")
    try:
        shared = behind_nginx(settings, messages_per_minute=3, redis_url=redis.url)
        first = await aiohttp_client(create_app(shared, str(rasa.make_url("")), SECRET))
        second = await aiohttp_client(create_app(shared, str(rasa.make_url("")), SECRET))
        assert [(await say(gateway, "路灯坏了", RESIDENT)).status for gateway in (first, second, first)] == [200] * 3
        assert (await say(second, "路灯坏了", RESIDENT)).status == 429  # nginx sent the fourth to the other one
        assert (await say(second, "路灯坏了", NEIGHBOUR_NETWORK)).status == 200
    finally:
        redis.stop()
