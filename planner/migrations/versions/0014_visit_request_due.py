"""visit request due date (the left-out list counts overdue days from it)

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('visit_request') as batch_op:
        batch_op.add_column(sa.Column('due', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('visit_request') as batch_op:
        batch_op.drop_column('due')
