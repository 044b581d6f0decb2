"""Call-backs (回访) in chat: a resident whose need was finished is asked, the next time they write, whether they
were contacted, whether it is solved and how satisfied they are, each answerable in their own words."""

from __future__ import annotations

import logging
from abc import ABC

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.asking import Question
from actions.conversation import asked_when_said, latest_confidence, latest_intent, latest_text
from bot.catalog.errors import CatalogError
from bot.clock import china_date
from bot.contact import mask_phones_in_text
from bot.needs.visit_asks import DueVisit, call_back_due, note_answered, note_asked
from bot.needs.visit_reading import read_visit_answer
from bot.needs.visits import ANSWERED_NO, ANSWERED_YES, NOT_ANSWERED, SATISFACTION, VisitAnswer, record_visit
from bot.replies import entry, say
from bot.vocab import status as need_status

logger = logging.getLogger(__name__)

FORM = "visit_form"
SLOTS = {"contacted": "visit_contacted", "solved": "visit_solved", "satisfaction": "visit_satisfaction"}
NOT_SAID = NOT_ANSWERED  # a question left unanswered when the resident moved on to something else
YES, NO = ANSWERED_YES, ANSWERED_NO
DISSATISFIED = SATISFACTION[-1]  # 不满意: the level whose words go into the need's history (bot/needs/visits.py)
# A message the classifier is sure starts something else is that thing, not an answer: handled as it would be.
ELSEWHERE = {"report_need": "need_form", "offer_resource": "action_start_offer", "human_handoff": "callback_form",
             "ask_pilot_progress": "action_answer_question", "ask_catalog": "action_answer_question",
             "faq": "utter_faq", "ask_help": "utter_help", "check_status": "action_check_status"}
ELSEWHERE_CONFIDENCE = 0.7


def offer_call_back(dispatcher: CollectingDispatcher, tracker: Tracker, tracking_id: str | None = None,
                    opening: str = say("visits.opening_after_answer")) -> list[EventType]:
    """Open the call-back when a finished need of this resident (this one, when a number is given) waits for
    one; [] otherwise."""
    if tracker.active_loop_name:
        return []
    try:
        due = call_back_due(runtime.catalog(), tracker.sender_id, tracking_id=tracking_id)
        if due is not None:
            note_asked(runtime.catalog(), due.tracking_id, tracker.sender_id, due.respondent)
    except Exception:  # a call-back is a courtesy: a failure must not spoil the answer
        logger.exception("looking for a call-back failed")
        return []
    if due is None:
        return []
    dispatcher.utter_message(text=opening + _introduction(due))
    return [SlotSet("visit_need", due.tracking_id), SlotSet("visit_respondent", due.respondent),
            SlotSet("visit_words", None), *[SlotSet(slot, None) for slot in SLOTS.values()],
            ActiveLoop(FORM)]


def _introduction(due: DueVisit) -> str:
    finished = say("visits.finished_done") if due.status == need_status.DONE else say("visits.finished_closed")
    if due.respondent == "reporter":
        what = mask_phones_in_text(due.description)
        about = say("visits.about_reported", tracking_id=due.tracking_id, community_name=due.community_name,
                    what=what if len(what) <= 24 else what[:24] + "…")
    else:  # someone else's words are theirs: a supporter reads the place, the dimension and the day
        filed = china_date(due.filed_on)
        about = say("visits.about_supported", tracking_id=due.tracking_id, community_name=due.community_name,
                    category=due.category, month=filed.month, day=filed.day)
    return say("visits.introduction", about=about, finished=finished)


class ValidateVisitForm(Action):
    def name(self) -> str:
        return "validate_visit_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        """Reads the whole message once, for every question it answers; the form asks what is left."""
        return [SlotSet(slot, value) for slot, value in self.read(tracker).items()]

    def read(self, tracker: Tracker) -> dict:
        if tracker.active_loop_name != FORM or _opened_since_the_latest_message(tracker):
            return {}  # the form has just been opened: the message before it answered something else
        asked = next((q for q, slot in SLOTS.items() if slot == asked_when_said(tracker)), None)
        text = latest_text(tracker)
        reading = read_visit_answer(text, asked)
        words = " ".join(filter(None, [tracker.get_slot("visit_words"), text]))[-500:]
        if reading.declined:
            return {**self._unanswered(tracker), "visit_words": words, "visit_declined": True}
        another_matter = reading.other_matter or (reading.guessed and (reading.problem_told or reading.question))
        elsewhere = self._elsewhere(tracker)
        if not reading.answered or (another_matter and elsewhere):
            if elsewhere:
                return elsewhere
            if reading.question:  # a question of their own: answered as it would be, the call-back left
                return {**self._unanswered(tracker), "visit_next": ELSEWHERE.get(latest_intent(tracker), "action_fallback")}
            if tracker.get_slot("visit_unclear"):  # twice not understood: leave them be rather than ask on
                return self._unanswered(tracker)
            return {"visit_unclear": True}
        filled = {SLOTS[q]: _slot_value(getattr(reading, q)) for q in reading.answered
                  if tracker.get_slot(SLOTS[q]) is None}  # an answer once given stands
        return {**filled, "visit_words": words, "visit_unclear": None}

    def _elsewhere(self, tracker: Tracker) -> dict:
        intent = latest_intent(tracker)
        if intent in ELSEWHERE and latest_confidence(tracker) >= ELSEWHERE_CONFIDENCE:
            return {**self._unanswered(tracker), "visit_next": ELSEWHERE[intent]}
        return {}

    @staticmethod
    def _unanswered(tracker: Tracker) -> dict:
        return {slot: NOT_SAID for slot in SLOTS.values() if tracker.get_slot(slot) is None}


def _opened_since_the_latest_message(tracker: Tracker) -> bool:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return False


def _slot_value(value: bool | str) -> str:
    if value is True:
        return YES
    if value is False:
        return NO
    return value


def _answer_of(tracker: Tracker) -> VisitAnswer:
    def polar(slot: str) -> bool | None:
        return {YES: True, NO: False}.get(tracker.get_slot(slot))

    satisfaction = tracker.get_slot("visit_satisfaction")
    return VisitAnswer(contacted=polar("visit_contacted"), solved=polar("visit_solved"),
                       satisfaction=satisfaction if satisfaction not in (None, NOT_SAID) else None,
                       words=tracker.get_slot("visit_words") or "")


class VisitQuestion(Question, ABC):
    """The three questions, each with buttons of the usual answers (the words typed count the same)."""

    QUESTIONS = {slot: (asked["question"], list(asked["answers"])) for slot, asked in entry("visits.questions").items()}

    def ask(self, dispatcher, tracker) -> list:
        question, answers = self.QUESTIONS[self.slot]
        if asked_when_said(tracker) == self.slot and tracker.get_slot("visit_unclear"):
            question = say("visits.ask_again", question=question)  # the same question again: the words answered none
        dispatcher.utter_message(text=question, buttons=[{"title": a, "payload": a} for a in answers])
        return []


class ActionAskVisitContacted(VisitQuestion):
    slot = "visit_contacted"


class ActionAskVisitSolved(VisitQuestion):
    slot = "visit_solved"


class ActionAskVisitSatisfaction(VisitQuestion):
    slot = "visit_satisfaction"


class ActionOfferCallBack(Action):
    """Run by the gateway while WeChat lets us write to a follower (48 hours after their last message): the
    call-back and its first question, sent as a customer-service message; their reply is read as the answer."""

    def name(self) -> str:
        return "action_offer_call_back"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        events = offer_call_back(dispatcher, tracker, opening=say("visits.opening_pushed"))
        if not events:
            return []
        ActionAskVisitContacted().ask(dispatcher, tracker)
        return events + [SlotSet("requested_slot", "visit_contacted")]


class ActionSubmitVisit(Action):
    def name(self) -> str:
        return "action_submit_visit"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        tracking_id, respondent = tracker.get_slot("visit_need"), tracker.get_slot("visit_respondent") or "reporter"
        answer, following = _answer_of(tracker), tracker.get_slot("visit_next")
        resets = [SlotSet(s, None) for s in (*SLOTS.values(), "visit_need", "visit_respondent", "visit_words",
                                             "visit_next", "visit_declined", "visit_unclear")]
        if tracking_id and not answer.empty:
            dispatcher.utter_message(text=_recorded(tracking_id, respondent, answer, tracker.sender_id))
        elif tracking_id and tracker.get_slot("visit_declined"):
            _quietly(note_asked, tracking_id, tracker.sender_id, respondent, True)
            dispatcher.utter_message(text=say("visits.declined"))
        elif tracking_id and not following:
            dispatcher.utter_message(text=say("visits.left"))
        return resets + (_handled(following, dispatcher, tracker, domain) if following else [])


FORMS = ("need_form", "callback_form", "resource_form")


def _handled(following: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
    """The message the resident moved on with, handled as it would have been. A form is started as a follow-up
    (its loop goes on by itself); anything else runs here, since after a follow-up no rule knows what comes
    next and the fallback would be predicted again and again."""
    from actions.cadres import ActionAnswerQuestion
    from actions.fallback import ActionFallback
    from actions.resources import ActionStartOffer
    from actions.status import ActionCheckStatus

    if following in FORMS:
        return [FollowupAction(following)]
    if following == "action_start_offer":
        return ActionStartOffer().run(dispatcher, tracker, domain) or [FollowupAction("resource_form")]
    if following == "utter_faq":
        answer = ((tracker.latest_message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        texts = [r.get("text") for r in answer.get("responses") or [] if r.get("text")]
        if texts:
            dispatcher.utter_message(text=texts[0])
            return []
        following = "action_fallback"
    if following.startswith("utter_"):
        dispatcher.utter_message(response=following)
        return []
    actions = {"action_check_status": ActionCheckStatus, "action_answer_question": ActionAnswerQuestion,
               "action_fallback": ActionFallback}
    return actions.get(following, ActionFallback)().run(dispatcher, tracker, domain)


def _recorded(tracking_id: str, respondent: str, answer: VisitAnswer, sender_id: str) -> str:
    try:
        result = record_visit(runtime.catalog(), tracking_id, answer, respondent=respondent, source="chat")
        note_answered(runtime.catalog(), tracking_id, sender_id, respondent)
    except CatalogError as error:
        return say("visits.record_failed", error=error)
    except Exception:
        logger.exception("recording a call-back failed")
        return say("visits.record_unavailable")
    said = "，".join(filter(None, [
        {True: say("visits.said_contacted"), False: say("visits.said_not_contacted")}.get(answer.contacted),
        {True: say("visits.said_solved"), False: say("visits.said_not_solved")}.get(answer.solved), answer.satisfaction]))
    if result.reopened:
        return say("visits.thanks_reopened", said=said, tracking_id=tracking_id)
    if answer.satisfaction == DISSATISFIED:
        return say("visits.thanks_dissatisfied", said=said, tracking_id=tracking_id)
    return say("visits.thanks", said=said)


def _quietly(function, *args) -> None:
    try:
        function(runtime.catalog(), *args)
    except Exception:
        logger.exception("keeping a call-back ask failed")
