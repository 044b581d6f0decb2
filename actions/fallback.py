"""The answer when the assistant did not understand: say why, and what it can do."""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.cadres import (
    ActionAnswerQuestion,
    ActionUpdateRegistry,
    about_the_card,
    confirm_pending,
    continued_question,
    just_answered_a_figure,
    top_of_the_ranking,
    viewer_of,
)
from actions.conversation import buttons_just_offered, latest_intent, latest_text, shown_in_last_turns
from actions.needs import ActionSubmitNeed
from actions.reading import HELPING_TOPICS, OFFER_ANSWERS, answer_apart
from actions.resources import ActionSubmitResource, is_advert
from actions.visits import offer_call_back
from bot.cadres.commands import is_question
from bot.cadres.questions import PILOT_INTENT, asks_for_a_report, guess_intent
from bot.catalog.numbers import normalize_offer_id
from bot.dialogue.reader import (
    asks_about_the_report_just_filed,
    opening_kind,
    says,
    service_questions,
    supplement_words,
)
from bot.needs.describe import PROBLEM, description_from_message, thing_named
from bot.needs.emergency import emergency_advice
from bot.replies import buttons, say
from bot.text import has_chinese, looks_foreign, only_symbols
from bot.vocab.community_types import find_type

MARKUP = re.compile(r"<[^>]+>|--|;\s*(drop|select|delete|insert)\b", re.IGNORECASE)
MENU = buttons("fallback.menu")


# Intents of short courtesies and answers: a long message given one of them was misread.
SHORT_INTENTS = ("affirm", "deny", "goodbye", "thank", "greet")


def _submission_never_answered(tracker: Tracker) -> Action | None:
    """A confirmed report or offer still in the conversation: its submission died before answering
    (the action server killed). Confirming again runs it: it files once and tells the number."""
    if latest_intent(tracker) != "affirm":
        return None
    if tracker.get_slot("need_confirmed") is True and tracker.get_slot("description"):
        return ActionSubmitNeed()
    if tracker.get_slot("resource_confirmed") is True and tracker.get_slot("resource_description"):
        return ActionSubmitResource()
    return None


def fallback_reply(text: str, intent: str) -> str:
    if not text:
        return say("fallback.empty_message")
    if text.startswith("/"):  # a button from earlier in the chat, tapped again
        return say("fallback.button_used")
    if intent in ("affirm", "deny") and (has_chinese(text) or len(text) <= 3):  # 好的, 不用了, ok
        return say("fallback.courtesy")
    if only_symbols(text):
        return say("fallback.only_symbols")
    if MARKUP.search(text):
        return say("fallback.markup")
    if looks_foreign(text):
        return say("fallback.foreign")
    if intent == "out_of_scope" and has_chinese(text):
        return say("fallback.out_of_scope")
    return say("fallback.not_understood")


OFFER_OPENING_CHARS = 12  # an offer in so many words, not a bare "我可以"


THING_ALONE_CHARS = 6  # "楼道灯", "下水道": a thing named alone, not a sentence the classifier missed


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        text = latest_text(tracker)
        advice = emergency_advice(text)
        if advice:
            dispatcher.utter_message(text=advice)
        added = None if tracker.active_loop_name else _added_to_the_last_report(dispatcher, tracker, text)
        if added is not None:
            return added
        just_filed = None if tracker.active_loop_name else shown_in_last_turns(tracker, "tracking", turns=2)
        if just_filed and asks_about_the_report_just_filed(text):
            from actions.status import about_the_report_just_filed

            return about_the_report_just_filed(dispatcher, tracker, just_filed)  # "今朝夜里会得有人来伐"
        if not tracker.active_loop_name and says("phone_change", text) and tracker.get_slot("tracking_id"):
            from actions.status import new_phone

            return new_phone(dispatcher, tracker, text)  # "我想改一下联系电话" after filing: the number asked
        misread = latest_intent(tracker) in ("inform", "nlu_fallback") or (
            latest_intent(tracker) in SHORT_INTENTS and not tracker.active_loop_name and len(text) > 12)
        # Right after a figure, "庆丰村那个数字怎么样" continues the question; only a problem said in words is a report.
        follow_up = just_answered_a_figure(tracker) and PROBLEM.search(text) is None
        if misread and not follow_up and description_from_message(text, runtime.gazetteer()):
            # "城厢镇东林村 村里晚上有人偷电瓶车": a place and a problem is a report, also when the
            # classifier took a long one for a yes, a no or a goodbye
            return [FollowupAction("need_form")]
        thing = None if tracker.active_loop_name or follow_up else thing_named(text, runtime.gazetteer())
        if thing and len(thing) <= THING_ALONE_CHARS:
            # "扶手", "下水道": the thing a report is about, said first; what is wrong with it comes next (the form
            # says so as it takes the words)
            return [SlotSet("description", thing), FollowupAction("need_form")]
        if not tracker.active_loop_name and not follow_up and opening_kind(text) == "offer" and not is_advert(text) \
                and len(text) > OFFER_OPENING_CHARS:
            # "阿拉是…物流有限公司，有部厢式货车，可以帮村里拉大件垃圾": an offer the classifier was unsure of
            return [FollowupAction("resource_form")]
        confirmed = confirm_pending(dispatcher, tracker)
        if confirmed is not None:
            return confirmed
        unanswered = _submission_never_answered(tracker)
        if unanswered is not None:
            return unanswered.run(dispatcher, tracker, domain)
        offer_id = normalize_offer_id(text)
        if offer_id and not tracker.active_loop_name:
            from actions.status import change_own_offer

            changed = change_own_offer(dispatcher, tracker, offer_id)  # "ZY000071的时间改成每月第一个周六上午"
            if changed is not None:
                return changed
        if not tracker.active_loop_name:
            from actions.status import change_named_offer

            changed = change_named_offer(dispatcher, tracker)  # "上趟登记剃头格事体，时间改成每月初五下半天"
            if changed is not None:
                return changed
        if not tracker.active_loop_name:
            from actions.status import resume_offer, withdraw_offer

            withdrawn = withdraw_offer(dispatcher, tracker, text)  # "刚才那个撤掉吧": the volunteer's own offer
            if withdrawn is None:
                withdrawn = resume_offer(dispatcher, tracker, text)  # "我回来了，可以接着帮忙"
            if withdrawn is not None:
                return withdrawn
        if not tracker.active_loop_name:
            from actions.status import own_report_solved, urgency_asked_for_own_report

            solved = own_report_solved(dispatcher, tracker)  # "我自家弄好了，帮我撤脱吧": noted on their report
            if solved is None:
                solved = urgency_asked_for_own_report(dispatcher, tracker)  # "紧急程度能不能改成急"
            if solved is not None:
                return solved
        filed = None if tracker.active_loop_name else shown_in_last_turns(tracker, "tracking", turns=3)
        if filed and says("keep_report", text):  # "算了还是不撤了": the report stays as filed
            dispatcher.utter_message(text=say("needs.kept_on", tracking_id=filed))
            return []
        if filed and (latest_intent(tracker) == "cancel" or says("asks_if_filed", text)):
            dispatcher.utter_message(text=say("needs.filed_already", tracking_id=filed))  # "刚才那个算提交上去了吗"
            return []
        if not tracker.active_loop_name and isinstance(tracker.get_slot("withdrawn_report"), dict) \
                and says("resume_report", text):  # "想想还是报一报 …" read as a cancel: the report cancelled, taken up
            return [FollowupAction("need_form")]
        if latest_intent(tracker) == "cancel":
            dispatcher.utter_message(response="utter_nothing_to_cancel")
            return []
        continued = continued_question(dispatcher, tracker, domain)  # "那浏河镇末", "社区" after a figure
        if continued is not None:
            return continued
        carded = None if tracker.active_loop_name else about_the_card(dispatcher, tracker)
        if carded is not None:  # a cadre's "格条急勿急" right after a need's card
            return carded
        top = None if tracker.active_loop_name else top_of_the_ranking(dispatcher, tracker)
        if top is not None:  # "最高的是哪个" right after a ranking, taken for chatter
            return top
        helping = [] if tracker.active_loop_name else \
            [topic for _, topic in service_questions(text) if topic in HELPING_TOPICS]
        if helping:  # "要签啥协议伐 出了事体算啥人个": a volunteer's question answered, never taken for figures
            answer_apart(dispatcher, helping, OFFER_ANSWERS)
            return []
        routed = _cadre_route(tracker, text)
        if routed is not None:
            # Run it here rather than as a follow-up: a follow-up is predicted again after it
            # and would loop back to this fallback.
            return routed.run(dispatcher, tracker, domain)
        form = tracker.active_loop_name
        if form:
            return _back_to_the_form(dispatcher, tracker, form)
        question = _question_completed_by_a_typed_town(tracker)
        if question:
            return ActionAnswerQuestion.reply_to(dispatcher, tracker, question, guess_intent(question) or PILOT_INTENT)
        place = _place_just_named(tracker)
        if place:
            # "我是浏河镇新塘村的" on its own: the slot mapping kept the place; ask what they need.
            dispatcher.utter_message(text=say("fallback.place_named", place=place), buttons=MENU)
            return []
        call_back = offer_call_back(dispatcher, tracker, opening=say("fallback.call_back_opening")) if text and not MARKUP.search(text) else []
        if call_back:  # mostly a greeting in words the classifier does not know: a finished report waits
            return call_back
        reply = fallback_reply(latest_text(tracker), latest_intent(tracker))
        dispatcher.utter_message(text=reply, buttons=MENU)
        return []


def _added_to_the_last_report(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list | None:
    """"再补充一句 …" right after a report was filed (or looked up): added to that report."""
    from actions.status import add_to_own_offer, add_to_report, own_report_named
    from bot.needs.service import find_need

    offer_id = shown_in_last_turns(tracker, "resource", turns=2) if says("supplement", text) else None
    if offer_id:  # "再加一句 …" right after an offer was listed
        return add_to_own_offer(dispatcher, tracker, offer_id, text)
    tracking_id = tracker.get_slot("tracking_id")
    if not (tracking_id and says("supplement", text)):
        return None
    need = find_need(runtime.catalog(), own_report_named(tracker, text, tracking_id))
    return None if need is None else add_to_report(dispatcher, tracker, need, supplement_words(text))


def _back_to_the_form(dispatcher: CollectingDispatcher, tracker: Tracker, form: str) -> list:
    """A message the open form could not take: say so, forget it, and ask the form's question again.

    Forgetting it matters: with the message kept, the same state predicts this fallback again and
    again until Rasa's circuit breaker stops the turn, and every later message with it.
    """
    text, intent = latest_text(tracker), latest_intent(tracker)
    if intent == "human_handoff" and form == "callback_form":
        reply = say("fallback.form_handoff")
    elif text.startswith("/"):
        reply = say("fallback.form_button_used")
    elif intent == "out_of_scope" and has_chinese(text):
        reply = say("fallback.form_out_of_scope")
    elif looks_foreign(text):
        reply = say("fallback.form_foreign")
    else:
        reply = say("fallback.form_not_understood")
    dispatcher.utter_message(text=reply)
    return [UserUtteranceReverted(), FollowupAction(form)]


def _cadre_route(tracker: Tracker, text: str) -> Action | None:
    """A figure question or a cadre's terse registry command the classifier was unsure of."""
    if latest_intent(tracker) not in ("inform", "nlu_fallback", "out_of_scope"):
        return None
    if (is_question(text) or asks_for_a_report(text) and viewer_of(tracker).is_cadre) and guess_intent(text):
        return ActionAnswerQuestion()
    if find_type(text) and viewer_of(tracker).is_cadre:
        return ActionUpdateRegistry()  # "王秀村 特色乡村" from a cadre in the roster
    return None


def _question_completed_by_a_typed_town(tracker: Tracker) -> str | None:
    """"浏河镇" typed (not tapped) after "请问您问的是哪个镇？": the question of the button it names."""
    buttons = buttons_just_offered(tracker)
    if not buttons or not latest_text(tracker):
        return None
    resolution = runtime.gazetteer().resolve(latest_text(tracker))
    if resolution.status != "town_only":
        return None
    for button in buttons:
        payload = button.get("payload") or ""
        if button.get("title") == resolution.town.name and not payload.startswith("/"):
            return payload
    return None


def _place_just_named(tracker: Tracker) -> str | None:
    if latest_intent(tracker) not in ("inform", "nlu_fallback"):
        return None
    gazetteer = runtime.gazetteer()
    resolution = gazetteer.resolve(latest_text(tracker))
    if resolution.status == "found":
        return resolution.community.label
    if resolution.status == "town_only":
        return resolution.town.name
    return None
