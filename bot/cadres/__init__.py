"""Cadres: the roster, who may see and change what, and answers to their questions."""
