"""What the action server shares between requests: settings, the catalog, the gazetteer.

They are created on first use, never at import time, so tests can configure them first.
"""

from __future__ import annotations

import threading

from bot.catalog.db import Catalog
from bot.config import Settings, load_settings
from bot.places import Gazetteer
from bot.places.loader import load_gazetteer

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


def gazetteer() -> Gazetteer:
    current = settings()
    with _lock:
        if "gazetteer" not in _state:
            _state["gazetteer"] = load_gazetteer(current.places_csv)
        return _state["gazetteer"]  # type: ignore[return-value]
