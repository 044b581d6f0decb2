"""Filing a confirmed draft (a need or an offer) through the outbox, the same way for both forms.

The outbox files it in the catalog, or keeps it on disk while the catalog is unreachable. A draft the
catalog refuses as it is, or a failure of both, is said to the person in their form's words, and the
confirmation is asked again with everything they said kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from bot.catalog.errors import CatalogError
from bot.outbox import Submission
from bot.replies import say

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filing:
    form: str
    confirmed_slot: str
    refused: str  # the reply when the catalog refuses the draft as it is ({error} says why)
    failed: str  # the reply when it could be neither filed nor kept


NEED = Filing("need_form", "need_confirmed", "needs.submit_rejected", "needs.submit_failed")
RESOURCE = Filing("resource_form", "resource_confirmed", "resources.submit_refused", "resources.submit_failed")


def file_draft(dispatcher: CollectingDispatcher, draft: Any, filing: Filing) -> tuple[Submission | None, list]:
    """The submission, or None and the events that ask for the confirmation again."""
    try:
        return runtime.outbox().submit(runtime.catalog(), draft), []
    except CatalogError as error:
        dispatcher.utter_message(text=say(filing.refused, error=error))
        return None, [SlotSet(filing.confirmed_slot, None)]
    except Exception:  # a stack trace never reaches a person
        logger.exception("filing from %s failed", filing.form)
        dispatcher.utter_message(text=say(filing.failed))
        # The form asks for the confirmation again, so a later "确认提交" is read as one.
        return None, [SlotSet(filing.confirmed_slot, None), FollowupAction(filing.form)]
