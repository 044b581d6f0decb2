"""JSON bodies with Chinese kept readable, and errors that carry their message."""

from __future__ import annotations

import json

from aiohttp import web


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_response(body, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=dumps)


def json_error(error: type[web.HTTPException], message) -> web.HTTPException:
    """An HTTP error to raise whose body is {"error": message} (or the body given, for Open311)."""
    body = message if isinstance(message, list) else {"error": message}
    return error(text=dumps(body), content_type="application/json")
