"""notice.failing_since: when a notice's current run of failed sends began

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch_op:
        batch_op.add_column(sa.Column('failing_since', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notice') as batch_op:
        batch_op.drop_column('failing_since')
