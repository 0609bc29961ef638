"""precinct principle: territories, caseload limits, curator rule, codes of rules and protected time

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'territory',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('settlement_id', sa.Integer(), nullable=False),
        sa.Column('curator_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['settlement_id'], ['settlement.id']),
        sa.ForeignKeyConstraint(['curator_id'], ['staff.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('settlement_id'),
    )
    with op.batch_alter_table('staff') as batch_op:
        batch_op.add_column(sa.Column('caseload_limit', sa.Integer(), nullable=False, server_default='15'))
    with op.batch_alter_table('cadence_rule') as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('curator', sa.String(length=10), nullable=False,
                                      server_default='preferred'))
    with op.batch_alter_table('protected_time') as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=60), nullable=True))
    # Rows written before codes existed get one from their id.
    op.execute("UPDATE cadence_rule SET code = 'rule-' || id WHERE code IS NULL")
    op.execute("UPDATE protected_time SET code = 'block-' || id WHERE code IS NULL")
    with op.batch_alter_table('cadence_rule') as batch_op:
        batch_op.alter_column('code', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint('uq_cadence_rule_code', ['code'])
    with op.batch_alter_table('protected_time') as batch_op:
        batch_op.alter_column('code', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint('uq_protected_time_code', ['code'])


def downgrade() -> None:
    with op.batch_alter_table('protected_time') as batch_op:
        batch_op.drop_constraint('uq_protected_time_code', type_='unique')
        batch_op.drop_column('code')
    with op.batch_alter_table('cadence_rule') as batch_op:
        batch_op.drop_constraint('uq_cadence_rule_code', type_='unique')
        batch_op.drop_column('curator')
        batch_op.drop_column('code')
    with op.batch_alter_table('staff') as batch_op:
        batch_op.drop_column('caseload_limit')
    op.drop_table('territory')
