"""``planner publish``: make a week's plan version the one people act on."""

from __future__ import annotations

import click
from sqlalchemy import select

from planner.cli import sessions_from
from planner.db import transaction
from planner.models import Plan
from planner.services.publishing import PublishError, publish


@click.command("publish")
@click.argument("week")
@click.option("--version", type=int, help="Plan version (default: the newest draft of the week).")
@click.pass_context
def publish_command(ctx: click.Context, week: str, version: int | None) -> None:
    """Publish WEEK (e.g. 2026-W48): feeds update, changed families get a notice queued."""
    with transaction(sessions_from(ctx)) as session:
        query = select(Plan).where(Plan.week == week)
        query = query.where(Plan.version == version) if version else query.where(Plan.status == "draft")
        plan = session.scalars(query.order_by(Plan.version.desc())).first()
        if plan is None:
            click.echo(f"no {'version ' + str(version) if version else 'draft'} of week {week}", err=True)
            raise SystemExit(2)
        try:
            result = publish(session, plan)
        except PublishError as exc:
            click.echo(str(exc), err=True)
            raise SystemExit(2) from None
    click.echo(f"published {week} v{plan.version}: {len(result.new)} new, {len(result.moved)} moved, "
               f"{len(result.changed)} re-crewed, {len(result.removed)} removed, "
               f"{len(result.unchanged)} unchanged; {result.notices} notice(s) queued")

COMMANDS = (publish_command,)
