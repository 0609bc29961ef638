"""Accounts of the web app: creation, password checks and the demo accounts.

Passwords are stored only as salted hashes (werkzeug's scrypt) and must
pass ``passwords.problem``. A wrong username and a wrong password look the
same to the caller and take the same time (an unknown name is checked
against a stand-in hash), so the sign-in page does not reveal which
accounts exist. A new password or a deactivation ends the user's sign-ins.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from planner.models import USER_ROLES, Staff, User, tenancy
from planner.services import passwords, sign_ins

DEMO_ACCOUNTS = (("admin", "admin"), ("head", "head"), ("coordinator", "coordinator"),
                 ("specialist", "specialist"))
"""(username, role) of the demo accounts."""


class UserError(ValueError):
    """Bad account data; the message says which field and why."""


def create_user(session: Session, username: str, password: str, role: str,
                staff_code: str | None = None) -> User:
    """Add an account (the caller commits); refuses duplicates and weak input."""
    username = username.strip()
    if not username:
        raise UserError("username: must not be empty")
    if role not in USER_ROLES:
        raise UserError(f"role: {role!r} is not one of {', '.join(USER_ROLES)}")
    _check_password(password, username)
    if session.scalar(select(User).where(User.username == username).execution_options(**tenancy.ALL_CENTRES)):
        raise UserError(f"username: {username!r} already exists")
    user = User(username=username, password_hash=generate_password_hash(password), role=role)
    if staff_code:
        staff = session.scalar(select(Staff).where(Staff.code == staff_code))
        if staff is None:
            raise UserError(f"staff: no staff member with code {staff_code!r}")
        user.staff = staff
    session.add(user)
    return user


def _check_password(password: str, username: str) -> None:
    problem = passwords.problem(password, username)
    if problem:
        raise UserError(f"password: {problem}")


def set_password(session: Session, user: User, password: str) -> None:
    """A new password (policy checked); every sign-in of the user ends (the caller commits)."""
    _check_password(password, user.username)
    user.password_hash = generate_password_hash(password)
    sign_ins.end_all(session, user)


def deactivate(session: Session, user: User) -> None:
    """The user can no longer sign in, and is signed out everywhere (the caller commits)."""
    user.active = False
    sign_ins.end_all(session, user)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None.

    Exactly one password hash is checked whether or not the user exists,
    so the answer takes as long for a name that is not an account.
    """
    user = session.scalar(select(User).where(User.username == username.strip()))
    stored = user.password_hash if user is not None else _stand_in_hash()
    if not check_password_hash(stored, password) or user is None or not user.active:
        return None
    return user


_STAND_IN: list[str] = []


def _stand_in_hash() -> str:
    """A hash made like real ones (same method and cost) of a password nobody has."""
    if not _STAND_IN:
        _STAND_IN.append(generate_password_hash(secrets.token_urlsafe(16)))
    return _STAND_IN[0]


def ensure_demo_users(session: Session) -> dict[str, str]:
    """Create or refresh the demo accounts; return username -> password.

    Each run gives the four demo accounts fresh random passwords, which
    ``planner demo`` prints, so a demo database never carries a password
    that is written down anywhere. The demo specialist is linked to the
    first active staff member so that their schedule is not empty.
    """
    passwords = {}
    first_staff = session.scalar(select(Staff).where(Staff.active).order_by(Staff.code))
    for username, role in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = create_user(session, username, password, role)
        user.password_hash = generate_password_hash(password)
        sign_ins.end_all(session, user)
        user.role, user.active = role, True
        if role == "specialist" and user.staff is None:
            user.staff = first_staff
        passwords[username] = password
    session.flush()
    return passwords


def link_demo_specialist(session: Session, plan) -> Staff | None:
    """Link the demo ``specialist`` account to the person with the most visits in ``plan``,
    unless the staff member it is linked to already has some: the demo's specialist
    view should show a working week, not a part-timer's empty one."""
    user = session.scalar(select(User).where(User.username == "specialist"))
    if user is None or plan is None:
        return None
    visits: dict[str, int] = {}
    for route in plan.routes:
        for stop in route.stops:
            for code in stop.staff:
                visits[code] = visits.get(code, 0) + 1
    if not visits or (user.staff is not None and visits.get(user.staff.code)):
        return user.staff
    busiest = max(sorted(visits), key=visits.get)
    user.staff = session.scalar(select(Staff).where(Staff.code == busiest))
    session.flush()
    return user.staff
