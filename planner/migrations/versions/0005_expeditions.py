"""expeditions: series, trips, partners' answers, agency contacts

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_agency_contact_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_contact')),
    sa.UniqueConstraint('agency_id', name=op.f('uq_agency_contact_agency_id'))
    )
    op.create_table('expedition_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=False),
    sa.Column('vehicle_id', sa.Integer(), nullable=False),
    sa.Column('districts', sa.JSON(), nullable=False),
    sa.Column('trips', sa.Integer(), nullable=False),
    sa.Column('cadence', sa.JSON(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('staff_pool', sa.JSON(), nullable=False),
    sa.Column('reception', sa.JSON(), nullable=False),
    sa.Column('reception_minutes', sa.Integer(), nullable=False),
    sa.Column('meeting_minutes', sa.Integer(), nullable=False),
    sa.Column('meeting_roles', sa.JSON(), nullable=False),
    sa.Column('meeting_days_before', sa.JSON(), nullable=False),
    sa.Column('meeting_venues', sa.JSON(), nullable=False),
    sa.Column('earliest', sa.Date(), nullable=True),
    sa.Column('latest', sa.Date(), nullable=True),
    sa.Column('preferred', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['organiser_id'], ['agency.id'], name=op.f('fk_expedition_series_organiser_id_agency')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicle.id'], name=op.f('fk_expedition_series_vehicle_id_vehicle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expedition_series')),
    sa.UniqueConstraint('code', name=op.f('uq_expedition_series_code'))
    )
    op.create_table('expedition_trip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start', sa.String(length=5), nullable=False),
    sa.Column('end', sa.String(length=5), nullable=False),
    sa.Column('staff', sa.JSON(), nullable=False),
    sa.Column('reception_venue_id', sa.Integer(), nullable=True),
    sa.Column('reception_start', sa.String(length=5), nullable=True),
    sa.Column('reception_end', sa.String(length=5), nullable=True),
    sa.Column('meeting_date', sa.Date(), nullable=True),
    sa.Column('meeting_start', sa.String(length=5), nullable=True),
    sa.Column('meeting_end', sa.String(length=5), nullable=True),
    sa.Column('meeting_venue_id', sa.Integer(), nullable=True),
    sa.Column('meeting_staff', sa.JSON(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_expedition_trip_district_id_district')),
    sa.ForeignKeyConstraint(['meeting_venue_id'], ['venue.id'], name=op.f('fk_expedition_trip_meeting_venue_id_venue')),
    sa.ForeignKeyConstraint(['reception_venue_id'], ['venue.id'], name=op.f('fk_expedition_trip_reception_venue_id_venue')),
    sa.ForeignKeyConstraint(['series_id'], ['expedition_series.id'], name=op.f('fk_expedition_trip_series_id_expedition_series')),
    sa.ForeignKeyConstraint(['term_id'], ['term.id'], name=op.f('fk_expedition_trip_term_id_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expedition_trip')),
    sa.UniqueConstraint('series_id', 'term_id', 'n', name=op.f('uq_expedition_trip_series_id'))
    )
    op.create_table('trip_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trip_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=400), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['agency_contact.id'], name=op.f('fk_trip_answer_contact_id_agency_contact')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_trip_answer_staff_id_staff')),
    sa.ForeignKeyConstraint(['trip_id'], ['expedition_trip.id'], name=op.f('fk_trip_answer_trip_id_expedition_trip')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trip_answer')),
    sa.UniqueConstraint('digest', name=op.f('uq_trip_answer_digest'))
    )


def downgrade() -> None:
    op.drop_table('trip_answer')
    op.drop_table('expedition_trip')
    op.drop_table('expedition_series')
    op.drop_table('agency_contact')
