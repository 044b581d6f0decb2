"""Who is asking, what they may see, and the audit of every refusal."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from bot.cadres.roster import Cadre, Roster
from bot.catalog.db import Catalog
from bot.catalog.models import AccessRefusalRow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Viewer:
    channel: str
    sender_id: str
    cadre: Cadre | None = None

    @property
    def is_cadre(self) -> bool:
        return self.cadre is not None

    def may_see(self, town: str | None, community: str | None) -> bool:
        return self.cadre is not None and self.cadre.covers(town, community)


def identify(roster: Roster, channel: str | None, sender_id: str) -> Viewer:
    return Viewer(channel or "rest", sender_id, roster.find(channel, sender_id))


def pseudonym(sender_id: str) -> str:
    """A stable short hash, so logs can follow one sender without holding the id itself."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:12]


def record_refusal(catalog: Catalog, viewer: Viewer, action: str, target: str, reason: str) -> None:
    """Keep the refused attempt in the catalog and say so in the log (without the sender id)."""
    cadre_id = viewer.cadre.id if viewer.cadre else None
    with catalog.unit_of_work() as session:
        session.add(AccessRefusalRow(channel=viewer.channel, sender_id=viewer.sender_id, cadre_id=cadre_id,
                                     action=action, target=target[:64], reason=reason))
    log.warning("access refused: action=%s target=%s reason=%s cadre=%s sender=%s",
                action, target, reason, cadre_id or "-", pseudonym(viewer.sender_id))
