"""Keeping the book of business: accounts, contacts, the account team, orders, problems,
touchpoints and promises."""

import typer

from nasales.cli import app
from nasales.cli.options import day, on_option, transaction
from nasales.i18n import N_
from nasales.output import say

account_app = typer.Typer(help=N_("Customer accounts."), no_args_is_help=True)
contact_app = typer.Typer(help=N_("People at a customer."), no_args_is_help=True)
team_app = typer.Typer(
    help=N_("The account team: colleagues who also serve the customer."), no_args_is_help=True
)
order_app = typer.Typer(help=N_("Won and lost orders."), no_args_is_help=True)
hurdle_app = typer.Typer(
    help=N_("Problems on an order: have a problem? call the customer."), no_args_is_help=True
)
app.add_typer(account_app, name="account")
app.add_typer(contact_app, name="contact")
app.add_typer(team_app, name="team")
app.add_typer(order_app, name="order")
app.add_typer(hurdle_app, name="hurdle")

ACCOUNT_HELP = N_("The account's name.")
TIER_HELP = N_("A, B or C (default: from the CLV, else from the value won).")


@account_app.command("add", help=N_("Add an account."))
def account_add(
    ctx: typer.Context,
    name: str = typer.Argument(
        ..., metavar=N_("NAME"), help=N_("The company name (unique, any case).")
    ),
    owner: str = typer.Option(None, "--owner", metavar=N_("NAME"), help=N_("The account manager.")),
    tier: str = typer.Option(None, "--tier", metavar=N_("TIER"), help=TIER_HELP),
    clv: float = typer.Option(
        None, "--clv", metavar=N_("AMOUNT"), help=N_("Customer lifetime value.")
    ),
    notes: str = typer.Option(
        None, "--notes", metavar=N_("TEXT"), help=N_("What to know about the customer.")
    ),
) -> None:
    from nasales.i18n import _
    from nasales.store.customers import add_account

    with transaction(ctx, write=True) as db:
        account = add_account(db, name, owner, tier, clv, notes)
    say(_("added account {name}").format(name=account.name))


@account_app.command("set", help=N_("Change an account: owner, tier, CLV or notes."))
def account_set(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar=N_("NAME"), help=ACCOUNT_HELP),
    owner: str = typer.Option(
        None, "--owner", metavar=N_("NAME"), help=N_("The account manager ('' for none).")
    ),
    tier: str = typer.Option(
        None, "--tier", metavar=N_("TIER"), help=N_("A, B or C ('' to derive it again).")
    ),
    clv: str = typer.Option(
        None, "--clv", metavar=N_("AMOUNT"), help=N_("Customer lifetime value ('' for none).")
    ),
    notes: str = typer.Option(
        None, "--notes", metavar=N_("TEXT"), help=N_("What to know about the customer.")
    ),
) -> None:
    from nasales.i18n import _, money
    from nasales.store.customers import UNCHANGED, set_account

    given = {"owner": owner, "tier": tier, "clv": clv, "notes": notes}
    changes = {k: v for k, v in given.items() if v is not None}
    with transaction(ctx, write=True) as db:
        account = set_account(db, name, **{k: changes.get(k, UNCHANGED) for k in given})
    shown = [
        _("owner {owner}").format(owner=account.owner or "–"),
        _("tier {tier}").format(tier=account.tier or _("derived")),
        _("CLV {amount}").format(amount=money(account.clv) or "–"),
    ]
    say(_("changed {name}: {fields}").format(name=account.name, fields=", ".join(shown)))


@contact_app.command("add", help=N_("Add a contact person to an account."))
def contact_add(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    name: str = typer.Argument(..., metavar=N_("NAME"), help=N_("The person's name.")),
    role: str = typer.Option(
        None, "--role", metavar=N_("ROLE"), help=N_("buyer, decision maker, user, finance, …")
    ),
    phone: str = typer.Option(None, "--phone", metavar=N_("PHONE"), help=N_("Phone number.")),
    email: str = typer.Option(None, "--email", metavar=N_("EMAIL"), help=N_("E-mail address.")),
    primary: bool = typer.Option(False, "--primary", help=N_("The first person to call.")),
    do_not_call: bool = typer.Option(
        False, "--do-not-call", help=N_("The person objected to calls: never suggest them.")
    ),
) -> None:
    from nasales.i18n import _
    from nasales.store.customers import add_contact

    with transaction(ctx, write=True) as db:
        contact = add_contact(db, account, name, role, phone, email, primary, do_not_call)
    say(_("added contact {name}").format(name=contact.name))


@team_app.command("add", help=N_("Add a colleague to the account team (again: change their role)."))
def team_add(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    person: str = typer.Argument(..., metavar=N_("PERSON"), help=N_("The colleague's name.")),
    role: str = typer.Option(
        None,
        "--role",
        metavar=N_("ROLE"),
        help=N_("service, inside sales, production, marketing, finance, …"),
    ),
) -> None:
    from nasales.i18n import _
    from nasales.store.customers import add_team_member

    with transaction(ctx, write=True) as db:
        found, member = add_team_member(db, account, person, role)
    say(_("{person} is in the team of {account}").format(person=member.person, account=found.name))


@team_app.command("remove", help=N_("Take a colleague off the account team."))
def team_remove(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    person: str = typer.Argument(..., metavar=N_("PERSON"), help=N_("The colleague's name.")),
) -> None:
    from nasales.i18n import _
    from nasales.store.customers import remove_team_member

    with transaction(ctx, write=True) as db:
        found, member = remove_team_member(db, account, person)
    say(_("{person} left the team of {account}").format(person=member.person, account=found.name))


# -- orders and problems ---------------------------------------------------------------------


def _record_order(ctx: typer.Context, status: str, source: int | None = None, **fields) -> None:  # type: ignore[no-untyped-def]
    from nasales.i18n import _
    from nasales.store.orders import add_order, win_opportunity

    signed_on = day(fields.pop("on"))
    with transaction(ctx, write=True) as db:
        order = add_order(db, status=status, signed_on=signed_on, **fields)
        if source is not None:
            win_opportunity(db, source, order)
    say(order.ref)
    if source is not None:
        say(_("opportunity {id} won").format(id=source), err=True)


@order_app.command("won", help=N_("Record a won order; prints its ref."))
def order_won(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    title: str = typer.Argument(..., metavar=N_("TITLE"), help=N_("What was sold.")),
    ref: str = typer.Option(
        None,
        "--ref",
        metavar=N_("REF"),
        help=N_("Your reference, e.g. the CRM id; else generated."),
    ),
    value: float = typer.Option(None, "--value", metavar=N_("AMOUNT"), help=N_("Order value.")),
    on: str = on_option(N_("The day it was won.")),
    decision: str = typer.Option(
        None,
        "--decision",
        metavar=N_("DECISION"),
        help=N_("clear or narrow: how close the alternatives were."),
    ),
    source: int = typer.Option(
        None,
        "--from",
        metavar=N_("OPPORTUNITY_ID"),
        help=N_("The opportunity this order came from."),
    ),
) -> None:
    _record_order(
        ctx,
        "won",
        source,
        account_name=account,
        title=title,
        ref=ref,
        value=value,
        on=on,
        decision=decision,
    )


@order_app.command("lost", help=N_("Record a lost order; prints its ref."))
def order_lost(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    title: str = typer.Argument(..., metavar=N_("TITLE"), help=N_("What was offered.")),
    ref: str = typer.Option(
        None, "--ref", metavar=N_("REF"), help=N_("Your reference; else generated.")
    ),
    value: float = typer.Option(None, "--value", metavar=N_("AMOUNT"), help=N_("Order value.")),
    on: str = on_option(N_("The day it was lost.")),
    to: str = typer.Option(
        None, "--to", metavar=N_("PERSON"), help=N_("The competitor who won it.")
    ),
    decision: str = typer.Option(
        None,
        "--decision",
        metavar=N_("DECISION"),
        help=N_("clear or narrow: how close their choice was."),
    ),
) -> None:
    _record_order(
        ctx,
        "lost",
        account_name=account,
        title=title,
        ref=ref,
        value=value,
        on=on,
        competitor=to,
        decision=decision,
    )


@order_app.command("delivered", help=N_("Mark a won order delivered."))
def order_delivered(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar=N_("REF"), help=N_("The order's ref.")),
    on: str = on_option(N_("The day it was delivered.")),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.store.orders import deliver_order

    with transaction(ctx, write=True) as db:
        order = deliver_order(db, ref, day(on))
    say(_("delivered {ref} on {day}").format(ref=order.ref, day=date_text(order.delivered_on)))


@hurdle_app.command(
    "add",
    help=N_("Record a problem on an order; prints its id. Call the customer before solving it."),
)
def hurdle_add(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar=N_("REF"), help=N_("The order's ref.")),
    text: str = typer.Argument(..., metavar=N_("TEXT"), help=N_("What went wrong.")),
    on: str = on_option(N_("The day it appeared.")),
    not_discussed: bool = typer.Option(
        False,
        "--not-discussed",
        help=N_(
            "The contacts logged so far (a call this morning) did not discuss it: only a "
            "later personal contact counts."
        ),
    ),
) -> None:
    from nasales.output.sentences import discussion
    from nasales.store.discussed import discussed_by
    from nasales.store.orders import add_hurdle

    with transaction(ctx, write=True) as db:
        hurdle = add_hurdle(db, ref, text, day(on), discussed=not not_discussed)
        contact = discussed_by(db, hurdle)
    say(str(hurdle.id))  # the id alone on standard output, for scripts
    say(discussion(hurdle.id, contact, not_discussed), err=True)


@hurdle_app.command(
    "not-discussed",
    help=N_(
        "Say that the contacts logged so far did not discuss a problem: it stays on the list "
        "until a later personal contact."
    ),
)
def hurdle_not_discussed(
    ctx: typer.Context,
    hurdle_id: int = typer.Argument(..., metavar=N_("ID"), help=N_("The problem's id.")),
) -> None:
    from nasales.output.sentences import discussion
    from nasales.store.discussed import not_discussed

    with transaction(ctx, write=True) as db:
        hurdle = not_discussed(db, hurdle_id)
    say(discussion(hurdle.id, None, marked=True))


@hurdle_app.command(
    "resolve", help=N_("Mark a problem solved (the customer still needs to hear about it).")
)
def hurdle_resolve(
    ctx: typer.Context,
    hurdle_id: int = typer.Argument(..., metavar=N_("ID"), help=N_("The problem's id.")),
    on: str = on_option(N_("The day it was solved.")),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.store.orders import resolve_hurdle

    with transaction(ctx, write=True) as db:
        hurdle = resolve_hurdle(db, hurdle_id, day(on))
    say(_("solved problem {id} on {day}").format(id=hurdle.id, day=date_text(hurdle.resolved_on)))


# -- touchpoints and promises ---------------------------------------------------------------


@app.command(
    "log", help=N_("Record a touchpoint: a call, visit, meeting, agreement, e-mail or note.")
)
def log(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    kind: str = typer.Argument(
        ..., metavar=N_("KIND"), help=N_("call, visit, meeting, agreement, email or note.")
    ),
    on: str = on_option(),
    order: str = typer.Option(
        None, "--order", metavar=N_("REF"), help=N_("The order it was about (ref).")
    ),
    contact: str = typer.Option(
        None, "--contact", metavar=N_("NAME"), help=N_("Whom you spoke to.")
    ),
    note: str = typer.Option("", "--note", metavar=N_("TEXT"), help=N_("What was said or agreed.")),
    mood: str = typer.Option(
        None, "--mood", metavar=N_("MOOD"), help=N_("positive, neutral, doubt or negative.")
    ),
    by: str = typer.Option(
        None, "--by", metavar=N_("PERSON"), help=N_("Who made it (default: the account's owner).")
    ),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.output.sentences import word
    from nasales.store.followup import log_touchpoint

    with transaction(ctx, write=True) as db:
        tp = log_touchpoint(db, account, kind, day(on), order, contact, note, mood, by)
    say(_("logged {kind} on {day}").format(kind=word(tp.kind), day=date_text(tp.date)))


@app.command("remind", help=N_("Record a promise to call back; prints its key."))
def remind(
    ctx: typer.Context,
    account: str = typer.Argument(..., metavar=N_("ACCOUNT"), help=ACCOUNT_HELP),
    text: str = typer.Argument(..., metavar=N_("TEXT"), help=N_("What you promised.")),
    due: str = typer.Option(..., "--due", metavar=N_("DATE"), help=N_("When to call back.")),
    order: str = typer.Option(
        None, "--order", metavar=N_("REF"), help=N_("The order it is about (ref).")
    ),
) -> None:
    from nasales.store.followup import add_reminder

    with transaction(ctx, write=True) as db:
        reminder_id = add_reminder(db, account, text, day(due), order)
    say(f"manual:{reminder_id}")
