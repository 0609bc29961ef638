"""plan jobs: solves stored so every web process and worker sees them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:06:24.322055
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_job',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('active_week', sa.String(length=8), nullable=True),
    sa.Column('time_limit', sa.Double(), nullable=False),
    sa.Column('base_plan_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_plan_job_author_id_user')),
    sa.ForeignKeyConstraint(['base_plan_id'], ['plan.id'], name=op.f('fk_plan_job_base_plan_id_plan')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_job_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_job')),
    sa.UniqueConstraint('active_week', name=op.f('uq_plan_job_active_week'))
    )


def downgrade() -> None:
    op.drop_table('plan_job')
