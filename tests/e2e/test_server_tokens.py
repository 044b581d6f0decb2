"""Rasa's HTTP API and the action server answer only with their tokens; the webhooks the gateway uses stay
open, and no token shows in the process list a local user can read."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def status_of(url: str, body: dict | None = None) -> int:
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_tracker_or_model_read_without_the_token_is_refused(servers):
    for url in servers.rasa_urls:
        assert status_of(f"{url}/conversations/web-cadre-C001/tracker") == 401
        assert status_of(f"{url}/status") == 401
        assert status_of(f"{url}/status?token=wrong") == 401
        assert status_of(f"{url}/status?token={os.environ['RASA_TOKEN']}") == 200


def test_the_action_server_runs_actions_only_for_rasa(servers):
    call = {"next_action": "action_ask_resource_type", "sender_id": "x", "tracker": {"sender_id": "x", "events": []}}
    assert status_of(f"{servers.action_url}/webhook", call) == 401
    assert status_of(f"{servers.action_url}/webhook?token=wrong", call) == 401
    assert status_of(f"{servers.action_url}/health") == 200


def test_the_residents_webhook_still_answers_without_a_token(servers):
    assert status_of(f"{servers.rasa_url}/webhooks/rest/webhook", {"sender": "token-test", "message": "你好"}) == 200


def test_no_token_is_in_the_process_list(servers):
    tokens = [os.environ["RASA_TOKEN"], os.environ["ACTION_TOKEN"]]
    for pid in servers.pids():
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
        assert not any(token in command_line for token in tokens), pid
