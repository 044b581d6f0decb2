"""Which of a person's own reports or offers their words name (bot/dialogue/naming.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.dialogue.naming import named_by_words, pieces, sharing


@dataclass
class Item:
    tracking_id: str
    description: str


RIVER = Item("XQ1", "河浜里有人倒垃圾，臭得来")
BOOKS = Item("XQ2", "农家书屋一直锁门，借不到书")
FIELD = Item("ZY1", "周末操场借给小朋友踢球")
HALL = Item("ZY2", "礼堂可以借给村里排练")


def test_pieces_leave_out_what_every_report_says():
    assert "河浜" in pieces("河浜还是老样子")
    assert "还是" not in pieces("河浜还是老样子")


@pytest.mark.parametrize("text, items, named", [
    ("河浜还是老样子", [RIVER, BOOKS], "XQ1"),
    ("书屋那件事再补充一句", [RIVER, BOOKS], "XQ2"),
    ("操场格就撤脱吧", [FIELD, HALL], "ZY1"),
    ("借给", [FIELD, HALL], None),  # both share it: no one is named
    ("谢谢侬", [RIVER, BOOKS], None),
    ("河浜", [], None),
])
def test_the_one_item_sharing_strictly_the_most_is_named(text, items, named):
    found = named_by_words(items, text)
    assert (found.tracking_id if found else None) == named


def test_items_sharing_enough_come_most_shared_first():
    assert sharing([BOOKS, RIVER], "河浜里垃圾还是老样子", 2) == [RIVER]
    assert sharing([BOOKS, RIVER], "河浜", 2) == []


LIGHT = Item("XQ601", "楼道灯坏了一个多礼拜，我婆婆瘫在床上，晚上看不见")
MEALS = Item("XQ602", "助餐点这个礼拜开始不送饭了")


def test_the_matter_named_outright_comes_before_the_other_words():
    from bot.dialogue.naming import named_by_its_matter

    text = "再补充一句：送饭那个事，我婆婆是瘫在床上的，自己下不了楼"
    assert named_by_words([LIGHT, MEALS], text).tracking_id == "XQ601"  # the shared words alone point the wrong way
    assert named_by_its_matter([LIGHT, MEALS], text).tracking_id == "XQ602"
    assert named_by_its_matter([LIGHT, MEALS], "我婆婆是瘫在床上的") is None
