"""stylebook wrong forms: spellings a name must never appear as ("Kiev" for Kyiv)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stylename', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wrong', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('stylename', schema=None) as batch_op:
        batch_op.drop_column('wrong')
