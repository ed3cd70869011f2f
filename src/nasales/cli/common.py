"""What every command shares: the database option, dates, and one transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import typer

from nasales.dates import parse_date

if TYPE_CHECKING:
    from sqlmodel import Session

ON_HELP = "The date: 2026-11-27, 27-11-2026, 27/11/2026, today, yesterday or tomorrow."


def on_option(help: str = ON_HELP) -> str:
    return typer.Option("today", "--on", help=help)  # type: ignore[no-any-return]


def day(text: str) -> date:
    return parse_date(text)


@contextmanager
def transaction(ctx: typer.Context, *, write: bool) -> "Iterator[Session]":
    """One command, one transaction on the database chosen by --db / NASALES_DB."""
    from nasales.store import session_scope

    with session_scope(ctx.obj, write=write) as session:
        yield session
