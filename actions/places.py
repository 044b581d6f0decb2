"""The place question shared by every form: which community, asked and checked."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.asking import Question
from actions.conversation import (
    earlier_texts,
    first,
    is_answer,
    latest_entities,
    latest_intent,
    latest_text,
    slot_before_latest_message,
)
from bot.cadres.commands import is_question
from bot.places.gazetteer import Community, choose_option
from bot.replies import buttons, say

MAX_TOWN_BUTTONS = 30
ACKNOWLEDGEMENT = re.compile(r"嗯+|好+的?|好滴|对+|是+的?|行|可以|ok|OK|哦+|噢+|啊+")
ALREADY_SAID = re.compile(r"(刚才|刚刚|前面|已经|上面)(说|讲|讲过|说过|告诉)|说过了|讲过了")


def _options(tracker: Tracker) -> list[Community]:
    gazetteer = runtime.gazetteer()
    names = tracker.get_slot("place_options") or []
    return [c for c in (gazetteer.community(n) for n in names) if c is not None]


def _button(community: Community) -> dict:
    return {"title": community.label, "payload": f'/inform{{"community":"{community.name}"}}'}


class PlaceSlots:
    """Mixed into a FormValidationAction whose form asks for `community`."""

    async def extract_community(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        named = latest_entities(tracker, "community")
        if len(named) > 1:
            # "时思村（不是时思社区）": the gazetteer reads which of the places named is meant
            meant = runtime.gazetteer().resolve(latest_text(tracker), town=tracker.get_slot("town"))
            return {"community": meant.community.name} if meant.status == "found" else {}
        if named:
            return {}
        if tracker.get_slot("requested_slot") is None and tracker.get_slot("community") is None:
            # The message that opened the form may name the place with a typo (刘河新堂村).
            text = latest_text(tracker)
            mentioned = runtime.gazetteer().resolve(text, town=tracker.get_slot("town"))
            return {"community": text} if mentioned.status != "not_found" else {}
        if not is_answer(tracker, "community"):
            return {}
        options = _options(tracker)
        intent = latest_intent(tracker)
        if tracker.get_slot("place_question") == "suggest" and options:
            if intent == "affirm":
                return {"community": options[0].name}
            if intent == "deny":
                return {"community": None}  # cleared: asked again from scratch
        picked = choose_option(latest_text(tracker), options)
        if picked is not None:
            return {"community": picked.name}
        text = latest_text(tracker)
        if ALREADY_SAID.search(text):
            # "我刚才说过了": look for the place in what the resident said before.
            for earlier in earlier_texts(tracker):
                if runtime.gazetteer().resolve(earlier).status != "not_found":
                    return {"community": earlier}
        return {"community": text} if text else {}

    def validate_community(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:  # cleared to be asked again
            if tracker.get_slot("place_question") == "suggest" and tracker.get_slot("town"):
                # "不是" to the place we guessed: the town's own villages and communities to pick from
                return {"community": None, "place_options": None, "place_question": "town"}
            return {"community": None, "place_options": None, "place_question": None}
        earlier = slot_before_latest_message(tracker, "community")
        asked = tracker.get_slot("requested_slot")
        if earlier and asked not in (None, "community") and is_question(latest_text(tracker)):
            return {"community": earlier}  # a question naming another place does not move the report
        gazetteer = runtime.gazetteer()
        said = str(first(value) or "")
        if ACKNOWLEDGEMENT.fullmatch(said.strip(" 。，,.!！~～")):
            return {"community": None, "place_options": None, "place_question": None}  # "嗯": just ask again
        offered = next((c for c in _options(tracker) if c.name == said), None)
        if offered is not None:
            # One of the places we offered, picked or confirmed: found, even in another town than
            # the one said before (a correction at the summary moves the report there).
            return _place_found(offered)
        resolution = gazetteer.resolve(said, town=tracker.get_slot("town"), answering=True)
        if resolution.status == "found":
            return _place_found(resolution.community)
        if resolution.status == "town_only":
            narrowed = [c for c in _options(tracker) if c.town == resolution.town.name]
            if len(narrowed) == 1:
                return _place_found(narrowed[0])
            return {
                "community": None,
                "town": resolution.town.name,
                "place_options": [c.name for c in narrowed] or None,
                "place_question": "ambiguous" if narrowed else "unlisted" if resolution.unlisted else "town",
            }
        if resolution.status in ("ambiguous", "suggest"):
            return {
                "community": None,
                "town": resolution.town.name if resolution.town else tracker.get_slot("town"),
                "place_options": [c.name for c in resolution.candidates],
                "place_question": resolution.status,
            }
        return {"community": None, "place_options": None, "place_question": "not_found"}


def _place_found(community: Community) -> dict:
    return {"community": community.name, "town": community.town, "place_options": None, "place_question": None}


class ActionAskCommunity(Question):
    slot = "community"

    def ask(self, dispatcher, tracker) -> list:
        question = tracker.get_slot("place_question")
        options = _options(tracker)
        town = tracker.get_slot("town")
        if question == "ambiguous" and options:
            dispatcher.utter_message(
                text=say("places.choose_namesake", count=len(options)),
                buttons=[_button(c) for c in options],
            )
        elif question == "suggest" and len(options) > 1:
            dispatcher.utter_message(text=say("places.choose_suggestion"), buttons=[_button(c) for c in options])
        elif question == "suggest" and options:
            dispatcher.utter_message(
                text=say("places.confirm_suggestion", place=options[0].label),
                buttons=buttons("places.confirm_suggestion_buttons"),
            )
        elif question in ("town", "unlisted") and town:
            communities = runtime.gazetteer().communities_in(town)
            town_buttons = [_button(c) for c in communities] if len(communities) <= MAX_TOWN_BUTTONS else []
            asking = "places.community_not_in_town" if question == "unlisted" else "places.ask_community_in_town"
            dispatcher.utter_message(text=say(asking, town=town), buttons=town_buttons)
        elif question == "not_found":
            dispatcher.utter_message(text=say("places.community_not_found"))
        elif question == "retry":
            dispatcher.utter_message(text=say("places.ask_full_name_again"))
        else:
            dispatcher.utter_message(text=say("places.ask_community"))
        return []


BARE_PLACE_NOISE = re.compile(r"[\s，。,.!！、~～]|^(我是|我在|住在|伲是|阿拉是|就是|是)|的$|那边$|这边$")


def place_answer_in_form(tracker: Tracker) -> list | None:
    """A bare place said at a form's place question ("双凤镇庆丰村。"), whatever intent it was given.

    A place name alone can look like the start of a cadre's question or registry command; at the
    place question it is the answer. Returns the events that hand it to the form, or None.
    """
    form = tracker.active_loop_name
    if not form or tracker.get_slot("requested_slot") not in ("community", "town"):
        return None
    text = BARE_PLACE_NOISE.sub("", latest_text(tracker))
    if not text or len(text) > 12 or is_question(text):
        return None
    resolution = runtime.gazetteer().resolve(text, answering=True)
    if resolution.status == "found":
        community = resolution.community
        return [SlotSet("town", community.town), SlotSet("community", community.name), FollowupAction(form)]
    if resolution.status == "town_only":
        return [SlotSet("town", resolution.town.name), FollowupAction(form)]
    return None
