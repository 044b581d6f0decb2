"""The WeChat Official Account channel, driven the way WeChat drives it.

Messages are WeChat's XML, signed (and in safe mode encrypted) with wechatpy, posted to the public
gateway's /wechat, which hands them to the channel inside the real Rasa server. Only WeChat's own
API (tokens, customer-service messages) is a local fake.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from wechatpy.crypto import WeChatCrypto

from bot.catalog.db import Catalog
from bot.catalog.models import NeedRow
from bot.config import PROJECT_ROOT
from bot.servers import start
from channels.wechat import NOT_HEARD, NOT_READ, TOO_LONG, WELCOME
from tests.e2e import wechat
from tests.e2e.conftest import MODEL, free_port, wechat_env

pytestmark = pytest.mark.e2e


@pytest.fixture
def weixin(gateway) -> wechat.WeChatServer:
    return wechat.WeChatServer(f"{gateway}/wechat")


def needs_of(database: str, openid: str) -> list[NeedRow]:
    catalog = Catalog(database)
    try:
        with catalog.unit_of_work() as session:
            return list(session.execute(select(NeedRow).where(NeedRow.sender_id == openid)).scalars())
    finally:
        catalog.dispose()


def all_needs(database: str) -> int:
    catalog = Catalog(database)
    try:
        with catalog.unit_of_work() as session:
            return session.execute(select(func.count()).select_from(NeedRow)).scalar_one()
    finally:
        catalog.dispose()


def number_of(reply: str, title: str) -> str:
    """The number WeChat users reply to pick a choice, read from the reply's own 回复N：… lines."""
    found = re.search(rf"回复(\d+)：{re.escape(title)}", reply)
    assert found, reply
    return found.group(1)


def report(say, first: str, urgency: str = "愁", confirm: bool = True, spoken: bool = False) -> str:
    """Answer the assistant's questions the way a resident does: by the numbers it offers, or aloud."""
    reply = say(first)
    for _ in range(8):
        if "请核对" in reply and not confirm:
            return reply
        if "回复" not in reply:
            return reply
        if "请核对" in reply:
            title = "确认提交"
        elif "单独登记" in reply:  # someone reported something alike: this resident's is another matter
            title = "不是，单独登记"
        else:
            title = "不留" if "不留" in reply else urgency
        reply = say(f"{title}。" if spoken else number_of(reply, title))
    return reply


def test_the_server_address_is_verified_with_the_signature(weixin):
    params = weixin.query(echostr="echo-7361")
    with urllib.request.urlopen(f"{weixin.url}?{urllib.parse.urlencode(params)}", timeout=10) as response:
        assert response.read().decode() == "echo-7361"
    forged = weixin.query(echostr="echo-7361", token="someone-else")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{weixin.url}?{urllib.parse.urlencode(forged)}", timeout=10)
    assert refused.value.code == 403


def test_a_resident_reports_a_need_by_text_with_numbered_choices(weixin, e2e_database):
    openid = "oResidentText0001"
    reply = report(lambda text: weixin.say(openid, text), "我是浏河镇新塘村的，村里公共厕所的水龙头坏了，一直在滴水，微信上报一下")
    tracking_id = re.search(r"XQ\d{6}", reply).group(0)
    [need] = needs_of(e2e_database, openid)
    assert need.tracking_id == tracking_id and need.channel == "wechat" and "水龙头" in need.description


def test_a_resident_reports_a_need_by_voice(weixin, e2e_database):
    openid = "oResidentVoice001"

    def say_by_voice(words: str) -> str:
        status, reply = weixin.send(weixin.voice(openid, words))  # WeChat's recognition of what was said
        assert status == 200
        return reply

    reply = report(say_by_voice, "我是璜泾镇王秀村的，村委会门口的篮球架被风刮倒了，还没人扶起来。", spoken=True)
    assert re.search(r"XQ\d{6}", reply) and len(needs_of(e2e_database, openid)) == 1


def test_voice_without_recognition_image_and_subscribe_get_plain_answers(weixin):
    openid = "oResidentOther001"
    assert weixin.send(weixin.voice(openid, "")) == (200, NOT_HEARD)
    assert weixin.send(weixin.image(openid)) == (200, NOT_READ)
    assert weixin.send(weixin.event(openid, "subscribe")) == (200, WELCOME)


def test_a_location_answers_the_place_question(weixin, e2e_database):
    openid = "oResidentPlace001"
    reply = weixin.say(openid, "路边的窨井盖松了，踩上去咣当咣当响，怕有人摔倒")
    assert "哪个" in reply or "哪里" in reply
    elsewhere = weixin.send(weixin.location(openid, "上海市嘉定区安亭镇"))[1]
    assert "不在太仓市" in elsewhere and "哪个镇" in elsewhere
    shared = weixin.location(openid, "江苏省苏州市太仓市城厢镇南园社区")  # the resident shares where they are

    def say(text: str) -> str:
        return weixin.send(shared)[1] if text == "位置" else weixin.say(openid, text)

    summary = report(say, "位置", confirm=False)
    assert "请核对" in summary and "城厢镇南园社区" in summary


def test_a_cadre_in_the_roster_is_known_by_openid(weixin, e2e_roster):
    openid = "oCadreChengxiang01"
    env = {**os.environ, "ROSTER_FILE": str(e2e_roster)}
    subprocess.run([sys.executable, "-m", "bot", "cadre", "add", "李强", "--role", "town", "--town", "城厢镇",
                    "--identity", f"wechat:{openid}"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    assert weixin.say(openid, "我们镇有几个试点？").startswith("城厢镇试点共")
    assert "哪个镇" in weixin.say("oSomeResident0001", "我们镇有几个试点？")  # a resident is asked which town


def test_a_replayed_message_is_filed_once(weixin, e2e_database):
    openid = "oResidentRetry001"
    reply = report(lambda text: weixin.say(openid, text), "我是城厢镇东区社区的，楼下绿化带里的路灯一直不亮，晚上太黑了",
                   confirm=False)
    confirm = weixin.seal(weixin.text(openid, number_of(reply, "确认提交"), msg_id=987654321001))
    with ThreadPoolExecutor(3) as pool:  # WeChat delivers the same MsgId three times
        answers = list(pool.map(lambda _: weixin.post(confirm), range(3)))
    assert [status for status, _ in answers] == [200, 200, 200]
    assert any(re.search(r"XQ\d{6}", weixin.reply_text(body)) for _, body in answers)
    assert len(needs_of(e2e_database, openid)) == 1


def test_bad_signatures_and_malformed_xml_reach_nothing(weixin, e2e_database):
    before = all_needs(e2e_database)
    body = weixin.text("oIntruder00000001", "我是城厢镇东区社区的，垃圾没人清")
    assert weixin.post(body, weixin.query(body, token="not-our-token"))[0] == 403
    assert weixin.post("<xml><FromUserName>oops", weixin.query("x"))[0] == 400
    assert weixin.post("not xml at all", weixin.query("x"))[0] == 400
    odd_id = body.replace("</MsgId>", "x</MsgId>")
    assert weixin.post(odd_id, weixin.query(odd_id))[0] == 400  # a MsgId that is not a number
    stale = weixin.query(body, timestamp=int(time.time()) - 3600)  # a real signature, captured an hour ago
    assert weixin.post(body, stale)[0] == 403
    assert all_needs(e2e_database) == before


def test_an_endless_message_is_answered_without_holding_up_the_assistant(weixin, e2e_database):
    before = all_needs(e2e_database)
    assert weixin.say("oResidentLong0001", "路灯坏了" * 800) == TOO_LONG
    assert all_needs(e2e_database) == before


@pytest.fixture(scope="module")
def safe_mode(e2e_database, e2e_roster, tmp_path_factory, wechat_api):
    """A second Rasa in safe mode (AES), whose window is so short every answer goes by the service API."""
    running = start(MODEL, {"DATABASE_URL": e2e_database, "ROSTER_FILE": str(e2e_roster),
                            **wechat_env(wechat_api, WECHAT_SAFE_MODE="true", WECHAT_ENCODING_AES_KEY=wechat.AES_KEY,
                                         WECHAT_REPLY_WINDOW="0.001")},
                    rasa_port=free_port(), action_port=free_port(), log_dir=tmp_path_factory.mktemp("safe-logs"))
    yield wechat.WeChatServer(f"{running.rasa_url}/webhooks/wechat/webhook",
                              WeChatCrypto(wechat.TOKEN, wechat.AES_KEY, wechat.APP_ID))
    running.stop()


def test_safe_mode_and_answers_slower_than_the_window(safe_mode, wechat_api):
    openid = "oResidentSafe0001"
    status, welcome = safe_mode.send(safe_mode.event(openid, "subscribe"))
    assert status == 200 and welcome == WELCOME  # an encrypted passive reply, decrypted with wechatpy
    tokens_before = wechat_api.tokens_issued
    status, body = safe_mode.send(safe_mode.text(openid, "我是浏河镇新塘村的，村口小河上的木桥栏杆断了，小孩子过桥危险"))
    assert (status, body) == (200, "success")  # past the window: WeChat is told to wait
    first = wechat_api.texts_to(openid)
    assert len(first) == 1 and "回复1：不留" in first[0]  # and the answer arrives as a customer-service message
    assert safe_mode.send(safe_mode.text(openid, "1")) == (200, "success")
    second = wechat_api.texts_to(openid, at_least=2)
    assert len(second) == 2 and "请核对" in second[1]  # "1" picked 不留 from the pushed choices
    assert wechat_api.tokens_issued - tokens_before <= 1  # the access token is fetched once and reused
    wechat_api.expire_tokens()  # WeChat revokes it: the next push gets 40001, fetches a new one, and goes through
    issued = wechat_api.tokens_issued
    assert safe_mode.send(safe_mode.text(openid, "修改")) == (200, "success")
    assert len(wechat_api.texts_to(openid, at_least=3)) == 3 and wechat_api.tokens_issued == issued + 1
    unsealed = safe_mode.text(openid, "没加密的消息")
    plain = safe_mode.post(unsealed, wechat.WeChatServer(safe_mode.url).query(unsealed))
    assert plain[0] in (400, 403)  # safe mode reads nothing that is not encrypted and signed


def test_a_village_named_by_voice_at_the_place_question_is_taken(weixin):
    openid = "oResidentVillage1"
    reply = weixin.send(weixin.voice(openid, "村里小桥的栏杆断了一截，怕小孩掉下去。"))[1]
    assert "哪个" in reply
    reply = weixin.send(weixin.voice(openid, "双凤镇庆丰村。"))[1]
    assert "哪个镇" not in reply and "还没有分类" not in reply  # answered, not taken for a question
    first = number_of(reply, "路灯道路") if "哪一类" in reply else number_of(reply, "愁")
    summary = report(lambda text: weixin.say(openid, text), first, confirm=False)
    assert "双凤镇庆丰村" in summary
