"""/corrections: a partial index of the revisions that carry a correction note, newest first

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    noted = sa.text('note IS NOT NULL')
    op.create_index(
        'ix_revision_noted',
        'revision',
        ['created_at', 'id'],
        postgresql_where=noted,
        sqlite_where=noted,
    )


def downgrade() -> None:
    op.drop_index('ix_revision_noted', table_name='revision')
