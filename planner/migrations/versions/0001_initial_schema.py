"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 17:46:42.176699
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('weekly', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('code', name=op.f('uq_agency_code'))
    )
    op.create_table('district',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('speed_kmh', sa.Double(), nullable=False),
    sa.Column('detour', sa.Double(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district')),
    sa.UniqueConstraint('code', name=op.f('uq_district_code'))
    )
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.Column('cadence', sa.JSON(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('staff_pool', sa.JSON(), nullable=False),
    sa.Column('venues', sa.JSON(), nullable=False),
    sa.Column('same_staff', sa.Boolean(), nullable=False),
    sa.Column('same_slot', sa.Boolean(), nullable=False),
    sa.Column('earliest', sa.Date(), nullable=True),
    sa.Column('latest', sa.Date(), nullable=True),
    sa.Column('preferred', sa.JSON(), nullable=False),
    sa.Column('audience', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('code', name=op.f('uq_programme_code'))
    )
    op.create_table('term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('closed_dates', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term')),
    sa.UniqueConstraint('code', name=op.f('uq_term_code'))
    )
    op.create_table('depot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_depot_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_depot')),
    sa.UniqueConstraint('code', name=op.f('uq_depot_code'))
    )
    op.create_table('settlement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('road_note', sa.String(length=400), nullable=False),
    sa.Column('needs_4x4_in_thaw', sa.Boolean(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_settlement_district_id_district')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settlement')),
    sa.UniqueConstraint('code', name=op.f('uq_settlement_code'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('depot_id', sa.Integer(), nullable=False),
    sa.Column('weekly_hours', sa.Double(), nullable=False),
    sa.Column('weekly', sa.JSON(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_staff_agency_id_agency')),
    sa.ForeignKeyConstraint(['depot_id'], ['depot.id'], name=op.f('fk_staff_depot_id_depot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('code', name=op.f('uq_staff_code'))
    )
    op.create_table('vehicle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('depot_id', sa.Integer(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('cost_per_km', sa.Double(), nullable=False),
    sa.Column('fixed_cost', sa.Double(), nullable=False),
    sa.Column('max_drive_minutes', sa.Integer(), nullable=False),
    sa.Column('four_wd', sa.Boolean(), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('end_time', sa.String(length=5), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['depot_id'], ['depot.id'], name=op.f('fk_vehicle_depot_id_depot')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle')),
    sa.UniqueConstraint('code', name=op.f('uq_vehicle_code'))
    )
    op.create_table('venue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('weekly', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['settlement_id'], ['settlement.id'], name=op.f('fk_venue_settlement_id_settlement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_venue')),
    sa.UniqueConstraint('code', name=op.f('uq_venue_code'))
    )
    op.create_table('absence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_absence_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence'))
    )
    op.create_table('family',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_code', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('curator_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('intake_date', sa.Date(), nullable=True),
    sa.Column('agreement_date', sa.Date(), nullable=True),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('consent_withdrawn', sa.Boolean(), nullable=False),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('dependence', sa.Boolean(), nullable=False),
    sa.Column('legal_question', sa.Boolean(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('contact_email', sa.String(length=200), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('notice_channel', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['curator_id'], ['staff.id'], name=op.f('fk_family_curator_id_staff')),
    sa.ForeignKeyConstraint(['settlement_id'], ['settlement.id'], name=op.f('fk_family_settlement_id_settlement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family')),
    sa.UniqueConstraint('case_code', name=op.f('uq_family_case_code'))
    )
    op.create_table('session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start', sa.String(length=5), nullable=False),
    sa.Column('end', sa.String(length=5), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('staff', sa.JSON(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_session_programme_id_programme')),
    sa.ForeignKeyConstraint(['term_id'], ['term.id'], name=op.f('fk_session_term_id_term')),
    sa.ForeignKeyConstraint(['venue_id'], ['venue.id'], name=op.f('fk_session_venue_id_venue')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session')),
    sa.UniqueConstraint('term_id', 'programme_id', 'n', name=op.f('uq_session_term_id'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_user_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('vehicle_unavailability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicle.id'], name=op.f('fk_vehicle_unavailability_vehicle_id_vehicle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle_unavailability'))
    )
    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_enrolment_family_id_family')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_enrolment_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment')),
    sa.UniqueConstraint('programme_id', 'family_id', name=op.f('uq_enrolment_programme_id'))
    )
    op.create_table('feed_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_feed_token_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_token')),
    sa.UniqueConstraint('digest', name=op.f('uq_feed_token_digest'))
    )
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('request', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_plan_author_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('week', 'version', name=op.f('uq_plan_week'))
    )
    op.create_table('visit_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=False),
    sa.Column('dates', sa.JSON(), nullable=False),
    sa.Column('time_windows', sa.JSON(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('mandatory', sa.Boolean(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('purpose', sa.String(length=60), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_visit_request_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_request'))
    )
    op.create_table('route',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('crew', sa.JSON(), nullable=False),
    sa.Column('depart', sa.String(length=5), nullable=False),
    sa.Column('return', sa.String(length=5), nullable=False),
    sa.Column('meters', sa.Integer(), nullable=False),
    sa.Column('drive_minutes', sa.Integer(), nullable=False),
    sa.Column('lunch_start', sa.String(length=5), nullable=True),
    sa.Column('lunch_end', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_route_plan_id_plan')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicle.id'], name=op.f('fk_route_vehicle_id_vehicle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_route'))
    )
    op.create_table('stop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=False),
    sa.Column('visit_request_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('arrive', sa.String(length=5), nullable=False),
    sa.Column('start', sa.String(length=5), nullable=False),
    sa.Column('end', sa.String(length=5), nullable=False),
    sa.Column('staff', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('outcome_note', sa.String(length=400), nullable=False),
    sa.Column('outcome_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['route_id'], ['route.id'], name=op.f('fk_stop_route_id_route')),
    sa.ForeignKeyConstraint(['visit_request_id'], ['visit_request.id'], name=op.f('fk_stop_visit_request_id_visit_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stop'))
    )


def downgrade() -> None:
    op.drop_table('stop')
    op.drop_table('route')
    op.drop_table('visit_request')
    op.drop_table('plan')
    op.drop_table('feed_token')
    op.drop_table('enrolment')
    op.drop_table('vehicle_unavailability')
    op.drop_table('user')
    op.drop_table('session')
    op.drop_table('family')
    op.drop_table('absence')
    op.drop_table('venue')
    op.drop_table('vehicle')
    op.drop_table('staff')
    op.drop_table('settlement')
    op.drop_table('depot')
    op.drop_table('term')
    op.drop_table('programme')
    op.drop_table('district')
    op.drop_table('agency')
