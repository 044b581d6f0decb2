"""A greeting; to a volunteer who comes back, the needs matched to their offers since they were last told."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.resources import plain_reason
from bot.resources.news import news_for

logger = logging.getLogger(__name__)
SHOWN = 3


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(response="utter_greet")
        try:
            news = news_for(runtime.catalog(), tracker.sender_id)
        except Exception:  # news is a courtesy: a failure must not spoil the greeting
            logger.exception("reading a volunteer's news failed")
            return []
        if news:
            dispatcher.utter_message(text=news_text(news))
        return []


def news_text(news) -> str:
    offers = list(dict.fromkeys(offer for offer, _ in news))
    lines = [f"另外告诉您：您登记的帮助（{'、'.join(offers)}）又对上了 {len(news)} 件需求："]
    lines += [f"· {n.tracking_id}（{n.community_name}，{n.category}）{plain_reason(n.reason)}" for _, n in news[:SHOWN]]
    if len(news) > SHOWN:
        lines.append(f"还有 {len(news) - SHOWN} 件，发“{offers[0]}”可以查看全部。")
    lines.append("社区工作人员确认后会和您联系，不用回复。")
    return "\n".join(lines)
