"""What every command shares: the database option, dates, and one transaction."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import typer

from nasales.domain.dates import parse_date

if TYPE_CHECKING:
    from sqlmodel import Session

# Set by `nasales.cli.main`: this process runs one command and exits (not so under a test
# runner, which invokes the app many times in one process).
ONE_SHOT = False

ON_HELP = "The date: 2026-11-27, 27-11-2026, 27/11/2026, today, yesterday or tomorrow."


def on_option(help: str = ON_HELP) -> str:
    return typer.Option("today", "--on", help=help)  # type: ignore[no-any-return]


def owner_option() -> str:
    return typer.Option(  # type: ignore[no-any-return]
        None, "--owner", help="Only this account manager's accounts."
    )


def days_option() -> int:
    return typer.Option(  # type: ignore[no-any-return]
        7, "--days", min=1, max=366, help="How many days ahead."
    )


def day(text: str) -> date:
    return parse_date(text)


@contextmanager
def transaction(ctx: typer.Context, *, write: bool) -> "Iterator[Session]":
    """One command, one transaction on the database chosen by --db / NASALES_DB."""
    from nasales.store import session_scope

    if ONE_SHOT:
        # The database stack is imported by now: a few hundred thousand objects that live
        # until exit. Frozen, the cyclic GC no longer walks them at every collection while
        # the command allocates its own (0.15 s of `nasales today` on a large book).
        gc.freeze()
    with session_scope(ctx.obj, write=write) as session:
        yield session
