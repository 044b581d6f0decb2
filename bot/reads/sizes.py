"""How many needs and resources the catalog holds, for the operators' metrics."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.catalog.db import Catalog
from bot.catalog.models import NeedRow, ResourceRow


def catalog_sizes(catalog: Catalog) -> tuple[int, int]:
    with catalog.unit_of_work() as session:
        needs = session.execute(select(func.count()).select_from(NeedRow)).scalar_one()
        resources = session.execute(select(func.count()).select_from(ResourceRow)).scalar_one()
    return needs, resources
