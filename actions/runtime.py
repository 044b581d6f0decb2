"""What the action server shares between requests: settings, the catalog, the gazetteer.

They are created on first use, never at import time, so tests can configure them first.
"""

from __future__ import annotations

import threading
from datetime import date

from bot.cadres.roster import Roster, RosterFile
from bot.catalog.db import Catalog
from bot.clock import china_today
from bot.config import Settings, load_settings
from bot.outbox import Outbox, OutboxWorker
from bot.places import Gazetteer
from bot.places.loader import load_gazetteer
from bot.registry.progress import LeadTypes, load_lead_types

_lock = threading.Lock()
_state: dict[str, object] = {}


def configure(settings: Settings) -> None:
    """Use these settings from now on (tests inject theirs); drops what was opened before."""
    with _lock:
        catalog = _state.get("catalog")
        if isinstance(catalog, Catalog):
            catalog.dispose()
        _state.clear()
        _state["settings"] = settings


def settings() -> Settings:
    with _lock:
        if "settings" not in _state:
            _state["settings"] = load_settings()
        return _state["settings"]  # type: ignore[return-value]


def _shared(name: str, make):
    """The object kept under name, made from the settings on first use."""
    current = settings()
    with _lock:
        if name not in _state:
            _state[name] = make(current)
        return _state[name]


def catalog() -> Catalog:
    return _shared("catalog", lambda current: Catalog(current.database_url))


def outbox() -> Outbox:
    """Where a submission is written first, so the catalog being down loses nothing."""
    return _shared("outbox", lambda current: Outbox(current.outbox_path))


def start_outbox_worker() -> OutboxWorker:
    """Files kept reports in the background (the action server starts it; tests call deliver)."""
    return OutboxWorker(outbox, catalog, every=settings().outbox_retry).start()


def gazetteer() -> Gazetteer:
    return _shared("gazetteer", lambda current: load_gazetteer(current.places_csv))


def roster() -> Roster:
    """The cadre roster as the file says now (re-read when it changes)."""
    return _shared("roster", lambda current: RosterFile(current.roster_file)).current()


def lead_types() -> LeadTypes:
    return load_lead_types(settings().lead_types_file)


def today() -> date:
    """Cadres' questions ("this month", "as of today") are about China time."""
    return china_today()
