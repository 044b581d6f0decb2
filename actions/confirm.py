"""The summary that ends a form: confirm, correct a field, or cancel."""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import asked_when_said, first, is_answer, latest_entities, latest_intent, latest_text
from bot.replies import buttons, say

# Entities that carry a new value themselves ("地点是新闸村", "电话改成139…").
CORRECTABLE_BY_ENTITY = ("community", "town", "phone", "urgency", "need_category", "resource_type", "provider_type")

Fields = dict[str, tuple[str, tuple[str, ...]]]  # slot → (label, words that name it)
# The free-text field of each form, which "补充一句，…" adds to.
NOTES = {"need_confirmed": "description", "resource_confirmed": "resource_description"}
# "问题改成…", "时间换成…", "类别勿对，是…": a field named, then its new value.
CHANGE = re.compile(r"改成|改为|换成|改到|写成|应该是|其实是|是")
NOT_THIS_BUT = re.compile(r"(?:不|勿|覅)是.+?[，,、\s]*(?:而|应该)?是(.+)$")
# Intents under which a message naming a field is about that field ("我是个人不是单位" read as a hand-off).
FIELD_TALK = ("correct", "deny", "inform", "nlu_fallback", "human_handoff", "offer_resource")
AS_IT_IS = re.compile(r"就这样(吧|提交|报|交)?|就这么(报|提交|交)|这样就(行|可以|好)|可以提交|直接提交|照这个(报|提交)")
ANOTHER_MATTER = re.compile(r"还有|另外|另一|再反映|又有|顺便")  # a new report, not a change to this one
SUPPLEMENT = re.compile(r"^(?:再|还要|还想|我再)?(?:补充|加上|添上|再加|追加)(?:一下|一句|两句|几句|说明)?[，,：:\s]*")


def field_from_text(text: str, fields: Fields) -> str | None:
    for field, (_, words) in fields.items():
        if any(word in text for word in words):
            return field
    return None


def read_confirmation(tracker: Tracker, slot: str, fields: Fields) -> dict:
    """What the answer to the summary changes: confirmed, a field to ask again, or nothing yet."""
    at_summary = tracker.get_slot("requested_slot") == slot
    # A field named with its new value, or "就这样提交", answers the summary whatever the classifier
    # made of it: read as another form or a cancel, it would throw the whole report away.
    change = typed_change(tracker, slot, fields) if at_summary else None
    if change is not None and not corrected_in_place(tracker):
        field, value = change
        return {field: value, slot: None}  # the field's own validation checks it; then the summary again
    if at_summary and AS_IT_IS.search(latest_text(tracker)):
        return {slot: True}
    if not is_answer(tracker, slot):
        return {}
    intent = latest_intent(tracker)
    if intent == "affirm":
        return {slot: True}
    if corrected_in_place(tracker):
        return {}  # the entity mapping already put the new value in place
    field = first(latest_entities(tracker, "field")) or field_from_text(latest_text(tracker), fields)
    if field in fields and intent in FIELD_TALK:
        return {field: None, slot: None}  # asked again, then the summary once more
    return {slot: None}  # the summary asks what to change


def typed_change(tracker: Tracker, slot: str, fields: Fields) -> tuple[str, str] | None:
    """The field and new value an answer to the summary types out, or None."""
    text = latest_text(tracker).strip()
    notes = NOTES.get(slot)
    added = SUPPLEMENT.match(text)
    if added and text[added.end():] and notes in fields:
        earlier = tracker.get_slot(notes) or ""
        more = text[added.end():]
        return notes, f"{earlier}；{more}" if earlier else more
    marker = CHANGE.search(text)
    if marker is None or ANOTHER_MATTER.search(text[:marker.start()]):
        return None
    instead = NOT_THIS_BUT.search(text)
    value = (instead.group(1) if instead else text[marker.end():]).strip(" ，,。：:")
    field = field_from_text(text[:marker.start()], fields) or (field_from_text(value, fields) if instead else None)
    return (field, value) if field and value else None


def corrected_in_place(tracker: Tracker) -> bool:
    """The answer to the summary carried the new value itself ("电话改成139…"): it is already in place."""
    return any(latest_entities(tracker, entity) for entity in CORRECTABLE_BY_ENTITY)


def read_as_change(tracker: Tracker) -> bool:
    """The reader applied something to this summary (a correction, a detail): show the summary again."""
    reading = tracker.get_slot("reading") or ""
    return any(kind in reading for kind in ("SetField", "AddDetail", "AskAgain"))


def ask_confirmation(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, summary: str, fields: Fields) -> None:
    at_summary = tracker.get_slot("requested_slot") == slot and asked_when_said(tracker) == slot
    # A correction is acknowledged by the reader with the field and its new value (actions.reading).
    changed = corrected_in_place(tracker) or typed_change(tracker, slot, fields) is not None
    if at_summary and latest_intent(tracker) in ("deny", "correct") and not changed and not read_as_change(tracker):
        dispatcher.utter_message(
            text=say("confirm.ask_which_field"),
            buttons=[{"title": say("confirm.change_field_button", label=label), "payload": f'/correct{{"field":"{field}"}}'}
                     for field, (label, _) in fields.items()]
            + buttons("confirm.as_it_is_buttons"),
        )
        return
    dispatcher.utter_message(text=say("confirm.check_summary", summary=summary), buttons=buttons("confirm.summary_buttons"))


_UNASKED = re.compile(r"：(?:None)?$", re.M)


def unasked_shown(summary: str) -> str:
    """A draft shown mid-form, without the summary's "请核对一下" head: each field not yet asked says so, never
    "None" or nothing."""
    fields = summary.split("\n", 1)[-1]
    return _UNASKED.sub("：" + say("confirm.not_asked_yet"), fields)
