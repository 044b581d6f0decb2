"""Fill the place tables with the gazetteer's towns and communities (idempotent)."""

from __future__ import annotations

from sqlalchemy import select

from bot.catalog.db import Catalog
from bot.catalog.models import CommunityRow, TownRow
from bot.places import Gazetteer


def seed_places(catalog: Catalog, gazetteer: Gazetteer) -> int:
    """Insert the towns and communities not yet in the catalog; return how many were added."""
    added = 0
    with catalog.unit_of_work() as session:
        towns = {row.name: row for row in session.execute(select(TownRow)).scalars()}
        for town in gazetteer.towns:
            if town.name not in towns:
                towns[town.name] = TownRow(code=town.code, name=town.name)
                session.add(towns[town.name])
                added += 1
        session.flush()
        known = set(session.execute(select(CommunityRow.code)).scalars())
        for community in gazetteer.communities:
            if community.code in known:
                continue
            session.add(
                CommunityRow(
                    code=community.code,
                    name=community.name,
                    common_name=community.common_name,
                    kind=community.kind,
                    town_id=towns[community.town].id,
                )
            )
            added += 1
    return added


def create_catalog(database_url: str, gazetteer: Gazetteer) -> None:
    """A catalog ready to use: the schema, its counters, and Taicang's places (tests, benchmarks, init-db)."""
    catalog = Catalog(database_url)
    try:
        catalog.create_schema()
        seed_places(catalog, gazetteer)
    finally:
        catalog.dispose()
