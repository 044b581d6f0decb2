"""After the intent classifiers: a plain report the model took for a handoff, a status question or an offer, or
could not place (nlu_fallback), is a report; a question for figures taken for one about the plan (faq) or for a
registry change asks for those figures.

The decisions are bot.dialogue.reader's (misread_report, misread_figure_question; table-tested there); this only
applies them to the parse.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.reader import misread_figure_question, misread_report

REPORT = "report_need"
PLACES = ("town", "community")  # tagged by the gazetteer before this component


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
            places = any(e.get("entity") in PLACES for e in message.get(ENTITIES) or [])
            read = REPORT if misread_report(name, text) else misread_figure_question(name, text, places)
            if read:
                message.set(INTENT, {INTENT_NAME_KEY: read, PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY, 1.0)},
                            add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
