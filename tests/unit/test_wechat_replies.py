"""WeChat text replies: numbered choices for buttons, picking by number, splitting at WeChat's limit."""

from __future__ import annotations

import asyncio

import pytest

from bot.wechat.replies import MAX_BYTES, as_text, pick, split
from bot.wechat.retries import Deliveries

SUMMARY = [{"text": "请核对一下：\n📍 地点：城厢镇东区社区"},
           {"text": "没问题就点“确认提交”。", "buttons": [{"title": "确认提交", "payload": "/affirm"},
                                                       {"title": "修改", "payload": "/deny"},
                                                       {"title": "取消", "payload": "/cancel"}]}]


def test_buttons_become_numbered_choices_after_the_text():
    answer = as_text(SUMMARY)
    assert answer.text.endswith("回复1：确认提交\n回复2：修改\n回复3：取消")
    assert answer.text.startswith("请核对一下") and answer.choices == ("/affirm", "/deny", "/cancel")
    assert "没问题就回复“确认提交”" in answer.text  # nothing to tap in WeChat


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
