"""Capture (PRODUCT.md §9): calls, meetings and e-mails log themselves from where they are.

Each `capture SOURCE` command binds its reader (`transfer/capture/`) to what the user typed
and hands it to `_capture`, which does the rest the same way for every source: the day T,
the settings, the progress bar, one transaction, the report. `capture mail` (the mail
readers) is added here the same way: a command that calls `_capture(ctx, SOURCE, reader,
…, state_key=…)` with a reader `(window, state) -> Iterator[Record | Bad]`.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from nasales.cli import app
from nasales.cli.options import day, on_option, settings, transaction
from nasales.i18n import N_
from nasales.output import say

if TYPE_CHECKING:
    from nasales.transfer.capture import Window

capture_app = typer.Typer(
    short_help=N_(
        "Log calls, meetings and e-mails from the call log, the calendar and the mailbox."
    ),
    help=N_(
        "Log calls, meetings and e-mails from where they already are: the phone system's "
        "call log, the calendar, the mailbox."
    ),
    no_args_is_help=True,
)
app.add_typer(capture_app, name="capture")

CAPTURE_ON_HELP = N_(
    "T, the day to capture up to (default: today, up to now): nothing that happens after it "
    "is logged."
)


CALLS_BY_HELP = N_(
    "Who made the calls (default: the extension or user in the call log, else the "
    "account's owner); EXT=PERSON names one extension's or user's person; repeatable."
)


def by_option(help: str = CALLS_BY_HELP) -> list[str]:
    return typer.Option(  # type: ignore[no-any-return]
        [],
        "--by",
        metavar=N_("PERSON"),
        help=help,
    )


def dry_run_option() -> bool:
    return typer.Option(  # type: ignore[no-any-return]
        False, "--dry-run", help=N_("Show what would be logged; write nothing.")
    )


def unknown_option() -> bool:
    return typer.Option(  # type: ignore[no-any-return]
        False,
        "--unknown",
        help=N_("List every number and address not on file (default: the most frequent)."),
    )


def no_subject_option() -> bool:
    return typer.Option(  # type: ignore[no-any-return]
        False, "--no-subject", help=N_("Keep no subject: only the date, kind and contact.")
    )


@capture_app.command(
    "calls",
    short_help=N_("Log the answered calls of a phone system's call log with contacts' numbers."),
    help=N_(
        "Log the answered calls of a phone system's call log (Asterisk's Master.csv, or "
        "any CSV with a header) with contacts' numbers."
    ),
)
def calls(
    ctx: typer.Context,
    file: str = typer.Argument(
        ...,
        metavar=N_("FILE"),
        help=N_("The call log (CSV), or - for standard input."),
    ),
    mapping: list[str] = typer.Option(
        [],
        "--map",
        metavar=N_("SRC=FIELD"),
        help=N_(
            "Read column SRC as FIELD: start (or date and time), number (or src and dst), "
            "direction, billsec or duration, disposition, id, by, dstchannel, lastapp."
        ),
    ),
    min_seconds: int = typer.Option(
        30,
        "--min-seconds",
        metavar=N_("SECONDS"),
        min=0,
        help=N_("Shorter calls are not a conversation: not logged."),
    ),
    utc: bool = typer.Option(
        False, "--utc", help=N_("Times without a zone are UTC (Asterisk's usegmtime).")
    ),
    on: str = on_option(CAPTURE_ON_HELP),
    by: list[str] = by_option(),
    dry_run: bool = dry_run_option(),
    unknown: bool = unknown_option(),
) -> None:
    from nasales.transfer.capture import calls as call_log
    from nasales.transfer.capture.calllog import parse_map

    fields = parse_map(mapping)

    def reader(window: "Window", state: dict[str, str]) -> Iterator[Any]:
        return call_log.read(file, window, state, fields, min_seconds, utc)

    # A call log grows: the next capture of it reads only what was added (not when every
    # unknown number is asked for: that needs the whole file).
    state_key = None if file == "-" or unknown else f"calls:{Path(file).resolve()}"
    _capture(ctx, file, reader, on, by, dry_run, unknown, state_key=state_key, book_bound=True)


@capture_app.command(
    "calendar",
    short_help=N_("Log the meetings of an iCalendar export (.ics) held with customers."),
    help=N_(
        "Log the meetings of an iCalendar export (.ics) held with contacts or at customers' "
        "domains, recurring ones included."
    ),
)
def calendar(
    ctx: typer.Context,
    file: str = typer.Argument(
        ...,
        metavar=N_("FILE"),
        help=N_("The calendar (.ics), or - for standard input."),
    ),
    on: str = on_option(CAPTURE_ON_HELP),
    by: list[str] = by_option(
        N_("Who held the meetings (default: each account's owner), e.g. --by Eva.")
    ),
    no_subject: bool = no_subject_option(),
    dry_run: bool = dry_run_option(),
    unknown: bool = unknown_option(),
) -> None:
    from nasales.transfer.capture import calendar as ics

    def reader(window: "Window", state: dict[str, str]) -> Iterator[Any]:
        return ics.read(file, window, state)

    _capture(ctx, file, reader, on, by, dry_run, unknown, subject=not no_subject)


@capture_app.command(
    "mail",
    short_help=N_("Log the e-mails with customers from a mailbox, reading their headers only."),
    help=N_(
        "Log the e-mails to and from contacts and accounts' domains, from their headers "
        "only: a Maildir, an mbox, a folder of .eml files, or an IMAP folder (opened "
        "read-only). Only what is new since the last capture is read."
    ),
)
def mail(
    ctx: typer.Context,
    source: str = typer.Argument(
        ...,
        metavar=N_("SOURCE"),
        help=N_(
            "A Maildir, an mbox file, a folder of .eml files, - for standard input, or "
            "imaps://USER@HOST/FOLDER (the password from ~/.netrc, or asked on a terminal)."
        ),
    ),
    on: str = on_option(CAPTURE_ON_HELP),
    by: list[str] = by_option(
        N_("Whose mailbox it is: who wrote or got the e-mails (default: each account's owner).")
    ),
    no_subject: bool = no_subject_option(),
    dry_run: bool = dry_run_option(),
    unknown: bool = unknown_option(),
) -> None:
    from nasales.store.addressbook import digest
    from nasales.transfer.capture.mail import reader

    own = settings(ctx).rules.own_domains
    with reader(source, own, subject=not no_subject) as (read, state_key):
        with transaction(ctx, write=False) as db:  # whom the mail may be with, as of now
            people = digest(db)
        _capture(
            ctx,
            source,
            lambda window, state: read(window, state, people),
            on,
            by,
            dry_run,
            unknown,
            not no_subject,
            state_key,
            whole=unknown,  # every unknown address: the whole mailbox again, nothing twice
        )


def _capture(
    ctx: typer.Context,
    source: str,
    reader: Callable[["Window", dict[str, str]], Iterator[Any]],
    on: str | None,
    by: list[str],
    dry_run: bool,
    unknown: bool,
    subject: bool = True,
    state_key: str | None = None,
    book_bound: bool = False,
    whole: bool = False,
) -> None:
    """Read `source` with `reader` and log what it holds, in one transaction; report."""
    from nasales.transfer.capture import Window
    from nasales.transfer.capture.engine import By, Options, capture
    from nasales.zones import country_zone

    rules, when = settings(ctx).rules, day(on)
    options = Options(when, rules.country, rules.own_domains, dry_run, subject, By.parse(by))
    zone = country_zone(rules.country)
    name = _name(source)
    with transaction(ctx, write=not dry_run) as db, _progress(source) as progress:
        now = None if on else datetime.now(zone).replace(tzinfo=None)  # T is today
        window = Window(when, zone, rules.country, progress, now)
        summary = capture(
            db, lambda state: reader(window, state), name, options, state_key, book_bound, whole
        )
    say(*summary.problems(), err=True)
    say(*summary.lines(unknown))


def _name(source: str) -> str:
    from nasales.i18n import _

    if source == "-":
        return _("standard input")
    return Path(source).name if "://" not in source else source


@contextmanager
def _progress(source: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal for a large file; none when piped, in cron, or for a
    pipe or a mailbox on a server."""
    path = Path(source)
    size = path.stat().st_size if source != "-" and "://" not in source and path.is_file() else 0
    if sys.stderr is None or not sys.stderr.isatty() or size < 1_000_000:
        yield None
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import Progress

    from nasales.i18n import _

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(_("capturing {file}").format(file=escape(path.name)), total=size)
        yield lambda done: bar.update(task, completed=done)
