"""centres as tenants: a centre table, every centre's row carries centre_id, codes unique per centre

Rows of an existing database all go to one default centre (code ``centre``).

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OWNED = (
    'district', 'settlement', 'depot', 'agency', 'staff', 'absence', 'vehicle', 'vehicle_unavailability',
    'family', 'visit_request', 'follow_up', 'cadence_rule', 'visit_record', 'protected_time', 'service',
    'venue', 'programme', 'enrolment', 'term', 'session', 'session_record', 'agency_contact',
    'expedition_series', 'expedition_trip', 'trip_answer', 'plan', 'route', 'stop', 'plan_job',
    'published_event', 'notice', 'territory', 'user', 'feed_token',
)
"""Every table whose rows belong to a centre (all but the centres themselves and sign-ins)."""
UNIQUE_PER_CENTRE = {
    'district': ('code',), 'settlement': ('code',), 'depot': ('code',), 'agency': ('code',),
    'staff': ('code',), 'vehicle': ('code',), 'family': ('case_code',), 'cadence_rule': ('code',),
    'protected_time': ('code',), 'service': ('code',), 'venue': ('code',), 'programme': ('code',),
    'term': ('code',), 'expedition_series': ('code',), 'plan': ('week', 'version'),
    'plan_job': ('active_week',),
}
"""Keys that were unique in the installation and are now unique within a centre."""
PUBLISHED = sa.text("status = 'published'")


def upgrade() -> None:
    centre = op.create_table(
        'centre',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_centre')),
        sa.UniqueConstraint('code', name=op.f('uq_centre_code')),
    )
    op.bulk_insert(centre, [{'code': 'centre', 'name': 'Центр'}])
    default = sa.select(sa.func.min(centre.c.id)).scalar_subquery()
    op.drop_index('uq_plan_published_week', table_name='plan')
    for table in OWNED:
        _own(table, default)
    op.create_index('uq_plan_published_week', 'plan', ['week', 'centre_id'], unique=True,
                    sqlite_where=PUBLISHED, postgresql_where=PUBLISHED)


def _own(table: str, default) -> None:
    """Add the table's centre_id, give its rows the default centre, make its keys per centre."""
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(sa.Column('centre_id', sa.Integer(), nullable=True))
    op.execute(sa.table(table, sa.column('centre_id')).update().values(centre_id=default))
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column('centre_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f(f'ix_{table}_centre_id'), ['centre_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f(f'fk_{table}_centre_id_centre'), 'centre', ['centre_id'], ['id'])
        key = UNIQUE_PER_CENTRE.get(table)
        if key:
            batch_op.drop_constraint(f'uq_{table}_{key[0]}', type_='unique')
            batch_op.create_unique_constraint(f'uq_{table}_{key[0]}', [*key, 'centre_id'])


def downgrade() -> None:
    op.drop_index('uq_plan_published_week', table_name='plan')
    for table in reversed(OWNED):
        with op.batch_alter_table(table) as batch_op:
            key = UNIQUE_PER_CENTRE.get(table)
            if key:
                batch_op.drop_constraint(f'uq_{table}_{key[0]}', type_='unique')
                batch_op.create_unique_constraint(f'uq_{table}_{key[0]}', list(key))
            batch_op.drop_constraint(f'fk_{table}_centre_id_centre', type_='foreignkey')
            batch_op.drop_index(f'ix_{table}_centre_id')
            batch_op.drop_column('centre_id')
    op.create_index('uq_plan_published_week', 'plan', ['week'], unique=True,
                    sqlite_where=PUBLISHED, postgresql_where=PUBLISHED)
    op.drop_table('centre')
