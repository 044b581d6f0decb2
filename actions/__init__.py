"""Rasa custom actions: thin adapters between conversations and the `bot` services."""
