"""One account on one page (`nasales show`): its records as of a day, oldest first."""

from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from nasales.store.customers import (
    Account,
    Contact,
    TeamMember,
    contacts_of,
    find_account,
    team_of,
)
from nasales.store.db import Database
from nasales.store.facts import as_date
from nasales.store.orders import (
    Order,
    Proposal,
    as_opportunity,
    orders_of,
    proposals_of,
)

# The rows of the page are named tuples: a busy account's page has a thousand touchpoints,
# and a tuple is made in a fraction of a frozen dataclass's time (and declared in less).


class Entry(NamedTuple):
    """A touchpoint as the timeline shows it."""

    date: date
    kind: str
    order: str | None
    contact: str | None
    note: str
    mood: str | None
    by: str | None
    source: str | None = None  # captured from: calls, calendar, mail; None when typed
    direction: str | None = None  # a captured call's or e-mail's: in | out
    seconds: int | None = None  # a captured call's talk time


class HurdleEntry(NamedTuple):
    id: int
    order: str
    description: str
    raised_on: date
    resolved_on: date | None


class PromiseEntry(NamedTuple):
    id: int
    text: str
    due: date
    done_on: date | None


class OpportunityEntry(NamedTuple):
    id: int
    text: str
    noted_on: date
    source: str | None
    won_order: str | None
    dropped_on: date | None


@dataclass(frozen=True)
class Timeline:
    account: Account
    contacts: list[Contact]
    team: list[TeamMember]
    orders: list[Order]
    touchpoints: list[Entry]
    hurdles: list[HurdleEntry]
    promises: list[PromiseEntry]
    proposals: list[tuple[Proposal, str]]  # with the order's ref
    opportunities: list[OpportunityEntry]


def timeline(db: Database, name: str, today: date) -> Timeline:
    """Everything held on the account, as it stood on `today` (nothing dated later)."""
    account = find_account(db, name)
    params = {"id": account.id, "today": today}
    touchpoints = [
        Entry(as_date(day), *rest)  # type: ignore[arg-type]
        for day, *rest in db.all(
            "SELECT t.date, t.kind, o.ref, c.name, t.note, t.mood, t.made_by, t.source, "
            "t.direction, t.seconds FROM touchpoint t "
            "LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN contact c ON c.id = t.contact_id "
            "WHERE t.account_id = :id AND t.date <= :today ORDER BY t.date, t.id",
            params,
        )
    ]
    hurdles = [
        HurdleEntry(id_, ref, text, as_date(raised), as_date(resolved))  # type: ignore[arg-type]
        for id_, ref, text, raised, resolved in db.all(
            "SELECT h.id, o.ref, h.description, h.raised_on, "
            "CASE WHEN h.resolved_on <= :today THEN h.resolved_on END FROM hurdle h "
            "JOIN orders o ON o.id = h.order_id "
            "WHERE o.account_id = :id AND h.raised_on <= :today ORDER BY h.raised_on, h.id",
            params,
        )
    ]
    promises = [
        PromiseEntry(id_, text, as_date(due), as_date(done))  # type: ignore[arg-type]
        for id_, text, due, done in db.all(
            "SELECT id, text, due, CASE WHEN done_on <= :today THEN done_on END FROM reminder "
            "WHERE account_id = :id ORDER BY due, id",
            params,
        )
    ]
    opportunities = []
    for row in db.all(
        "SELECT p.id, p.account_id, p.text, p.noted_on, p.source, p.won_order_id, "
        "CASE WHEN p.dropped_on <= :today THEN p.dropped_on END, "
        "CASE WHEN o.signed_on <= :today THEN o.ref END "
        "FROM opportunity p LEFT JOIN orders o ON o.id = p.won_order_id "
        "WHERE p.account_id = :id AND p.noted_on <= :today ORDER BY p.noted_on, p.id",
        params,
    ):
        found = as_opportunity(row[:-1])
        opportunities.append(
            OpportunityEntry(
                found.id, found.text, found.noted_on, found.source, row[-1], found.dropped_on
            )
        )
    orders = [
        replace(o, delivered_on=_by(o.delivered_on, today)) for o in orders_of(db, account, today)
    ]
    proposals = [
        (replace(p, agreed_on=_by(p.agreed_on, today), declined_on=_by(p.declined_on, today)), ref)
        for p, ref in proposals_of(db, account, today)
    ]
    return Timeline(
        account,
        contacts_of(db, account),
        team_of(db, account),
        orders,
        touchpoints,
        hurdles,
        promises,
        proposals,
        opportunities,
    )


def _by(day: date | None, today: date) -> date | None:
    """`day` if it has come by `today`: what was dated later did not happen yet."""
    return day if day is not None and day <= today else None
