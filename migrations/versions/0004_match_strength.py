"""a match's strength: evidenced (strong) or a suggestion (weak); what volunteers were told

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 17:00:00

A need counted as a priority project (先治理) on a match with no evidence inflated the catalog's central figure.
Matches now say whether the resource offers a capability the need requires (strong) or only fits its place and
type (weak, shown as 可能相关). Matches made before this revision carry no evidence and are weak; the tiers of
open needs are refreshed by the next matching run. volunteer_news keeps until when each volunteer was told of the
needs matched to their offers, so one who comes back hears only what is new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "volunteer_news" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "volunteer_news",
            sa.Column("sender_id", sa.String(length=128), nullable=False),
            sa.Column("told_until", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("sender_id"),
        )
    # A catalog made by create_all (stamped at the last revision whose table it holds) may have the column already.
    if "strength" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("matches")}:
        return
    with op.batch_alter_table("matches") as batch:
        batch.add_column(sa.Column("strength", sa.String(length=8), nullable=False, server_default="weak"))


def downgrade() -> None:
    op.drop_table("volunteer_news")
    with op.batch_alter_table("matches") as batch:
        batch.drop_column("strength")
