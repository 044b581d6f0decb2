"""Logs as JSON lines: one object a line, Chinese kept readable, errors carried whole."""

from __future__ import annotations

import json
import logging

from bot.logs import JsonLines


def test_a_record_is_one_json_object_a_line():
    record = logging.LogRecord("bot.web.auth", logging.WARNING, __file__, 1, "登录失败：cadre=%s", ("C001",), None)
    entry = json.loads(JsonLines().format(record))
    assert entry["level"] == "warning" and entry["logger"] == "bot.web.auth" and entry["message"] == "登录失败：cadre=C001"
    assert entry["time"].endswith("+00:00")


def test_an_error_keeps_its_trace_inside_the_object():
    try:
        raise RuntimeError("数据库连不上")
    except RuntimeError:
        import sys

        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonLines().format(record)
    assert "\n" not in line and "数据库连不上" in json.loads(line)["error"]


def test_a_refused_malformed_request_is_one_warning_line_not_a_traceback():
    import logging

    from aiohttp.http_exceptions import LineTooLong

    from bot.logs import refused_requests_in_one_line

    try:
        raise LineTooLong("Status line is too long", "8190", "127969")
    except LineTooLong:
        import sys

        record = logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, "Error handling request", (),
                                   sys.exc_info())
    assert refused_requests_in_one_line(record)
    assert record.exc_info is None and record.levelname == "WARNING"
    assert record.getMessage() == "refused a malformed request (LineTooLong)"
