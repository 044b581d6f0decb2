"""The action server's answers checked against Rasa's schema with a validator built once, not once a call.

Rasa 3.6 checks every answer of the action server with `jsonschema.validate(answer, schema)`, which first
checks the schema itself against its meta-schema: about 10–20 ms of the Rasa server's time per action call
on these cores, two or three calls a message (`make bench-profile` showed it as most of the "action
server" time seen from Rasa). The same schema and the same error (with Rasa's hint appended) hold here;
only the schema's own check runs once, when this is installed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_HINT = (". Failed to validate Action server response from API, make sure your response from the Action endpoint "
         f"is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions")


@lru_cache(maxsize=1)
def response_validator():
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        response_validator().validate(result)
    except ValidationError as error:
        error.message += _HINT
        raise
    return True


def install() -> None:
    """Used by every Rasa server this project starts (channels/rasa_server.py) and by the in-process profile."""
    RemoteAction._validate_action_result = validate_action_result
