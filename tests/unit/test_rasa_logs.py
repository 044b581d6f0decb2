"""Rasa's own log lines never carry a resident's words once our channels package is loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHONE = "13912345678"
TEXT = f"我的电话{PHONE}，浏河镇路灯坏了"

# Rasa's own logging set-up, then the very calls Rasa's REST channel makes when a message fails.
SCRIPT = f"""
import logging, sys
from rasa.utils.log_utils import configure_structlog
configure_structlog(logging.INFO)
import structlog
structlogger = structlog.get_logger("rasa.core.channels.rest")
structlogger.info("server.started")  # a logger made and cached before our package is loaded
if sys.argv[1] == "with-channels":
    import channels  # noqa: F401  (what Rasa does when credentials.yml names our channel)
try:
    raise TimeoutError("the action server did not answer")
except TimeoutError:
    structlogger.exception("rest.message.received.failure", text="{TEXT}")
structlogger.info("processor.slots.set", slot_values={{"phone": "{PHONE}"}}, intent="report_need")
"""


def rasa_log(mode: str) -> str:
    result = subprocess.run([sys.executable, "-c", SCRIPT, mode], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_rasa_logs_a_failed_message_without_the_residents_words():
    log = rasa_log("with-channels")
    assert "rest.message.received.failure" in log and "TimeoutError" in log  # the failure is still told
    assert PHONE not in log and "路灯" not in log
    assert f"<redacted: {len(TEXT)} chars>" in log and "report_need" in log


def test_without_our_package_rasa_would_log_them():
    # The reason the package exists: Rasa's open source edition logs the text as it is.
    assert PHONE in rasa_log("plain")
