"""Reporting a need: the need form's validation, its questions, submission and status."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import filing, runtime
from actions.asking import Question
from actions.confirm import ask_confirmation, read_confirmation, unasked_shown
from actions.conversation import (
    answer_or_inference,
    bare_words,
    earlier_texts,
    first,
    is_answer,
    latest_entities,
    latest_intent,
    latest_text,
    said_just_now,
    submission_key,
)
from actions.filing import file_draft
from actions.handoff import book_callback
from actions.places import ALREADY_SAID, PlaceSlots
from actions.reading import ReadsEveryMessage, places
from actions.resources import RESOURCE_SLOTS
from actions.visits import offer_call_back
from bot.catalog.errors import CatalogError
from bot.contact import is_decline, mask_phone, mask_phones_in_text, parse_phone, partial_mobile
from bot.dialogue.reader import (
    NO_PHONE,
    carried_over,
    reads_as_report,
    says,
    support_choice,
    switches_to,
    without_apart_request,
)
from bot.needs.deadlines import configured_limits
from bot.needs.describe import (
    description_from_message,
    is_thin,
    matters_counted,
    problems_apart,
    split_problems,
    thing_named,
)
from bot.needs.emergency import NOT_A_SUBSTITUTE, emergency_advice
from bot.needs.service import NeedDraft, is_filed_by
from bot.projects.service import SupportedFromHereToday, find_own_same_need, find_similar_open_need, support_need
from bot.replies import buttons, entry, say, words
from bot.text import cap_text
from bot.vocab.categories import categories, infer_category, likeliest_categories, normalize_category
from bot.vocab.urgency import MOST_URGENT, URGENCIES, described_urgency, normalize_urgency

logger = logging.getLogger(__name__)

EXPLICIT_CANCEL = re.compile(r"取消|不报了|不反映了|不说了|不弄了|不登记了|不要了|算了|退出|结束|不用了|没事了|撤回|不想报|"
                             r"不办了|不提了|不想说了|不想登记|不留了|覅了|勿要了|不搞了|cancel|stop", re.IGNORECASE)
OPENING_INTENTS = ("report_need", "inform", "nlu_fallback")
ANSWER_WORDS = set(words("needs.answer_words"))
WHOLE_CANCEL = re.compile(r"取消|不报了|不反映了|不登记了|不想报|不提了|撤回|cancel", re.IGNORECASE)
REPORT_SLOTS = ("description", "need_category", "urgency", "need_confirmed", "support_choice", "similar_need")
FIELDS = {field: (row["label"], tuple(row["words"])) for field, row in entry("needs.fields").items()}
PHONE_REFUSAL_WORDS = words("needs.phone_refusal_words")


_similar_by_turn: dict[tuple, object] = {}


def similar_open_need(tracker: Tracker):
    """An open need in the same community and dimension that reads like this one (附议)."""
    community, category, description = (tracker.get_slot(s) for s in ("community", "need_category", "description"))
    if not (community and category and description) or tracker.get_slot("support_choice") == "separate":
        return None
    # required_slots asks this several times in one turn, on trackers that grow by the slots just set: look it
    # up once per message the resident sent (and again only when the place or the words change).
    turn = sum(1 for event in tracker.events if event.get("event") == "user")
    key = (id(runtime.catalog()), tracker.sender_id, turn, community, category, description)
    if key not in _similar_by_turn:
        try:
            # their own recent report first: the same words sent twice are one report, never a new one (but the
            # second matter of a message that named two is another report by its own say)
            own = None if _split_from_one_message(tracker, description) else \
                find_own_same_need(runtime.catalog(), community, description, tracker.sender_id)
            found = own or find_similar_open_need(runtime.catalog(), community, description, tracker.sender_id)
        except Exception:  # a look-up failure must not stop the report itself
            logger.exception("looking for a similar need failed")
            found = None
        if len(_similar_by_turn) > 1000:
            _similar_by_turn.clear()
        _similar_by_turn[key] = found
    return _similar_by_turn[key]


def _split_from_one_message(tracker: Tracker, description: str) -> bool:
    """The report is the next matter of a message that named two ("您刚才还说到：“…”。这件也单独登记一下")."""
    head, _ = say("needs.next_problem", problem="\0").split("\0")
    opening = description[:8]
    return any(e.get("event") == "bot" and (e.get("text") or "").find(head) >= 0 and opening in (e.get("text") or "")
               for e in tracker.events[-300:])


class ValidateNeedForm(ReadsEveryMessage, PlaceSlots, FormValidationAction):
    READ_SLOTS = ("community", "town", "description", "need_category", "urgency", "phone", "need_confirmed", "support_choice",
                  "place_question", "place_options", "resource_phone")
    RESETS = REPORT_SLOTS + ("place_options", "place_question", "callback_wanted", "more_problems")

    def name(self) -> str:
        return "validate_need_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        slots = list(domain_slots)
        if tracker.get_slot("support_choice") == "support":
            return slots[: slots.index("support_choice") + 1]  # supporting ends the report
        if tracker.get_slot("support_choice") is None and similar_open_need(tracker) is None:
            slots.remove("support_choice")
        return slots

    # -- extraction: what the latest message says about each slot --------------------------
    async def extract_description(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        text = latest_text(tracker)
        if is_answer(tracker, "description"):
            if ALREADY_SAID.search(text):  # "我刚才说过了": take it from what was said before
                text = next((t for t in earlier_texts(tracker) if description_from_message(t, runtime.gazetteer())), text)
            return {"description": text} if text else {}
        opening = tracker.get_slot("requested_slot") is None and (
            latest_intent(tracker) in OPENING_INTENTS or reads_as_report(text))  # also one taken for an offer
        if tracker.get_slot("description") is None and switches_to(text) == "report_need":
            # "我不是提供帮助 是反映问题": what was typed as an offer is the report
            carried = carried_over(text, tracker.get_slot("resource_description"))
            left = {slot: None for slot in RESOURCE_SLOTS}  # the offer is given up, not kept for a later one
            if not carried and opening:  # "我帮阿拉爷叔反映一下 伊坐轮椅个 …": the matter is in the message itself
                carried = description_from_message(text, runtime.gazetteer())
            return {**left, "description": carried} if carried else left
        if tracker.get_slot("description") is None and opening:
            described = description_from_message(text, runtime.gazetteer()) or thing_named(text, runtime.gazetteer())
            return {"description": described} if described else {}
        return {}

    async def extract_need_category(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return answer_or_inference(tracker, "need_category", infer_category, "description", normalize_category)

    async def extract_urgency(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return answer_or_inference(tracker, "urgency", described_urgency, "description", normalize_urgency)

    async def extract_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        text = latest_text(tracker)
        if latest_entities(tracker, "phone"):
            return {}
        if tracker.get_slot("requested_slot") is None and tracker.get_slot("phone") is None and parse_phone(text):
            return {"phone": text}  # a number in the opening message, written any way
        if not is_answer(tracker, "phone", lambda said: parse_phone(said) or partial_mobile(said) or (is_decline(said) or None)):
            return {}
        if latest_intent(tracker) == "deny" or (is_decline(text) and not parse_phone(text)):
            return {"phone": NO_PHONE}
        return {"phone": text or None}

    async def extract_need_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return read_confirmation(tracker, "need_confirmed", FIELDS)

    async def extract_support_choice(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if not is_answer(tracker, "support_choice"):
            return {}
        choice = support_choice(latest_text(tracker), latest_intent(tracker))
        return {"support_choice": choice} if choice else {}

    def validate_support_choice(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value != "support":
            return {"support_choice": value, "similar_need": None}
        similar = similar_open_need(tracker)
        if similar is None:  # it was closed meanwhile: file this one instead
            return {"support_choice": "separate", "similar_need": None}
        return {"support_choice": "support", "similar_need": similar.tracking_id}

    # -- validation: is each value one the catalog can take ------------------------------------
    def validate_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"description": None}
        text = str(first(value) or "").strip()
        if not_a_description(text):
            dispatcher.utter_message(text=say("needs.description_unclear"))
            return {"description": None}
        advice = emergency_advice(latest_text(tracker))  # told once, when said, not each time the words are checked
        if advice and not _advice_given_this_turn(tracker, dispatcher):
            dispatcher.utter_message(text=advice)
        more: dict = {}
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("more_problems"):
            # Two problems in one message: this report takes the first, the next report the rest.
            if says("keep_apart", text):  # "…这两桩事体分开记": asked in so many words, each pause may start one
                problems = problems_apart(without_apart_request(text), runtime.gazetteer(), matters_counted(text))
            else:
                problems = split_problems(text, runtime.gazetteer())
            text, more = problems[0], ({"more_problems": problems[1:]} if len(problems) > 1 else {})
        limit = runtime.settings().description_max_chars
        capped, was_cut = cap_text(text, limit)
        if was_cut:
            dispatcher.utter_message(text=say("needs.description_cut", limit=limit))
        elif tracker.get_slot("requested_slot") is None and not more and is_thin(text):
            dispatcher.utter_message(text=say("needs.description_thin", thing=_short(text)))  # "路灯": what of it?
        elif tracker.get_slot("requested_slot") is None:
            dispatcher.utter_message(text=say("needs.description_noted_two", first=_short(text), second=_short(problems[1]))
                                     if more else say("needs.description_noted"))
        return {"description": capped, **more}

    def validate_need_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"need_category": None}
        category = normalize_category(str(first(value) or "")) or infer_category(str(first(value) or ""))
        if category is None:
            dispatcher.utter_message(text=say("needs.need_category_invalid"))
        return {"need_category": category}

    def validate_urgency(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"urgency": None}
        urgency = normalize_urgency(str(first(value) or ""))
        if urgency is None:
            dispatcher.utter_message(text=say("needs.urgency_invalid"))
        return {"urgency": urgency}

    def validate_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        if value is None:
            return {"phone": None}
        said = str(first(value) or "")
        phone = parse_phone(said)
        if phone:
            noted = say("needs.phone_noted", phone=mask_phone(phone))
            if said_just_now(tracker, phone) and tracker.get_slot("requested_slot") != "need_confirmed" \
                    and not any(mask_phone(phone) in (m.get("text") or "") for m in dispatcher.messages):
                # at the summary the reader says the change back ("已改：电话 → …"); a slot checked twice in one
                # turn (a level and a phone said together) is said back once
                dispatcher.utter_message(text=noted)
            return {"phone": phone}
        if said == NO_PHONE or is_decline(said):
            if tracker.get_slot("callback_wanted"):
                dispatcher.utter_message(text=say("needs.phone_needed_for_callback"))
                return {"phone": None}
            return {"phone": NO_PHONE}
        if latest_intent(tracker) == "affirm":
            dispatcher.utter_message(text=say("needs.phone_ask_number"))
            return {"phone": None}
        partial = partial_mobile(said)
        dispatcher.utter_message(text=say("needs.phone_partial", digits=partial) if partial else say("needs.phone_invalid"))
        return {"phone": None}

    def validate_need_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> dict:
        return {"need_confirmed": True if value is True else None}


class ActionAskDescription(Question):
    slot = "description"
    reply = "needs.ask_description"



class ActionAskPhone(Question):
    slot = "phone"

    def ask(self, dispatcher, tracker) -> list:
        dispatcher.utter_message(text=say("needs.ask_phone"), buttons=[{"title": NO_PHONE, "payload": NO_PHONE}])
        return []


def open_report_words(similar) -> str:
    """The open report a new one may be the same as, told by its place, day and dimension: never by words of
    its description, which are another resident's and may say who they are or what ails them."""
    day = similar.created_at[:10]  # China time already
    month, date = int(day[5:7]), int(day[8:10])
    return say("needs.similar_report", community=similar.community_name, month=month, day=date,
               category=similar.category, tracking_id=similar.tracking_id, status=similar.status_label)


class ActionAskSupportChoice(Question):
    slot = "support_choice"

    def ask(self, dispatcher, tracker) -> list:
        similar = similar_open_need(tracker)
        if similar is None:
            return [SlotSet("support_choice", "separate")]
        if is_filed_by(runtime.catalog(), similar.tracking_id, tracker.sender_id):
            dispatcher.utter_message(text=say("needs.ask_same_as_own", tracking_id=similar.tracking_id,
                                              category=similar.category),
                                     buttons=buttons("needs.same_as_own_buttons"))
            return []
        dispatcher.utter_message(text=say("needs.ask_support_choice", similar=open_report_words(similar)),
                                 buttons=buttons("needs.support_choice_buttons"))
        return []


class ActionAskNeedCategory(Question):
    slot = "need_category"

    def ask(self, dispatcher, tracker) -> list:
        by_name = {c.name: c for c in categories()}
        likeliest = likeliest_categories(tracker.get_slot("description") or "")
        choices = [
            {"title": by_name[name].button, "payload": f'/inform{{"need_category":"{name}"}}'} for name in likeliest
        ]
        dispatcher.utter_message(text=say("needs.ask_need_category"), buttons=choices)
        return []


class ActionAskUrgency(Question):
    slot = "urgency"

    def ask(self, dispatcher, tracker) -> list:
        choices = [{"title": u.button, "payload": f'/inform{{"urgency":"{u.code}"}}'} for u in URGENCIES]
        if last_bot_text(tracker).startswith(URGENCY_QUESTION) and tracker.get_slot("reading") in ("AddDetail", "unclear"):
            # asked once and not understood: say what each level means, so a tap or one word answers it
            levels = "；".join(u.button.replace("：", "，", 1) for u in URGENCIES)
            dispatcher.utter_message(text=say("needs.urgency_explained", question=URGENCY_QUESTION, levels=levels),
                                     buttons=choices)
            return []
        dispatcher.utter_message(text=URGENCY_QUESTION, buttons=choices)
        return []


URGENCY_QUESTION = say("needs.urgency_question")


def last_bot_text(tracker: Tracker) -> str:
    """What the assistant said last before the latest message (its question)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "bot":
            return event.get("text") or ""
    return ""


def need_summary(tracker: Tracker, so_far: bool = False) -> str:
    """The draft to confirm; so far (mid-form), what is not yet asked is shown as such (a number not as 不留)."""
    gazetteer = runtime.gazetteer()
    community = gazetteer.community(tracker.get_slot("community") or "")
    phone = tracker.get_slot("phone")
    text = say(
        "needs.summary",
        community=community.label if community else tracker.get_slot("community"),
        description=mask_phones_in_text(tracker.get_slot("description") or ""),
        category=tracker.get_slot("need_category"),
        urgency=tracker.get_slot("urgency"),
        phone=mask_phone(phone) if phone and phone != NO_PHONE else (None if so_far and not phone else NO_PHONE),
    )
    return unasked_shown(text) if so_far else text


class ActionAskNeedConfirmed(Question):
    slot = "need_confirmed"

    def ask(self, dispatcher, tracker) -> list:
        ask_confirmation(dispatcher, tracker, "need_confirmed", need_summary(tracker), FIELDS)
        return []


class ActionSubmitNeed(Action):
    def name(self) -> str:
        return "action_submit_need"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if tracker.get_slot("support_choice") == "support" and tracker.get_slot("similar_need"):
            return self.support(dispatcher, tracker)
        if tracker.get_slot("need_confirmed") is not True:
            return []
        phone = tracker.get_slot("phone")
        draft = NeedDraft(
            community=tracker.get_slot("community"),
            description=tracker.get_slot("description"),
            category=tracker.get_slot("need_category"),
            urgency=tracker.get_slot("urgency"),
            phone=None if phone in (None, NO_PHONE) else phone,
            sender_id=tracker.sender_id,
            idempotency_key=submission_key(tracker, "need"),
            channel=(tracker.get_latest_input_channel() or "rest"),
        )
        submission, asked_again = file_draft(dispatcher, draft, filing.NEED)
        if submission is None:
            return asked_again
        need = submission.need
        callback = self.callback_asked_for(dispatcher, tracker)
        if need is None:
            return self.kept(dispatcher, submission.tracking_id) + callback
        dispatcher.utter_message(
            text="\n".join([say("needs.filed", community=need.community_name, tracking_id=need.tracking_id),
                             *_when_due(need)]),
            json_message={"card": "tracking", "tracking_id": need.tracking_id, "community": need.community_name,
                          "filed": True},  # the web gateway counts reports per client address
        )
        after = callback + self.next_problem(dispatcher, tracker, callback)
        if not any(event.get("event") == "followup" for event in after):
            after += offer_call_back(dispatcher, tracker)  # an earlier report finished meanwhile: how did it go?
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", need.tracking_id)] + after

    @staticmethod
    def next_problem(dispatcher: CollectingDispatcher, tracker: Tracker, callback: list) -> list:
        """The second problem of a message that named two: reported on its own, same place and phone."""
        more = list(tracker.get_slot("more_problems") or [])
        if not more or any(event.get("name") == "callback_form" for event in callback):
            return []
        dispatcher.utter_message(text=say("needs.next_problem", problem=more[0]))
        # how to reach them ("（联系：白天上班，晚上打）") goes with the phone to the next report
        notes = [n for n in _CONTACT_NOTE.findall(tracker.get_slot("description") or "") if n not in more[0]]
        return [SlotSet("description", more[0] + "".join(notes)), SlotSet("more_problems", more[1:] or None),
                FollowupAction("need_form")]

    @staticmethod
    def callback_asked_for(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        """A person was asked for during the report: the call-back, booked once the report is filed."""
        if not tracker.get_slot("callback_wanted"):
            return []
        phone = tracker.get_slot("phone")
        if phone and phone != NO_PHONE and book_callback(dispatcher, tracker, phone):
            return [SlotSet("callback_wanted", None)]
        return [SlotSet("callback_wanted", None), FollowupAction("callback_form")]

    @staticmethod
    def kept(dispatcher: CollectingDispatcher, tracking_id: str | None) -> list:
        """The catalog is unreachable: the report is on disk and will be filed under this number."""
        if tracking_id:
            text = say("needs.kept_with_number", tracking_id=tracking_id)
            card = {"card": "tracking", "tracking_id": tracking_id, "filed": True}
        else:
            text = say("needs.kept_without_number")
            card = {"filed": True}  # no card to show, but a report to count
        dispatcher.utter_message(text=text, json_message=card)
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]

    @staticmethod
    def support(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        tracking_id = tracker.get_slot("similar_need")
        if is_filed_by(runtime.catalog(), tracking_id, tracker.sender_id):
            dispatcher.utter_message(text=say("needs.support_own_report", tracking_id=tracking_id))
            return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]
        try:
            count = support_need(runtime.catalog(), tracking_id, tracker.sender_id, web_client_key(tracker))
        except SupportedFromHereToday:
            dispatcher.utter_message(text=say("needs.support_once_per_network", tracking_id=tracking_id))
            return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]
        except CatalogError as error:
            dispatcher.utter_message(text=say("needs.support_rejected", error=error))
            return [SlotSet(slot, None) for slot in REPORT_SLOTS]
        except Exception:
            logger.exception("supporting a need failed")
            dispatcher.utter_message(text=say("needs.support_failed"))
            return [SlotSet("support_choice", None)]
        dispatcher.utter_message(
            text=say("needs.supported", tracking_id=tracking_id, supporters=count + 1),
            json_message={"card": "tracking", "tracking_id": tracking_id, "supporters": count + 1},
        )
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("tracking_id", tracking_id)]


def web_client_key(tracker: Tracker) -> str | None:
    """The web gateway's daily keyed hash of the client's address, sent with the message; None elsewhere."""
    metadata = tracker.latest_message.get("metadata") or {}
    key = metadata.get("client") if isinstance(metadata, dict) else None
    return key if isinstance(key, str) and 0 < len(key) <= 64 and key.isalnum() else None


def not_a_description(text: str) -> bool:
    """A number, a button's words or a bare yes taken for the problem itself ("1381234", "确认提交")."""
    words = bare_words(text)
    return len(words) < 2 or not re.search(r"[\u4e00-\u9fff]", words) or words in ANSWER_WORDS


def declines_phone(said: str) -> bool:
    """A refusal at the phone question that does not name the report itself."""
    return (is_decline(said) or any(word in said for word in PHONE_REFUSAL_WORDS)) and not WHOLE_CANCEL.search(said)


class ActionCancelReport(Action):
    def name(self) -> str:
        return "action_cancel_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        form = tracker.active_loop_name
        said = latest_text(tracker)
        if form == "need_form" and tracker.get_slot("requested_slot") == "phone" and declines_phone(said):
            # "算了不留了", "不用了" at the phone question: no phone, not no report.
            dispatcher.utter_message(text=say("needs.phone_declined"))
            return [SlotSet("phone", NO_PHONE), FollowupAction(form)]
        if form and not EXPLICIT_CANCEL.search(said):
            # "门坏了 算设施吧" read as a cancel: never throw a report away on a guess.
            dispatcher.utter_message(text=say("needs.cancel_unsure"))
            return [FollowupAction(form)]
        dispatcher.utter_message(text=say("reading.cancelled"))
        resets = [SlotSet(slot, None) for slot in REPORT_SLOTS + RESOURCE_SLOTS
                  + ("place_options", "place_question", "callback_wanted", "more_problems")]
        return [ActiveLoop(None), SlotSet("requested_slot", None), *resets]


def _when_due(need) -> list[str]:
    """The time limit a report was filed with, and for an urgent one who calls first (as the status will say)."""
    from actions.status import finish_day  # status imports the forms' modules

    complex_work = need.category in configured_limits().complex_dimensions
    lines = [say("needs.filed_due_complex" if complex_work else "needs.filed_due", day=finish_day(need.finish_by),
                 **({"dimension": need.category} if complex_work else {}))] if need.finish_by else []
    return lines + ([say("needs.filed_urgent")] if need.urgency == MOST_URGENT else [])


def _advice_given_this_turn(tracker: Tracker, dispatcher: CollectingDispatcher) -> bool:
    """The safety advice already said since the person's last message (the description may be checked twice)."""
    said = [m.get("text") or "" for m in dispatcher.messages]
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            said.append(event.get("text") or "")
    return any(NOT_A_SUBSTITUTE in text for text in said)


def _short(words: str, at_most: int = 16) -> str:
    """A matter named back by its first words, so a person sees which one is taken first."""
    words = mask_phones_in_text((places().without_places(words) or words).strip(" ，,。"))
    words = _WHO_WHERE_LEFT.sub("", words) or words  # "我是项桥村的 …" without its place: "我是的" said nothing
    return words if len(words) <= at_most else words[:at_most] + "…"


_NOTE_HEAD, _NOTE_TAIL = say("reading.contact_note", words="\0").split("\0")
_CONTACT_NOTE = re.compile(f"{re.escape(_NOTE_HEAD)}.+?{re.escape(_NOTE_TAIL)}")  # "（联系：…）"
_WHO_WHERE_LEFT = re.compile(r"^(?:你好|您好)?[，,\s]*(?:我|伲|阿拉)(?:是|住|住在|家住|家在)?(?:的|个|格|这里|这边)?[，,\s]+")
