"""Human hand-off: a call-back request for the community worker."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.asking import Question
from actions.conversation import (
    PLAINLY_ASKED,
    first,
    is_answer,
    latest_entities,
    latest_text,
    shown_in_last_turns,
    submission_key,
)
from actions.places import PlaceSlots
from bot.contact import mask_phone, parse_phone
from bot.dialogue.reader import asks_about_the_report_just_filed, says, service_questions
from bot.needs.describe import description_from_message
from bot.needs.service import CallbackDraft
from bot.replies import say

logger = logging.getLogger(__name__)
WEEKDAYS = say("handoff.weekdays")  # Monday to Sunday, one character each
# "好了好了 谢谢", "谢谢侬 勿用了": thanks, no number, nothing asked
_THANKS_ONLY = re.compile(r"^(?:好了|好的|好|行|嗯|算了)*[，,\s]*(?:谢谢|谢谢侬|谢谢你|谢谢您|多谢|麻烦了|辛苦了)(?:侬|你|您)?(?:了|啊|哦|噢|呀)?"
                          r"[，,\s]*(?:勿用了|不用了|覅了|没事了|就这样)?[。！!\s]*$")


def _opening_message(tracker: Tracker) -> str:
    """What the resident said when the call-back form opened (the latest message, while it opens)."""
    events = tracker.events
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "active_loop" and events[index].get("name") == "callback_form":
            return next((e.get("text") or "" for e in reversed(events[:index]) if e.get("event") == "user"), "")
    return latest_text(tracker)


def _reads_this_message(tracker: Tracker) -> bool:
    from actions.reading import reads_this_message  # the reader's actions book call-backs from here

    return reads_this_message(tracker)


class ValidateCallbackForm(PlaceSlots, FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") is None and says("service_robot", latest_text(tracker)) \
                and not says("handoff_asked", latest_text(tracker)):
            # "侬是真人伐？": whether a person answers is a question, never a call-back request
            dispatcher.utter_message(text=say("reading.answer_robot"))
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        # (three turns back: "我是问 …会告诉我伐" after the number was asked for by mistake)
        just_filed = shown_in_last_turns(tracker, "tracking", turns=3) if not parse_phone(latest_text(tracker)) else None
        if just_filed and asks_about_the_report_just_filed(latest_text(tracker)) \
                and not says("handoff_asked", latest_text(tracker)):
            # "弄好了会得通知我伐" right after filing: how they hear of the outcome, never a call-back request
            from actions.status import about_the_report_just_filed  # status imports the forms' modules

            return [ActiveLoop(None), SlotSet("requested_slot", None),
                    *about_the_report_just_filed(dispatcher, tracker, just_filed)]
        asked = [topic for _, topic in service_questions(latest_text(tracker))]
        if just_filed and asked and not says("handoff_asked", latest_text(tracker)):
            # "就是问具体哪个人管 村里还是镇上" after filing: answered, never a call-back asking for the number again
            from actions.reading import SERVICE_ANSWERS, answer_apart  # reading books call-backs from here

            answer_apart(dispatcher, asked, SERVICE_ANSWERS)
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        if tracker.get_slot("requested_slot") == "callback_phone" and _THANKS_ONLY.match(latest_text(tracker)):
            # "好了好了 谢谢" where the number was asked: nobody is to call, and nothing more is asked
            dispatcher.utter_message(text=say("handoff.not_wanted"))
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        if tracker.get_slot("requested_slot") is None:
            from actions.reading import asks_who_needs_them

            asked, offers = asks_who_needs_them(tracker)
            if asked:  # a volunteer's "最近有人要剃头伐": the needs their offers fit, never a call-back
                from actions.status import needs_to_help  # status imports the forms' modules

                return [ActiveLoop(None), SlotSet("requested_slot", None), *needs_to_help(dispatcher, tracker, offers)]
        if tracker.get_slot("requested_slot") is None:  # opening: "南区社区有几个工作人员" from a cadre asks
            from actions.cadres import cadre_question_instead

            answered = cadre_question_instead(dispatcher, tracker, domain)
            if answered is not None:
                return [ActiveLoop(None), SlotSet("requested_slot", None), *answered]
        elif not parse_phone(latest_text(tracker)) and _reads_this_message(tracker):
            from actions.cadres import figure_question_instead

            answered = figure_question_instead(dispatcher, tracker, domain)
            if answered is not None:  # "浏河镇一共几条" where a number or a place was asked: answered, form left
                return [ActiveLoop(None), SlotSet("requested_slot", None), *answered]
            if description_from_message(latest_text(tracker), runtime.gazetteer()):
                # "双凤镇凤中村。篮球场上堆满了垃圾…" where a number was asked: a report, never lost in a call-back
                dispatcher.utter_message(text=say("handoff.report_instead"))
                return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("need_form")]
        return await super().run(dispatcher, tracker, domain)

    async def extract_callback_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        earlier = parse_phone(tracker.get_slot("phone") or "")
        if tracker.get_slot("callback_phone") is None and earlier and PLAINLY_ASKED.search(_opening_message(tracker)):
            return {"callback_phone": earlier}  # given earlier in the need report
        if latest_entities(tracker, "phone") or not is_answer(tracker, "callback_phone"):
            return {}
        return {"callback_phone": latest_text(tracker) or None}

    def validate_callback_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"callback_phone": None}
        phone = parse_phone(str(first(value) or ""))
        if phone is None:
            dispatcher.utter_message(text=say("handoff.phone_invalid"))
        return {"callback_phone": phone}


class ActionAskCallbackPhone(Question):
    slot = "callback_phone"
    reply = "handoff.ask_phone"



class ActionRequestCallback(Action):
    def name(self) -> str:
        return "action_request_callback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        phone = parse_phone(tracker.get_slot("callback_phone") or "")
        if phone is None or not book_callback(dispatcher, tracker, phone):
            return []
        return [SlotSet("description", None), SlotSet("callback_phone", None)]


def book_callback(dispatcher: CollectingDispatcher, tracker: Tracker, phone: str) -> bool:
    """Record a call-back request and tell the resident by when; False when it could not be recorded."""
    phone = parse_phone(phone or "")
    if phone is None:
        return False
    draft = CallbackDraft(
        sender_id=tracker.sender_id,
        phone=phone,
        idempotency_key=submission_key(tracker, "callback") if tracker.get_slot("callback_phone") else
        submission_key(tracker, "callback_in_form"),
        community=tracker.get_slot("community"),
        reason=tracker.get_slot("description") or tracker.get_slot("resource_description") or "",
    )
    try:
        submission = runtime.outbox().submit(runtime.catalog(), draft)
    except Exception:
        logger.exception("recording a call-back failed")
        dispatcher.utter_message(text=say("handoff.submit_failed"))
        return False
    if submission.kept:
        # Not recorded yet, so no time is promised: the worker sees it once the catalog has it.
        dispatcher.utter_message(
            text=say("handoff.kept", phone=mask_phone(phone), hours=runtime.settings().callback_hours)
        )
        return True
    callback = submission.record
    when = callback.contact_by
    dispatcher.utter_message(
        text=say("handoff.booked", community=callback.community_name or say("handoff.community_unknown"),
                 phone=mask_phone(phone), month=when.month, day=when.day, weekday=WEEKDAYS[when.weekday()],
                 time=f"{when:%H:%M}", hours=runtime.settings().callback_hours)
    )
    return True
