"""Recording the book of business: accounts, contacts, orders, touchpoints, hurdles, promises."""

import typer

from nasales.cli import app
from nasales.cli.options import day, on_option, transaction

account_app = typer.Typer(help="Customer accounts.", no_args_is_help=True)
contact_app = typer.Typer(help="People at a customer.", no_args_is_help=True)
order_app = typer.Typer(help="Won and lost orders.", no_args_is_help=True)
hurdle_app = typer.Typer(
    help="Problems on an order: have a problem? call the customer.", no_args_is_help=True
)
app.add_typer(account_app, name="account")
app.add_typer(contact_app, name="contact")
app.add_typer(order_app, name="order")
app.add_typer(hurdle_app, name="hurdle")


@account_app.command("add")
def account_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The company name (unique, any case)."),
    owner: str = typer.Option(None, "--owner", help="The account manager."),
    tier: str = typer.Option(None, "--tier", help="A, B or C (default: from won value)."),
    clv: float = typer.Option(None, "--clv", help="Customer lifetime value."),
) -> None:
    """Add an account."""
    from nasales.store.records import add_account

    with transaction(ctx, write=True) as s:
        account = add_account(s, name, owner, tier, clv)
    typer.echo(f"added account {account.name}")


@contact_app.command("add")
def contact_add(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
    name: str = typer.Argument(..., help="The person's name."),
    role: str = typer.Option(None, "--role", help="buyer, decision maker, user, finance, …"),
    phone: str = typer.Option(None, "--phone"),
    email: str = typer.Option(None, "--email"),
    primary: bool = typer.Option(False, "--primary", help="The first person to call."),
    do_not_call: bool = typer.Option(
        False, "--do-not-call", help="The person objected to calls: never suggest them."
    ),
) -> None:
    """Add a contact person to an account."""
    from nasales.store.records import add_contact

    with transaction(ctx, write=True) as s:
        contact = add_contact(s, account, name, role, phone, email, primary, do_not_call)
    typer.echo(f"added contact {contact.name}")


def _record_order(ctx: typer.Context, status: str, **fields) -> None:  # type: ignore[no-untyped-def]
    from nasales.store.records import add_order

    signed_on = day(fields.pop("on"))
    with transaction(ctx, write=True) as s:
        order = add_order(s, status=status, signed_on=signed_on, **fields)
    typer.echo(order.ref)


@order_app.command("won")
def order_won(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
    title: str = typer.Argument(..., help="What was sold."),
    ref: str = typer.Option(None, "--ref", help="Your reference, e.g. the CRM id; else generated."),
    value: float = typer.Option(None, "--value", help="Order value."),
    on: str = on_option("The day it was won."),
    decision: str = typer.Option(
        None, "--decision", help="clear or narrow: how close the alternatives were."
    ),
) -> None:
    """Record a won order; prints its ref."""
    _record_order(
        ctx,
        "won",
        account_name=account,
        title=title,
        ref=ref,
        value=value,
        on=on,
        decision=decision,
    )


@order_app.command("lost")
def order_lost(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
    title: str = typer.Argument(..., help="What was offered."),
    ref: str = typer.Option(None, "--ref", help="Your reference; else generated."),
    value: float = typer.Option(None, "--value", help="Order value."),
    on: str = on_option("The day it was lost."),
    to: str = typer.Option(None, "--to", help="The competitor who won it."),
) -> None:
    """Record a lost order; prints its ref."""
    _record_order(
        ctx, "lost", account_name=account, title=title, ref=ref, value=value, on=on, competitor=to
    )


@order_app.command("delivered")
def order_delivered(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="The order's ref."),
    on: str = on_option("The day it was delivered."),
) -> None:
    """Mark a won order delivered."""
    from nasales.store.records import deliver_order

    with transaction(ctx, write=True) as s:
        order = deliver_order(s, ref, day(on))
    typer.echo(f"delivered {order.ref} on {order.delivered_on}")


@app.command("log")
def log(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
    kind: str = typer.Argument(..., help="call, visit, meeting, agreement, email or note."),
    on: str = on_option(),
    order: str = typer.Option(None, "--order", help="The order it was about (ref)."),
    contact: str = typer.Option(None, "--contact", help="Whom you spoke to."),
    note: str = typer.Option("", "--note", help="What was said or agreed."),
    mood: str = typer.Option(None, "--mood", help="positive, neutral, doubt or negative."),
    by: str = typer.Option(None, "--by", help="Who made it (default: the account's owner)."),
) -> None:
    """Record a touchpoint: a call, visit, meeting, agreement, e-mail or note."""
    from nasales.store.records import log_touchpoint

    with transaction(ctx, write=True) as s:
        tp = log_touchpoint(s, account, kind, day(on), order, contact, note, mood, by)
    typer.echo(f"logged {tp.kind} on {tp.date}")


@hurdle_app.command("add")
def hurdle_add(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="The order's ref."),
    text: str = typer.Argument(..., help="What went wrong."),
    on: str = on_option("The day it appeared."),
) -> None:
    """Record a problem on an order; prints its id. Call the customer before solving it."""
    from nasales.store.records import add_hurdle

    with transaction(ctx, write=True) as s:
        hurdle = add_hurdle(s, ref, text, day(on))
    typer.echo(str(hurdle.id))


@hurdle_app.command("resolve")
def hurdle_resolve(
    ctx: typer.Context,
    hurdle_id: int = typer.Argument(..., metavar="ID", help="The hurdle's id."),
    on: str = on_option("The day it was solved."),
) -> None:
    """Mark a hurdle solved."""
    from nasales.store.records import resolve_hurdle

    with transaction(ctx, write=True) as s:
        hurdle = resolve_hurdle(s, hurdle_id, day(on))
    typer.echo(f"resolved hurdle {hurdle.id} on {hurdle.resolved_on}")


@app.command("remind")
def remind(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
    text: str = typer.Argument(..., help="What you promised."),
    due: str = typer.Option(..., "--due", help="When to call back."),
    order: str = typer.Option(None, "--order", help="The order it is about (ref)."),
) -> None:
    """Record a promise to call back; prints its key."""
    from nasales.store.records import add_reminder

    with transaction(ctx, write=True) as s:
        reminder = add_reminder(s, account, text, day(due), order)
    typer.echo(f"manual:{reminder.id}")
