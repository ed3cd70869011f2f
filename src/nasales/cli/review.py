"""Looking back and ahead: how after-sales went (`review`), and what it brings (`pipeline`:
aftersales = pre-sales)."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from nasales.cli import app
from nasales.cli.options import (
    day,
    for_option,
    format_option,
    on_option,
    one_person,
    owner_option,
    transaction,
)
from nasales.i18n import N_
from nasales.output import Format, say

if TYPE_CHECKING:
    from nasales.domain.playbook import Playbook
    from nasales.domain.review import Need, Period, Review
    from nasales.store.db import Database
    from nasales.store.facts import Scope


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
    fmt: Literal[Format.table, Format.plain, Format.json, Format.csv] = format_option(),
) -> None:
    from nasales.output.pipeline import print_pipeline

    one_person(owner, person)
    when = day(on)
    with transaction(ctx, write=False) as db:
        needs = open_needs(db, when, owner, person)
    print_pipeline(needs, when, fmt)


@app.command(
    "review",
    short_help=N_("How after-sales went, week by week, in the weeks up to a day."),
    help=N_(
        "How after-sales went in the weeks ending on a day, week by week: confirm calls, "
        "problems, deliveries, lost orders, proposals, opportunities, and the doubt risk. "
        "Also as one page for the sales meeting (--format html)."
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
    fmt: Literal[Format.table, Format.plain, Format.json, Format.html] = format_option(
        N_(
            "table (default on a terminal), plain (default otherwise), json, or html: one "
            "page with charts, to print or show (default with --out)."
        )
    ),
    out: Path = typer.Option(
        None,
        "--out",
        metavar=N_("FILE"),
        dir_okay=False,
        help=N_("Write the page to FILE: a new file, or an earlier review page (never another)."),
    ),
) -> None:
    from nasales.cli.views import playbook
    from nasales.domain.review import Period
    from nasales.output.review import print_review

    one_person(owner, person)
    if out is not None:
        to_a_page(fmt, out)
    rules = playbook()
    with transaction(ctx, write=False) as db:
        found = look_back(db, rules, Period(day(on), weeks), owner, person)
    if out is None:
        print_review(found, fmt)
    else:
        from nasales.i18n import _
        from nasales.output.review_page import save

        save(found, out)
        say(_("wrote the review to {path}").format(path=out), err=True)


def to_a_page(fmt: Format | None, out: Path) -> None:
    """`--out` writes the html page (and no other format), over no file but an earlier page:
    both checked before the work."""
    from nasales.i18n import _
    from nasales.output.review_page import refuse_to_overwrite

    if fmt not in (None, Format.html):
        raise typer.BadParameter(
            _("--out writes the html page: give --format html, or no --format"),
            param_hint="'--out'",
        )
    refuse_to_overwrite(out)


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
    """The review: each count set-based from the store, sorted by the pure rules in one walk;
    the doubt risk taken on two days, the eve of the period and its last day."""
    from dataclasses import replace

    from nasales.domain.review import Whose, review, windows
    from nasales.store import review as store
    from nasales.store.facts import scope

    where = scope(db, owner, person)
    whose = Whose(person, store.handed_keys(db, where, period.end))
    after = risks_on(db, rules, period.end, where)
    # only an account with a risk at the end can have risen: the eve needs no other
    risen = tuple(name for name, risk in after.items() if risk)
    eve = replace(where, names=risen) if len(risen) <= MANY_NAMES else where
    return review(
        rules,
        period,
        store.followups(db, period, windows(rules, period), where),
        store.sent_proposals(db, period, where),
        store.noted_needs(db, period, where),
        risks_on(db, rules, period.eve, eve),
        after,
        whose,
        owner,
    )


MANY_NAMES = 20_000  # more names than this: no list of them in one query (SQLite's limit)


def risks_on(db: "Database", rules: "Playbook", day: date, where: "Scope") -> dict[str, int | None]:
    """Each account's doubt risk on `day`, as `today` and `show` give it (None: no order won
    by then)."""
    from nasales.domain.calls import account_risks
    from nasales.store.facts import load_book

    book = load_book(db, day, where)
    won = {o.account for o in book.orders if o.status == "won"}
    risks = account_risks(book, won, day, rules)
    return {name: risk.score if risk else None for name, risk in risks.items()}
