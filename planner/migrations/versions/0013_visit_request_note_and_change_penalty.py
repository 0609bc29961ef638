"""visit request note (what the brigade must know about an urgent visit) and a plan job's change penalty

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('visit_request') as batch_op:
        batch_op.add_column(sa.Column('note', sa.String(length=400), nullable=False, server_default=''))
    with op.batch_alter_table('plan_job') as batch_op:
        batch_op.add_column(sa.Column('change_penalty', sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('plan_job') as batch_op:
        batch_op.drop_column('change_penalty')
    with op.batch_alter_table('visit_request') as batch_op:
        batch_op.drop_column('note')
