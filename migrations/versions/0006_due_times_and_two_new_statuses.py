"""needs carry their due times (签收, 联系, 办结) and their 督办; acknowledged and contacted are open statuses

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 23:50:00

Each need gets the times it must be acknowledged, its resident contacted and it finished by, worked out from the
time-limits file (TIME_LIMITS_FILE, else the shipped sample) for the needs already in the catalog too. The partial
index of open needs now names the two new open statuses. A need pressed for by a town or city cadre (督办) keeps when
and how many times.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_OPEN = "status IN ('received', 'in_progress', 'reopened')"
NEW_OPEN = "status IN ('received', 'acknowledged', 'contacted', 'in_progress', 'reopened')"
COLUMNS = ("acknowledge_by", "contact_by", "finish_by")


def upgrade() -> None:
    bind = op.get_bind()
    present = {c["name"] for c in sa.inspect(bind).get_columns("needs")}
    if "finish_by" not in present:  # a catalog made by create_all has them already
        with op.batch_alter_table("needs") as batch:
            for name in (*COLUMNS, "supervised_at"):
                batch.add_column(sa.Column(name, sa.DateTime(), nullable=True))
            batch.add_column(sa.Column("supervisions", sa.Integer(), nullable=False, server_default="0"))
            batch.create_index("ix_needs_status_finish_by", ["status", "finish_by"])
        _recreate_open_index(OLD_OPEN, NEW_OPEN)
    _fill_due_times(bind)


def downgrade() -> None:
    _recreate_open_index(NEW_OPEN, OLD_OPEN)
    with op.batch_alter_table("needs") as batch:
        batch.drop_index("ix_needs_status_finish_by")
        for name in (*COLUMNS, "supervised_at", "supervisions"):
            batch.drop_column(name)


def _recreate_open_index(old: str, new: str) -> None:
    with op.batch_alter_table("needs") as batch:
        batch.drop_index("ix_needs_open_by_community", sqlite_where=sa.text(old), postgresql_where=sa.text(old))
        batch.create_index("ix_needs_open_by_community", ["community_id", "id"], sqlite_where=sa.text(new),
                           postgresql_where=sa.text(new))


def _fill_due_times(bind) -> None:
    from bot.needs.deadlines import configured_limits

    limits = configured_limits()
    needs = sa.table("needs", sa.column("id"), sa.column("created_at"), sa.column("urgency"), sa.column("category"),
                     *(sa.column(name) for name in COLUMNS))
    rows = bind.execute(sa.select(needs.c.id, needs.c.created_at, needs.c.urgency, needs.c.category)
                        .where(needs.c.finish_by.is_(None))).all()
    for row in rows:
        due = limits.due(row.created_at, row.urgency, row.category)
        bind.execute(needs.update().where(needs.c.id == row.id).values(
            acknowledge_by=due.acknowledge_by, contact_by=due.contact_by, finish_by=due.finish_by))
