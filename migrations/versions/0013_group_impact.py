"""the queue's impact rank: an editor-set priority and a stored, indexed rank per group

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

import json
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

from factcheck.domain import triage as ranking


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

BATCH = 1000
# The open queue in each sort (models.WAITING): partial indexes walked in order.
WAITING_INDEXES = (
    ('ix_errorgroup_waiting_impact', ['impact', 'id']),
    ('ix_errorgroup_waiting_first_seen', ['first_seen', 'id']),
    ('ix_errorgroup_waiting_readers', ['reporter_count', 'last_seen', 'id']),
)


def upgrade() -> None:
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('impact', sa.Float(), nullable=False, server_default='0'))
        batch_op.create_index('ix_errorgroup_impact', ['status', 'impact', 'id'], unique=False)
        batch_op.create_index(
            'ix_errorgroup_first_seen', ['status', 'first_seen', 'id'], unique=False
        )
    waiting = sa.text("status IN ('open', 'snoozed')")
    for name, columns in WAITING_INDEXES:
        op.create_index(
            name, 'errorgroup', columns, postgresql_where=waiting, sqlite_where=waiting
        )
    # Rank the groups there are, a batch at a time (the app re-ranks a group on every write).
    bind = op.get_bind()
    groups = sa.table(
        'errorgroup', sa.column('id', sa.Integer), sa.column('impact', sa.Float)
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                'SELECT id, reporter_count, report_count, candidates, found_by_checker, kind,'
                ' last_seen, regressed_revision FROM errorgroup WHERE id > :last'
                ' ORDER BY id LIMIT :batch'
            ),
            {'last': last, 'batch': BATCH},
        ).all()
        if not rows:
            break
        bind.execute(
            groups.update().where(groups.c.id == sa.bindparam('group_id')),
            [{'group_id': row.id, 'impact': _impact(row)} for row in rows],
        )
        last = rows[-1].id


def _impact(row: sa.Row) -> float:
    try:
        candidates = json.loads(row.candidates or '[]')
        agreeing = int(candidates[0].get('count', 0)) if candidates else 0
    except (ValueError, TypeError, AttributeError, IndexError):
        agreeing = 0
    seen = row.last_seen
    if isinstance(seen, str):  # SQLite hands back text
        seen = datetime.fromisoformat(seen)
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    return ranking.impact(
        ranking.Signals(
            reporters=row.reporter_count or 0,
            reports=row.report_count or 0,
            agreeing=agreeing,
            checker=bool(row.found_by_checker),
            kind=row.kind,
            priority=0,
            last_seen=seen,
            regressed=row.regressed_revision is not None,
        )
    )


def downgrade() -> None:
    for name, _columns in WAITING_INDEXES:
        op.drop_index(name, table_name='errorgroup')
    with op.batch_alter_table('errorgroup', schema=None) as batch_op:
        batch_op.drop_index('ix_errorgroup_first_seen')
        batch_op.drop_index('ix_errorgroup_impact')
        batch_op.drop_column('impact')
        batch_op.drop_column('priority')
