"""The customer's agreement and next need: proposals sent for their agreement, and the
opportunities after-sales brings (aftersales = pre-sales)."""

import typer

from nasales.cli import app
from nasales.cli.options import day, on_option, transaction
from nasales.i18n import N_
from nasales.output import say

proposal_app = typer.Typer(
    help=N_("Proposals sent for the customer's agreement (a start-up plan, a schedule, a choice)."),
    no_args_is_help=True,
)
opportunity_app = typer.Typer(
    help=N_("The customer's next needs, noted in after-sales calls."), no_args_is_help=True
)
app.add_typer(proposal_app, name="proposal")
app.add_typer(opportunity_app, name="opportunity")


@proposal_app.command(
    "add", help=N_("Record a proposal sent for the customer's agreement; prints its id.")
)
def proposal_add(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar=N_("REF"), help=N_("The order's ref.")),
    text: str = typer.Argument(..., metavar=N_("TEXT"), help=N_("What you proposed.")),
    on: str = on_option(N_("The day it was sent.")),
    answer_by: str = typer.Option(
        None,
        "--answer-by",
        metavar=N_("DATE"),
        help=N_("When you expect their answer (default: 3 working days)."),
    ),
) -> None:
    from nasales.store.orders import add_proposal

    sent = day(on)
    by = day(answer_by, ahead=True, base=sent) if answer_by else None  # relative to --on
    with transaction(ctx, write=True) as db:
        proposal = add_proposal(db, ref, text, sent, by)
    say(str(proposal.id))


@proposal_app.command(
    "agreed",
    help=N_("The customer agreed: closes the proposal and logs an agreement on its order."),
)
def proposal_agreed(
    ctx: typer.Context,
    proposal_id: int = typer.Argument(..., metavar=N_("ID"), help=N_("The proposal's id.")),
    on: str = on_option(N_("The day they agreed.")),
    note: str = typer.Option("", "--note", metavar=N_("TEXT"), help=N_("What was agreed.")),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.store.followup import agree_proposal

    when = day(on)
    with transaction(ctx, write=True) as db:
        proposal, order = agree_proposal(db, proposal_id, when, note)
    say(
        _("proposal {id} agreed on {day}: logged an agreement on {ref}").format(
            id=proposal.id, day=date_text(when), ref=order.ref
        )
    )


@proposal_app.command(
    "declined", help=N_("The customer declined: closes the proposal (propose something else).")
)
def proposal_declined(
    ctx: typer.Context,
    proposal_id: int = typer.Argument(..., metavar=N_("ID"), help=N_("The proposal's id.")),
    on: str = on_option(N_("The day they declined.")),
    note: str = typer.Option(
        "", "--note", metavar=N_("TEXT"), help=N_("Why, or what they want instead.")
    ),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.store.orders import answer_proposal

    when = day(on)
    with transaction(ctx, write=True) as db:
        proposal, _order = answer_proposal(db, proposal_id, False, when, note)
    say(_("proposal {id} declined on {day}").format(id=proposal.id, day=date_text(when)))


@opportunity_app.command(
    "drop", help=N_("The need went away: the opportunity leaves the pipeline.")
)
def opportunity_drop(
    ctx: typer.Context,
    opportunity_id: int = typer.Argument(..., metavar=N_("ID"), help=N_("The opportunity's id.")),
    on: str = on_option(N_("The day the need went away.")),
) -> None:
    from nasales.i18n import _, date_text
    from nasales.store.orders import drop_opportunity

    with transaction(ctx, write=True) as db:
        found = drop_opportunity(db, opportunity_id, day(on))
    say(_("dropped opportunity {id} on {day}").format(id=found.id, day=date_text(found.dropped_on)))
