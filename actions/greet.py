"""A greeting; to a volunteer who comes back, the needs matched to their offers since they were last told; to a
resident whose need was finished, the call-back (回访)."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.visits import offer_call_back
from bot.resources.news import news_for, news_text

logger = logging.getLogger(__name__)


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(response="utter_greet")
        try:
            news = news_for(runtime.catalog(), tracker.sender_id)
        except Exception:  # news is a courtesy: a failure must not spoil the greeting
            logger.exception("reading a volunteer's news failed")
            news = None
        if news:
            dispatcher.utter_message(text=news_text(news))
        return offer_call_back(dispatcher, tracker)
