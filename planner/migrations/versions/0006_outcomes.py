"""outcomes: service catalogue, people met, attendance, closure and follow-ups

Revision ID: 0006
Revises: 0005

Existing rows get the defaults: no services, nobody counted, a home visit.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service')),
    sa.UniqueConstraint('code', name=op.f('uq_service_code'))
    )
    op.create_table('session_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.Column('families', sa.Integer(), nullable=False),
    sa.Column('adults', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('children', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_session_record_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_record')),
    sa.UniqueConstraint('programme_id', 'date', name=op.f('uq_session_record_programme_id'))
    )
    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('years', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_follow_up_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up')),
    sa.UniqueConstraint('family_id', 'years', name=op.f('uq_follow_up_family_id'))
    )
    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closure_reason', sa.String(length=20), nullable=False, server_default=''))

    with op.batch_alter_table('visit_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=20), nullable=False, server_default='home'))
        batch_op.add_column(sa.Column('services', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('adults', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('children', sa.Integer(), nullable=False, server_default='0'))



def downgrade() -> None:
    with op.batch_alter_table('visit_record', schema=None) as batch_op:
        batch_op.drop_column('children')
        batch_op.drop_column('adults')
        batch_op.drop_column('services')
        batch_op.drop_column('mode')

    with op.batch_alter_table('family', schema=None) as batch_op:
        batch_op.drop_column('closure_reason')

    op.drop_table('follow_up')
    op.drop_table('session_record')
    op.drop_table('service')
