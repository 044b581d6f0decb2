"""Rasa input channels of our own (registered in credentials.yml)."""
