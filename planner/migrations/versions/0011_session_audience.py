"""session.audience: everyone ever on a session, so one taken off sees it cancelled

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('session') as batch_op:
        batch_op.add_column(sa.Column('audience', sa.JSON(), nullable=False, server_default='[]'))
    op.execute("UPDATE session SET audience = staff")


def downgrade() -> None:
    with op.batch_alter_table('session') as batch_op:
        batch_op.drop_column('audience')
