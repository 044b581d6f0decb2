"""a support (附议) counts once per web client address, need and day

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 23:30:00

Every web request without a cookie is a new resident, so a script could support one need without limit. A support
from the web now carries its client's address as a keyed hash that changes each day; one per need and hash. Supports
made before this revision (and WeChat's, whose followers are known by openid) have none and are left as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A catalog made by create_all (stamped at the last revision whose table it holds) may have the column already.
    if "client_key" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("supports")}:
        return
    with op.batch_alter_table("supports") as batch:
        batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_support_need_client", ["need_id", "client_key"])


def downgrade() -> None:
    with op.batch_alter_table("supports") as batch:
        batch.drop_constraint("uq_support_need_client", type_="unique")
        batch.drop_column("client_key")
