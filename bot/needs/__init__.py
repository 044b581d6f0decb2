"""Needs: what residents report, how it is classified, and the services that file it."""
