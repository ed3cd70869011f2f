"""Whether the customer has heard of a problem (PRODUCT.md §3, issue 21.17).

A problem counts as discussed by a personal contact with the account dated on or after the
day it was raised. A call logged in the morning and a problem recorded that afternoon would
then count as discussed without anyone saying so; so `hurdle add` names the contact that
counts, and the user can say it did not (`--not-discussed`, or later `hurdle not-discussed
ID`): the problem then keeps the id of the latest touchpoint so far (`discussed_after`),
and only a personal contact logged after it counts (`store.facts.DISCUSSES`, which the
list, the risk, this module and the review all read).
"""

from dataclasses import dataclass
from datetime import date

from nasales.store.db import Database
from nasales.store.facts import DISCUSSES, day
from nasales.store.orders import Hurdle, find_hurdle


@dataclass(frozen=True)
class Discussion:
    """The personal contact that counts as discussing a problem."""

    kind: str
    on: date
    contact: str | None  # whom they spoke to, if logged
    by: str | None


def discussed_by(db: Database, hurdle: Hurdle) -> Discussion | None:
    """The first personal contact that counts for the problem (any date on or after it was
    raised; after the touchpoint the user named, if so), or None."""
    row = db.first(
        "SELECT t.kind, t.date, c.name, t.made_by FROM hurdle h "
        "JOIN orders o ON o.id = h.order_id "
        f"JOIN touchpoint t ON {DISCUSSES.format(account='o.account_id')} "
        "LEFT JOIN contact c ON c.id = t.contact_id "
        "WHERE h.id = :id ORDER BY t.date, t.id LIMIT 1",
        {"id": hurdle.id},
    )
    if row is None:
        return None
    kind, on, contact, by = row
    return Discussion(kind, day(on), contact, by)


def not_discussed(db: Database, hurdle_id: int) -> Hurdle:
    """The contacts logged so far did not discuss the problem: only a later one counts."""
    hurdle = find_hurdle(db, hurdle_id)
    db.execute(
        "UPDATE hurdle SET discussed_after = (SELECT COALESCE(MAX(id), 0) FROM touchpoint) "
        "WHERE id = :id",
        {"id": hurdle.id},
    )
    return find_hurdle(db, hurdle.id)
