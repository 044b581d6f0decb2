"""WeChat text replies: numbered choices for buttons, picking by number, splitting at WeChat's limit."""

from __future__ import annotations

import asyncio

import pytest

from bot.wechat.replies import MAX_BYTES, Answer, as_text, pick, pieces_of, split
from bot.wechat.retries import Deliveries

SUMMARY = [{"text": "请核对一下：\n📍 地点：城厢镇东区社区"},
           {"text": "没问题就点“确认提交”。", "buttons": [{"title": "确认提交", "payload": "/affirm"},
                                                       {"title": "修改", "payload": "/deny"},
                                                       {"title": "取消", "payload": "/cancel"}]}]


def test_buttons_become_numbered_choices_after_the_text():
    answer = as_text(SUMMARY)
    assert answer.whole.endswith("没问题就回复“确认提交”。\n\n回复1：确认提交\n回复2：修改\n回复3：取消")
    assert answer.whole.startswith("请核对一下") and answer.choices == ("/affirm", "/deny", "/cancel")


def test_two_sets_of_buttons_in_one_turn_are_numbered_on():
    answer = as_text([{"text": "这件事有多急？", "buttons": [{"title": "急", "payload": "急"}, {"title": "盼", "payload": "盼"}]},
                      {"text": "是同一件事吗？", "buttons": [{"title": "我附议", "payload": "/affirm"},
                                                      {"title": "单独登记", "payload": "/deny"}]}])
    assert answer.menu == "回复1：急\n回复2：盼\n回复3：我附议\n回复4：单独登记"
    assert pick("3", answer.choices) == "/affirm" and pick("2", answer.choices) == "盼"


@pytest.mark.parametrize("web, wechat", [("请点下面的按钮选一个", "请回复下面的数字选一个"),
                                         ("不想留请点“不留”。", "不想留请回复“不留”。"),
                                         ("点击“查看完整名单”看全部", "回复“查看完整名单”看全部")])
def test_what_the_web_page_asks_to_tap_is_replied_in_wechat(web, wechat):
    assert as_text([{"text": web}]).text == wechat


def test_a_long_answer_keeps_its_choices_together_in_the_last_message():
    text = "\n".join(f"第{i}行：城厢镇某某社区的一件事" for i in range(120))
    pieces = pieces_of(Answer(text, ("/affirm", "/deny", "/cancel"), "回复1：确认提交\n回复2：修改\n回复3：取消"))
    assert len(pieces) > 1 and pieces[-1].endswith("回复1：确认提交\n回复2：修改\n回复3：取消")
    assert all(len(p.encode()) <= MAX_BYTES for p in pieces) and not any("回复3" in p for p in pieces[:-1])


@pytest.mark.parametrize("reply, payload", [("1", "/affirm"), ("１", "/affirm"), (" 2 ", "/deny"), ("第3个", "/cancel"),
                                            ("一", "/affirm"), ("回复2", "/deny"), ("3。", "/cancel")])
def test_a_number_picks_its_choice(reply, payload):
    assert pick(reply, ("/affirm", "/deny", "/cancel")) == payload


@pytest.mark.parametrize("reply", ["4", "0", "12号楼漏水", "1楼的路灯坏了", "好的", ""])
def test_other_replies_are_not_choices(reply):
    assert pick(reply, ("/affirm", "/deny", "/cancel")) is None


def test_no_choices_means_numbers_are_just_text():
    assert pick("1", ()) is None


def test_long_answers_are_split_at_line_ends_within_the_byte_limit():
    lines = [f"· 第{i}个试点：城厢镇某某社区（老街巷社区）" for i in range(200)]
    pieces = split("\n".join(lines))
    assert len(pieces) > 1 and all(len(p.encode("utf-8")) <= MAX_BYTES for p in pieces)
    assert "\n".join(pieces) == "\n".join(lines)  # nothing lost, nothing cut inside a line


def test_one_endless_line_is_cut_between_characters():
    text = "急" * 2000  # 6000 bytes on one line
    pieces = split(text)
    assert "".join(pieces) == text and all(len(p.encode("utf-8")) <= MAX_BYTES for p in pieces)


async def test_a_retried_message_is_worked_on_once():
    runs = []

    async def work():
        runs.append(1)
        await asyncio.sleep(0.01)
        return "answer"

    deliveries = Deliveries()
    first, started = deliveries.start("msg:1", work)
    again, restarted = deliveries.start("msg:1", work)
    assert started and not restarted and again is first
    assert await first.work == "answer" and runs == [1]
    assert first.answer_passively() and again.answer_passively()  # a retry may carry the same reply
    assert not first.push()  # but an answer given passively is never pushed as well


async def test_an_answer_pushed_late_is_not_given_again():
    async def work():
        return "answer"

    delivery, _ = Deliveries().start("msg:2", work)
    await delivery.work
    assert delivery.push() and not delivery.push() and not delivery.answer_passively()
