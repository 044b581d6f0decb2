"""Every message in a form read by bot.dialogue.reader, and its commands applied to the form.

The form validation actions mix this in: a message that came while a form was asking is read
once, whatever field was asked, into commands (set or correct a field, add a detail, confirm,
cancel, hand off, ask status); this module turns them into slot events and honest replies.
"""

from __future__ import annotations

import logging
import re

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.conversation import (
    asked_when_said,
    buttons_just_offered,
    earlier_texts,
    latest_confidence,
    latest_entities,
    latest_intent,
    latest_text,
    shown_in_last_turns,
)
from actions.handoff import book_callback
from bot.catalog.numbers import normalize_tracking_id
from bot.contact import joined_mobile, mask_phone, mask_phones_in_text, number_put_right, without_phones
from bot.dialogue.commands import (
    AddDetail,
    AnotherProblem,
    AnswerQuestion,
    Aside,
    AskAgain,
    AskStatus,
    Cancel,
    ClarifyCancel,
    Command,
    Confirm,
    HandOff,
    Hold,
    KeepApart,
    NeedsToHelp,
    SetField,
    Unclear,
)
from bot.dialogue.naming import pieces
from bot.dialogue.offer_words import offer_words
from bot.dialogue.places import GazetteerPlaces
from bot.dialogue.reader import (
    FORMS,
    NO_PHONE,
    PHONE_FIELDS,
    Message,
    State,
    asks_about_the_report_just_filed,
    opening_kind,
    read,
    said_beside_resuming,
    says,
    supplement_words,
    withdraws_an_offer,
)
from bot.dialogue.values import split_scope
from bot.needs.describe import PROBLEM, is_thin, problems_apart
from bot.needs.service import find_need
from bot.replies import buttons, entry, say
from bot.resources.service import SCOPES
from bot.text import has_chinese
from bot.vocab.categories import categories, infer_category
from bot.vocab.resources import resource_types
from bot.vocab.urgency import URGENCIES

logger = logging.getLogger(__name__)

LABELS = dict(entry("reading.labels"))
SERVICE_ANSWERS = {"cost": "reading.answer_cost", "who": "reading.answer_who",
                   "reported_before": "reading.answer_reported_before", "contact": "reading.answer_contact", "when": "reading.answer_when", "privacy": "reading.answer_privacy",
                   "other": "reading.answer_other", "insurance": "reading.answer_other", "helpers": "reading.answer_helpers",
                   "robot": "reading.answer_robot", "levels": "reading.answer_levels", "tiers": "reading.answer_tiers",
                   "choices": "reading.answer_categories",
                   "paid": "reading.answer_cost", "materials": "reading.answer_cost", "charge": "reading.answer_cost", "emergency": "reading.answer_emergency", "agreement": "reading.answer_other",
                   "read_back": "reading.answer_read_back", "pardon": "reading.answer_pardon",
                   "why_asked": "reading.answer_why_asked", "visit": "reading.answer_visit",
                   "submit_how": "reading.answer_submit_how", "quit": "reading.answer_quit",
                   "share_contact": "reading.answer_share_contact", "place_unknown": "reading.answer_place_unknown",
                   "address_kept": "reading.answer_address_kept", "place_guess_ok": "reading.answer_place_guess_ok",
                   "how_known": "reading.answer_how_known", "two_towns": "reading.answer_two_towns",
                   "wechat": "reading.answer_wechat", "choice_yes": "reading.answer_choice_yes",
                   "repair_line": "reading.answer_repair_line", "useful": "reading.answer_useful",
                   "own_staff": "reading.answer_own_staff", "masked": "reading.answer_masked",
                   "whose_phone": "reading.answer_whose_phone", "kept_after": "reading.answer_kept_after",
                   "call_hours": "reading.answer_call_hours",
                   "two_numbers": "reading.answer_two_numbers"}
# "要写电话啊？做啥用？": why the open question is asked, by the slot it asks for
WHY_ASKED = {"community": "reading.answer_why_asked_community", "phone": "reading.answer_why_asked_phone",
             "urgency": "reading.answer_why_asked_urgency", "need_category": "reading.answer_why_asked_need_category"}
# "侬讲啥": the open question said again in plain words, by the slot it asks for
PARDON = {"urgency": "reading.pardon_urgency", "need_category": "reading.pardon_need_category",
          "community": "reading.pardon_community", "phone": "reading.pardon_phone",
          "resource_type": "reading.pardon_resource_type", "provider_type": "reading.pardon_provider_type"}
# Topics answered for a volunteer in words of their own (reading.answer_<topic>_offer)
OFFER_ANSWERS = {"cost": "reading.answer_cost_offer", "who": "reading.answer_who_offer", "when": "reading.answer_when_offer",
                 "privacy": "reading.answer_privacy_offer", "insurance": "reading.answer_insurance_offer",
                 "paid": "reading.answer_paid_offer", "materials": "reading.answer_materials_offer",
                 "charge": "reading.answer_charge_offer",
                 "agreement": "reading.answer_agreement_offer", "call_hours": "reading.answer_call_hours_offer",
                 "choices": "reading.answer_resource_types", "robot": "reading.answer_robot",
                 "read_back": "reading.answer_read_back", "pardon": "reading.answer_pardon",
                 "why_asked": "reading.answer_why_asked", "submit_how": "reading.answer_submit_how",
                 "quit": "reading.answer_quit", "share_contact": "reading.answer_share_contact",
                 "visit": "reading.answer_visit_offer", "how_known": "reading.answer_how_known",
                 "two_towns": "reading.answer_two_towns", "wechat": "reading.answer_wechat_offer",
                 "own_staff": "reading.answer_own_staff", "masked": "reading.answer_masked",
                 "two_communities": "reading.answer_two_communities", "two_types": "reading.answer_two_types",
                 "needs_after_offer": "reading.answer_needs_after_offer"}
# A volunteer's question about helping, asked with no form open ("上门剪头发要签啥协议伐 出了事体算啥人个")
HELPING_TOPICS = ("agreement", "insurance", "materials", "paid", "charge")
ASIDE_OPENING, ASIDE_CLOSING = say("reading.aside_opening"), "）"


def answered_apart(key: str) -> str:
    """An answer written as an aside to a form ("（顺便答您：…）"), said on its own when no form is open."""
    text = say(key)
    if text.startswith(ASIDE_OPENING) and text.endswith(ASIDE_CLOSING):
        return text[len(ASIDE_OPENING):-len(ASIDE_CLOSING)]
    return text



def answer_apart(dispatcher: CollectingDispatcher, topics: list[str], answers: dict[str, str]) -> None:
    """Each topic asked answered once, on its own (no form open): "要签啥协议伐 出了事体算啥人个"."""
    for topic in dict.fromkeys(t for t in topics if t in answers):
        dispatcher.utter_message(text=answered_apart(answers[topic]))


# Commands that end the reading of this message: nothing else in it is applied.
ENDING = (Cancel, ClarifyCancel, HandOff, AskStatus)
CANCELLED = say("reading.cancelled")
ASK_CANCEL = say("reading.ask_cancel")
NOT_UNDERSTOOD = say("reading.not_understood")


def places() -> GazetteerPlaces:
    return GazetteerPlaces(runtime.gazetteer())


def form_state(tracker: Tracker, slots: tuple[str, ...]) -> State:
    asked = asked_when_said(tracker) or tracker.get_slot("requested_slot")
    offered = tuple(b.get("title") or "" for b in buttons_just_offered(tracker))
    return State(tracker.active_loop_name, asked, {slot: tracker.get_slot(slot) for slot in slots}, offered)


def read_latest(tracker: Tracker, slots: tuple[str, ...]) -> list[Command]:
    state = form_state(tracker, slots)
    text = latest_text(tracker)
    if state.asked in PHONE_FIELDS:  # "手机号139 1263", then "8841": the number said in two messages, joined
        earlier = earlier_texts(tracker, 1)
        # "180121566634" then "多打了一个6": the number as the words put it right
        text = (earlier and (joined_mobile(earlier[0], text) or number_put_right(earlier[0], text))) or text
    message = Message(text, latest_intent(tracker), latest_confidence(tracker))
    return read(message, state, places())


def reads_this_message(tracker: Tracker) -> bool:
    """A message the form asked for and nothing else answered (not the opening, not after an aside).

    Rasa calls a form's validation with the form's own run appended to the events; the action
    before it tells whether the form runs straight after the message or after another action.
    """
    if not (tracker.active_loop_name and tracker.get_slot("requested_slot")):
        return False
    actions = [e.get("name") for e in reversed(tracker.events) if e.get("event") == "action"]
    if actions and actions[0] == tracker.active_loop_name:
        actions = actions[1:]
    actions = [name for name in actions if name != "action_extract_slots"]
    before = actions[0] if actions else tracker.latest_action_name
    if before == "action_check_status":
        # "再补充一句 …", "电话换号了 新号是…" in the middle of a report: the status answer left it to the form
        return left_to_the_open_form(latest_text(tracker))
    return before == "action_listen"


def left_to_the_open_form(text: str) -> bool:
    """Words for the report being filled in, though they sound like words for one filed earlier."""
    return (says("supplement", text) or says("phone_change", text)) and not says("own_earlier", text)


def falls_back_to_extractors(commands: list[Command]) -> bool:
    """The reader found nothing: the form's own extractors read it (a place picked from buttons…)."""
    return not commands or all(isinstance(c, Unclear) for c in commands)


def slot_events(command: SetField) -> list[SlotSet]:
    if command.field == "resource_scope":
        scope, place = split_scope(command.value)
        events = [SlotSet("resource_scope", scope)]
        if place and scope == "town":
            events.append(SlotSet("town", place))
        elif place and scope == "community":
            events.append(SlotSet("community", place))
        return events
    return [SlotSet(command.field, command.value)]


def apply(commands: list[Command], dispatcher: CollectingDispatcher, tracker: Tracker, form: str,
          resets: tuple[str, ...]) -> list:
    """The slot events and replies for a message's commands (validation runs on the slots after)."""
    fields = FORMS[form]
    events: list = []
    for command in commands:
        if isinstance(command, SetField):
            events += slot_events(command)
            if command.corrected and fields.confirm:
                events.append(SlotSet(fields.confirm, None))
        elif isinstance(command, AskAgain):
            dispatcher.utter_message(text=say("reading.ask_again", field=LABELS.get(command.field, say("reading.unknown_field")),
                                              what=LABELS.get(command.field, say("reading.unknown_field_content"))))
            events += [SlotSet(command.field, None)] + ([SlotSet(fields.confirm, None)] if fields.confirm else [])
        elif isinstance(command, AddDetail) and any(isinstance(c, AskAgain) and c.field == fields.notes for c in commands):
            continue  # the words are asked for anew: a detail said beside is in what comes next
        elif isinstance(command, AddDetail) and form == "need_form" and _of_a_queued_matter(command.text, tracker) is not None:
            events += _detail_for_queued(command.text, dispatcher, tracker)
        elif isinstance(command, AddDetail):
            # after a change of the words in the same message, the detail goes onto the changed words
            changed = [e for e in events if e.get("event") == "slot" and e.get("name") == fields.notes]
            events += _detail_events(command.text, dispatcher, tracker, fields,
                                     notes=changed[-1].get("value") if changed else None)
        elif isinstance(command, AnotherProblem):
            events += _queue_problem(command.text, dispatcher, tracker)
        elif isinstance(command, KeepApart):
            events += _kept_apart(command.count, dispatcher, tracker)
        elif isinstance(command, Confirm):
            events.append(SlotSet(fields.confirm, True))
        elif isinstance(command, Cancel):
            queued = [] if command.everything else list(tracker.get_slot("more_problems") or [])
            if form == "need_form" and queued:
                # the other matter said earlier is not withdrawn with this one: it is reported next
                dispatcher.utter_message(text=say("reading.cancelled_next_problem", problem=queued[0][:30]))
                return [ActiveLoop(None), SlotSet("requested_slot", None),
                        *[SlotSet(s, None) for s in resets if s not in ("community", "town", "phone")],
                        SlotSet("description", queued[0]), SlotSet("more_problems", queued[1:] or None),
                        FollowupAction("need_form")]
            kept = withdrawn(tracker) if form == "need_form" else None
            dispatcher.utter_message(text=say("reading.cancelled_kept") if kept else CANCELLED)
            return [ActiveLoop(None), SlotSet("requested_slot", None), *[SlotSet(s, None) for s in resets],
                    *([SlotSet("withdrawn_report", kept)] if kept else [])]
        elif isinstance(command, ClarifyCancel):
            dispatcher.utter_message(text=ASK_CANCEL, buttons=buttons("reading.ask_cancel_buttons"))
        elif isinstance(command, HandOff):
            events += _hand_off(dispatcher, tracker)
        elif isinstance(command, AskStatus):
            # asked in words the classifier missed (the rule for check_status answers the rest)
            from actions.status import answer_status  # status imports the forms' modules

            events += [e for e in answer_status(dispatcher, tracker) if not isinstance(e, ActiveLoop)]
            dispatcher.utter_message(text=say("reading.back_after_status"))
        elif isinstance(command, AnswerQuestion) and command.topic == "written":
            value = tracker.get_slot(command.asked)
            label = LABELS.get(command.asked, command.asked)
            dispatcher.utter_message(text=say("reading.written_now", field=label, value=shown(command.asked, value, tracker))
                                     if value not in (None, "") else say("reading.written_none", field=label))
        elif isinstance(command, AnswerQuestion):
            offered = form == "resource_form" and command.topic in OFFER_ANSWERS
            key = OFFER_ANSWERS[command.topic] if offered else SERVICE_ANSWERS[command.topic]
            if command.topic == "pardon":
                key = PARDON.get(tracker.get_slot("requested_slot") or "", key)
            if command.topic == "why_asked":
                key = WHY_ASKED.get(tracker.get_slot("requested_slot") or "", key)
            if command.topic == "read_back" and tracker.get_slot("requested_slot") != fields.confirm:
                dispatcher.utter_message(text=say("reading.read_back_so_far", draft=_draft_so_far(tracker, form)))
                continue  # mid-form there is no summary below yet: the draft so far is shown here
            dispatcher.utter_message(text=say(key, asked=command.asked[:30], **choices_listed()))
        elif isinstance(command, NeedsToHelp):
            from actions.status import needs_to_help  # status imports this module

            return [*needs_to_help(dispatcher, tracker), ActiveLoop(None), SlotSet("requested_slot", None),
                    *[SlotSet(s, None) for s in resets]]
        elif isinstance(command, Hold):
            dispatcher.utter_message(text=say("reading.resumed" if command.resumed else "reading.held"))
            if fields.confirm and tracker.get_slot("requested_slot") == fields.confirm:
                events.append(SlotSet(fields.confirm, None))
        elif isinstance(command, Unclear):
            if fields.confirm and tracker.get_slot("requested_slot") == fields.confirm:
                events.append(SlotSet(fields.confirm, None))
            else:
                dispatcher.utter_message(text=NOT_UNDERSTOOD)
    return events


def _draft_so_far(tracker: Tracker, form: str) -> str:
    from actions.needs import need_summary  # the forms' modules import this one
    from actions.resources import resource_summary

    return resource_summary(tracker, so_far=True) if form == "resource_form" else need_summary(tracker, so_far=True)


def choices_listed() -> dict[str, str]:
    """The choices a resident or a volunteer may ask about, each with the words its button shows."""
    return {"levels": "；".join(u.button for u in URGENCIES),
            "categories": "；".join(f"{c.name}（{c.button}）" for c in categories()),
            "resource_types": "；".join(f"{t.name}（{t.button}）" for t in resource_types())}


def _queue_problem(text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """Another matter said mid-report: kept for its own report, which starts when this one is filed."""
    queued = list(tracker.get_slot("more_problems") or [])
    if text not in queued:
        queued.append(text)
    shown = f"{text[:30]}{'…' if len(text) > 30 else ''}"
    dispatcher.utter_message(text=say("reading.another_problem", problem=shown))
    return [SlotSet("more_problems", queued)]


def _of_a_queued_matter(text: str, tracker: Tracker) -> int | None:
    """"漏水那个说了好几年了" while the first of two matters is reported: the queued matter the words name (by the
    pieces they share with it, more than with this one), else None."""
    queued = list(tracker.get_slot("more_problems") or [])
    if not queued or text.startswith("（"):
        return None
    said = pieces(text)
    here = len(said & pieces(tracker.get_slot("description") or ""))
    shares = [len(said & pieces(matter)) for matter in queued]
    best = max(shares)
    return shares.index(best) if best > here and shares.count(best) == 1 else None


def _detail_for_queued(text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    queued = list(tracker.get_slot("more_problems") or [])
    at = _of_a_queued_matter(text, tracker)
    shown = queued[at]
    queued[at] = f"{queued[at]}，{text}"  # one matter: a comma, never the pause that parts two matters
    dispatcher.utter_message(text=say("reading.detail_for_next_problem", detail=text[:30],
                                      problem=f"{shown[:20]}{'…' if len(shown) > 20 else ''}"))
    return [SlotSet("more_problems", queued)]


def _kept_apart(count: int | None, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """"这两桩事体分开记": this report keeps the first matter, each other one is filed after it."""
    notes = tracker.get_slot("description") or ""
    matters = problems_apart(notes, runtime.gazetteer(), count)
    if len(matters) < 2:
        dispatcher.utter_message(text=say("reading.apart_not_found"))
        return []
    queued = [m for m in list(tracker.get_slot("more_problems") or []) if m not in matters]
    later = "；".join(f"“{m[:30]}{'…' if len(m) > 30 else ''}”" for m in matters[1:])
    dispatcher.utter_message(text=say("reading.kept_apart", first=matters[0], later=later))
    category = infer_category(matters[0])
    return [SlotSet("description", matters[0]), SlotSet("more_problems", matters[1:] + queued),
            *([SlotSet("need_category", category)] if category else []), SlotSet("need_confirmed", None)]


def _detail_events(text: str, dispatcher: CollectingDispatcher, tracker: Tracker, fields, notes: str | None = None) -> list:
    notes = (tracker.get_slot(fields.notes) if notes is None else notes) or ""
    field = LABELS.get(fields.notes, LABELS["description"])
    if text in notes:
        dispatcher.utter_message(text=say("reading.detail_already_noted", field=field))
        return []
    if mask_phones_in_text(text) != text and not has_chinese(without_phones(text)):
        return []  # a number alone: the phone's own field holds it, never a false "记到能提供的帮助里"
    # pieces of one matter said one by one ("路灯" "坏了" "三天了") read as one sentence
    pieces = fields.notes == "description" and (is_thin(notes) or len(re.findall(r"[\u4e00-\u9fff]", text)) <= 6)
    combined = (f"{notes}{'，' if pieces else '；'}{text}") if notes else text
    if fields.notes == "resource_description" and notes and offer_words(combined, runtime.gazetteer()) == notes:
        # "阿拉是开发区新港社区个": who or where they are, which the help's words leave out; never a false "记到了"
        dispatcher.utter_message(text=say("reading.detail_not_the_help"))
        return []
    limit = runtime.settings().description_max_chars
    if len(combined) > limit:
        dispatcher.utter_message(text=say("reading.detail_too_long", limit=limit))
        return []
    masked = mask_phones_in_text(text)
    shown = f"{masked[:30]}{'…' if len(masked) > 30 else ''}"
    head, tail = say("reading.contact_note", words="\0").split("\0")
    if masked.startswith(head) and masked.endswith(tail):  # how to reach them, said back as such
        dispatcher.utter_message(text=say("reading.contact_noted", words=masked[len(head):-len(tail)][:40]))
    elif masked.startswith(say("reading.reach_note_head")):
        pass  # "（服务范围：浮桥镇、沙溪镇）": the answer about two towns says where it is written
    else:  # at the summary too: the card follows, and the words added are said first
        dispatcher.utter_message(text=say("reading.detail_added", detail=shown, field=field) if notes
                                 else say("reading.detail_first", detail=shown, field=field))
    events = [SlotSet(fields.notes, combined)]
    if fields.confirm:
        events.append(SlotSet(fields.confirm, None))
    return events


WITHDRAWN_SLOTS = ("community", "town", "description", "need_category", "urgency", "phone")


def withdrawn(tracker: Tracker) -> dict | None:
    """What a report being cancelled said, kept in the chat (never filed) so that it can be taken up again."""
    kept = {slot: tracker.get_slot(slot) for slot in WITHDRAWN_SLOTS if tracker.get_slot(slot) not in (None, "")}
    return kept if kept.get("description") else None


def taken_up_again(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """"哦不 还是报吧 实在吃勿消了…" after a report was cancelled: that report again, with what is said now added;
    None when no report was withdrawn or the words do not take one up."""
    kept = tracker.get_slot("withdrawn_report")
    text = latest_text(tracker)
    if not isinstance(kept, dict) or not says("resume_report", text):
        return None
    more = said_beside_resuming(text)
    description = kept["description"] + (f"；{more}" if more else "")
    dispatcher.utter_message(text=say("reading.taken_up_again"))
    return [*[SlotSet(slot, value) for slot, value in kept.items() if slot != "description"],
            SlotSet("description", description), SlotSet("withdrawn_report", None)]


def _hand_off(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """A person asked for mid-form: the call-back is booked, and the report stays open."""
    phone = tracker.get_slot("phone") or tracker.get_slot("resource_phone")
    if phone and phone != NO_PHONE and book_callback(dispatcher, tracker, phone):
        dispatcher.utter_message(text=say("reading.handoff_booked"))
        return []
    dispatcher.utter_message(text=say("reading.handoff_later"))
    return [SlotSet("callback_wanted", True)]


_PHONE_NOTED = ("needs.phone_noted", "resources.resource_phone_noted")


def _unsay_noted_phone(dispatcher: CollectingDispatcher, line: str) -> None:
    """"已改：电话 → 139****7724" says the number the validation has just said back ("电话记为 …"): said once."""
    noted = {say(key, phone=masked) for key in _PHONE_NOTED for masked in re.findall(r"\d{3,4}-?\*+\d{4}", line)}
    dispatcher.messages[:] = [m for m in dispatcher.messages if m.get("text") not in noted]


def acknowledgements(commands: list[Command], tracker: Tracker, asked: str | None) -> list[str]:
    """"已改" only with the field and its new value, once validation has accepted it; a field given
    where another was asked is said back too, so nothing is taken silently."""
    lines = []
    for command in commands:
        if isinstance(command, SetField) and command.field not in LABELS:
            continue  # a choice with no field of its own ("附议" after all): its action says what was done
        if isinstance(command, SetField) and command.guessed and tracker.get_slot(command.field) not in (None, ""):
            value = shown(command.field, tracker.get_slot(command.field), tracker)
            lines.append(say("reading.guessed", field=LABELS.get(command.field, command.field), value=value))
            continue
        if isinstance(command, SetField) and not command.corrected and command.field != asked:
            if command.field == "resource_phone":
                continue  # the offer's own validation says the number back, once
            value = tracker.get_slot(command.field)
            if value not in (None, ""):
                lines.append(say("reading.taken_unasked", field=LABELS.get(command.field, command.field),
                                 value=shown(command.field, value, tracker)))
            continue
        if not (isinstance(command, SetField) and command.corrected):
            continue
        value = tracker.get_slot(command.field)
        if value in (None, ""):
            lines.append(say("reading.correction_failed", field=LABELS.get(command.field, say("reading.unknown_field")),
                             value=command.value))
            continue
        lines.append(say("reading.corrected", field=LABELS.get(command.field, command.field),
                         value=shown(command.field, value, tracker)))
    return lines


def shown(field: str, value, tracker: Tracker) -> str:
    if field in ("phone", "resource_phone", "callback_phone"):
        return say("reading.no_phone_shown") if value == NO_PHONE else mask_phone(str(value))
    if field == "community":
        community = runtime.gazetteer().community(str(value))
        return community.label if community else str(value)
    if field == "resource_scope":
        community = runtime.gazetteer().community(tracker.get_slot("community") or "")
        place = tracker.get_slot("town") if value == "town" else (community.label if community and value == "community" else None)
        return f"{SCOPES.get(value, value)}{f'（{place}）' if place else ''}"
    text = mask_phones_in_text(str(value))  # a number in the words is masked wherever they are said back
    return text if len(text) <= 40 else text[:40] + "…"


# The form an opening message belongs in, when its words say so plainly whatever the classifier said.
FORM_OF_OPENING = {"offer": "resource_form", "request": "need_form"}


def opened_in_the_wrong_form(tracker: Tracker, form: str) -> str | None:
    """"我是退休医生，可以帮老人量血压" opened a report, "有没有会修电器的志愿者" an offer: the right form."""
    if tracker.get_slot("requested_slot") is not None or latest_intent(tracker) not in ("report_need", "offer_resource"):
        return None
    text = latest_text(tracker)
    kind = opening_kind(text)
    if kind is None and form == "resource_form" and PROBLEM.search(text):
        kind = "request"  # a problem described with no word of offering: a report, whatever the classifier said
    right = FORM_OF_OPENING.get(kind or "")
    return right if right and right != form else None


# "还有，水已经漫到门口了" right after filing: more of the same matter (another matter is a report of its own)
_MORE_OF_IT = re.compile(r"^(?:还有|而且|另外)(?:一点|一句|一个情况|就是|个)?[，,。\s:：]+")
# "补到刚刚那个XQ000603里向去", "加到XQ000603里": the words of this draft belong to a report filed already
_ADDED_TO_FILED = re.compile(r"(?:补|加|并|放|写|记)(?:到|进|在|上)")


def asks_who_needs_them(tracker: Tracker) -> tuple[bool, list | None]:
    """"有几家要帮忙个"; or, from someone with an offer listed, "到底有人要伐", "我接下来要做点啥": whether it is
    asked, and their offers when already read to tell (None: not read yet)."""
    text = latest_text(tracker)
    if says("asks_for_needs", text):
        return True, None
    if not says("asks_if_needed", text):
        return False, None
    from actions.status import active_offers_or_none  # status imports this module

    offers = active_offers_or_none(tracker)
    return bool(offers), offers


def to_the_report_filed(dispatcher: CollectingDispatcher, tracker: Tracker) -> list | None:
    """Words for a report of theirs filed a moment ago, not a new one: said as more right after filing ("还有一桩事体
    忘记讲了：伲娘屋里向在东林村9组28号"), or the draft said to belong to a filed report by its number. None otherwise."""
    from actions.status import add_to_report  # status imports this module

    text = latest_text(tracker)
    named = normalize_tracking_id(text)
    opening = tracker.get_slot("requested_slot") is None
    if named and _ADDED_TO_FILED.search(text):
        words = tracker.get_slot("description") or supplement_words(text)
        target = named
    elif opening and not named and (says("supplement", text) or _MORE_OF_IT.match(text)):
        words = supplement_words(_MORE_OF_IT.sub("", text))
        target = shown_in_last_turns(tracker, "tracking", turns=3)
        if not target or not words:
            return None
        from actions.status import own_report_named

        target = own_report_named(tracker, text, target)  # "再补充一句，书屋那件事：…": the report it names
        need = find_need(runtime.catalog(), target)
        if need is None or places().describes(words) and PROBLEM.search(words) \
                and places().is_another_problem(words, need.description):
            return None  # another matter of its own is a report of its own ("还有，水已经漫到门口了" is more of this one)
        return add_to_report(dispatcher, tracker, need, words)
    else:
        return None
    need = find_need(runtime.catalog(), target)
    return None if need is None else add_to_report(dispatcher, tracker, need, words)


def _places_tagged_in_a_name_undone(commands: list[Command], tracker: Tracker) -> list:
    """"王阿姨，王秀英" read as a name, "问题里头还写着沙溪香塘村 拿伊去脱" read as words to take out: the place the
    tagger found in it and the slot mapping wrote is put back as it was before the message; the reader sets places
    itself when a place is meant."""
    names = {c.field for c in commands if isinstance(c, SetField)}
    if names & {"community", "town", "resource_scope"} or tracker.get_slot("requested_slot") in ("community", "town"):
        return []
    named = "provider_name" in names
    if not named and not names & {"description", "resource_description"}:
        return []  # "呃，是德兴社区，康乐是我以前住的地方" at another question: the place the mapping took stands
    undone = []
    for slot in ("community", "town"):
        if latest_entities(tracker, slot) and tracker.get_slot(slot) is not None:
            before = _slot_before_this_message(tracker, slot)
            if before != tracker.get_slot(slot) and (named or before is not None):
                undone.append(SlotSet(slot, before))
    return undone


def _slot_before_this_message(tracker: Tracker, slot: str):
    """A slot's value as it stood before the latest message (the slot mappings set theirs after it)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


class ReadsEveryMessage:
    """Mixed into a FormValidationAction before it: every message in the form goes through the reader."""

    READ_SLOTS: tuple[str, ...] = ()
    RESETS: tuple[str, ...] = ()

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") is None and tracker.get_slot("pending_registry"):
            from actions.cadres import confirm_pending  # the cadre actions import the forms' modules

            answered = confirm_pending(dispatcher, tracker)  # "不改了，等镇里报上来再讲" after a change's preview
            if answered is not None:
                return [ActiveLoop(None), SlotSet("requested_slot", None), *answered]
        right_form = opened_in_the_wrong_form(tracker, self.form_name())
        if right_form:
            return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction(right_form)]
        just_filed = shown_in_last_turns(tracker, "tracking", turns=2) if tracker.get_slot("requested_slot") is None else None
        if just_filed and self.form_name() == "need_form" and asks_about_the_report_just_filed(latest_text(tracker)):
            from actions.status import about_the_report_just_filed  # status imports this module

            return [ActiveLoop(None), SlotSet("requested_slot", None),
                    *about_the_report_just_filed(dispatcher, tracker, just_filed)]
        moved = to_the_report_filed(dispatcher, tracker) if self.form_name() == "need_form" else None
        if moved is not None:  # "还有一桩事体忘记讲了：…", "是补到刚刚那个XQ000603里向去": words for that report
            return [ActiveLoop(None), SlotSet("requested_slot", None), *[SlotSet(s, None) for s in self.RESETS], *moved]
        again = taken_up_again(dispatcher, tracker) if tracker.get_slot("requested_slot") is None \
            and self.form_name() == "need_form" else None
        if again is not None:  # the next question follows from the report as it stands again
            tracker.add_slots(again)
            following = await self.next_requested_slot(dispatcher, tracker, domain)
            return again + ([following] if following else [])
        asked, offers = asks_who_needs_them(tracker) if tracker.get_slot("requested_slot") is None else (False, None)
        if asked:
            from actions.status import needs_to_help  # status imports this module

            return [ActiveLoop(None), SlotSet("requested_slot", None), *needs_to_help(dispatcher, tracker, offers)]
        if tracker.get_slot("requested_slot") is None and tracker.active_loop_name == "need_form" \
                and not tracker.get_slot("description"):
            from actions.status import own_report_solved, own_report_unsolved  # status imports this module

            earlier = own_report_unsolved(dispatcher, tracker)
            earlier = own_report_solved(dispatcher, tracker) if earlier is None else earlier
            if earlier is not None:  # "河浜还是老样子", "阅览室重新开门了，谢谢": their earlier report, not a new one
                return [ActiveLoop(None), SlotSet("requested_slot", None), *earlier]
        if tracker.get_slot("requested_slot") is None and (tracker.active_loop_name == "need_form" or (
                tracker.active_loop_name == "resource_form" and not tracker.get_slot("resource_description"))):
            from actions.status import change_named_offer, resume_offer, withdraw_offer  # status imports this module

            changed = change_named_offer(dispatcher, tracker)  # "上趟登记个剃头，时间改成…": that offer, not a new one
            # "下个月开始没空了，先停一停"; "门口违建要撤掉" names a job to be done, so it is a report, unless the
            # job is that of one of their own offers ("操场格就撤脱吧，礼堂照旧借")
            said = latest_text(tracker)
            if changed is None:
                changed = withdraw_offer(dispatcher, tracker, said, job_named=not withdraws_an_offer(said))
            if changed is None:
                changed = resume_offer(dispatcher, tracker, said)  # "我回来了，可以接着帮忙": a paused offer
            if changed is not None:
                resets = [SlotSet(s, None) for s in self.RESETS] if tracker.active_loop_name == "need_form" else []
                return [ActiveLoop(None), SlotSet("requested_slot", None), *resets, *changed]
        if tracker.get_slot("requested_slot") is None:  # the form opening: a cadre's question is no report
            from actions.cadres import cadre_question_instead

            answered = cadre_question_instead(dispatcher, tracker, domain)
            if answered is not None:
                return [ActiveLoop(None), SlotSet("requested_slot", None), *answered]
        elif reads_this_message(tracker) and tracker.get_slot("requested_slot") in ("community", "town"):
            from actions.cadres import cadre_question_instead

            answered = cadre_question_instead(dispatcher, tracker, domain)
            if answered is not None:  # a cadre's figure question where a place was asked: answered, form left
                return [ActiveLoop(None), SlotSet("requested_slot", None), *answered]
        if not reads_this_message(tracker):
            return await super().run(dispatcher, tracker, domain)
        try:
            commands = read_latest(tracker, self.READ_SLOTS)
        except Exception:  # the reader must never stop a form: the extractors still read it
            logger.exception("reading a message failed")
            commands = []
        if commands and all(isinstance(c, Aside) for c in commands):
            # A question or a courtesy: the form declines the message (no slot set) and the rules for
            # asides answer it (utter_faq, a status, the other form), then the form asks again.
            return []
        if falls_back_to_extractors(commands):
            events = await super().run(dispatcher, tracker, domain)
            if any(isinstance(e, dict) and e.get("event") == "slot" and e.get("name") != "requested_slot" for e in events):
                return events + [SlotSet("reading", "extractors")]  # not the previous message's reading
            applied = apply(commands, dispatcher, tracker, tracker.active_loop_name, self.RESETS) if commands else []
            return events + applied + [SlotSet("reading", "unclear")]
        applied = apply(commands, dispatcher, tracker, tracker.active_loop_name, self.RESETS)
        if any(isinstance(c, (Cancel,)) for c in commands):
            return applied
        applied = _places_tagged_in_a_name_undone(commands, tracker) + applied
        tracker.add_slots(applied)
        inferred = await self._inferred_from(applied, dispatcher, tracker, domain)
        tracker.add_slots(inferred)
        validation = await self._extract_validation_events(dispatcher, tracker, domain)
        for line in acknowledgements(commands, tracker, tracker.get_slot("requested_slot")):
            _unsay_noted_phone(dispatcher, line)
            dispatcher.utter_message(text=line)
        reading = ",".join(type(c).__name__ for c in commands)
        return applied + inferred + validation + [SlotSet("reading", reading)]

    async def _inferred_from(self, applied: list, dispatcher, tracker, domain) -> list:
        """What the words now in the form say of the fields still empty (the dimension and urgency of
        a description given at its question); never the asked field, never what the reader set."""
        taken = {event.get("name") for event in applied if event.get("event") == "slot"}
        asked = tracker.get_slot("requested_slot")
        before = dict(tracker.slots)
        events = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.slots.clear()  # the extractors write into the tracker's slots as they go: undo that
        tracker.slots.update(before)
        return [e for e in events if e.get("name") not in taken and e.get("name") != asked
                and before.get(e.get("name")) is None and e.get("value") is not None]
