"""tracking numbers handed out before the record

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 21:05:00

Until now a need's tracking number was its row id. The series continues after the highest id, so
every number given so far stays unique.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "number_series",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.execute("INSERT INTO number_series (name, next_value) SELECT 'need', COALESCE(MAX(id), 0) + 1 FROM needs")


def downgrade() -> None:
    op.drop_table("number_series")
