"""rate counters: each need's part in the rates, summed per community and day and month

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 06:30:00

Kept by SQLite triggers (bot/catalog/rate_counters.py), created and filled by install_counters after the
migrations; on PostgreSQL the tables stay empty and the rates are counted from the needs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COUNTED = ("visits", "supporter_visits", "contacted", "contacted_answers", "solved", "solved_answers", "satisfied",
           "basically_satisfied", "satisfaction_answers", "acknowledge_settled", "acknowledged_in_time",
           "finish_settled", "finished_in_time", "reopened", "ever_finished", "acknowledge_unmet", "finish_unmet")


def _counts() -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in COUNTED]


def upgrade() -> None:
    if "need_rate_facts" in sa.inspect(op.get_bind()).get_table_names():  # made by create_all
        return
    op.create_table(
        "need_rate_facts",
        sa.Column("need_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("acknowledge_pending", sa.DateTime(), nullable=True),
        sa.Column("finish_pending", sa.DateTime(), nullable=True),
        *_counts(),
        sa.PrimaryKeyConstraint("need_id"),
    )
    for kind in ("acknowledge", "finish"):
        op.create_index(f"ix_rate_facts_{kind}_pending", "need_rate_facts", [f"{kind}_pending", "community_id", "day"],
                        sqlite_where=sa.text(f"{kind}_pending IS NOT NULL"))
    for table, period, length in (("rate_day_counts", "day", 10), ("rate_month_counts", "month", 7)):
        op.create_table(
            table,
            sa.Column("community_id", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column(period, sa.String(length=length), nullable=False),
            sa.Column("needs", sa.Integer(), nullable=False),
            *_counts(),
            sa.PrimaryKeyConstraint("community_id", period),
        )
    op.create_index("ix_rate_day_counts_day", "rate_day_counts", ["day"])


def downgrade() -> None:
    op.drop_index("ix_rate_day_counts_day", table_name="rate_day_counts")
    op.drop_table("rate_month_counts")
    op.drop_table("rate_day_counts")
    for kind in ("acknowledge", "finish"):
        op.drop_index(f"ix_rate_facts_{kind}_pending", table_name="need_rate_facts")
    op.drop_table("need_rate_facts")
