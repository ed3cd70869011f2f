"""Looking after the data: backup and doctor."""

from pathlib import Path

import typer

from nasales.cli import app
from nasales.errors import NasalesError
from nasales.i18n import N_
from nasales.output import say


def _sqlite_file(ctx: typer.Context) -> Path:
    from nasales.cli.options import database
    from nasales.i18n import _
    from nasales.store.db import locate

    path = locate(database(ctx)).path
    if path is None:
        raise NasalesError(_("backup copies SQLite databases; back up PostgreSQL with pg_dump"))
    return path


@app.command(
    "backup",
    help=N_("A consistent, verified, owner-only copy of the database, even while it is in use."),
    epilog=N_(
        "To restore a copy: stop every nasales command and cron job; move the database aside "
        "with its -wal and -shm files (mv nasales.db nasales.db.broken, the same for "
        "nasales.db-wal and nasales.db-shm if they exist); copy the backup in its place "
        "(cp COPY nasales.db; chmod 600 nasales.db); run nasales doctor."
    ),
)
def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(
        None,
        metavar=N_("FILE"),
        help=N_("Where to write the copy. Default: a dated copy next to the database."),
    ),
    keep: int = typer.Option(
        5,
        "--keep",
        metavar=N_("N"),
        min=1,
        help=N_("Dated copies to keep next to the database (without FILE)."),
    ),
) -> None:
    from nasales.cli import ANSWERING, COMMITTED
    from nasales.i18n import _, ngettext
    from nasales.store.backup import backup_generation, copy_database

    database = _sqlite_file(ctx)
    removed: list[Path] = []
    if file is not None:
        target = copy_database(database, file)
    else:
        target, removed = backup_generation(database, keep)
    ctx.meta[ANSWERING] = ctx.meta[COMMITTED] = True  # the copy is made, whatever the output
    say(_("backed up to {path} (integrity ok)").format(path=target))
    if removed:
        say(
            ngettext(
                "removed {n} older backup; keeping {keep}",
                "removed {n} older backups; keeping {keep}",
                len(removed),
            ).format(n=len(removed), keep=keep)
        )


@app.command(
    "doctor",
    short_help=N_("Check the database, the settings and the language in force."),
    help=N_(
        "Check the database (read-only): SQLite version, permissions, integrity, "
        "migrations; then the settings and the language in force."
    ),
)
def doctor(ctx: typer.Context) -> None:
    from nasales.cli.options import run_of
    from nasales.doctor import examine, healthy, report

    run = run_of(ctx)
    checks = examine(run.db, run.settings)
    say(*report(checks))
    if not healthy(checks):
        raise typer.Exit(1)
