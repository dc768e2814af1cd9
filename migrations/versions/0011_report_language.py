"""report language: the language the reader read in, for the outcome email

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('language', sa.String(length=35), nullable=False, server_default='en')
        )
    # Reports already sent read the article in its language.
    op.execute(
        "UPDATE report SET language = "
        "(SELECT article.language FROM article WHERE article.id = report.article_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('language')
