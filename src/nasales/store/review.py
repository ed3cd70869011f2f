"""The review's and the pipeline's queries (PRODUCT.md §8).

For each order and problem whose follow-up can fall due in the period, one row with the
first personal contact with the account on or after the day a contact counts for it: a
correlated MIN over the partial index of personal contacts, i.e. one index seek per order or
problem, whatever the number of touchpoints. Nothing dated after T counts.
"""

from datetime import date
from typing import Any

from nasales.domain.review import FollowUp, Need, Period, SentProposal, Windows
from nasales.store.db import Database
from nasales.store.facts import DISCUSSES, PERSONAL, Scope, as_date, day


def _first_contact(since: str) -> str:
    return f"""(SELECT MIN(t.date) FROM touchpoint t
      WHERE t.account_id = a.id AND {PERSONAL} AND t.date >= {since} AND t.date <= :today)"""


CONFIRMS = f"""
SELECT o.ref, a.name, a.owner, o.signed_on, {_first_contact("o.signed_on")}
FROM orders o JOIN account a ON a.id = o.account_id
WHERE o.status = 'won' AND o.signed_on >= :signed_from AND o.signed_on <= :today {{scope}}
"""

DELIVERIES = f"""
SELECT o.ref, a.name, a.owner, o.delivered_on, {_first_contact("o.delivered_on")}
FROM orders o JOIN account a ON a.id = o.account_id
WHERE o.status = 'won' AND o.delivered_on >= :delivered_from AND o.delivered_on <= :today
  {{scope}}
"""

# one first-contact column per stage (`{stages}`): a contact counts from signed_on + N days
LOST = """
SELECT o.ref, a.name, a.owner, o.signed_on {stages}
FROM orders o JOIN account a ON a.id = o.account_id
WHERE o.status = 'lost' AND o.signed_on >= :lost_from AND o.signed_on <= :today {scope}
"""

# a problem's first contact is the first that discussed it (the list's own rule, DISCUSSES)
HURDLES = f"""
SELECT h.id, a.name, a.owner, h.raised_on, (SELECT MIN(t.date) FROM touchpoint t
      WHERE {DISCUSSES.format(account="a.id")} AND t.date <= :today),
    CASE WHEN h.resolved_on <= :today THEN h.resolved_on END
FROM hurdle h JOIN orders o ON o.id = h.order_id JOIN account a ON a.id = o.account_id
WHERE h.raised_on >= :start AND h.raised_on <= :today {{scope}}
"""

PROPOSALS = """
SELECT p.id, a.name, a.owner, p.sent_on,
    CASE WHEN p.agreed_on <= :today THEN p.agreed_on END,
    CASE WHEN p.declined_on <= :today THEN p.declined_on END
FROM proposal p JOIN orders o ON o.id = p.order_id JOIN account a ON a.id = o.account_id
WHERE p.sent_on >= :start AND p.sent_on <= :today {scope}
"""

# an opportunity is won on the day its order was signed
OPPORTUNITIES = """
SELECT p.id, a.name, a.owner, p.text, p.noted_on, p.source,
    CASE WHEN w.signed_on <= :today THEN w.ref END,
    CASE WHEN p.dropped_on <= :today THEN p.dropped_on END
FROM opportunity p JOIN account a ON a.id = p.account_id
LEFT JOIN orders w ON w.id = p.won_order_id
WHERE p.noted_on >= :start AND p.noted_on <= :today {scope}
"""

PIPELINE = """
SELECT p.id, a.name, a.owner, p.text, p.noted_on, p.source
FROM opportunity p JOIN account a ON a.id = p.account_id
LEFT JOIN orders w ON w.id = p.won_order_id
WHERE p.noted_on <= :today
  AND (w.id IS NULL OR w.signed_on > :today)
  AND (p.dropped_on IS NULL OR p.dropped_on > :today)
  {scope}
ORDER BY p.noted_on, p.id
"""

HANDED = """
SELECT DISTINCT h.item_key FROM handoff h WHERE h.handed_on <= :today AND h.person {people}
"""


def _plus_days(db: Database, column: str, name: str) -> str:
    """`column` + the days in parameter `name` (see `_days`), in the database's dialect."""
    if db.dialect == "sqlite":
        return f"date({column}, :{name})"
    return f"({column} + CAST(:{name} AS INTEGER))"


def _days(db: Database, n: int) -> Any:
    return f"{n:+d} days" if db.dialect == "sqlite" else n


def followups(db: Database, period: Period, windows: Windows, where: Scope) -> list[FollowUp]:
    """The confirm, after-delivery and lost-order items that can fall due in the period,
    and the problems raised in it, each with its first personal contact (by T)."""
    scope_sql, params = where.where(db)
    params |= {
        "today": period.end,
        "start": period.start,
        "signed_from": windows.signed_from,
        "delivered_from": windows.delivered_from,
        "lost_from": windows.lost_from,
    }
    stages = ""
    for n, days in enumerate(windows.contact_from_days, 1):
        params[f"stage_{n}"] = _days(db, days)
        stages += f", {_first_contact(_plus_days(db, 'o.signed_on', f'stage_{n}'))}"

    def rows(query: str) -> list[Any]:
        return db.all(query.replace("{scope}", scope_sql).replace("{stages}", stages), params)

    found = [
        FollowUp("confirm", f"confirm:{ref}", name, owner, day(signed), as_date(first))
        for ref, name, owner, signed, first in rows(CONFIRMS)
    ]
    found += [
        FollowUp(
            "post_delivery", f"post_delivery:{ref}", name, owner, day(delivered), as_date(first)
        )
        for ref, name, owner, delivered, first in rows(DELIVERIES)
    ]
    for ref, name, owner, signed, *firsts in rows(LOST):
        found += [
            FollowUp(
                "lost_followup", f"lost_followup:{ref}", name, owner, day(signed), as_date(f), n
            )
            for n, f in enumerate(firsts, 1)
        ]
    found += [
        FollowUp(
            "hurdle", f"hurdle:{id_}", name, owner, day(raised), as_date(first), 0, as_date(solved)
        )
        for id_, name, owner, raised, first, solved in rows(HURDLES)
    ]
    return found


def sent_proposals(db: Database, period: Period, where: Scope) -> list[SentProposal]:
    scope_sql, params = where.where(db)
    params |= {"today": period.end, "start": period.start}
    return [
        SentProposal(f"proposal:{id_}", name, owner, day(sent), as_date(ok), as_date(no))
        for id_, name, owner, sent, ok, no in db.all(
            PROPOSALS.replace("{scope}", scope_sql), params
        )
    ]


def noted_needs(db: Database, period: Period, where: Scope) -> list[Need]:
    """The opportunities noted in the period, won or dropped as of T."""
    scope_sql, params = where.where(db)
    params |= {"today": period.end, "start": period.start}
    return [
        Need(id_, name, owner, text, day(noted), source, won, as_date(dropped))
        for id_, name, owner, text, noted, source, won, dropped in db.all(
            OPPORTUNITIES.replace("{scope}", scope_sql), params
        )
    ]


def pipeline(db: Database, today: date, where: Scope) -> list[Need]:
    """The opportunities open on `today` (noted, neither won nor dropped by then), oldest
    first."""
    scope_sql, params = where.where(db)
    params["today"] = today
    return [
        Need(id_, name, owner, text, day(noted), source)
        for id_, name, owner, text, noted, source in db.all(
            PIPELINE.replace("{scope}", scope_sql), params
        )
    ]


def handed_keys(db: Database, where: Scope, today: date) -> frozenset[str]:
    """The keys of the items handed (on or before `today`) to the person of a `--for` scope."""
    if where.handed_to is None:
        return frozenset()
    people, params = db.in_list("person", where.handed_to)
    params["today"] = today
    return frozenset(key for (key,) in db.all(HANDED.replace("{people}", people), params))
