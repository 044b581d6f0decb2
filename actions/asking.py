"""Every question a form asks is one `Question`: the slot it asks for, and either its fixed wording (a reply's
name, and the name of its fixed buttons) or an `ask` that words it from the conversation.

Rasa's forms run `action_ask_<slot>`; rasa-sdk registers every concrete subclass (this base is abstract).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.replies import buttons, say


class Question(Action, ABC):
    reply = ""  # a fixed question: the name of its wording in bot/data/replies/
    choices = ""  # and of its fixed buttons, if it has any

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this question fills."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if self.slot in REWRITTEN_WHOLE and _chosen_to_change(tracker) == self.slot:
            # "改内容" pressed at the summary: the new words replace the old, so they are asked for as such
            dispatcher.utter_message(text=say("confirm.ask_new_words"))
            return []
        return self.ask(dispatcher, tracker)

    def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        dispatcher.utter_message(text=say(self.reply), buttons=buttons(self.choices) if self.choices else [])
        return []


REWRITTEN_WHOLE = ("description", "resource_description")  # free text: a change is the whole text said anew


def _chosen_to_change(tracker: Tracker) -> str | None:
    """The field the last message chose to change ("/correct{"field":"resource_description"}"), else None."""
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "correct":
        return None
    return next((e.get("value") for e in latest.get("entities") or [] if e.get("entity") == "field"), None)
