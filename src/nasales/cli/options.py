"""What the commands share: their options, dates, and one transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from nasales.domain.dates import parse_date
from nasales.i18n import N_
from nasales.output import Format, resolve

if TYPE_CHECKING:
    from nasales.store.db import Database


class PageFormat(StrEnum):
    """A page a person reads (`show`, `review`): a table, the same as plain text, or JSON."""

    table = "table"
    plain = "plain"
    json = "json"


class TextFormat(StrEnum):
    """Plain text or JSON (`digest`, `contact export`)."""

    plain = "plain"
    json = "json"


def page_format(fmt: PageFormat | None) -> Format:
    """The format a page is shown in: as asked, else a table on a terminal, plain otherwise."""
    return resolve(Format(fmt.value) if fmt else None)


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


def format_option(help: str = FORMAT_HELP) -> Any:
    """`--format` for any of the format choices (the parameter's type says which)."""
    return typer.Option(None, "--format", "-f", metavar=N_("FORMAT"), help=help)


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
def transaction(ctx: typer.Context, *, write: bool) -> "Iterator[Database]":
    """One command, one transaction on the database chosen by --db / NASALES_DB. Once a
    change is committed, the command reports it as saved whatever happens to its output."""
    from nasales.cli import ANSWERING, COMMITTED
    from nasales.store.db import transaction as open_transaction

    with open_transaction(ctx.find_root().obj, write=write) as db:
        yield db
    ctx.meta[ANSWERING] = True
    if write:
        ctx.meta[COMMITTED] = True


def one_person(owner: str | None, person: str | None) -> None:
    """--owner (an account manager's accounts) and --for (one person's calls) do not mix."""
    if owner is not None and person is not None:
        from nasales.i18n import _

        raise typer.BadParameter(_("give --owner or --for, not both"), param_hint="'--for'")
