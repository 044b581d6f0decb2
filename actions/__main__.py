"""The action server with the outbox worker beside it: `python -m actions --port 5055`.

rasa_sdk's own `python -m rasa_sdk --actions actions` serves the same actions, but without the
thread that files reports kept while the catalog was unreachable (they would wait for the next
submission to be filed).
"""

from __future__ import annotations

import logging

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from actions import runtime


def main() -> None:
    args = create_argument_parser().parse_args()
    args.actions = args.actions or "actions"
    runtime.start_outbox_worker()
    logging.getLogger("bot").setLevel(logging.INFO)
    main_from_args(args)


if __name__ == "__main__":
    main()
