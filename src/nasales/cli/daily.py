"""The daily job: today's calls, the agenda, the team's digest, and acting on a call."""

from typing import Literal

import typer

from nasales.cli import app
from nasales.cli.options import (
    day,
    days_option,
    for_option,
    format_option,
    on_option,
    one_person,
    owner_option,
    quiet_option,
    transaction,
)
from nasales.cli.views import call_list, playbook
from nasales.i18n import N_
from nasales.output import Format, say

# the formats of a list of calls
Listed = Literal[Format.table, Format.plain, Format.json, Format.csv]


@app.command("today", help=N_("Today's calls: whom to call and why, most urgent first."))
def today(
    ctx: typer.Context,
    on: str = on_option(N_("Replay any day: everything dated later is ignored.")),
    owner: str = owner_option(),
    person: str = for_option(),
    fmt: Listed = format_option(),
    quiet: bool = quiet_option(),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.output.calls import print_calls

    one_person(owner, person)
    when, rules = day(on), playbook()
    with transaction(ctx, write=False) as db:
        title = _("Calls for {day}").format(day=date_text(when))
        calls = call_list(db, rules, when, title, owner, person)
    print_calls(calls, fmt, quiet)


@app.command(
    "agenda", help=N_("What falls due in the coming days if nothing is logged, each item once.")
)
def agenda(
    ctx: typer.Context,
    on: str = on_option(N_("The first day.")),
    days: int = days_option(),
    owner: str = owner_option(),
    person: str = for_option(),
    fmt: Listed = format_option(),
    quiet: bool = quiet_option(),
) -> None:
    from nasales.i18n import date_text, ngettext
    from nasales.output.calls import print_calls

    one_person(owner, person)
    when, rules = day(on, ahead=True), playbook()
    with transaction(ctx, write=False) as db:
        title = ngettext("Agenda from {day}, {n} day", "Agenda from {day}, {n} days", days)
        title = title.format(day=date_text(when), n=days)
        calls = call_list(db, rules, when, title, owner, person, days)
    print_calls(calls, fmt, quiet)


@app.command(
    "digest",
    help=N_("The whole team's calls for a cron job: one section per person, in name order."),
)
def digest(
    ctx: typer.Context,
    on: str = on_option(N_("Replay any day: everything dated later is ignored.")),
    fmt: Literal[Format.plain, Format.json] = format_option(
        N_("plain (for cron mail) or json."), Format.plain
    ),
    quiet: bool = quiet_option(),
) -> None:
    from nasales.cli.views import team_digest
    from nasales.output.digest import print_digest

    when, rules = day(on), playbook()
    with transaction(ctx, write=False) as db:
        sections = team_digest(db, rules, when)
    print_digest(sections, fmt, quiet)


@app.command(
    "done",
    short_help=N_("Log the call an item asks for, or an account's whole call."),
    help=N_(
        "Log the call an item asks for (an agreement item logs an agreement), or with an "
        "account's name, the whole call: one call logged, its promises marked done."
    ),
)
def done(
    ctx: typer.Context,
    key: str = typer.Argument(
        ...,
        metavar=N_("KEY|ACCOUNT"),
        help=N_("The item's key (confirm:O-123, manual:4), or an account: its whole call."),
    ),
    on: str = on_option(N_("The day of the call.")),
    note: str = typer.Option("", "--note", metavar=N_("TEXT"), help=N_("What was said or agreed.")),
    mood: str = typer.Option(
        None, "--mood", metavar=N_("MOOD"), help=N_("positive, neutral, doubt or negative.")
    ),
    contact: str = typer.Option(
        None, "--contact", metavar=N_("NAME"), help=N_("Whom you spoke to.")
    ),
    by: str = typer.Option(
        None, "--by", metavar=N_("PERSON"), help=N_("Who made the call (default: you, the owner).")
    ),
    next_need: str = typer.Option(
        None,
        "--next",
        metavar=N_("TEXT"),
        help=N_("The customer's next need, noted as an opportunity."),
    ),
) -> None:
    from nasales.cli.done import log_done

    with transaction(ctx, write=True) as db:
        lines = log_done(db, playbook(), key, day(on), note, mood, contact, by, next_need)
    say(*lines)


@app.command("snooze", help=N_("Hide an item until a date."))
def snooze(
    ctx: typer.Context,
    key: str = typer.Argument(..., metavar=N_("KEY"), help=N_("The item's key.")),
    until: str = typer.Option(
        ...,
        "--until",
        metavar=N_("DATE"),
        help=N_("Hide the item until this day: 27-11-2026, 27-11, friday, next week."),
    ),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.output.sentences import named
    from nasales.store.followup import snooze as add_snooze

    when = day(until, ahead=True)
    with transaction(ctx, write=True) as db:
        item = add_snooze(db, key, when)
    say(
        _("snoozed {item} until {day}").format(
            item=named(item.reason, item.key), day=date_text(when)
        )
    )


@app.command(
    "hand", help=N_("Hand an item to a colleague: it is theirs until it is no longer due.")
)
def hand(
    ctx: typer.Context,
    key: str = typer.Argument(..., metavar=N_("KEY"), help=N_("The item's key.")),
    to: str = typer.Option(
        ..., "--to", metavar=N_("PERSON"), help=N_("The colleague who makes this call.")
    ),
    on: str = on_option(N_("The day you hand it over.")),
    note: str = typer.Option("", "--note", metavar=N_("TEXT"), help=N_("What they should know.")),
) -> None:
    from nasales.i18n import _
    from nasales.output.sentences import named
    from nasales.store.followup import hand as hand_over

    with transaction(ctx, write=True) as db:
        item, person = hand_over(db, key, to, day(on), note)
    say(_("handed {item} to {person}").format(item=named(item.reason, item.key), person=person))


@app.command(
    "show",
    short_help=N_("One account on one page: its doubt risk and its history."),
    help=N_(
        "An account on one page: notes, doubt risk, contacts, team, orders, problems, "
        "proposals, promises, opportunities and touchpoints."
    ),
)
def show(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=N_("The account's name.")),
    on: str = on_option(N_("Show the account as it was on this day.")),
    fmt: Literal[Format.table, Format.plain, Format.json] = format_option(
        N_("table or plain (the same text), or json.")
    ),
) -> None:
    from nasales.cli.views import account_view
    from nasales.output.account import print_account

    when = day(on)
    with transaction(ctx, write=False) as db:
        view = account_view(db, playbook(), account, when)
    print_account(view, fmt)


@app.command(
    "demo",
    help=N_("Build a realistic sample book in a separate demo database and show today's calls."),
)
def demo(
    on: str = on_option(N_("Build the demo book around this day.")),
    fmt: Listed = format_option(),
) -> None:
    from nasales.demo import build_demo, demo_path
    from nasales.demo_sources import capture_demo
    from nasales.i18n import _, date_text
    from nasales.output.calls import print_calls
    from nasales.store.db import transaction as open_transaction

    when, rules, path = day(on), playbook(), demo_path()
    build_demo(path, when, rules.days)
    for summary in capture_demo(path, when, rules.days, rules.rules.country):
        say(_("Captured {lines}").format(lines=summary.lines()[0]), err=True)
    with open_transaction(str(path), write=False) as db:
        title = _("Demo: calls for {day}").format(day=date_text(when))
        calls = call_list(db, rules, when, title)
    print_calls(calls, fmt)
    hint = f"nasales --db '{path}' show 'Bakkerij Jansen'"
    say(
        "",
        _("The demo book is in {path}; explore it with: {hint}").format(path=path, hint=hint),
        err=True,
    )
