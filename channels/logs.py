"""Keep residents' words out of Rasa's own logs.

Rasa 3.6 logs through structlog and passes the user's text along with some events (a message
that failed or timed out is logged with its `text`). Its anonymization hook is empty in the open
source edition, so a phone typed into a report would reach the log file. This processor replaces
every value that can hold a resident's words by its length before anything is rendered.
"""

from __future__ import annotations

from typing import Any

import structlog

# The keys Rasa's own anonymizer would treat (rasa/utils/log_utils.py), i.e. those carrying user
# text, slot values, entities or whole events.
USER_WORD_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message",
})


def redact_user_words(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    for key in USER_WORD_KEYS.intersection(event_dict):
        value = event_dict[key]
        event_dict[key] = f"<redacted: {len(value)} chars>" if isinstance(value, str) else "<redacted>"
    return event_dict


def install() -> None:
    """Put the redaction first in structlog's processors, for loggers already made too.

    Loggers made before keep a reference to the same list, so it is changed in place.
    """
    processors = structlog.get_config()["processors"]
    if redact_user_words not in processors:
        processors.insert(0, redact_user_words)
