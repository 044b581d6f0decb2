"""the catalog as it was before migrations

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 19:21:22.319771
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('access_refusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('cadre_id', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('access_refusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_refusals_created_at'), ['created_at'], unique=False)

    op.create_table('need_counts',
    sa.Column('community_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('community_id', 'category', 'status', 'tier')
    )
    op.create_table('need_month_counts',
    sa.Column('community_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('community_id', 'month', 'category')
    )
    op.create_table('resource_counts',
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('community_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('town_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'community_id', 'town_id', 'status')
    )
    op.create_table('towns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('name')
    )
    op.create_table('communities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('common_name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('town_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_communities_town_id'), ['town_id'], unique=False)

    op.create_table('callbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('contact_by', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key')
    )
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callbacks_sender_id'), ['sender_id'], unique=False)

    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_id', sa.String(length=16), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('urgency', sa.String(length=4), nullable=False),
    sa.Column('keywords', sa.Text(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key'),
    sa.UniqueConstraint('tracking_id')
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index('ix_needs_community_status', ['community_id', 'status'], unique=False)
        batch_op.create_index('ix_needs_created_community', ['created_at', 'community_id', 'category'], unique=False)
        batch_op.create_index('ix_needs_open_by_community', ['community_id', 'id'], unique=False, sqlite_where=sa.text("status IN ('received', 'in_progress', 'reopened')"), postgresql_where=sa.text("status IN ('received', 'in_progress', 'reopened')"))
        batch_op.create_index('ix_needs_sender_created', ['sender_id', 'created_at'], unique=False)
        batch_op.create_index('ix_needs_status_category', ['status', 'category'], unique=False)

    op.create_table('registry_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('community_type', sa.String(length=16), nullable=True),
    sa.Column('is_pilot', sa.Boolean(), nullable=False),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=128), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('registry_changes', schema=None) as batch_op:
        batch_op.create_index('ix_registry_community', ['community_id', 'superseded_at', 'effective_on'], unique=False)

    op.create_table('resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tracking_id', sa.String(length=16), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('provider_type', sa.String(length=16), nullable=False),
    sa.Column('provider_name', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('resource_type', sa.String(length=8), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('town_id', sa.Integer(), nullable=True),
    sa.Column('available_time', sa.String(length=128), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('keywords', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['communities.id'], ),
    sa.ForeignKeyConstraint(['town_id'], ['towns.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key'),
    sa.UniqueConstraint('tracking_id')
    )
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resources_community_id'), ['community_id'], unique=False)
        batch_op.create_index('ix_resources_scope_status', ['scope', 'status', 'resource_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_resources_town_id'), ['town_id'], unique=False)

    op.create_table('matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('closed_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], ),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id', 'resource_id', name='uq_match_need_resource')
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index('ix_matches_need_status', ['need_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_resource_id'), ['resource_id'], unique=False)

    op.create_table('need_keywords',
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('keyword', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], ),
    sa.PrimaryKeyConstraint('need_id', 'keyword')
    )
    with op.batch_alter_table('need_keywords', schema=None) as batch_op:
        batch_op.create_index('ix_need_keywords_keyword', ['keyword', 'need_id'], unique=False)

    op.create_table('need_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('need_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_updates_need_id'), ['need_id'], unique=False)

    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('supporters', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id')
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index('ix_projects_tier', ['tier', 'supporters'], unique=False)
        batch_op.create_index('ix_projects_tier_need', ['tier', 'need_id'], unique=False)

    op.create_table('resource_keywords',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('keyword', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['resource_id'], ['resources.id'], ),
    sa.PrimaryKeyConstraint('resource_id', 'keyword')
    )
    with op.batch_alter_table('resource_keywords', schema=None) as batch_op:
        batch_op.create_index('ix_resource_keywords_keyword', ['keyword', 'resource_id'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('need_id', 'sender_id', name='uq_support_need_sender')
    )


def downgrade() -> None:
    op.drop_table('supports')
    with op.batch_alter_table('resource_keywords', schema=None) as batch_op:
        batch_op.drop_index('ix_resource_keywords_keyword')

    op.drop_table('resource_keywords')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_tier_need')
        batch_op.drop_index('ix_projects_tier')

    op.drop_table('projects')
    with op.batch_alter_table('need_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_updates_need_id'))

    op.drop_table('need_updates')
    with op.batch_alter_table('need_keywords', schema=None) as batch_op:
        batch_op.drop_index('ix_need_keywords_keyword')

    op.drop_table('need_keywords')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_resource_id'))
        batch_op.drop_index('ix_matches_need_status')

    op.drop_table('matches')
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resources_town_id'))
        batch_op.drop_index('ix_resources_scope_status')
        batch_op.drop_index(batch_op.f('ix_resources_community_id'))

    op.drop_table('resources')
    with op.batch_alter_table('registry_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_registry_community')

    op.drop_table('registry_changes')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index('ix_needs_status_category')
        batch_op.drop_index('ix_needs_sender_created')
        batch_op.drop_index('ix_needs_open_by_community', sqlite_where=sa.text("status IN ('received', 'in_progress', 'reopened')"), postgresql_where=sa.text("status IN ('received', 'in_progress', 'reopened')"))
        batch_op.drop_index('ix_needs_created_community')
        batch_op.drop_index('ix_needs_community_status')

    op.drop_table('needs')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callbacks_sender_id'))

    op.drop_table('callbacks')
    with op.batch_alter_table('communities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_communities_town_id'))

    op.drop_table('communities')
    op.drop_table('towns')
    op.drop_table('resource_counts')
    op.drop_table('need_month_counts')
    op.drop_table('need_counts')
    with op.batch_alter_table('access_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_refusals_created_at'))

    op.drop_table('access_refusals')
