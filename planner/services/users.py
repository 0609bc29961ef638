"""Accounts of the web app: creation, password checks and the demo accounts.

Passwords are stored only as salted hashes (werkzeug's scrypt); a wrong
username and a wrong password look the same to the caller, so the sign-in
page does not reveal which accounts exist.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from planner.models import USER_ROLES, Staff, User

MIN_PASSWORD = 8

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
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password: at least {MIN_PASSWORD} characters")
    if session.scalar(select(User).where(User.username == username)):
        raise UserError(f"username: {username!r} already exists")
    user = User(username=username, password_hash=generate_password_hash(password), role=role)
    if staff_code:
        staff = session.scalar(select(Staff).where(Staff.code == staff_code))
        if staff is None:
            raise UserError(f"staff: no staff member with code {staff_code!r}")
        user.staff = staff
    session.add(user)
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this username and password, else None."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user


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
        user.role, user.active = role, True
        if role == "specialist" and user.staff is None:
            user.staff = first_staff
        passwords[username] = password
    session.flush()
    return passwords
