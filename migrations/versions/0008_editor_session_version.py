"""editor session version, group regressed revision, report suggestion key

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
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggestion_key', sa.Text(), nullable=True))
    # Existing reports get their key, so a reader's look-alike repeat is caught for them too.
    from factcheck.domain.confusables import skeleton

    connection = op.get_bind()
    report = sa.table('report', sa.column('id', sa.Integer), sa.column('suggestion', sa.Text),
                      sa.column('suggestion_key', sa.Text))
    rows = connection.execute(sa.select(report.c.id, report.c.suggestion)).all()
    for row_id, suggestion in rows:
        connection.execute(
            report.update().where(report.c.id == row_id).values(suggestion_key=skeleton(suggestion))
        )


def downgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('suggestion_key')
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.drop_column('regressed_revision')
    with op.batch_alter_table('editor', schema=None) as batch_op:
        batch_op.drop_column('session_version')
