"""`rasa run` with its HTTP API behind the token in RASA_TOKEN: `python -m channels.rasa_server run …`.

Rasa takes its API token only as a command-line argument, which every local user can read in the process
list; started through here, the token stays in the environment and reaches Rasa's parser alone. The API
(trackers with residents' words and phones, PUT /model) then refuses a request without `?token=`; the
channels' webhooks stay open, as they must for the gateway.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    token = os.environ.get("RASA_TOKEN")
    if token:
        sys.argv.append(f"--auth-token={token}")  # one argument: a token may begin with "-"
    from rasa.__main__ import main as rasa_main

    from channels import action_responses

    action_responses.install()

    rasa_main()


if __name__ == "__main__":
    main()
