"""Looking after the data: backup, doctor, and a person's data (GDPR)."""

import sys
from enum import StrEnum
from pathlib import Path

import typer

from nasales.cli import app
from nasales.cli.book import contact_app
from nasales.cli.options import transaction
from nasales.errors import NasalesError

WHO_HELP = "The person's full name (any case) or e-mail address."


def _sqlite_file(ctx: typer.Context) -> Path:
    from nasales.store import database_url, sqlite_path

    path = sqlite_path(database_url(ctx.obj))
    if path is None:
        raise NasalesError("backup copies SQLite databases; back up PostgreSQL with pg_dump")
    return path


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(
        None, help="Where to write the copy. Default: a dated copy next to the database."
    ),
    keep: int = typer.Option(
        5, "--keep", min=1, help="Dated copies to keep next to the database (without FILE)."
    ),
) -> None:
    """A consistent, verified, owner-only copy of the database, even while it is in use."""
    from nasales.store.backup import backup_generation, copy_database

    database = _sqlite_file(ctx)
    if file is not None:
        typer.echo(f"backed up to {copy_database(database, file)} (integrity ok)")
        return
    target, removed = backup_generation(database, keep)
    typer.echo(f"backed up to {target} (integrity ok)")
    if removed:
        typer.echo(f"removed {len(removed)} older backup(s); keeping {keep}")


@app.command("doctor")
def doctor(ctx: typer.Context) -> None:
    """Check the database: SQLite version, settings, permissions, integrity, migrations."""
    from nasales.doctor import examine, healthy

    checks = examine(ctx.obj)
    for check in checks:
        typer.echo(check.line())
    if not healthy(checks):
        raise typer.Exit(1)


class PersonFormat(StrEnum):
    plain = "plain"
    json = "json"


@contact_app.command("export")
def contact_export(
    ctx: typer.Context,
    who: str = typer.Argument(..., metavar="NAME", help=WHO_HELP),
    account: str = typer.Option(None, "--account", help="Only the person at this account."),
    fmt: PersonFormat = typer.Option(PersonFormat.plain, "--format", "-f", help="plain or json."),
) -> None:
    """Everything held on one person (GDPR access request): fields, touchpoints, notes."""
    from nasales.output import write_json
    from nasales.privacy import describe, find_person, held_on

    with transaction(ctx, write=False) as s:
        held = held_on(s, find_person(s, who, account))
    if fmt is PersonFormat.json:
        write_json(held.as_dict())
    else:
        typer.echo("\n".join(describe(held)))


@contact_app.command("forget")
def contact_forget(
    ctx: typer.Context,
    who: str = typer.Argument(..., metavar="NAME", help=WHO_HELP),
    account: str = typer.Option(None, "--account", help="Only the person at this account."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Erase without asking."),
) -> None:
    """Erase one person everywhere (GDPR erasure request); asks first unless --yes."""
    from nasales.privacy import find_person, forget, held_on, scrub
    from nasales.store import database_url, sqlite_path
    from nasales.store.backup import all_backups

    with transaction(ctx, write=False) as s:
        person = find_person(s, who, account)
        held, ids = held_on(s, person), person.contact_ids
    if not yes:
        _confirm(held)
    with transaction(ctx, write=True) as s:
        person = find_person(s, who, account)
        if person.contact_ids != ids:
            raise NasalesError("the contacts changed while you were asked; nothing was erased")
        erased = forget(s, person)
    path = sqlite_path(database_url(ctx.obj))
    clean = scrub(path)
    typer.echo(erased.summary())
    if not clean:
        typer.echo(
            "note: another process is reading; the erased data leaves the WAL file at "
            "its next checkpoint",
            err=True,
        )
    if path is not None and (copies := all_backups(path)):
        typer.echo(
            f"note: {len(copies)} backup file(s) next to the database still hold this person; "
            "delete them to complete the erasure",
            err=True,
        )


def _confirm(held) -> None:  # type: ignore[no-untyped-def]
    if not sys.stdin.isatty():
        raise NasalesError("not erasing without --yes: there is no terminal to ask on")
    where = ", ".join(f"{c['name']} at {c['account']}" for c in held.contacts)
    typer.echo(
        f"This erases {where}: {len(held.contacts)} contact record(s), "
        f"{len(held.touchpoints)} touchpoint link(s) or note(s), and "
        f"{len(held.promises) + len(held.hurdles) + len(held.orders) + len(held.account_notes)}"
        " mention(s) in other texts. It cannot be undone."
    )
    if not typer.confirm("Erase this person?", default=False):
        typer.echo("nothing erased")
        raise typer.Exit(1)
