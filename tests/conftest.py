"""Shared fixtures: settings pointing at a throw-away catalog, the gazetteer, a seeded catalog."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

from bot.catalog.db import Catalog  # noqa: E402
from bot.catalog.seed import seed_places  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.places import Gazetteer  # noqa: E402
from bot.places.loader import load_gazetteer  # noqa: E402


@pytest.fixture(scope="session")
def reachable_dir() -> Iterator[Callable[[str], Path]]:
    """Makes folders the postgres user can reach, all removed when the session ends.

    pytest's own folders are 0700 under root, so PostgreSQL would put its data in a fallback
    folder under /tmp that nothing removes; a CI machine's disk fills with them.
    """
    made: list[Path] = []

    def make(name: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=f"taicang-test-{name}-"))
        path.chmod(0o755)
        made.append(path)
        return path

    yield make
    for path in made:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def gazetteer(base_settings: Settings) -> Gazetteer:
    return load_gazetteer(base_settings.places_csv)


@pytest.fixture
def settings(tmp_path: Path, base_settings: Settings) -> Settings:
    """Settings with a fresh SQLite catalog in the test's own folder."""
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'catalog.db'}",
        places_csv=base_settings.places_csv,
        build_dir=base_settings.build_dir,
        description_max_chars=base_settings.description_max_chars,
        roster_file=tmp_path / "roster.yml",
        lead_types_file=base_settings.lead_types_file,
        outbox_path=tmp_path / "outbox.db",
    )


@pytest.fixture
def catalog(settings: Settings, gazetteer: Gazetteer):
    catalog = Catalog(settings.database_url)
    catalog.create_schema()
    seed_places(catalog, gazetteer)
    yield catalog
    catalog.dispose()
