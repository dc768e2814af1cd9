"""editors' internal comments on a group

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('groupcomment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['editor.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['errorgroup.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('groupcomment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_groupcomment_group_id'), ['group_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('groupcomment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_groupcomment_group_id'))
    op.drop_table('groupcomment')
