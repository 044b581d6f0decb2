"""The action server with the outbox worker beside it: `python -m actions --port 5055`.

rasa_sdk's own `python -m rasa_sdk --actions actions` serves the same actions, but without the
thread that files reports kept while the catalog was unreachable (they would wait for the next
submission to be filed).
"""

from __future__ import annotations

import logging
import os

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser, run
from rasa_sdk.utils import update_sanic_log_level

from actions import runtime
from bot.logs import configure


def main() -> None:
    args = create_argument_parser().parse_args()
    args.actions = args.actions or "actions"
    runtime.start_outbox_worker()
    if os.environ.get("LOG_FORMAT", "text") != "json":
        logging.getLogger("bot").setLevel(logging.INFO)
        main_from_args(args)
        return
    # rasa_sdk would set up coloured text logs; a log collector reads one JSON object a line.
    configure("json", os.environ.get("LOG_LEVEL", "INFO"))
    update_sanic_log_level()
    run(args.actions, args.port, args.cors, args.ssl_certificate, args.ssl_keyfile, args.ssl_password,
        args.auto_reload)


if __name__ == "__main__":
    main()
