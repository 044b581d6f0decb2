"""Volunteers on WeChat are sent the needs matched to their offers while WeChat lets us write to them.

A real catalog, the gateway's own push, wechatpy's client; WeChat's API is a local fake (the edge).
"""

from __future__ import annotations

import pytest

from bot.needs.service import NeedDraft, file_need
from bot.resources.service import ResourceDraft, file_resource
from bot.web.app import create_app
from bot.web.keys import FOLLOWERS
from bot.web.news import REACHABLE_SECONDS, Followers, push_news
from tests.e2e import wechat
from tests.integration.test_web import SECRET, closed_port

VOLUNTEER = "oVolunteerElectrician01"


@pytest.fixture
def fake_wechat():
    fake = wechat.FakeWeChatApi().start()
    yield fake
    fake.stop()


@pytest.fixture
async def gateway(aiohttp_client, settings, catalog, fake_wechat, monkeypatch):
    for name, value in {"WECHAT_TOKEN": wechat.TOKEN, "WECHAT_APP_ID": wechat.APP_ID,
                        "WECHAT_APP_SECRET": wechat.APP_SECRET, "WECHAT_API_BASE_URL": fake_wechat.base_url,
                        "WECHAT_NEWS_SECONDS": "3600"}.items():  # the loop never fires here: each push is called
        monkeypatch.setenv(name, value)
    client = await aiohttp_client(create_app(settings, f"http://127.0.0.1:{closed_port()}", SECRET))
    return client.server.app


def offer(catalog, sender=VOLUNTEER):
    return file_resource(catalog, ResourceDraft(
        "社区能人", "王师傅", "我是退休电工，楼道灯、插座、跳闸这些都能修", "人力", "town", None, "浏河镇",
        "周末", "13912345678", sender, f"offer-{sender}"))


def need(catalog, key, description):
    return file_need(catalog, NeedDraft("新塘村委会", description, "基础设施提升", "急", None, "resident-1", key))


async def test_a_volunteer_who_wrote_lately_is_sent_a_new_match_once(gateway, catalog, fake_wechat):
    offer(catalog)
    gateway[FOLLOWERS].wrote(VOLUNTEER)
    assert await push_news(gateway) == 0  # nothing matched since listing
    later = need(catalog, "n1", "5号楼的插座一插就跳闸，家里老人不敢用电")
    assert await push_news(gateway) == 1
    [text] = fake_wechat.texts_to(VOLUNTEER)
    assert text.startswith("您好！") and later.tracking_id in text and "需要电路维修" in text
    assert "老人不敢用电" not in text  # the resident's own words stay with the community
    assert await push_news(gateway) == 0 and len(fake_wechat.texts_to(VOLUNTEER, timeout=0)) == 1  # once


async def test_nobody_is_written_to_who_has_not_written_within_48_hours(gateway, catalog, fake_wechat):
    offer(catalog)
    need(catalog, "n1", "5号楼的插座一插就跳闸")
    assert await push_news(gateway) == 0  # never wrote to this gateway
    assert fake_wechat.texts_to(VOLUNTEER, timeout=0) == []


def test_followers_are_forgotten_after_47_hours_and_only_openids_are_kept():
    now = [1000.0]
    followers = Followers(clock=lambda: now[0])
    followers.wrote(VOLUNTEER)
    followers.wrote("<xml><Encrypt>…</Encrypt></xml>")  # an encrypted body's key is no follower
    assert followers.reachable() == [VOLUNTEER]
    now[0] += REACHABLE_SECONDS + 1
    assert followers.reachable() == []
