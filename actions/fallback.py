"""The answer when the assistant did not understand: say why, and what it can do."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.conversation import latest_entities, latest_intent, latest_text
from bot.text import has_chinese, looks_foreign, only_symbols

MENU = [
    {"title": "我要反映问题", "payload": "/report_need"},
    {"title": "查询办理进度", "payload": "/check_status"},
    {"title": "我想出份力", "payload": "/offer_resource"},
    {"title": "请工作人员联系我", "payload": "/human_handoff"},
]


def fallback_reply(text: str, intent: str) -> str:
    if not text:
        return "您好像没有输入内容。有什么事，直接打字或发语音告诉我就行。"
    if intent in ("affirm", "deny") and (has_chinese(text) or len(text) <= 3):  # 好的, 不用了, ok
        return "好的👌 有事随时找我。"
    if only_symbols(text):
        return "收到🙂 有什么需要帮忙的，用文字或语音跟我说说吧。"
    if looks_foreign(text):
        return "目前我只会中文，请用中文跟我说。（Sorry, I only understand Chinese for now.）"
    if intent == "out_of_scope" and has_chinese(text):
        return "这个我帮不上忙😅 我主要负责记录村（社区）里的急难愁盼问题、查询办理进度，以及回答分类共建试点的问题。"
    return "不好意思，我没太听懂。您可以换个说法，或者点下面的按钮："


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        place = _place_just_named(tracker)
        if place:
            # "我是浏河镇新塘村的" on its own: the slot mapping kept the place; ask what they need.
            dispatcher.utter_message(text=f"好的，您是{place}的。请问想反映问题、查询进度、出份力，还是找工作人员？", buttons=MENU)
            return []
        reply = fallback_reply(latest_text(tracker), latest_intent(tracker))
        dispatcher.utter_message(text=reply, buttons=MENU)
        return []


def _place_just_named(tracker: Tracker) -> str | None:
    if latest_intent(tracker) != "inform" or not latest_entities(tracker, "community"):
        return None
    community = runtime.gazetteer().community(tracker.get_slot("community") or "")
    return community.label if community else None
