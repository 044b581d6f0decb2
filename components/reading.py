"""After the intent classifiers: a plain report the model took for a handoff, a status question or an offer, or
could not place (nlu_fallback), or gave a general answer (faq) although it reports a problem of a named place at
length, or took for chatter (out_of_scope) although it reports a problem of a named place, is a report; a
message that only greets ("你们好", "阿拉又来哉") is a greeting, whatever the classifier read into it; one saying
it is in the wrong form ("我不是提供帮助 是反映问题") reports (or offers); thanks said with a question ("谢谢侬
要钞票伐") is the question the model ranked next; a question
for figures taken for one about the plan (faq) or for a registry change asks for those figures; a follow-up that names nothing and asks nothing again is what the model
ranked next.

The decisions are bot.dialogue.reader's (misread_report, misread_figure_question; table-tested there); this only
applies them to the parse.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.cadres.followup import asks_about_listed_item, only_adds_an_ask
from bot.dialogue.reader import (
    COURTESIES,
    adds_to_filed_report,
    asks_about_a_listed_offer,
    asks_about_this_item,
    asks_for_counted_items,
    asks_for_more_detail,
    asks_for_next_steps,
    asks_if_a_person_answers,
    asks_to_say_again,
    asks_when_done,
    asks_when_it_was_reported,
    asks_which_needs_fit,
    gives_a_new_phone,
    misread_chatter,
    misread_faq,
    misread_faq_topic,
    misread_figure_question,
    misread_follow_up,
    misread_programme_question,
    misread_report,
    misread_status,
    only_greets,
    question_after_courtesy,
    splits_the_last_answer,
    switches_to,
    tells_it_is_solved,
    unsure_reading,
)

REPORT = "report_need"
STATUS = "check_status"
FOLLOW_UP = "follow_up"
GREET = "greet"
HANDOFF = "human_handoff"
PLACES = ("town", "community")  # tagged by the gazetteer before this component
# What a follow-up may change, as the gazetteer, the tagger and the period regexes mark it.
NAMED = (*PLACES, "community_type", "need_category", "urgency", "period", "resource_type", "provider_type")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ReportReading(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ReportReading:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            name = intent.get(INTENT_NAME_KEY) or ""
            entities = {e.get("entity") for e in message.get(ENTITIES) or []}
            if name != GREET and only_greets(text):
                message.set(INTENT, {INTENT_NAME_KEY: GREET, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if asks_for_more_detail(text) and name != "show_more":  # "详细点": the last figure's list, never the menu
                message.set(INTENT, {INTENT_NAME_KEY: "show_more", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if asks_for_next_steps(text) and name not in ("ask_pilot_progress", "ask_catalog"):
                message.set(INTENT, {INTENT_NAME_KEY: "ask_catalog", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue  # "下一步重点抓啥": the gaps the figures show
            if name == "ask_help" and asks_to_say_again(text):  # "侬讲啥": the open question said again, not the menu
                message.set(INTENT, {INTENT_NAME_KEY: "inform", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if name == HANDOFF and asks_if_a_person_answers(text):  # "侬是真人还是机器人": who answers, told
                message.set(INTENT, {INTENT_NAME_KEY: "ask_help", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            switch = switches_to(text) or ("offer_resource" if asks_which_needs_fit(text) else None)
            if switch:  # "有啥地方需要人帮忙伐": someone offering, who asks where help is needed
                message.set(INTENT, {INTENT_NAME_KEY: switch, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if (asks_about_listed_item(text) or asks_about_this_item(text) or name == "faq" and only_adds_an_ask(text)
                    or asks_when_it_was_reported(text) or splits_the_last_answer(text)) \
                    and name not in (FOLLOW_UP, "show_more"):
                # "第一个是啥情况": an item of a list just shown, never a general answer (faq) about 情况
                message.set(INTENT, {INTENT_NAME_KEY: FOLLOW_UP, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if asks_about_a_listed_offer(text) and name in ("offer_resource", "report_need", "inform", "faq"):
                message.set(INTENT, {INTENT_NAME_KEY: STATUS, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue  # "ZY000061 这个护士电话给我下": that offer's card, never a new offer
            if adds_to_filed_report(text) or gives_a_new_phone(text):  # "给刚刚报的XQ000602加点情况 …": words for that report
                message.set(INTENT, {INTENT_NAME_KEY: STATUS, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if asks_when_done(name, text) or misread_status(name, text) or tells_it_is_solved(name, text):
                message.set(INTENT, {INTENT_NAME_KEY: STATUS, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
                continue
            if question_after_courtesy(name, text):
                read, confidence = _runner_up(message, name)
                if read and read not in COURTESIES:
                    message.set(INTENT, {INTENT_NAME_KEY: read, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
                continue
            if misread_follow_up(name, text, bool(entities & set(NAMED))):
                read, confidence = _runner_up(message, name)
                if read:
                    message.set(INTENT, {INTENT_NAME_KEY: read, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
                continue
            places = bool(entities & set(PLACES))
            if misread_report(name, text) or misread_faq(name, _answer_key(message), text, places) \
                    or misread_chatter(name, text, places):
                read = REPORT
            elif name == "nlu_fallback" and asks_for_counted_items(text, places):
                read = misread_figure_question("faq", text, places)  # "万丰村那两条待治理的具体是什么"
            elif name == "nlu_fallback":
                ranked = _ranked(message)
                read = unsure_reading(ranked, text, bool(entities & set(NAMED)))
                if read:
                    message.set(INTENT, {INTENT_NAME_KEY: read, PREDICTED_CONFIDENCE_KEY: dict(ranked)[read]},
                                add_to_output=True)
                continue
            else:
                read = misread_figure_question(name, text, places) or misread_programme_question(name, text) \
                    or misread_faq_topic(name, _answer_key(message), text)  # "…打疫苗要去哪里": no faq of ours
            if read:
                message.set(INTENT, {INTENT_NAME_KEY: read, PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY, 1.0)},
                            add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


def _answer_key(message: Message) -> str | None:
    """The FAQ answer the response selector chose ("faq/emergency")."""
    selected = (message.get("response_selector") or {}).get("faq") or {}
    return (selected.get("response") or {}).get("intent_response_key")


def _ranked(message: Message) -> list[tuple[str, float]]:
    return [(r.get(INTENT_NAME_KEY), float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
            for r in message.get(INTENT_RANKING_KEY) or []]


def _runner_up(message: Message, misread: str) -> tuple[str | None, float]:
    """The intent the classifier ranked next after the one misread, with its own confidence."""
    return next(((n, c) for n, c in _ranked(message) if n not in (misread, None)), (None, 0.0))
