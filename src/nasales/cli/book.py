"""Keeping the book of business: accounts, orders, problems, touchpoints and promises."""

import typer

from nasales.cli import app
from nasales.cli.options import day, on_option, transaction
from nasales.i18n import N_
from nasales.output import say

account_app = typer.Typer(help=N_("Customer accounts."), no_args_is_help=True)
order_app = typer.Typer(help=N_("Won and lost orders."), no_args_is_help=True)
hurdle_app = typer.Typer(
    help=N_("Problems on an order: have a problem? call the customer."), no_args_is_help=True
)
app.add_typer(account_app, name="account")
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
    clv: str = typer.Option(
        None, "--clv", metavar=N_("AMOUNT"), help=N_("Customer lifetime value, e.g. 185,000.")
    ),
    notes: str = typer.Option(
        None, "--notes", metavar=N_("TEXT"), help=N_("What to know about the customer.")
    ),
) -> None:
    from nasales.i18n import _, money
    from nasales.store.customers import add_account

    with transaction(ctx, write=True) as db:
        account = add_account(db, name, owner, tier, clv, notes)
    if account.clv is None:
        say(_("added account {name}").format(name=account.name))
    else:
        say(
            _("added account {name}, CLV {amount}").format(
                name=account.name, amount=money(account.clv)
            )
        )


@account_app.command(
    "set", help=N_("Change an account: owner, tier, CLV, notes or its e-mail domains.")
)
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
        None,
        "--clv",
        metavar=N_("AMOUNT"),
        help=N_("Customer lifetime value, e.g. 185,000 ('' for none)."),
    ),
    notes: str = typer.Option(
        None, "--notes", metavar=N_("TEXT"), help=N_("What to know about the customer.")
    ),
    domain: list[str] = typer.Option(
        [],
        "--domain",
        metavar=N_("DOMAIN"),
        help=N_(
            "An e-mail domain of the customer (bouw.nl): capture links its mail and "
            "meetings to the account; repeatable."
        ),
    ),
    no_domain: list[str] = typer.Option(
        [], "--no-domain", metavar=N_("DOMAIN"), help=N_("Remove an e-mail domain; repeatable.")
    ),
) -> None:
    from nasales.i18n import _, money
    from nasales.store.customers import UNCHANGED, find_account, set_account, sharing_domains

    given = {"owner": owner, "tier": tier, "clv": clv, "notes": notes}
    changes = {k: v for k, v in given.items() if v is not None}
    with transaction(ctx, write=True) as db:
        before = set(find_account(db, name).domain_list) if domain else set()
        account = set_account(
            db,
            name,
            **{k: changes.get(k, UNCHANGED) for k in given},
            add_domains=domain,
            remove_domains=no_domain,
        )
        added = [d for d in account.domain_list if d not in before] if domain else []
        shared = sharing_domains(db, account, added)
    _warn_domains(ctx, account.name, added, shared)
    shown = [
        _("owner {owner}").format(owner=account.owner or "–"),
        _("tier {tier}").format(tier=account.tier) if account.tier else _("tier derived"),
        _("CLV {amount}").format(amount=money(account.clv) or "–"),
    ]
    if domain or no_domain:
        shown.append(_("domains {domains}").format(domains=", ".join(account.domain_list) or "–"))
    say(_("changed {name}: {fields}").format(name=account.name, fields=", ".join(shown)))


def _warn_domains(
    ctx: typer.Context, name: str, added: list[str], shared: list[tuple[str, str]]
) -> None:
    """A domain given that another account has too, or that is the own organisation's: said
    on stderr, one line each; the change stands (a group of companies may share one)."""
    from nasales.cli.options import settings
    from nasales.i18n import _

    for domain, other in shared:
        say(
            _("note: {other} has the domain {domain} too: its mail and meetings are logged on both")
            .format(other=other, domain=domain),
            err=True,
        )  # fmt: skip
    own = settings(ctx).rules.own_domains if added else ()
    for domain in added:
        labels = domain.split(".")
        if any(".".join(labels[i:]) in own for i in range(len(labels) - 1)):
            say(
                _(
                    "note: {domain} is your own organisation's (own_domains): mail and meetings "
                    "there are your colleagues', never logged on {name}"
                ).format(domain=domain, name=name),
                err=True,
            )


# -- orders and problems ---------------------------------------------------------------------


def _record_order(ctx: typer.Context, status: str, source: int | None = None, **fields) -> None:  # type: ignore[no-untyped-def]
    """Record an order; its ref alone on stdout (scripts read it), and on stderr what was
    stored, the value as nasales reads it, so that a misread amount shows at once."""
    from nasales.i18n import _
    from nasales.output.sentences import recorded_order
    from nasales.store.customers import find_account_by_id
    from nasales.store.orders import add_order, win_opportunity

    signed_on = day(fields.pop("on"))
    with transaction(ctx, write=True) as db:
        order = add_order(db, status=status, signed_on=signed_on, **fields)
        if source is not None:
            win_opportunity(db, source, order)
        account = find_account_by_id(db, order.account_id).name
    say(order.ref)
    say(recorded_order(order, account), err=True)
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
    value: str = typer.Option(
        None, "--value", metavar=N_("AMOUNT"), help=N_("Order value, e.g. 185,000 or 1,054.50.")
    ),
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
    value: str = typer.Option(
        None, "--value", metavar=N_("AMOUNT"), help=N_("Order value, e.g. 185,000 or 1,054.50.")
    ),
    on: str = on_option(N_("The day it was lost.")),
    to: str = typer.Option(
        None, "--to", metavar=N_("COMPETITOR"), help=N_("The competitor who won it.")
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


@order_app.command("delivered", help=N_("Mark a won order delivered (again: move the day)."))
def order_delivered(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar=N_("REF"), help=N_("The order's ref.")),
    on: str = on_option(N_("The day it was delivered.")),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.store.orders import deliver_order, find_order

    with transaction(ctx, write=True) as db:
        was = find_order(db, ref).delivered_on
        order = deliver_order(db, ref, day(on))
    now = date_text(order.delivered_on)
    if was is None:
        say(_("delivered {ref} on {day}").format(ref=order.ref, day=now))
    elif was == order.delivered_on:
        say(_("{ref} was delivered on {day} already").format(ref=order.ref, day=now))
    else:
        say(
            _("delivered {ref} on {day} (was {was})").format(
                ref=order.ref, day=now, was=date_text(was)
            )
        )


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
    short_help=N_("Say that the calls logged so far did not discuss a problem."),
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
    due: str = typer.Option(
        ...,
        "--due",
        metavar=N_("DATE"),
        help=N_(
            "When to call back: 27-11-2026, 27-11, friday (the next one), next week, tomorrow."
        ),
    ),
    order: str = typer.Option(
        None, "--order", metavar=N_("REF"), help=N_("The order it is about (ref).")
    ),
) -> None:
    from nasales.domain.vocabulary import shown_key
    from nasales.store.followup import add_reminder

    with transaction(ctx, write=True) as db:
        reminder_id = add_reminder(db, account, text, day(due, ahead=True), order)
    say(shown_key(f"manual:{reminder_id}"))
