"""centre.data_version: moves with every committed change of a centre's rows (what cached pages are keyed by)

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('centre') as batch:
        batch.add_column(sa.Column('data_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('centre') as batch:
        batch.drop_column('data_version')
