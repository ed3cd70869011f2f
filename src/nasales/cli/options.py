"""What the commands share: their options, dates, and one transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from nasales.domain.dates import parse_date
from nasales.i18n import N_
from nasales.output import Format

if TYPE_CHECKING:
    from nasales.settings import Settings
    from nasales.store.db import Database


@dataclass(frozen=True)
class Run:
    """What one run of nasales was given before its command (`ctx.obj` of the root):
    the database (`--db`/NASALES_DB, None for the default) and the settings, read once."""

    db: str | None
    settings: "Settings"


def run_of(ctx: typer.Context) -> Run:
    obj = ctx.find_root().obj
    if isinstance(obj, Run):
        return obj
    from nasales.settings import current

    return Run(obj, current())  # a command invoked on its own (tests of one command)


def settings(ctx: typer.Context) -> "Settings":
    """This run's settings (`rules`, `playbook()`, `language`)."""
    return run_of(ctx).settings


def database(ctx: typer.Context) -> str | None:
    """The database this run names (--db / NASALES_DB), None for the default."""
    return run_of(ctx).db


ON_HELP = N_(
    "The date (default today): 27-11-2026, 2026-11-27, 27-11 (the last one), friday (the "
    "last one), today, yesterday or 3 days ago."
)
FORMAT_HELP = N_(
    "table (default on a terminal), plain (default otherwise, for cron mail), json, csv."
)


def on_option(help: str = ON_HELP) -> str:
    """`--on DATE`, default today (the help says so in the user's language)."""
    return typer.Option(  # type: ignore[no-any-return]
        None, "--on", metavar=N_("DATE"), help=help, show_default=False
    )


def owner_option() -> str:
    return typer.Option(  # type: ignore[no-any-return]
        None, "--owner", metavar=N_("NAME"), help=N_("Only this account manager's accounts.")
    )


FOR_HELP = N_("One person's calls: the accounts they own and the items handed to them.")


def for_option(help: str = FOR_HELP) -> str:
    """`--for PERSON`; the help says what of that person's the command shows."""
    return typer.Option(  # type: ignore[no-any-return]
        None, "--for", metavar=N_("PERSON"), help=help
    )


def days_option() -> int:
    return typer.Option(  # type: ignore[no-any-return]
        7, "--days", metavar=N_("DAYS"), min=1, max=366, help=N_("How many days ahead.")
    )


def quiet_option() -> bool:
    return typer.Option(  # type: ignore[no-any-return]
        False, "--quiet", "-q", help=N_("Print nothing when nothing is due (for cron).")
    )


def format_option(help: str = FORMAT_HELP, default: Format | None = None) -> Any:
    """`--format`: the command's parameter type names the formats it offers, a `Literal` of
    `Format` members, and `help` names exactly those (tests/test_output.py holds the two
    together); without a default, a table on a terminal, plain lines otherwise."""
    return typer.Option(default, "--format", "-f", metavar=N_("FORMAT"), help=help)


def today() -> date:
    """The clock's day: T when no `--on` says otherwise (tests replace this, never the clock)."""
    return date.today()


def day(text: str | None, ahead: bool = False, base: date | None = None) -> date:
    """A date option's value; none given is today. A weekday or a day without its year
    (`vrijdag`, `27-11`) is the nearest one before `base` (default today), or after it for
    an option that plans (`ahead`: `--due`, `--until`); see domain/dates.py."""
    if text is None:
        return base or today()
    return parse_date(text, base or today(), ahead)


@contextmanager
def transaction(
    ctx: typer.Context, *, write: bool, create: bool | None = None
) -> "Iterator[Database]":
    """One command, one transaction on the database chosen by --db / NASALES_DB (created
    only by a command that writes, see `store.db.transaction`). Once a change is committed,
    the command reports it as saved whatever happens to its output."""
    from nasales.cli import ANSWERING, COMMITTED
    from nasales.store.db import transaction as open_transaction

    with open_transaction(database(ctx), write=write, create=create) as db:
        yield db
    ctx.meta[ANSWERING] = True
    if write:
        ctx.meta[COMMITTED] = True


def one_person(owner: str | None, person: str | None) -> None:
    """--owner (an account manager's accounts) and --for (one person's calls) do not mix."""
    if owner is not None and person is not None:
        from nasales.i18n import _

        raise typer.BadParameter(_("give --owner or --for, not both"), param_hint="'--for'")
