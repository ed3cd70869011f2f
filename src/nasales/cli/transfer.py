"""Bulk data in and out: import, export, calendar."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from nasales.cli import app, options
from nasales.cli.options import (
    day,
    days_option,
    format_option,
    on_option,
    owner_option,
    transaction,
)
from nasales.errors import Invalid
from nasales.i18n import N_, _, ngettext
from nasales.output import Format, say, stdout

if TYPE_CHECKING:
    from nasales.store.db import Database


class Kind(StrEnum):
    """The kinds of transfer/kinds.py (named here too, so that start-up does not import the
    declarations; tests/test_import.py holds the two together)."""

    accounts = "accounts"
    contacts = "contacts"
    orders = "orders"
    touchpoints = "touchpoints"
    hurdles = "hurdles"
    reminders = "reminders"
    proposals = "proposals"
    team = "team"
    opportunities = "opportunities"


def _a_file(value: str) -> str:
    """Typer checks a `str` argument for nothing: a missing file or a directory is a usage
    error here, in the words Typer uses for a path; `-` is standard input."""
    if value != "-":
        if not Path(value).exists():
            raise typer.BadParameter(_("{path} does not exist.").format(path=repr(value)))
        if Path(value).is_dir():
            raise typer.BadParameter(_("{path} is a directory.").format(path=repr(value)))
    return value


MARKS = {",": ",", ".": ".", "comma": ",", "komma": ",", "point": ".", "punt": "."}


def _a_mark(value: str | None) -> str | None:
    """`--decimal`: a comma or a point (or the word for it, in either language)."""
    if value is None:
        return None
    mark = MARKS.get(value.strip().casefold())
    if mark is None:
        raise typer.BadParameter(
            _("{value} is neither a comma nor a point").format(value=repr(value))
        )
    return mark


@app.command("import", help=N_("Import a CSV export: all rows or, on any invalid row, nothing."))
def import_(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., metavar=N_("KIND"), help=N_("What the file holds.")),
    file: str = typer.Argument(  # str, not Path: Typer's check for "-" misses a Path
        ...,
        metavar=N_("FILE"),
        callback=_a_file,
        help=N_(
            "A CSV file (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252), "
            "or - for standard input."
        ),
    ),
    mapping: list[str] = typer.Option(
        [],
        "--map",
        metavar=N_("SRC=FIELD"),
        help=N_("Read column SRC as FIELD, e.g. close_date=signed_on."),
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help=N_("Validate and report; write nothing.")
    ),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help=N_("Import the valid rows and list the others.")
    ),
    decimal: str = typer.Option(
        None,
        "--decimal",
        metavar=N_("MARK"),
        callback=_a_mark,
        help=N_(
            "The mark before the cents in the file's amounts: , or . (default: the one the "
            "file uses)."
        ),
    ),
) -> None:
    from nasales.transfer.fields import parse_map
    from nasales.transfer.importer import import_csv

    fields = parse_map(mapping, kind.value)
    with _book(ctx, dry_run) as db:
        with _progress(file) as progress:
            summary = import_csv(
                db, kind.value, file, fields, skip_invalid, dry_run, progress, decimal
            )
        say(
            *(_("line {n}: {reason}").format(n=n, reason=why) for n, why in summary.invalid),
            err=True,
        )
        if summary.invalid and not skip_invalid:
            n = len(summary.invalid)
            raise Invalid(
                ngettext(
                    "{n} invalid row; nothing imported", "{n} invalid rows; nothing imported", n
                ).format(n=n)
            )
    say(*summary.lines())


@contextmanager
def _book(ctx: typer.Context, dry_run: bool) -> "Iterator[Database]":
    """The import's one transaction. A dry run makes nothing: where there is no database
    yet, it checks the file against an empty book in a temporary directory."""
    from nasales.store.db import locate

    path = locate(options.database(ctx)).path
    if not dry_run or path is None or (path.is_file() and path.stat().st_size > 0):
        with transaction(ctx, write=True, create=not dry_run) as db:
            yield db
        return
    import tempfile

    from nasales.store.db import transaction as open_transaction

    say(_("no database at {path} yet: the file is checked against an empty book").format(path=path))
    folder = tempfile.TemporaryDirectory(prefix="nasales-dry-run-")
    with folder, open_transaction(str(Path(folder.name) / "nasales.db"), write=True) as db:
        yield db


@contextmanager
def _progress(file: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal for a large file; none when piped, or for a pipe."""
    size = 0 if file == "-" else Path(file).stat().st_size
    if sys.stderr is None or not sys.stderr.isatty() or size < 1_000_000:
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(_("importing {file}").format(file=escape(Path(file).name)), total=size)
        yield lambda done: bar.update(task, completed=done)


@app.command(
    "export",
    help=N_("Export every record of a kind, as `import` reads it (CSV is safe for spreadsheets)."),
)
def export(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., metavar=N_("KIND"), help=N_("What to export.")),
    fmt: Literal[Format.csv, Format.json] = format_option(N_("csv or json."), Format.csv),
) -> None:
    from nasales.cli import ANSWERING
    from nasales.transfer.exporter import export_records

    with transaction(ctx, write=False) as db:
        ctx.meta[ANSWERING] = True  # streamed as it is read: a write error is the output's
        export_records(db, kind.value, fmt, stdout())


@app.command(
    "calendar",
    help=N_("The agenda as an iCalendar (.ics) file: one all-day event per call to make."),
)
def calendar(
    ctx: typer.Context,
    on: str = on_option(N_("The first day.")),
    days: int = days_option(),
    owner: str = owner_option(),
    out: Path = typer.Option(
        None,
        "--out",
        metavar=N_("FILE"),
        dir_okay=False,
        help=N_("Write to FILE (default stdout)."),
    ),
) -> None:
    from datetime import UTC, datetime

    from nasales.cli.views import call_list, playbook
    from nasales.store.db import locate, refuse_database_files
    from nasales.transfer.calendar import agenda_calendar, write_calendar

    when, rules = day(on, ahead=True), playbook()
    database = locate(options.database(ctx)).path
    if out is not None:
        refuse_database_files(out.absolute(), database)
    with transaction(ctx, write=False) as db:
        calls = call_list(db, rules, when, "", owner, None, days)
    ics = agenda_calendar(calls, stamp=datetime.now(UTC))
    if out:
        write_calendar(out, ics, database)
        n = len(calls.items)
        say(
            ngettext("wrote {n} call to {path}", "wrote {n} calls to {path}", n).format(
                n=n, path=out
            ),
            err=True,
        )
    else:
        stdout().buffer.write(ics)
