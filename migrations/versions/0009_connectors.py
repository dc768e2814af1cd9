"""CMS connectors: the connector, its delivery log, an article's external id and source

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'connector',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('base_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('secret', sa.Text(), nullable=False),
        sa.Column('note_placement', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column('synced_until', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column('last_sync_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_sync_error', sa.Text(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('site_id'),
    )
    op.create_table(
        'cmsdelivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('connector_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['connector_id'], ['connector.id']),
        sa.ForeignKeyConstraint(['article_id'], ['article.id']),
        sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('cmsdelivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cmsdelivery_connector_id'), ['connector_id'])
        batch_op.create_index(batch_op.f('ix_cmsdelivery_article_id'), ['article_id'])
        batch_op.create_index(batch_op.f('ix_cmsdelivery_outbox_id'), ['outbox_id'])
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                'external_modified', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True
            )
        )
        batch_op.add_column(sa.Column('external_source', sa.Text(), nullable=True))
        batch_op.create_unique_constraint('uq_article_site_external', ['site_id', 'external_id'])


def downgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_constraint('uq_article_site_external', type_='unique')
        batch_op.drop_column('external_source')
        batch_op.drop_column('external_modified')
        batch_op.drop_column('external_id')
    op.drop_table('cmsdelivery')
    op.drop_table('connector')
