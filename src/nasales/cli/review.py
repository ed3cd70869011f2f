"""Looking back and ahead: how after-sales went (`review`), and what it brings (`pipeline`:
aftersales = pre-sales)."""

from datetime import date
from typing import TYPE_CHECKING

import typer

from nasales.cli import app
from nasales.cli.options import (
    PageFormat,
    day,
    for_option,
    format_option,
    on_option,
    one_person,
    owner_option,
    page_format,
    transaction,
)
from nasales.i18n import N_
from nasales.output import Format

if TYPE_CHECKING:
    from nasales.domain.playbook import Playbook
    from nasales.domain.review import Need, Period, Review
    from nasales.store.db import Database


@app.command(
    "pipeline",
    help=N_("Open opportunities: the next needs customers mentioned in after-sales calls."),
)
def pipeline(
    ctx: typer.Context,
    on: str = on_option(N_("The opportunities open on this day (default today).")),
    owner: str = owner_option(),
    person: str = for_option(
        N_(
            "One person's opportunities: of the accounts they own, and noted in calls "
            "handed to them."
        )
    ),
    fmt: Format = format_option(),
) -> None:
    from nasales.output import resolve
    from nasales.output.pipeline import print_pipeline

    one_person(owner, person)
    when = day(on)
    with transaction(ctx, write=False) as db:
        needs = open_needs(db, when, owner, person)
    print_pipeline(needs, when, resolve(fmt))


@app.command(
    "review",
    short_help=N_("How after-sales went, week by week, in the weeks up to a day."),
    help=N_(
        "How after-sales went in the weeks ending on a day: confirm calls, problems, "
        "deliveries, lost orders, proposals, opportunities and doubt risk, per week."
    ),
)
def review(
    ctx: typer.Context,
    on: str = on_option(N_("The last day of the review (default today).")),
    weeks: int = typer.Option(
        4, "--weeks", metavar=N_("WEEKS"), min=1, max=53, help=N_("How many weeks back.")
    ),
    owner: str = owner_option(),
    person: str = for_option(
        N_("One person's after-sales: the accounts they own and the items handed to them.")
    ),
    fmt: PageFormat = format_option(
        N_("table (default on a terminal), plain (default otherwise) or json.")
    ),
) -> None:
    from nasales.cli.views import playbook
    from nasales.domain.review import Period
    from nasales.output.review import print_review

    one_person(owner, person)
    rules = playbook()
    with transaction(ctx, write=False) as db:
        found = look_back(db, rules, Period(day(on), weeks), owner, person)
    print_review(found, page_format(fmt), owner, person)


# -- composed from the store and the rules --------------------------------------------------


def open_needs(db: "Database", today: date, owner: str | None, person: str | None) -> list["Need"]:
    """The pipeline of everyone, one account manager, or one person (the accounts they own
    and the needs noted in calls handed to them)."""
    from nasales.domain.review import Whose
    from nasales.store.facts import scope
    from nasales.store.review import handed_keys
    from nasales.store.review import pipeline as open_opportunities

    where = scope(db, owner, person)
    whose = Whose(person, handed_keys(db, where, today))
    return [n for n in open_opportunities(db, today, where) if whose.mine(n.owner, n.source)]


def look_back(
    db: "Database", rules: "Playbook", period: "Period", owner: str | None, person: str | None
) -> "Review":
    """The review: each count set-based from the store, sorted by the pure rules; the doubt
    risk taken on the eve of the period and at the end of each week."""
    from nasales.domain.calls import account_risks
    from nasales.domain.review import Whose, review, windows
    from nasales.store import review as store
    from nasales.store.facts import load_book, scope

    where = scope(db, owner, person)
    whose = Whose(person, store.handed_keys(db, where, period.end))
    risks = []
    for checkpoint in period.checkpoints():
        book = load_book(db, checkpoint, where)
        won = {o.account for o in book.orders if o.status == "won"}
        scores = account_risks(book, won, checkpoint, rules)
        risks.append({name: r.score if r else None for name, r in scores.items()})
    return review(
        rules,
        period,
        store.followups(db, period, windows(rules, period), where),
        store.sent_proposals(db, period, where),
        store.noted_needs(db, period, where),
        risks,
        whose,
    )
