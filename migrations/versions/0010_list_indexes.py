"""indexes for the paginated lists and the queue; pg_trgm text search on PostgreSQL

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# GIN trigram indexes serve the queue's `lower(x) LIKE '%text%'` searches on PostgreSQL.
# The models do not declare them (SQLite has no such index; its searches scan, README:
# Performance); tests/integration/test_migrations.py leaves names ending in _trgm aside.
TRIGRAM = (
    ('ix_errorgroup_quote_trgm', 'errorgroup', 'lower(quote)'),
    ('ix_report_comment_trgm', 'report', 'lower(comment)'),
    ('ix_article_title_trgm', 'article', 'lower(title)'),
    ('ix_article_slug_trgm', 'article', 'slug'),
)


def upgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index('ix_article_newest', ['published_at', 'id'], unique=False)
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index('ix_revision_created', ['created_at', 'id'], unique=False)
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.create_index(
            'ix_errorgroup_queue', ['status', 'reporter_count', 'last_seen'], unique=False
        )
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        return  # the searches still work, by scanning
    op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    schema = bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
            " WHERE e.extname = 'pg_trgm'"
        )
    ).scalar_one()
    for name, table, expression in TRIGRAM:
        op.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin (({expression}) "{schema}".gin_trgm_ops)'
        )


def downgrade() -> None:
    for name, _table, _expression in TRIGRAM:
        op.execute(f'DROP INDEX IF EXISTS {name}')
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.drop_index('ix_errorgroup_queue')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index('ix_revision_created')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index('ix_article_newest')
