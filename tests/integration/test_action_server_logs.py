"""The action server writes one JSON object a line when LOG_FORMAT=json, as the gateway does."""

from __future__ import annotations

import json
import os
import time
import urllib.request

from bot.servers import action_command, free_port, spawn


def test_the_action_server_logs_json_lines_for_a_collector(tmp_path, settings):
    port = free_port()
    log_path = tmp_path / "actions.log"
    env = {**os.environ, "LOG_FORMAT": "json", "SANIC_HOST": "127.0.0.1", "DATABASE_URL": settings.database_url,
           "OUTBOX_PATH": str(settings.outbox_path), "OUTBOX_RETRY": "1", "PYTHONUNBUFFERED": "1"}
    process = spawn(action_command(port), env, log_path)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log_path.read_text(errors="replace")[-2000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the action server did not answer"
                time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=30)
    ours = [line for line in log_path.read_text().splitlines() if line.startswith("{")]
    entries = [json.loads(line) for line in ours]
    assert any(e["logger"].startswith("rasa_sdk") for e in entries)  # rasa_sdk's own lines, as JSON
    assert all({"time", "level", "logger", "message"} <= set(e) for e in entries)
