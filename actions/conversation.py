"""Reading the latest user message from a rasa-sdk tracker."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from rasa_sdk import Tracker

from bot.clock import china_today
from bot.contact import parse_phone
from bot.dialogue.reader import Message, asks_about_the_service
from bot.text import clean_text

# Intents that never answer the question the form asked: rules take them over.
INTERRUPTIONS = {"cancel", "human_handoff"}
# Asking for a person in so many words. Anything vaguer read as a hand-off ("我是个人不是单位",
# "有人找我帮忙吗") must not close the form the resident is filling in.
PLAINLY_ASKED = re.compile(r"人工|工作人员|真人|客服|回电|打电话|打个电话|来电话|联系我|找人|找个人|书记|主任|社工|"
                           r"/human_handoff")
# Intents that, when the classifier is sure, are a question or a courtesy rather than an answer
# to an open question (where a place or a description goes). Short answers (a phone, a button)
# are read by the form whatever the intent: "不留" must never become a privacy question.
ASIDES = {"faq", "check_status", "ask_help", "greet", "thank", "goodbye", "ask_pilot_progress", "ask_catalog",
          "show_more"}
ASIDE_CONFIDENCE = 0.8
OPEN_QUESTIONS = {"community", "description", "resource_description"}
# Asking for help in the middle of offering it, or the other way round, changes form.
OTHER_FORM = {"need_form": "offer_resource", "resource_form": "report_need"}


def latest_text(tracker: Tracker) -> str:
    return clean_text((tracker.latest_message or {}).get("text") or "")


def bare_words(text: str) -> str:
    """The text without spaces and punctuation, to compare a reply with button words ("确认。" is "确认")."""
    return re.sub(r"[\s，。,.!！?？~～]", "", text or "")


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def latest_confidence(tracker: Tracker) -> float:
    return float(((tracker.latest_message or {}).get("intent") or {}).get("confidence") or 0.0)


def latest_entities(tracker: Tracker, entity: str) -> list[Any]:
    return [e.get("value") for e in (tracker.latest_message or {}).get("entities") or [] if e.get("entity") == entity]


_BUTTON_FIELDS = re.compile(r'^/inform\{(.*)\}$')


def _button_for_another_field(text: str, slot: str) -> bool:
    """'/inform{"resource_type":"智力"}' tapped while the name was asked: it sets its own field only."""
    fields = _BUTTON_FIELDS.match(text or "")
    return fields is not None and f'"{slot}"' not in fields.group(1)


def is_answer(tracker: Tracker, slot: str, parse: Callable[[str], Any] | None = None) -> bool:
    """The latest message answers the form's question for this slot.

    parse: for a question with a closed set of answers, what reads an answer; a question or a
    courtesy the classifier is sure of, that does not read as an answer, is an aside.
    """
    if tracker.get_slot("requested_slot") != slot:
        return False
    if _button_for_another_field(latest_text(tracker), slot):
        return False  # a button for another question ('/inform{"resource_type":…}' at the name) answers that one
    intent = latest_intent(tracker)
    sure = latest_confidence(tracker) >= ASIDE_CONFIDENCE
    if intent in INTERRUPTIONS and (intent != "human_handoff" or PLAINLY_ASKED.search(latest_text(tracker))):
        return False
    if sure and intent == OTHER_FORM.get(tracker.active_loop_name or "") and slot not in OPEN_QUESTIONS:
        return False
    if asks_about_the_service(Message(latest_text(tracker), intent, latest_confidence(tracker))):
        return False  # the reader's decision: a question about the service is answered, never recorded
    if not (sure and intent in ASIDES):
        return True
    if slot in OPEN_QUESTIONS:
        return False
    return parse is not None and parse(latest_text(tracker)) is not None


# What a submission says: the same words from the same sender on the same day are the same record.
SUBMITTED_SLOTS = {
    "need": ("community", "description", "need_category", "urgency", "phone"),
    "resource": ("provider_type", "provider_name", "resource_description", "resource_type", "resource_scope",
                 "community", "town", "available_time", "resource_phone"),
    "callback": ("callback_phone", "community"),
    "callback_in_form": ("phone", "resource_phone", "community", "description", "resource_description"),
}


def submission_key(tracker: Tracker, kind: str) -> str:
    """The same submission, the same key: whatever retried it, it is recorded once.

    The key is what is submitted (sender, China day, the answers), not the message's id, time or
    place in the conversation: a message handed to a second Rasa server after the first failed, and
    a confirmation said again after the action server died between filing and answering, both
    file nothing new; the resident is told the number they were filed under.
    """
    answers = json.dumps([tracker.get_slot(slot) for slot in SUBMITTED_SLOTS[kind]], ensure_ascii=False, default=str)
    raw = f"{kind}|{tracker.sender_id}|{china_today().isoformat()}|{answers}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:48]


def first(value: Any) -> Any:
    """Entity mappings give a list when a message names several values: keep the first."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def answer_or_inference(tracker: Tracker, slot: str, infer: Callable[[str], str | None], source: str,
                        parse: Callable[[str], str | None] | None = None) -> dict:
    """A slot read from the answer to its own question, or inferred from another slot's text.

    A button or a tagged word comes as an entity of the slot's name; the slot mapping has it.
    """
    if latest_entities(tracker, slot):
        return {}
    if is_answer(tracker, slot, parse or infer):
        return {slot: latest_text(tracker) or None}
    text = tracker.get_slot(source)
    if tracker.get_slot(slot) is None and text:
        inferred = infer(text)
        return {slot: inferred} if inferred else {}
    return {}


def earlier_texts(tracker: Tracker, count: int = 6) -> list[str]:
    """The resident's last few messages before the latest one, newest first."""
    texts = [clean_text(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return [t for t in reversed(texts[:-1]) if t][:count]


def asked_when_said(tracker: Tracker) -> str | None:
    """The form question (requested slot) that was open when the latest message came.

    A tracker without the history of that slot (built by hand) is taken as it stands.
    """
    for event in _events_before_latest_message(tracker):
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            return event.get("value")
    if any(event.get("event") == "action" for event in tracker.events):
        return None  # a real conversation where no form had asked anything yet (its first message)
    return tracker.get_slot("requested_slot")


def buttons_just_offered(tracker: Tracker) -> list[dict]:
    """The buttons of the assistant's last turn before the latest user message."""
    for event in _events_before_latest_message(tracker):
        if event.get("event") == "user":
            return []
        buttons = (event.get("data") or {}).get("buttons") if event.get("event") == "bot" else None
        if buttons:
            return buttons
    return []


def _bot_events_in_last_turns(tracker: Tracker, turns: int) -> Iterator[dict]:
    """The assistant's messages answering the last `turns` user messages, newest first."""
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users > turns:
                return
        elif event.get("event") == "bot" and users >= 1:
            yield event


def last_answer_text(tracker: Tracker) -> str:
    """What the assistant said in answer to the previous message, its parts joined."""
    return "\n".join(reversed([e.get("text") or "" for e in _bot_events_in_last_turns(tracker, 1)]))


def shown_in_last_turns(tracker: Tracker, card: str, turns: int = 1) -> str | None:
    """The tracking number of the need ("status") or offer ("resource") the assistant last showed in the
    last turns: a card of that kind, or a message about one (its metadata `about`)."""
    for event in _bot_events_in_last_turns(tracker, turns):
        custom = (event.get("data") or {}).get("custom") or {}
        if custom.get("card") == card and custom.get("tracking_id"):
            return custom["tracking_id"]
        about = (event.get("metadata") or {}).get("about") or {}
        if about.get("card") == card and about.get("tracking_id"):
            return about["tracking_id"]
    return None


def _events_before_latest_message(tracker: Tracker) -> Iterator[dict]:
    """The events older than the latest user message, newest first."""
    seen_user = False
    for event in reversed(tracker.events):
        if seen_user:
            yield event
        elif event.get("event") == "user":
            seen_user = True


def slot_before_latest_message(tracker: Tracker, name: str) -> Any:
    """The slot's value before the latest user message set anything."""
    for event in _events_before_latest_message(tracker):
        if event.get("event") == "slot" and event.get("name") == name:
            return event.get("value")
    return None


def slot_set_in_last_turn(tracker: Tracker, name: str) -> bool:
    """The bot set this slot (to a value) in its answer to the previous message, not earlier."""
    for event in _events_before_latest_message(tracker):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == name:
            return event.get("value") is not None
    return False


def said_just_now(tracker: Tracker, phone: str) -> bool:
    """The latest message gave this phone: acknowledge it then, not when a form re-checks its slots."""
    return parse_phone(latest_text(tracker)) == phone
