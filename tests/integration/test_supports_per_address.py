"""A support (附议) counts once per web client address, need and day, whatever cookie the client shows."""

from __future__ import annotations

from actions.needs import ActionSubmitNeed
from bot.needs.service import NeedDraft, file_need
from bot.projects.service import project_of
from tests.integration.conftest import make_tracker, run_action

SLOTS = {"community": "新塘村委会", "description": "新塘村口的路灯坏了", "need_category": "基础设施提升",
         "support_choice": "support"}
SCRIPTED_ADDRESS = "5f1e0c9a7b3d2e4f5f1e0c9a7b3d2e4f"  # what the gateway sends: a daily keyed hash
ANOTHER_ADDRESS = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def support(tracking_id: str, sender: str, client: str | None) -> str:
    tracker = make_tracker("是同一件事", intent="affirm", active_loop=None, sender=sender,
                           slots={**SLOTS, "similar_need": tracking_id})
    if client:
        tracker.latest_message["metadata"] = {"client": client}
    _, messages = run_action(ActionSubmitNeed(), tracker)
    return "\n".join(m.get("text") or "" for m in messages)


def test_a_second_support_from_the_same_address_the_same_day_is_not_counted(actions_catalog):
    need = file_need(actions_catalog, NeedDraft("新塘村委会", "村口路灯坏了一个礼拜了", "基础设施提升", "急",
                                                None, "resident-1", "n1"))
    assert "已为" in support(need.tracking_id, "web-aaa", SCRIPTED_ADDRESS)
    # The same script with a new cookie: a new sender id, the same address.
    reply = support(need.tracking_id, "web-bbb", SCRIPTED_ADDRESS)
    assert "同一个网络每天只算一次" in reply and need.tracking_id in reply and "已为" not in reply
    assert project_of(actions_catalog, need.tracking_id).supporters == 1
    # A neighbour elsewhere, and a WeChat follower (known by openid, no address), still count.
    assert "共有 3 位" in support(need.tracking_id, "web-ccc", ANOTHER_ADDRESS)
    assert "共有 4 位" in support(need.tracking_id, "wechat-openid-1", None)
    assert project_of(actions_catalog, need.tracking_id).supporters == 3
