"""audit log: where an entry came from (the command line), indexes for its filters

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('auditentry', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'via',
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default='',
            )
        )
        batch_op.create_index('ix_auditentry_action_id', ['action', 'id'], unique=False)
        batch_op.create_index('ix_auditentry_editor_id_id', ['editor_id', 'id'], unique=False)
        batch_op.create_index('ix_auditentry_via_id', ['via', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('auditentry', schema=None) as batch_op:
        batch_op.drop_index('ix_auditentry_via_id')
        batch_op.drop_index('ix_auditentry_editor_id_id')
        batch_op.drop_index('ix_auditentry_action_id')
        batch_op.drop_column('via')
