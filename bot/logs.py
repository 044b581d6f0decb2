"""Logs as one JSON object a line (LOG_FORMAT=json) for a log collector, or plain text for a person.

What is logged never holds a resident's words, phone or identity: senders are logged as
pseudonyms (bot.cadres.access.pseudonym) and secrets not at all.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from aiohttp.http_exceptions import HttpProcessingError


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(fmt: str = "text", level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("aiohttp.server").addFilter(refused_requests_in_one_line)


def refused_requests_in_one_line(record: logging.LogRecord) -> bool:
    """aiohttp logs a whole traceback for each request its parser refuses (a URL over 8 KiB):
    anyone could fill the log with them. One line says it instead."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, HttpProcessingError):
        record.msg, record.args = "refused a malformed request (%s)", (type(error).__name__,)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True
