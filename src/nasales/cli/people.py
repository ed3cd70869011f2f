"""The people: contacts at a customer (adding one, and what is held on one person: GDPR
access and erasure) and the account team."""

from typing import Literal

import typer

from nasales.cli import app
from nasales.cli.book import ACCOUNT_HELP
from nasales.cli.options import format_option, transaction
from nasales.i18n import N_
from nasales.output import Format, say

contact_app = typer.Typer(help=N_("People at a customer."), no_args_is_help=True)
team_app = typer.Typer(
    help=N_("The account team: colleagues who also serve the customer."), no_args_is_help=True
)
app.add_typer(contact_app, name="contact")
app.add_typer(team_app, name="team")

WHO_HELP = N_("The person's full name (any case) or e-mail address.")


def at_account_option() -> str:
    """`--account`: which of the namesakes `contact export` and `contact forget` mean."""
    return typer.Option(  # type: ignore[no-any-return]
        None, "--account", metavar=N_("ACCOUNT"), help=N_("Only the person at this account.")
    )


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


@contact_app.command(
    "export",
    help=N_("Everything held on one person (GDPR access request): fields, touchpoints, notes."),
)
def contact_export(
    ctx: typer.Context,
    who: str = typer.Argument(..., metavar=N_("NAME"), help=WHO_HELP),
    account: str = at_account_option(),
    fmt: Literal[Format.plain, Format.json] = format_option(N_("plain or json."), Format.plain),
) -> None:
    from nasales.cli.options import settings
    from nasales.output.person import print_person
    from nasales.store.people import find_person, held_on

    country = settings(ctx).rules.country
    with transaction(ctx, write=False) as db:
        held = held_on(db, find_person(db, who, account, country))
    print_person(held, fmt)


@contact_app.command(
    "forget",
    help=N_("Erase one person everywhere (GDPR erasure request); asks first unless --yes."),
)
def contact_forget(
    ctx: typer.Context,
    who: str = typer.Argument(..., metavar=N_("NAME"), help=WHO_HELP),
    account: str = at_account_option(),
    yes: bool = typer.Option(False, "--yes", "-y", help=N_("Erase without asking.")),
) -> None:
    from nasales.cli.erasure import forget_person

    say(*forget_person(ctx, who, account, yes))
