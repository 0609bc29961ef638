"""SQLAlchemy models, one module per aggregate; import from here."""

from planner.models.base import Base
from planner.models.catalogue import Service
from planner.models.centre import Centre, CentreOwned
from planner.models.demand import (
    CONTACT_MODES, CURATOR_RULES, PURPOSES, CadenceRule, ProtectedTime, VisitRecord,
)
from planner.models.family import (
    CATEGORIES, CLOSURE_REASONS, FOLLOW_UP_RESULTS, FOLLOW_UP_YEARS, Family, FollowUp,
    VisitRequest,
)
from planner.models.expedition import (
    ANSWER_STATUSES,
    AgencyContact,
    ExpeditionSeries,
    ExpeditionTrip,
    TripAnswer,
)
from planner.models.fleet import Vehicle, VehicleUnavailability
from planner.models.geography import Depot, District, Settlement
from planner.models.notice import NOTICE_STATUSES, Notice
from planner.models.precinct import Territory
from planner.models.plan import OUTCOMES, PLAN_STATUSES, Plan, Route, Stop
from planner.models.plan_job import JOB_STATES, PlanJob
from planner.models.publication import EVENT_KINDS, EVENT_STATUSES, PublishedEvent
from planner.models.programme import (
    PROGRAMME_KINDS,
    Enrolment,
    Programme,
    Session,
    SessionRecord,
    Term,
    Venue,
)
from planner.models.staff import CASELOAD_LIMIT, ROLES, WEEKDAYS, Absence, Agency, Staff
from planner.models.user import FEED_KINDS, USER_ROLES, FeedToken, SignIn, SignInFailure, User
from planner.models import tenancy  # noqa: E402,F401  the hooks that scope sessions to a centre
from planner.models import data_version  # noqa: E402,F401  the hooks that move a centre's data version

__all__ = [
    "Base", "CATEGORIES", "Family", "VisitRequest", "Vehicle", "VehicleUnavailability",
    "Depot", "District", "Settlement", "OUTCOMES", "PLAN_STATUSES", "Plan", "Route", "Stop",
    "PROGRAMME_KINDS", "Enrolment", "Programme", "Session", "Term", "Venue", "ROLES",
    "WEEKDAYS", "Absence", "Agency", "Staff", "FEED_KINDS", "USER_ROLES", "FeedToken", "SignIn",
    "SignInFailure", "User",
    "NOTICE_STATUSES", "Notice", "EVENT_KINDS", "EVENT_STATUSES", "PublishedEvent",
    "PURPOSES", "CadenceRule", "ProtectedTime", "VisitRecord", "CONTACT_MODES", "Service",
    "CLOSURE_REASONS", "FOLLOW_UP_RESULTS", "FOLLOW_UP_YEARS", "FollowUp", "SessionRecord",
    "ANSWER_STATUSES", "AgencyContact", "ExpeditionSeries", "ExpeditionTrip", "TripAnswer",
    "JOB_STATES", "PlanJob",
    "CURATOR_RULES", "Territory", "CASELOAD_LIMIT", "Centre", "CentreOwned", "tenancy",
]
