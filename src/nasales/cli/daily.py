"""The daily job: today's calls, the agenda, and acting on them."""

import typer

from nasales.cli import app
from nasales.cli.options import day, days_option, on_option, owner_option, transaction
from nasales.output import Format, one_line, print_calls, resolve

FORMAT_HELP = "table (default on a terminal), plain (default otherwise, for cron mail), json, csv."


def quiet_option() -> bool:
    return typer.Option(  # type: ignore[no-any-return]
        False, "--quiet", "-q", help="Print nothing when nothing is due (for cron)."
    )


def format_option() -> Format:
    return typer.Option(None, "--format", "-f", help=FORMAT_HELP)  # type: ignore[no-any-return]


@app.command("today")
def today(
    ctx: typer.Context,
    on: str = on_option("Replay any day: everything dated later is ignored."),
    owner: str = owner_option(),
    fmt: Format = format_option(),
    quiet: bool = quiet_option(),
) -> None:
    """Today's calls: whom to call and why, most urgent first."""
    from nasales.calls import todays_calls
    from nasales.domain.rules import load_rules

    when, rules = day(on), load_rules()
    with transaction(ctx, write=False) as s:
        calls = todays_calls(s, when, owner, rules)
    print_calls(calls, resolve(fmt), f"Calls for {when}", quiet)


@app.command("agenda")
def agenda(
    ctx: typer.Context,
    on: str = on_option("The first day."),
    days: int = days_option(),
    owner: str = owner_option(),
    fmt: Format = format_option(),
    quiet: bool = quiet_option(),
) -> None:
    """What falls due in the coming days if nothing is logged, each item once."""
    from nasales.calls import agenda_calls
    from nasales.domain.rules import load_rules

    when, rules = day(on), load_rules()
    with transaction(ctx, write=False) as s:
        calls = agenda_calls(s, when, days, owner, rules)
    print_calls(calls, resolve(fmt), f"Agenda {when} + {days} days", quiet)


@app.command("done")
def done(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The item's key, e.g. confirm:O-123 or manual:4."),
    on: str = on_option("The day of the call."),
    note: str = typer.Option("", "--note", help="What was said or agreed."),
) -> None:
    """Log the call an item asks for (an agreement item logs an agreement)."""
    from nasales.store.records import done as log_done

    with transaction(ctx, write=True) as s:
        tp = log_done(s, key, day(on), note)
    typer.echo(f"logged {tp.kind} on {tp.date} for {key}")


@app.command("snooze")
def snooze(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="The item's key."),
    until: str = typer.Option(..., "--until", help="Hide the item until this day."),
) -> None:
    """Hide an item until a date."""
    from nasales.store.records import snooze as add_snooze

    when = day(until)
    with transaction(ctx, write=True) as s:
        key = add_snooze(s, key, when)
    typer.echo(f"snoozed {key} until {when}")


@app.command("show")
def show(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
    on: str = on_option("Show the account as it was on this day."),
) -> None:
    """An account's timeline: orders, touchpoints, hurdles, promises and doubt risk."""
    from nasales.timeline import account_timeline

    when = day(on)
    with transaction(ctx, write=False) as s:
        lines = account_timeline(s, account, when)
    typer.echo("\n".join(one_line(line) for line in lines))


@app.command("demo")
def demo(
    on: str = on_option("Build the demo book around this day."),
    fmt: Format = format_option(),
) -> None:
    """Build a realistic sample book in a separate demo database and show today's calls."""
    from nasales.calls import todays_calls
    from nasales.demo import build_demo, demo_path
    from nasales.domain.rules import load_rules
    from nasales.store import session_scope

    when, rules, path = day(on), load_rules(), demo_path()
    build_demo(path, when)
    with session_scope(str(path), write=False) as s:
        calls = todays_calls(s, when, None, rules)
    print_calls(calls, resolve(fmt), f"Demo: calls for {when}")
    hint = f"nasales --db '{path}' show 'Bakkerij Jansen'"
    typer.echo(f"\nThe demo book is in {path}; explore it with: {hint}", err=True)
