"""Rasa input channels and stores of our own (registered in credentials.yml and endpoints*.yml).

Rasa imports this package in its own process after configuring its logs and before handling a
message, so this is where its logs are told to leave residents' words out.
"""

from channels import logs

logs.install()
