"""``planner import``, ``planner load-demo`` and ``planner export``: data in and out.

Thin shells over ``planner.services.importing`` and ``planner.services.export``.
A failed import prints every error as ``file:row:column: reason`` on stderr
and exits with 2; nothing is written then.
"""

from __future__ import annotations

from pathlib import Path

import click

import planner
from planner.cli import engine_from, sessions_from
from planner.db import transaction, upgrade
from planner.services.export import export_to
from planner.services.importing import ImportFailed, ImportReport, import_files

DEMO = Path(planner.__file__).parent.parent / "data"


def _import(ctx: click.Context, paths: list[Path], check: bool = False) -> None:
    engine = engine_from(ctx)
    upgrade(engine)
    try:
        with transaction(sessions_from(ctx, engine)) as session:
            report = import_files(session, paths)
            if check:
                session.rollback()
    except ImportFailed as failure:
        for error in failure.errors:
            click.echo(str(error), err=True)
        more = " (stopped there; fix these and retry)" if failure.truncated else ""
        click.echo(f"import failed: {len(failure.errors)} error(s){more}; nothing written",
                   err=True)
        raise SystemExit(2) from None
    _summary(report)
    if check:
        click.echo("checked only; nothing written")


def _summary(report: ImportReport) -> None:
    for file in report.files:
        click.echo(f"{file.source}: {file.created} created, {file.updated} updated,"
                   f" {file.unchanged} unchanged")


@click.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Validate and report, but write nothing.")
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...], check: bool) -> None:
    """Import CSV files, XLSX workbooks or folders of them (format: data/FORMAT.md).

    All or nothing: any error and nothing is written. Re-importing updates
    records by their natural key instead of duplicating them.
    """
    _import(ctx, list(files), check)


@click.command("load-demo")
@click.pass_context
def load_demo(ctx: click.Context) -> None:
    """Create or upgrade the schema and import the demo region from data/."""
    _import(ctx, [DEMO])


@click.command("export")
@click.argument("destination", type=click.Path(path_type=Path))
@click.pass_context
def export_command(ctx: click.Context, destination: Path) -> None:
    """Export the data to DESTINATION: a folder of CSV files, or a .xlsx workbook.

    The files are in the import format, so they re-import to the same data.
    """
    with transaction(sessions_from(ctx)) as session:
        for path in export_to(session, destination):
            click.echo(str(path))

COMMANDS = (import_command, load_demo, export_command)
