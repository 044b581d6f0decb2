"""Schema migrations with Alembic: `make run` and `make db` bring any catalog to the newest schema.

A catalog made before migrations existed (by create_all) holds today's first schema already; it
is stamped with the first revision instead of being created again.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.catalog.counters import install_counters
from bot.catalog.db import Catalog
from bot.config import PROJECT_ROOT

SCRIPTS = PROJECT_ROOT / "migrations"
FIRST = "0001"
# A table each later revision added: a catalog made by create_all holds the schema up to the last one found.
ADDED_BY = (("web_sessions", "0003"), ("number_series", "0002"))


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(catalog: Catalog) -> str | None:
    """Apply every pending migration; return the revision the catalog is at afterwards."""
    config = alembic_config(catalog.engine.url.render_as_string(hide_password=False))
    catalog.make_folder()
    with catalog.engine.begin() as connection:
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if "needs" in tables and "alembic_version" not in tables:
            # Made by create_all: before migrations existed that is revision 0001; today (tests) the head.
            command.stamp(config, next((revision for table, revision in ADDED_BY if table in tables), FIRST))
        command.upgrade(config, "head")
        revision = MigrationContext.configure(connection).get_current_revision()
    install_counters(catalog.engine)  # SQLite's counter triggers: created when missing, then one recount
    return revision


def current_revision(catalog: Catalog) -> str | None:
    with catalog.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
