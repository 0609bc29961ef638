"""``planner create-admin`` and ``planner create-user``: accounts of the web app.

The password comes from a hidden prompt or, for scripts, from standard
input (``--password-stdin``); it is never a command-line argument, which
would leave it in the shell history and the process list.
"""

from __future__ import annotations

import sys

import click

from planner.db import transaction
from planner.models import USER_ROLES
from planner.services.users import UserError, create_user


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _create(ctx: click.Context, username: str, role: str, staff: str | None,
            password_stdin: bool) -> None:
    from planner.cli import sessions_from

    password = _password(password_stdin)
    try:
        with transaction(sessions_from(ctx)) as session:
            create_user(session, username, password, role, staff)
    except UserError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    click.echo(f"user {username} ({role}) created")


@click.command("create-admin")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def create_admin(ctx: click.Context, username: str, password_stdin: bool) -> None:
    """Create the first administrator USERNAME (asks for the password)."""
    _create(ctx, username, "admin", None, password_stdin)


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(USER_ROLES), required=True)
@click.option("--staff", help="Staff code of a specialist (their own schedule).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def create_user_command(ctx: click.Context, username: str, role: str, staff: str | None,
                        password_stdin: bool) -> None:
    """Create a user USERNAME with a ROLE (asks for the password)."""
    _create(ctx, username, role, staff, password_stdin)

COMMANDS = (create_admin, create_user_command)
