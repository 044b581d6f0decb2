"""The action server's answers are still checked against Rasa's schema after the one-time validator is installed."""

from __future__ import annotations

import sys

import pytest
import rasa.__main__
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from channels import action_responses

GOOD = {"events": [{"event": "slot", "name": "town", "value": "浏河镇"}],
        "responses": [{"text": "请问是哪个村？", "buttons": [{"title": "新塘村", "payload": "新塘村"}]}]}


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_responses.install()
    return RemoteAction("action_ask_community", None)


def test_a_well_formed_answer_passes(installed):
    assert installed._validate_action_result(GOOD) is True
    assert installed._validate_action_result({"events": [], "responses": []}) is True


@pytest.mark.parametrize("answer", [
    {"events": "not a list", "responses": []},
    {"events": [{"name": "town", "value": "浏河镇"}], "responses": []},  # an event without its kind
    {"events": [{"event": "slot", "name": 3}], "responses": []},
    {"events": [], "responses": ["a bare string"]},
])
def test_a_malformed_answer_is_refused_as_rasa_refuses_it(installed, answer):
    with pytest.raises(ValidationError) as refused:
        installed._validate_action_result(answer)
    assert "Failed to validate Action server response" in refused.value.message
    with pytest.raises(ValidationError):  # Rasa's own check agrees
        from jsonschema import validate
        validate(answer, RemoteAction.action_response_format_spec())


def test_every_rasa_server_started_here_installs_it(monkeypatch):
    from channels import rasa_server

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(rasa.__main__, "main", lambda: None)
    monkeypatch.setattr(sys, "argv", ["rasa_server", "run"])
    rasa_server.main()
    assert RemoteAction._validate_action_result is action_responses.validate_action_result
