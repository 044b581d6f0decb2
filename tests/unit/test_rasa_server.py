"""`python -m channels.rasa_server` hands RASA_TOKEN to Rasa's own parser, whatever characters it begins with."""

from __future__ import annotations

import sys

import pytest
import rasa.__main__


@pytest.mark.parametrize("token", ["plain-token-123", "-begins-with-a-dash", "--looks-like-an-option"])
def test_rasa_reads_the_token_from_the_environment(monkeypatch, token):
    from channels import rasa_server

    seen = {}
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.setdefault("argv", list(sys.argv)))
    monkeypatch.setattr(sys, "argv", ["rasa_server", "run", "--enable-api", "--port", "5005"])
    monkeypatch.setenv("RASA_TOKEN", token)
    rasa_server.main()
    args = rasa.__main__.create_argument_parser().parse_args(seen["argv"][1:])
    assert args.auth_token == token and args.enable_api and args.port == 5005
