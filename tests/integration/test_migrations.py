"""Schema migrations: a fresh catalog, a catalog made before migrations, and the models kept in step."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from bot.catalog.db import Catalog
from bot.catalog.migrate import alembic_config, current_revision, upgrade
from bot.catalog.models import Base, NeedRow
from bot.catalog.numbers import format_tracking_id
from bot.catalog.seed import seed_places
from bot.cli import main
from bot.needs.service import NeedDraft, file_need, find_need
from tests.integration.registry_fixture import file_needs

HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_a_fresh_catalog_is_migrated_to_exactly_the_models(tmp_path):
    catalog = Catalog(f"sqlite:///{tmp_path / 'fresh' / 'catalog.db'}")
    try:
        assert upgrade(catalog) == HEAD
        with catalog.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            triggers = connection.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).scalar()
        assert differences == []  # a model changed without a migration fails here
        assert triggers > 0  # the counters are kept from the first write on
        assert upgrade(catalog) == HEAD  # nothing pending: nothing happens
    finally:
        catalog.dispose()


def test_a_catalog_made_before_migrations_is_stamped_and_keeps_its_records(settings, catalog, gazetteer):
    filed = file_needs(catalog, gazetteer)  # the conftest catalog is made by create_all, as before migrations
    assert current_revision(catalog) is None
    assert upgrade(catalog) == HEAD
    with catalog.unit_of_work() as session:
        assert session.execute(select(func.count()).select_from(NeedRow)).scalar_one() == len(filed["tracking"])
    assert seed_places(catalog, gazetteer) == 0


def test_init_db_migrates_and_seeds(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'catalog.db'}")
    assert main(["init-db"]) == 0
    assert f"catalog ready at schema {HEAD}: 168 places added" in capsys.readouterr().out
    assert main(["init-db"]) == 0
    assert f"schema {HEAD}: 0 places added" in capsys.readouterr().out


def test_numbers_go_on_after_the_ids_of_a_catalog_made_before_the_series(settings, catalog, gazetteer):
    filed = file_needs(catalog, gazetteer)
    with catalog.engine.begin() as connection:  # as a catalog of revision 0001 was: no series, no sessions
        connection.execute(text("DROP TABLE number_series"))
        connection.execute(text("DROP TABLE web_sessions"))
        highest = connection.execute(select(func.max(NeedRow.id))).scalar_one()
    assert upgrade(catalog) == HEAD
    assert [find_need(catalog, t) is not None for t in filed["tracking"]] == [True] * len(filed["tracking"])
    draft = NeedDraft("南园社区居委会", "楼道灯坏了", "基础设施提升", "愁", None, "resident-after", "key-after")
    assert file_need(catalog, draft).tracking_id == format_tracking_id(highest + 1)
