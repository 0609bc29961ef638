"""server-side sign-ins, sign-in failures for throttling, one published plan per week

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

PUBLISHED = sa.text("status = 'published'")


def upgrade() -> None:
    op.create_table(
        'sign_in',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('digest'),
    )
    op.create_index('ix_sign_in_user_id', 'sign_in', ['user_id'])
    op.create_table(
        'sign_in_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('username', 'address', 'at'):
        op.create_index(f'ix_sign_in_failure_{column}', 'sign_in_failure', [column])
    # a week published twice by the race this index prevents keeps its newest version
    op.execute("UPDATE plan SET status = 'superseded' WHERE status = 'published' AND id NOT IN "
               "(SELECT MAX(id) FROM plan WHERE status = 'published' GROUP BY week)")
    op.create_index('uq_plan_published_week', 'plan', ['week'], unique=True,
                    sqlite_where=PUBLISHED, postgresql_where=PUBLISHED)


def downgrade() -> None:
    op.drop_index('uq_plan_published_week', table_name='plan')
    op.drop_table('sign_in_failure')
    op.drop_table('sign_in')
