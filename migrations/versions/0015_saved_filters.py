"""editors' saved queue filters

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'savedfilter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('editor_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column('query', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['editor_id'], ['editor.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('editor_id', 'name'),
    )
    with op.batch_alter_table('savedfilter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_savedfilter_editor_id'), ['editor_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('savedfilter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_savedfilter_editor_id'))
    op.drop_table('savedfilter')
