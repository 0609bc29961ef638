"""calls: the settlements a brigade stops at, and which call each stop belongs to (spec 1.1)

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('route') as batch_op:
        batch_op.add_column(sa.Column('calls', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('stop') as batch_op:
        batch_op.add_column(sa.Column('call', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stop') as batch_op:
        batch_op.drop_column('call')
    with op.batch_alter_table('route') as batch_op:
        batch_op.drop_column('calls')
