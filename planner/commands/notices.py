"""``planner notices``: flush the family-notice outbox and print the paper list."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli import engine_from
from planner.db import session_factory, transaction
from planner.services import outbox


@click.group("notices")
def notices() -> None:
    """Family notices queued by publishing: send them, print the paper ones."""


@notices.command("send")
@click.option("--now", "retry_now", is_flag=True, help="Retry failed sends at once, ignoring the back-off.")
@click.pass_context
def send(ctx: click.Context, retry_now: bool) -> None:
    """Send queued e-mail and SMS notices (SMTP: PLANNER_SMTP_*, SMS: PLANNER_SMS_URL)."""
    with transaction(session_factory(engine_from(ctx))) as session:
        report = outbox.send_pending(session, retry_now=retry_now)
    click.echo(f"sent {len(report.sent)}, will retry {len(report.retrying)}, gave up {len(report.failed)}")
    if report.retrying or report.failed:
        raise SystemExit(1)


@notices.command("print")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write the list to.")
@click.option("--mark-printed", is_flag=True, help="Mark the listed notices as handed over.")
@click.pass_context
def print_notices(ctx: click.Context, out: Path, mark_printed: bool) -> None:
    """Write queued notices of families without a phone to a CSV for the curators."""
    with transaction(session_factory(engine_from(ctx))) as session:
        queue = outbox.print_queue(session)
        out.write_text(outbox.print_csv(queue), encoding="utf-8-sig")
        if mark_printed:
            outbox.mark_handed_over(session, [notice.id for notice in queue])
    click.echo(f"{len(queue)} notice(s) written to {out}")

COMMANDS = (notices,)
