"""The centres of a region's installation: list them, add one with its first head.

Only the installation-wide parts are here: a centre's own data is added by
its admin (import, data pages) once its head or admin can sign in. Counts
are read across every centre (``tenancy.ALL_CENTRES``): whoever calls this
sees how many accounts and open cases each centre has, never which.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.models import Agency, Centre, Family, User, tenancy
from planner.services import passwords
from planner.services.errors import CodedError
from planner.services.users import create_user

CODE_LENGTH, NAME_LENGTH = 40, 200
UNNAMED = "Центр"
"""The name a database's first centre gets from its migration (0015) before anyone names it."""


@dataclass(frozen=True)
class CentreRow:
    code: str
    name: str
    accounts: int
    open_cases: int


def centre_rows(session: Session) -> list[CentreRow]:
    """Every centre by code with its number of accounts and of open cases."""
    users = _per_centre(session, select(User.centre_id, func.count()).group_by(User.centre_id))
    cases = _per_centre(session, select(Family.centre_id, func.count()).where(Family.status == "open")
                        .group_by(Family.centre_id))
    return [CentreRow(c.code, c.name, users.get(c.id, 0), cases.get(c.id, 0))
            for c in session.scalars(select(Centre).order_by(Centre.code))]


def _per_centre(session: Session, query) -> dict[int, int]:
    return dict(session.execute(query.execution_options(**tenancy.ALL_CENTRES)).all())


def name_after_agencies(session: Session) -> None:
    """Give a centre still ``UNNAMED`` its own agency's name (code ``centre``), as its reports read
    before centres: an office's first import names its centre, as migration 0016 does for old ones."""
    for centre in session.scalars(select(Centre).where(Centre.name == UNNAMED)):
        name = session.scalar(select(Agency.name).where(Agency.code == "centre", Agency.centre_id == centre.id)
                              .execution_options(**tenancy.ALL_CENTRES))
        if name:
            centre.name = name[:NAME_LENGTH]


def add_centre(session: Session, code: str, name: str, head: tuple[str, str] | None = None) -> Centre:
    """Add the centre CODE called NAME and, with ``head`` (user name, password), its first head's
    account; the caller commits. A ``CodedError`` naming the ``field`` refuses bad input and
    nothing is added."""
    code, name = code.strip(), name.strip()
    if not code or len(code) > CODE_LENGTH or not name or len(name) > NAME_LENGTH:
        raise CodedError("CENTRE_FIELDS", f"give a code of at most {CODE_LENGTH} characters and a name of "
                         f"at most {NAME_LENGTH}", field="code" if not code or len(code) > CODE_LENGTH else "name")
    if session.scalar(select(Centre.id).where(Centre.code == code)) is not None:
        raise CodedError("CENTRE_EXISTS", f"code: centre {code!r} already exists", field="code", centre=code)
    if head is not None:
        _check_head(session, *head)
    centre = Centre(code=code, name=name)
    session.add(centre)
    session.flush()
    if head is not None:
        create_user(session, head[0], head[1], "head").centre_id = centre.id
        session.flush()
    return centre


def _check_head(session: Session, username: str, password: str) -> None:
    """The first head's account is refused before anything is added: all or nothing."""
    username = username.strip()
    if not username:
        raise CodedError("USERNAME_EMPTY", "username: must not be empty", field="username")
    taken = select(User.id).where(User.username == username).execution_options(**tenancy.ALL_CENTRES)
    if session.scalar(taken) is not None:
        raise CodedError("USERNAME_TAKEN", f"username: {username!r} already exists", field="username",
                         username=username)
    problem = passwords.problem_code(password, username)
    if problem:
        raise CodedError("WEAK_PASSWORD", f"password: {passwords.PROBLEMS[problem]}", field="password",
                         problem=problem)
