"""pilot cases (试点特色案例): a resolved need held up as an example, with a title and a short account

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 02:40:00

Listed per town and included in the mid-term evaluation report (中期评估).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "cases" in sa.inspect(op.get_bind()).get_table_names():  # made by create_all
        return
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("need_id"),
    )


def downgrade() -> None:
    op.drop_table("cases")
