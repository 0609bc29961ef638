"""``planner notices``: flush the family-notice outbox, list and re-send what failed, print the paper list.

``send`` exits 1 while any e-mail or SMS notice is still undelivered
(waiting for a retry or given up), so a scheduler or a person sees it.
"""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli import sessions_from
from planner.db import transaction
from planner.services import outbox


@click.group("notices")
def notices() -> None:
    """Family notices queued by publishing: send them, print the paper ones."""


@notices.command("send")
@click.option("--now", "retry_now", is_flag=True, help="Retry failed sends at once, ignoring the back-off.")
@click.pass_context
def send(ctx: click.Context, retry_now: bool) -> None:
    """Send queued e-mail and SMS notices (SMTP: PLANNER_SMTP_*, SMS: PLANNER_SMS_URL); exit 1 while some wait."""
    with transaction(sessions_from(ctx)) as session:
        report = outbox.send_pending(session, retry_now=retry_now)
        waiting = outbox.waiting(session)
    click.echo(f"sent {len(report.sent)}, will retry {len(report.retrying)}, gave up {len(report.failed)}; "
               f"{waiting} not delivered yet")
    if waiting:
        raise SystemExit(1)


@notices.command("failed")
@click.pass_context
def failed(ctx: click.Context) -> None:
    """List e-mail and SMS notices given up or still retrying, with the last error."""
    with transaction(sessions_from(ctx)) as session:
        for notice in outbox.undelivered(session):
            click.echo(f"{notice.id}\t{notice.status}\t{notice.channel}\t{notice.family.case_code}\t"
                       f"{notice.attempts}\t{notice.last_error}")


@notices.command("resend")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every notice that was given up.")
@click.pass_context
def resend(ctx: click.Context, ids: tuple[int, ...], every: bool) -> None:
    """Queue given-up notices IDS (or --all) again with a fresh set of tries; `send` then sends them."""
    if not ids and not every:
        raise click.UsageError("name notice ids or pass --all")
    with transaction(sessions_from(ctx)) as session:
        count = outbox.resend(session, None if every else list(ids))
    click.echo(f"{count} notice(s) queued again")


@notices.command("print")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write the list to.")
@click.option("--mark-printed", is_flag=True, help="Mark the listed notices as handed over.")
@click.pass_context
def print_notices(ctx: click.Context, out: Path, mark_printed: bool) -> None:
    """Write queued notices of families without a phone to a CSV for the curators."""
    with transaction(sessions_from(ctx)) as session:
        queue = outbox.print_queue(session)
        out.write_text(outbox.print_csv(queue), encoding="utf-8-sig")
        if mark_printed:
            outbox.mark_handed_over(session, [notice.id for notice in queue])
    click.echo(f"{len(queue)} notice(s) written to {out}")

COMMANDS = (notices,)
