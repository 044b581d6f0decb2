"""Components of the Rasa server's NLU pipeline: thin adapters over `bot` (which imports nothing from Rasa)."""
