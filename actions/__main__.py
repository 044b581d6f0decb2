"""The action server with the outbox worker beside it: `python -m actions --port 5055`.

rasa_sdk's own `python -m rasa_sdk --actions actions` serves the same actions, but without the
thread that files reports kept while the catalog was unreachable (they would wait for the next
submission to be filed).
"""

from __future__ import annotations

import hmac
import logging
import os

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app, create_argument_parser
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response

from actions import runtime
from bot.logs import configure
from bot.replies import say


def main() -> None:
    args = create_argument_parser().parse_args()
    runtime.start_outbox_worker()
    if os.environ.get("LOG_FORMAT", "text") == "json":
        # rasa_sdk would set up coloured text logs; a log collector reads one JSON object a line.
        configure("json", os.environ.get("LOG_LEVEL", "INFO"))
    else:
        utils.configure_colored_logging(args.loglevel)
        logging.getLogger("bot").setLevel(logging.INFO)
    utils.update_sanic_log_level()
    app = create_app(args.actions or "actions", cors_origins=args.cors, auto_reload=args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    token = os.environ.get("ACTION_TOKEN")
    if token:
        require_token(app, token)
    app.run(os.environ.get("SANIC_HOST", "0.0.0.0"), args.port, workers=utils.number_of_sanic_workers())


def require_token(app: Sanic, token: str) -> None:
    """Actions run only for a caller with the token (Rasa sends it in ACTION_ENDPOINT_URL's query): an action
    files reports and answers cadres' questions, so nothing else on the host may call one. /health stays open."""
    expected = token.encode("utf-8")

    @app.middleware("request")
    async def _token(request):
        if request.path == "/health":
            return None
        given = request.args.get("token", "").encode("utf-8", "surrogatepass")
        if not hmac.compare_digest(given, expected):
            return response.json({"error": say("server.token_required")}, status=401)
        return None


if __name__ == "__main__":
    main()
