"""The set-based queries: one row of facts per account, order, open hurdle and reminder.

Each aggregate over touchpoints is a correlated MAX over a partial index, i.e. one index
seek per account or order, so the cost grows with the number of accounts and orders, not
with the number of touchpoints.
"""

from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlmodel import Session

from nasales.playbook import AccountFacts, Book, HurdleFacts, OrderFacts, ReminderFacts

OWNER = "AND lower(a.owner) = lower(:owner)"
PERSONAL = "t.kind IN ('call', 'visit', 'meeting', 'agreement')"  # literal: matches the index

ACCOUNTS = f"""
SELECT a.id, a.name, a.owner, a.tier, a.clv,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.account_id = a.id AND {PERSONAL} AND t.date <= :today) AS last_personal,
    (SELECT t.mood FROM touchpoint t
      WHERE t.account_id = a.id AND t.mood IS NOT NULL AND t.date <= :today
      ORDER BY t.date DESC, t.id DESC LIMIT 1) AS latest_mood
FROM account a
WHERE 1 = 1 {{owner}}
"""

ORDERS = """
SELECT o.ref, a.name, o.status, o.signed_on, o.value, o.title,
    CASE WHEN o.delivered_on <= :today THEN o.delivered_on END AS delivered_on,
    o.competitor, o.decision,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.kind = 'agreement' AND t.account_id = o.account_id AND t.order_id = o.id
        AND t.date <= :today) AS linked_agreement,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.kind = 'agreement' AND t.account_id = o.account_id AND t.order_id IS NULL
        AND t.date <= :today) AS loose_agreement
FROM orders o JOIN account a ON a.id = o.account_id
WHERE o.signed_on <= :today {owner}
"""

HURDLES = """
SELECT h.id, o.ref, a.name, h.raised_on, h.description
FROM hurdle h JOIN orders o ON o.id = h.order_id JOIN account a ON a.id = o.account_id
WHERE h.raised_on <= :today AND (h.resolved_on IS NULL OR h.resolved_on > :today)
  {owner}
"""

REMINDERS = """
SELECT r.id, a.name, r.due, r.text, o.ref
FROM reminder r JOIN account a ON a.id = r.account_id LEFT JOIN orders o ON o.id = r.order_id
WHERE (r.done_on IS NULL OR r.done_on > :today)
  {owner}
"""

CONTACTS = """
SELECT a.name AS account, c.name, c.role, c.phone, c.email, c.is_primary, c.id,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.contact_id = c.id AND t.date <= :today) AS last_contacted
FROM contact c JOIN account a ON a.id = c.account_id
WHERE NOT c.do_not_call {owner}
"""


def _sql(query: str, owner: str | None) -> Any:
    sql = text(query.replace("{owner}", OWNER if owner else ""))
    return sql.bindparams(bindparam("today", type_=Date))


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _latest(*days: date | None) -> date | None:
    present = [d for d in days if d is not None]
    return max(present) if present else None


def load_book(session: Session, today: date, owner: str | None = None) -> Book:
    """Everything the playbook needs as of `today`; nothing dated later."""
    params = {"today": today, "owner": owner}
    conn = session.connection()
    accounts = {
        row.name: AccountFacts(
            name=row.name,
            owner=row.owner,
            tier=row.tier,
            last_personal_contact=as_date(row.last_personal),
            latest_mood=row.latest_mood,
            clv=row.clv,
        )
        for row in conn.execute(_sql(ACCOUNTS, owner), params)
    }
    orders = tuple(
        OrderFacts(
            ref=row.ref,
            account=row.name,
            status=row.status,
            signed_on=_day(row.signed_on),
            value=row.value,
            title=row.title,
            delivered_on=as_date(row.delivered_on),
            competitor=row.competitor,
            decision=row.decision,
            last_agreement=_latest(as_date(row.linked_agreement), as_date(row.loose_agreement)),
        )
        for row in conn.execute(_sql(ORDERS, owner), params)
    )
    hurdles = tuple(
        HurdleFacts(row.id, row.ref, row.name, _day(row.raised_on), row.description)
        for row in conn.execute(_sql(HURDLES, owner), params)
    )
    reminders = tuple(
        ReminderFacts(row.id, row.name, _day(row.due), row.text, row.ref)
        for row in conn.execute(_sql(REMINDERS, owner), params)
    )
    snoozes = {
        row.key: _day(row.until)
        for row in conn.execute(
            _sql("SELECT key, until FROM snooze WHERE until > :today", None), params
        )
    }
    return Book(accounts, orders, hurdles, reminders, snoozes)


def contacts_to_call(session: Session, today: date, owner: str | None = None) -> dict[str, dict]:
    """Per account, whom to call: the primary contact, else the most recently contacted,
    else the first one added; never a person who objected to calls."""
    best: dict[str, tuple[tuple, dict]] = {}
    params = {"today": today, "owner": owner}
    for row in session.connection().execute(_sql(CONTACTS, owner), params):
        last = as_date(row.last_contacted)
        rank = (bool(row.is_primary), last or date.min, -row.id)
        if row.account not in best or rank > best[row.account][0]:
            person = {"name": row.name, "role": row.role, "phone": row.phone, "email": row.email}
            best[row.account] = (rank, person)
    return {account: person for account, (_, person) in best.items()}
