"""call-backs asked in chat: which need, whom, how often, answered or not

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 02:30:00

A resident is asked about a finished need at most twice, a day apart; the answer is taken for the need asked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "visit_asks" in sa.inspect(op.get_bind()).get_table_names():  # made by create_all
        return
    op.create_table(
        "visit_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("respondent", sa.String(length=16), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("need_id", "sender_id", name="uq_visit_ask_need_sender"),
    )
    op.create_index("ix_visit_asks_sender", "visit_asks", ["sender_id"])


def downgrade() -> None:
    op.drop_index("ix_visit_asks_sender", table_name="visit_asks")
    op.drop_table("visit_asks")
