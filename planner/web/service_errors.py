"""The services' refusals and a failed solve, in the user's language.

Services raise ``CodedError``s (a code and its values; the English text is for
the command line and the logs); this module words each code for the page. A
job's error is stored as text by whichever worker ran it, so the known ones
are matched and the rest said in general terms: an English sentence never
reaches a flash message or the job page.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from planner.services.errors import CodedError
from planner.services.passwords import MIN_LENGTH
from planner.services.planning import LOST_WORKER
from planner.web import labels


def _role(role: str) -> str:
    return str(labels.ROLES.get(role, role))


TEXTS = {
    "NO_TRIP": lambda p: _("There is no such expedition trip."),
    "NOT_DECLINED": lambda p: _("Trip %(n)s was not declined; only a declined trip is moved.", n=p["n"]),
    "NO_OTHER_DATE": lambda p: _("No other date of the term fits trip %(n)s around the confirmed trips.", n=p["n"]),
    "SERIES_EXISTS": lambda p: _("A series with the code %(code)s exists already.", code=p["series"]),
    "RECEPTION_OUTSIDE": lambda p: _("The reception point %(venue)s is not in a district of the series.",
                                     venue=p["venue"]),
    "TWO_RECEPTIONS": lambda p: _("Two reception points in %(district)s; choose one.", district=p["district"]),
    "MEETING_ROLES": lambda p: _("The planning meeting's roles (%(roles)s) must be roles of the trip.",
                                 roles=", ".join(_role(r) for r in p["roles"])),
    "NOBODY_WITH_ROLE": lambda p: _("Nobody in the team's pool is a %(role)s.", role=_role(p["role"])),
    "LOCKED_CONFLICT": lambda p: _("The sessions placed by hand break a rule of the timetable; "
                                   "unlock one of them and try again."),
    "NO_TIMETABLE": lambda p: _("No timetable was found in %(seconds)s s; try again.", seconds=p["seconds"]),
    "NO_SESSION": lambda p: _("The term has no session %(n)s of %(programme)s.", n=p["n"], programme=p["programme"]),
    "PAST": lambda p: _("Session %(n)s of %(programme)s or its new date is in the past; held sessions stay "
                        "as they were.", n=p["n"], programme=p["programme"]),
    "UNKNOWN_VENUE": lambda p: _("There is no venue %(venue)s.", venue=p["venue"]),
    "NO_TERM": lambda p: _("There is no term %(term)s.", term=p["term"]),
    "CENTRE_FIELDS": lambda p: _("Give a code of at most 40 characters and a name of at most 200."),
    "CENTRE_EXISTS": lambda p: _("A centre with the code %(code)s exists already.", code=p["centre"]),
    "USERNAME_EMPTY": lambda p: _("Give a user name."),
    "USERNAME_TAKEN": lambda p: _("The user name %(username)s is taken (user names are unique in the whole "
                                  "installation).", username=p["username"]),
    "WEAK_PASSWORD": lambda p: PASSWORD_PROBLEMS[p["problem"]](),
}
PASSWORD_PROBLEMS = {
    "short": lambda: _("The password needs at least %(count)s characters besides spaces.", count=MIN_LENGTH),
    "few": lambda: _("The password needs at least 4 different characters."),
    "run": lambda: _("The password must not be a run of consecutive characters such as 12345678."),
    "common": lambda: _("The password is too common: it is among the first any guesser tries."),
    "name": lambda: _("The password must not contain the user name."),
}
"""``passwords.PROBLEMS`` in the user's words."""


def say(error: CodedError) -> str:
    """The service's refusal in the user's words."""
    text = TEXTS.get(error.code)
    return text(error.params) if text else _("The change could not be made.")


JOB_ERRORS = (
    (re.compile(re.escape(LOST_WORKER) + r"\Z"),
     lambda m: _("The worker running this solve stopped (killed or restarted); the plans of the week are "
                 "unchanged. Start it again.")),
    (re.compile(r"SolveFailed: no answer within (?P<seconds>\d+) s\Z"),
     lambda m: _("The solver gave no answer within %(seconds)s s; the plans of the week are unchanged.",
                 seconds=m["seconds"])),
)


def job_error(text: str) -> str:
    """A failed job's stored error as the head reads it ('' when there is none)."""
    if not text:
        return ""
    for pattern, say_it in JOB_ERRORS:
        match = pattern.match(text)
        if match:
            return say_it(match)
    return _("The solve failed; the plans of the week are unchanged. Try again, or tell the administrator.")
