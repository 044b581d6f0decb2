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


class ActionGoodbye(Action):
    """A goodbye, when the words say one; "再出个季报" (the 再 of "again", taken for 再见) is read as what it asks."""

    def name(self) -> str:
        return "action_goodbye"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        from actions.cadres import ActionAnswerQuestion, viewer_of
        from actions.conversation import latest_text
        from actions.fallback import ActionFallback
        from bot.cadres.questions import guess_intent
        from bot.dialogue.reader import content_chars, says

        text = latest_text(tracker)
        if says("farewell", text) or content_chars(text) <= 2:
            dispatcher.utter_message(response="utter_goodbye")
            return []
        kind = guess_intent(text) if viewer_of(tracker).is_cadre else None
        if kind:
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, text, kind)
        return ActionFallback().run(dispatcher, tracker, domain)
