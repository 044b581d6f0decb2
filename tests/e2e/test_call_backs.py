"""Call-backs (回访) through the running servers: a resident whose need was finished is asked the next time they
write, answers in their own words (Mandarin, Wu dialect, several answers at once), and the answers are kept;
"没解决" reopens the need; a resident who moves on is not held; on WeChat the question comes as a
customer-service message while WeChat allows one, and the reply is read as the answer."""

from __future__ import annotations

import random
import uuid

import pytest
from sqlalchemy import text

from bench.call_backs import HELDOUT, SUITE, load_suite, play_all
from bot.catalog.db import Catalog
from bot.needs.service import NeedDraft, file_need, update_status
from bot.servers import start_gateway
from tests.e2e import wechat
from tests.e2e.conftest import ONE_ADDRESS_FOR_ALL, free_port, wechat_env

pytestmark = pytest.mark.e2e
PLACE = "南园社区居委会"


def finished_need(database: str, sender: str, description: str = "3号楼门口路灯不亮好几天了") -> str:
    catalog = Catalog(database)
    try:
        draft = NeedDraft(PLACE, description, "基础设施提升", "愁", None, sender, f"call-back-{uuid.uuid4().hex}")
        tracking_id = file_need(catalog, draft).tracking_id
        update_status(catalog, tracking_id, "done", "已换灯泡", author="e2e-cadre")
        return tracking_id
    finally:
        catalog.dispose()


def in_db(database: str, sql: str, **params) -> list[tuple]:
    catalog = Catalog(database)
    try:
        with catalog.unit_of_work() as session:
            return [tuple(row) for row in session.execute(text(sql), params).all()]
    finally:
        catalog.dispose()


def visits_of(database: str, tracking_id: str) -> list[tuple]:
    return in_db(database, "SELECT v.respondent, v.source, v.contacted, v.solved, v.satisfaction FROM visits v "
                           "JOIN needs n ON n.id = v.need_id WHERE n.tracking_id = :t ORDER BY v.id", t=tracking_id)


def status_of(database: str, tracking_id: str) -> str:
    return in_db(database, "SELECT status FROM needs WHERE tracking_id = :t", t=tracking_id)[0][0]


def test_answers_in_dialect_are_recorded_one_question_at_a_time(chat, e2e_database):
    number = finished_need(e2e_database, chat.sender)
    reply = chat.text("侬好")
    assert number in reply and "联系过您吗" in reply
    reply = chat.text("来过哉，师傅上门修好哉")  # two answers in one message: only the third is asked
    assert "满意吗" in reply and "解决了吗" not in reply
    reply = chat.text("蛮满意格")
    assert "已记下" in reply
    assert visits_of(e2e_database, number) == [("reporter", "chat", True, True, "满意")]
    assert "联系过您吗" not in chat.text("你好")  # answered: never asked again


def test_not_solved_reopens_the_need(chat, e2e_database):
    number = finished_need(e2e_database, chat.sender, "楼道里的下水管一直在漏水")
    assert "联系过您吗" in chat.text("你好")
    assert "解决了吗" in chat.text("有人打过电话的")
    assert "满意吗" in chat.text("还是老样子，水还在漏")
    reply = chat.text("勿满意")
    assert "重办" in reply
    assert visits_of(e2e_database, number) == [("reporter", "chat", True, False, "不满意")]
    assert status_of(e2e_database, number) == "reopened"


def test_a_status_question_about_a_finished_need_leads_to_its_call_back(chat, e2e_database):
    number = finished_need(e2e_database, chat.sender, "小区健身器材坏了")
    reply = chat.text(f"{number}办得怎么样了")
    assert "已解决" in reply and "联系过您吗" in reply
    assert "已记下" in chat.text("联系过的，已经修好了，基本满意")
    assert visits_of(e2e_database, number) == [("reporter", "chat", True, True, "基本满意")]


def test_a_resident_who_moves_on_is_not_held(chat, e2e_database):
    number = finished_need(e2e_database, chat.sender, "小区门口的路灯不亮")
    assert "联系过您吗" in chat.text("你好")
    reply = chat.text("我要反映个问题，南园社区5号楼后面的垃圾桶满了好几天没人收")
    assert "没太听明白" not in reply and "联系过您吗" not in reply
    assert visits_of(e2e_database, number) == []


def test_a_resident_may_decline(chat, e2e_database):
    number = finished_need(e2e_database, chat.sender, "楼下的井盖松了")
    assert "联系过您吗" in chat.text("你好")
    assert "不打扰" in chat.text("以后再说吧")
    assert visits_of(e2e_database, number) == []
    assert "联系过您吗" not in chat.text("你好")


@pytest.fixture
def pushing_gateway(servers, e2e_database, e2e_roster, wechat_api, tmp_path):
    """A gateway that looks for call-backs to ask every second (the real one: every minute)."""
    if servers.production is not None:
        pytest.skip("the production profile's gateway looks every minute")
    port = free_port()
    env = {"DATABASE_URL": e2e_database, "SECRET_KEY": "e2e-gateway-secret-0123456789",
           "ROSTER_FILE": str(e2e_roster), **ONE_ADDRESS_FOR_ALL, **wechat_env(wechat_api, WECHAT_NEWS_SECONDS="1")}
    process = start_gateway(servers.rasa_urls, port, env, tmp_path / "web.log")
    yield wechat.WeChatServer(f"http://127.0.0.1:{port}/wechat")
    process.terminate()
    process.wait(timeout=10)


def test_on_wechat_the_call_back_comes_as_a_service_message_and_the_reply_answers_it(pushing_gateway, wechat_api,
                                                                                    e2e_database):
    openid = "oResidentCallBack01"
    status, _ = pushing_gateway.send(pushing_gateway.text(openid, "你好"))  # writing opens WeChat's 48 hours
    assert status == 200
    number = finished_need(e2e_database, openid, "河边的栏杆断了一截")
    (asked,) = wechat_api.texts_to(openid, timeout=20)
    assert number in asked and "联系过您吗" in asked and "回复1：联系过" in asked
    reply = pushing_gateway.send(pushing_gateway.text(openid, "1"))[1]  # the number picks 联系过
    assert "解决了吗" in reply
    assert "已记下" in pushing_gateway.send(pushing_gateway.text(openid, "修好了，满意"))[1]
    assert visits_of(e2e_database, number) == [("reporter", "chat", True, True, "满意")]
    assert len(wechat_api.texts_to(openid, timeout=3)) == 1  # asked once


@pytest.mark.parametrize(("path", "required"), [
    (SUITE, 0.95),  # the set the reader was built on: the plan's 95%
    (HELDOUT, 0.75),  # written afterwards, only measured (bench; 85% when written): a guard below it
], ids=["suite", "heldout"])
def test_the_call_back_conversations_are_recorded_right(servers, e2e_database, path, required):
    conversations = load_suite(path)
    outcomes = play_all(servers.rasa_url, e2e_database, conversations)
    failed = [f"{o.id}: {'; '.join(o.problems)} {o.turns}" for o in outcomes if not o.ok]
    assert len(conversations) >= 40
    assert (len(outcomes) - len(failed)) / len(outcomes) >= required, "\n".join(failed)


def test_the_same_call_backs_in_gibberish_are_not_recorded(servers, e2e_database):
    rng = random.Random(7)
    answered = [c for c in load_suite() if c["expect"].get("solved") is not None][:5]
    scrambled = [{**c, "id": f"{c['id']}-gibberish",
                  "says": ["".join(rng.choice("qwertyuiopasdfghjkl") for _ in range(6)) for _ in c["says"]]}
                 for c in answered]
    assert not any(o.ok for o in play_all(servers.rasa_url, e2e_database, scrambled))


def test_a_resident_who_opens_with_a_new_report_is_asked_after_it_is_filed(chat, e2e_database):
    number = finished_need(e2e_database, chat.sender, "小区门口的健身器材坏了")
    reply = chat.text("我是城厢镇南园社区的，5号楼门口的垃圾桶满了三天没人倒，臭得不得了")
    for answer in ("不急", "不留", "确认"):
        if "编号：XQ" in reply:
            break
        reply = chat.text(answer)
    assert "编号：XQ" in reply and number in reply and "联系过您吗" in reply  # filed, then the call-back
    assert "已记下" in chat.text("来过了，修好了，满意")
    assert visits_of(e2e_database, number) == [("reporter", "chat", True, True, "满意")]
