"""call-backs (回访) on finished needs: contacted, solved, satisfaction, from chat or by phone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 00:40:00

The rates (响应率, 解决率, 满意率) are counted from them: the reporter's latest answer to each need.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "visits" in sa.inspect(op.get_bind()).get_table_names():  # made by create_all
        return
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("respondent", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("contacted", sa.Boolean(), nullable=True),
        sa.Column("solved", sa.Boolean(), nullable=True),
        sa.Column("satisfaction", sa.String(length=8), nullable=True),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_visits_need_created", "visits", ["need_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_visits_need_created", table_name="visits")
    op.drop_table("visits")
