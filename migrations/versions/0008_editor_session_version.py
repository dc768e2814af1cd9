"""editor session version, group regressed revision

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('editor', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('regressed_revision', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.drop_column('regressed_revision')
    with op.batch_alter_table('editor', schema=None) as batch_op:
        batch_op.drop_column('session_version')
