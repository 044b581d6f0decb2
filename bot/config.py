"""Settings from environment variables, with their defaults, in one place.

Every variable is documented in README.md. Nothing here opens a connection: the settings are
read when a process starts and handed to whatever needs them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str
    places_csv: Path
    build_dir: Path
    description_max_chars: int = 500
    callback_hours: str = "工作日 9:00-17:00"
    roster_file: Path = PROJECT_ROOT / "var" / "roster.yml"
    lead_types_file: Path = PROJECT_ROOT / "bot" / "data" / "lead_types.sample.yml"
    secret_key: str | None = None  # signs web cookies; never logged

    @property
    def jieba_dict_dir(self) -> Path:
        return self.build_dir / "jieba"

    @property
    def spacy_model_dir(self) -> Path:
        return self.build_dir / "spacy_zh"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    default_db = f"sqlite:///{PROJECT_ROOT / 'var' / 'catalog.db'}"
    shared = Path(env.get("SHARED_DATA_DIR", PROJECT_ROOT.parent / "shared" / "data"))
    return Settings(
        database_url=env.get("DATABASE_URL", default_db),
        places_csv=Path(env.get("PLACES_CSV", shared / "taicang_divisions_2023.csv")),
        build_dir=Path(env.get("BUILD_DIR", PROJECT_ROOT / "build")),
        description_max_chars=int(env.get("DESCRIPTION_MAX_CHARS", "500")),
        roster_file=Path(env.get("ROSTER_FILE", PROJECT_ROOT / "var" / "roster.yml")),
        lead_types_file=Path(env.get("LEAD_TYPES_FILE", PROJECT_ROOT / "bot" / "data" / "lead_types.sample.yml")),
        secret_key=env.get("SECRET_KEY") or None,
    )
