"""centre.data_version: moves with every committed change of a centre's rows (what cached pages are keyed by)

Reports now name the centre by ``centre.name``: the default centre of a database from before
centres (still «Центр») takes the name its reports had, that of its agency coded ``centre``.

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
    agency = ("SELECT agency.name FROM agency WHERE agency.code = 'centre' "
              "AND agency.centre_id = centre.id")
    op.execute(f"UPDATE centre SET name = ({agency}) WHERE name = 'Центр' AND EXISTS ({agency})")


def downgrade() -> None:
    with op.batch_alter_table('centre') as batch:
        batch.drop_column('data_version')
