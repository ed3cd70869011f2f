"""The set-based queries: one row of facts per account, order, hurdle, promise and proposal.

Each aggregate over touchpoints is a correlated MAX (or LIMIT 1) over a partial index, i.e.
one index seek per account or order, so the cost grows with the number of accounts and
orders, not with the number of touchpoints.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.facts import (
    AccountFacts,
    Book,
    Handoff,
    HurdleFacts,
    OrderFacts,
    ProposalFacts,
    ReminderFacts,
)
from nasales.domain.text import person_key
from nasales.store.db import Database

PERSONAL = "t.kind IN ('call', 'visit', 'meeting', 'agreement')"  # literal: matches the index
LAST_PERSONAL = f"""(SELECT MAX(t.date) FROM touchpoint t
      WHERE t.account_id = {{account}} AND {PERSONAL} AND t.date <= :today)"""
# A personal contact that counts as discussing problem `h` (docs/risk.md): dated on or after
# the day it was raised and, when the user said the contacts logged so far did not discuss
# it (`discussed_after`), logged after those. The one home of that rule: the list, the
# risk, `hurdle add` and the review all read it.
DISCUSSES = f"""t.account_id = {{account}} AND {PERSONAL} AND t.date >= h.raised_on
        AND t.id > COALESCE(h.discussed_after, 0)"""

# Touchpoints count up to :today. Orders, hurdles, promises, proposals and hand-offs come
# with their real dates up to :until (the last day of an agenda; :today for the day's list),
# so that the playbook can replay each day of the agenda as `today` would see it.
# The mood: that of the latest customer-facing touchpoint dated on or after the latest
# agreement (and logged after it, on that day); the derived table finds its id, the join its
# mood and day.
ACCOUNTS = f"""
SELECT x.name, x.owner, x.tier, x.clv, x.last_personal, m.mood, m.date, x.loose_agreement
FROM (SELECT a.name, a.owner, a.tier, a.clv,
    {LAST_PERSONAL.format(account="a.id")} AS last_personal,
    (SELECT t.id FROM touchpoint t
      WHERE t.account_id = a.id AND t.mood IS NOT NULL AND t.date <= :today
        AND t.kind <> 'note'
        AND t.date >= COALESCE((SELECT MAX(g.date) FROM touchpoint g
              WHERE g.kind = 'agreement' AND g.account_id = a.id AND g.date <= :today), :epoch)
        AND NOT EXISTS (SELECT 1 FROM touchpoint g
              WHERE g.kind = 'agreement' AND g.account_id = a.id AND g.date = t.date
                AND g.id >= t.id)
      ORDER BY t.date DESC, t.id DESC LIMIT 1) AS mood_id,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.kind = 'agreement' AND t.account_id = a.id AND t.order_id IS NULL
        AND t.date <= :today) AS loose_agreement
  FROM account a
  WHERE 1 = 1 {{scope}}) x
LEFT JOIN touchpoint m ON m.id = x.mood_id
"""

ORDERS = """
SELECT o.ref, a.name, o.status, o.signed_on, o.value, o.title,
    CASE WHEN o.delivered_on <= :until THEN o.delivered_on END AS delivered_on,
    o.competitor, o.decision,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.kind = 'agreement' AND t.account_id = o.account_id AND t.order_id = o.id
        AND t.date <= :today) AS linked_agreement
FROM orders o JOIN account a ON a.id = o.account_id
WHERE o.signed_on <= :until {scope}
"""

# Open hurdles, and those solved without a personal contact since (a problem solved without
# telling the customer stays on the list: silence while fixing is when doubt grows); with
# those the user said were not discussed (`discussed_after`: only a personal contact logged
# after that touchpoint counts), the latest such contact.
HURDLES = f"""
SELECT h.id, o.ref, a.name, h.raised_on, h.description,
    CASE WHEN h.resolved_on <= :until THEN h.resolved_on END AS resolved_on,
    h.discussed_after,
    CASE WHEN h.discussed_after IS NOT NULL THEN (SELECT MAX(t.date) FROM touchpoint t
      WHERE {DISCUSSES.format(account="a.id")} AND t.date <= :today) END AS told_on
FROM hurdle h JOIN orders o ON o.id = h.order_id JOIN account a ON a.id = o.account_id
WHERE h.raised_on <= :until
  AND (h.resolved_on IS NULL OR h.resolved_on > :today OR h.discussed_after IS NOT NULL
       OR h.raised_on > COALESCE({LAST_PERSONAL.format(account="a.id")}, :epoch))
  {{scope}}
"""

REMINDERS = """
SELECT r.id, a.name, r.due, r.text, o.ref,
    CASE WHEN r.done_on <= :until THEN r.done_on END AS done_on
FROM reminder r JOIN account a ON a.id = r.account_id LEFT JOIN orders o ON o.id = r.order_id
WHERE (r.done_on IS NULL OR r.done_on > :today)
  {scope}
"""

PROPOSALS = """
SELECT p.id, o.ref, a.name, p.sent_on, p.text, p.answer_by,
    CASE WHEN p.agreed_on <= :until THEN p.agreed_on END AS agreed_on,
    CASE WHEN p.declined_on <= :until THEN p.declined_on END AS declined_on
FROM proposal p JOIN orders o ON o.id = p.order_id JOIN account a ON a.id = o.account_id
WHERE p.sent_on <= :until
  AND (p.agreed_on IS NULL OR p.agreed_on > :today)
  AND (p.declined_on IS NULL OR p.declined_on > :today)
  {scope}
"""

HANDOFFS = """
SELECT h.item_key, h.handed_on, h.person, h.note
FROM handoff h JOIN account a ON a.id = h.account_id
WHERE h.handed_on <= :until {scope}
ORDER BY h.handed_on, h.id
"""

SNOOZES = "SELECT key, until FROM snooze WHERE until > :today"

CONTACTS = """
SELECT a.name AS account, c.name, c.role, c.phone, c.email, c.is_primary, c.id,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.contact_id = c.id AND t.date <= :today) AS last_contacted
FROM contact c JOIN account a ON a.id = c.account_id
WHERE NOT c.do_not_call {scope}
"""


@dataclass(frozen=True)
class Scope:
    """Which accounts a query covers: all; one account manager's (`owners`); one person's
    (the accounts they own and those with items handed to them); or one account."""

    owners: tuple[str, ...] | None = None  # spellings of account.owner
    handed_to: tuple[str, ...] | None = None  # spellings of handoff.person
    account_id: int | None = None
    names: tuple[str, ...] | None = None  # only these accounts (by their stored name)

    def where(self, db: Database) -> tuple[str, dict[str, Any]]:
        sql, params = "", dict[str, Any]()
        if self.owners is not None:
            owned, params = db.in_list("owner", self.owners)
            sql = f" AND a.owner {owned}"
            if self.handed_to is not None:
                handed, more = db.in_list("person", self.handed_to)
                params |= more
                sql = (
                    f" AND (a.owner {owned} OR a.id IN "
                    f"(SELECT h.account_id FROM handoff h WHERE h.person {handed}))"
                )
        if self.account_id is not None:
            sql += " AND a.id = :account_id"
            params["account_id"] = self.account_id
        if self.names is not None:
            named, more = db.in_list("account_name", self.names)
            sql += f" AND a.name {named}"
            params |= more
        return sql, params


def _spellings(db: Database, sql: str, name: str) -> tuple[str, ...]:
    wanted = person_key(name)
    return tuple(n for (n,) in db.all(sql) if person_key(n) == wanted)


def scope(
    db: Database, owner: str | None = None, person: str | None = None, account_id: int | None = None
) -> Scope:
    """The scope for `--owner` or `--for` (names matched in any case and Unicode form)."""
    owners = "SELECT DISTINCT owner FROM account WHERE owner IS NOT NULL"
    if person is not None:
        handed = _spellings(db, "SELECT DISTINCT person FROM handoff", person)
        return Scope(_spellings(db, owners, person), handed, account_id)
    if owner is not None:
        return Scope(_spellings(db, owners, owner), None, account_id)
    return Scope(None, None, account_id)


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def day(value: Any) -> date:
    """A date the driver returned for a column that always holds one."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _latest(a: date | None, b: date | None) -> date | None:
    return a if b is None or (a is not None and a > b) else b


def load_book(
    db: Database, today: date, where: Scope | None = None, until: date | None = None
) -> Book:
    """Everything the playbook needs as of `today` (up to `until` for an agenda's orders,
    hurdles, promises, proposals and hand-offs); nothing dated later. Rows are the driver's
    tuples, unpacked by position: tens of thousands of them on a large book."""
    where = where or Scope()
    scope_sql, params = where.where(db)
    params |= {"today": today, "until": max(today, until or today), "epoch": date.min}

    def rows(query: str) -> list[Any]:
        return db.all(query.replace("{scope}", scope_sql), params)

    accounts: dict[str, AccountFacts] = {}
    loose: dict[str, date | None] = {}  # latest agreement linked to no order, per account
    for name, owner, tier, clv, last_personal, mood, mood_on, loose_agreement in rows(ACCOUNTS):
        accounts[name] = AccountFacts(
            name, owner, tier, as_date(last_personal), mood, clv, as_date(mood_on)
        )
        loose[name] = as_date(loose_agreement)
    orders = tuple(
        OrderFacts(
            ref,
            name,
            status,
            day(signed_on),
            value,
            title,
            as_date(delivered_on),
            competitor,
            decision,
            _latest(as_date(linked_agreement), loose.get(name)),
        )
        for (
            ref,
            name,
            status,
            signed_on,
            value,
            title,
            delivered_on,
            competitor,
            decision,
            linked_agreement,
        ) in rows(ORDERS)
    )
    hurdles = tuple(
        HurdleFacts(
            id_,
            ref,
            name,
            day(raised),
            description,
            as_date(resolved),
            not_discussed=after is not None,
            told_on=as_date(told),
        )
        for id_, ref, name, raised, description, resolved, after, told in rows(HURDLES)
    )
    reminders = tuple(
        ReminderFacts(id_, name, day(due), text, ref, as_date(done))
        for id_, name, due, text, ref, done in rows(REMINDERS)
    )
    proposals = tuple(
        ProposalFacts(id_, ref, name, day(sent), text, as_date(by), as_date(ok), as_date(no))
        for id_, ref, name, sent, text, by, ok, no in rows(PROPOSALS)
    )
    handoffs: dict[str, tuple[Handoff, ...]] = {}
    for key, on, person, note in rows(HANDOFFS):
        handoffs[key] = (*handoffs.get(key, ()), Handoff(day(on), person, note))
    snoozes = {key: day(until) for key, until in db.all(SNOOZES, {"today": today})}
    return Book(accounts, orders, hurdles, reminders, proposals, snoozes, handoffs)


def contacts_to_call(
    db: Database, today: date, where: Scope | None = None, accounts: set[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Per account (of `accounts`, default all), whom to call: the primary contact, else the
    most recently contacted, else the first one added; never a person who objected to calls."""
    best: dict[str, tuple[tuple, tuple]] = {}
    scope_sql, params = (where or Scope()).where(db)
    params["today"] = today
    for account, name, role, phone, email, is_primary, id_, last in db.all(
        CONTACTS.replace("{scope}", scope_sql), params
    ):
        if accounts is not None and account not in accounts:
            continue
        rank = (bool(is_primary), as_date(last) or date.min, -id_)
        if account not in best or rank > best[account][0]:
            best[account] = (rank, (name, role, phone, email))
    return {
        account: {"name": name, "role": role, "phone": phone, "email": email}
        for account, (_, (name, role, phone, email)) in best.items()
    }
