"""A detail added mid-form is said back with the field it went into, and "也" only when that field held words."""

from __future__ import annotations

from actions.reading import _detail_events
from bot.dialogue.reader import FORMS
from tests.integration.conftest import make_tracker


def _said(form: str, slots: dict, text: str, asked: str) -> tuple[list[str], list]:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, slots=slots, requested_slot=asked, active_loop=form)
    events = _detail_events(text, dispatcher, tracker, FORMS[form])
    return [m["text"] for m in dispatcher.messages], events


def test_a_detail_to_a_report_that_already_has_words_is_added_also():
    said, events = _said("need_form", {"description": "路灯不亮"}, "已经三天了", "urgency")
    assert said == ["好的，“已经三天了”也记到问题描述里了。"]
    assert events[0]["value"] == "路灯不亮，已经三天了"  # a short piece of the same sentence


def test_the_first_words_of_an_offer_are_not_said_to_be_added_also_nor_called_a_problem():
    said, events = _said("resource_form", {}, "周末可以帮老人理发", "provider_type")
    assert said == ["好的，“周末可以帮老人理发”记到能提供的帮助里了。"]
    assert events[0]["value"] == "周末可以帮老人理发"


def test_words_already_there_are_not_added_twice():
    said, events = _said("resource_form", {"resource_description": "周末可以帮老人理发"}, "帮老人理发", "available_time")
    assert said == ["这句已经记在能提供的帮助里了。"] and events == []
