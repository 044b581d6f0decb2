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
from bot.needs.outbox import Outbox, OutboxWorker
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


def catalog() -> Catalog:
    current = settings()
    with _lock:
        if "catalog" not in _state:
            _state["catalog"] = Catalog(current.database_url)
        return _state["catalog"]  # type: ignore[return-value]


def outbox() -> Outbox:
    """Where a submission is written first, so the catalog being down loses nothing."""
    current = settings()
    with _lock:
        if "outbox" not in _state:
            _state["outbox"] = Outbox(current.outbox_path)
        return _state["outbox"]  # type: ignore[return-value]


def start_outbox_worker() -> OutboxWorker:
    """Files kept reports in the background (the action server starts it; tests call deliver)."""
    return OutboxWorker(outbox, catalog, every=settings().outbox_retry).start()


def gazetteer() -> Gazetteer:
    current = settings()
    with _lock:
        if "gazetteer" not in _state:
            _state["gazetteer"] = load_gazetteer(current.places_csv)
        return _state["gazetteer"]  # type: ignore[return-value]


def roster() -> Roster:
    """The cadre roster as the file says now (re-read when it changes)."""
    current = settings()
    with _lock:
        if "roster" not in _state:
            _state["roster"] = RosterFile(current.roster_file)
        return _state["roster"].current()  # type: ignore[union-attr]


def lead_types() -> LeadTypes:
    return load_lead_types(settings().lead_types_file)


def today() -> date:
    """Cadres' questions ("this month", "as of today") are about China time."""
    return china_today()
