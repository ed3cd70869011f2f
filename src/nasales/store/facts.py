"""The set-based queries: one row of facts per account, order, open hurdle and reminder.

Each aggregate over touchpoints is a correlated MAX over a partial index, i.e. one index
seek per account or order, so the cost grows with the number of accounts and orders, not
with the number of touchpoints.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlmodel import Session

from nasales.domain.playbook import AccountFacts, Book, HurdleFacts, OrderFacts, ReminderFacts
from nasales.domain.text import clean_text

PERSONAL = "t.kind IN ('call', 'visit', 'meeting', 'agreement')"  # literal: matches the index

# Touchpoints count up to :today. Orders, hurdles and reminders come with their real dates up
# to :until (the last day of an agenda; :today for the day's list), so that the playbook can
# replay each day of the agenda as `today` would see it.
ACCOUNTS = f"""
SELECT a.id, a.name, a.owner, a.tier, a.clv,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.account_id = a.id AND {PERSONAL} AND t.date <= :today) AS last_personal,
    (SELECT t.mood FROM touchpoint t
      WHERE t.account_id = a.id AND t.mood IS NOT NULL AND t.date <= :today
      ORDER BY t.date DESC, t.id DESC LIMIT 1) AS latest_mood,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.kind = 'agreement' AND t.account_id = a.id AND t.order_id IS NULL
        AND t.date <= :today) AS loose_agreement
FROM account a
WHERE 1 = 1 {{scope}}
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

HURDLES = """
SELECT h.id, o.ref, a.name, h.raised_on, h.description,
    CASE WHEN h.resolved_on <= :until THEN h.resolved_on END AS resolved_on
FROM hurdle h JOIN orders o ON o.id = h.order_id JOIN account a ON a.id = o.account_id
WHERE h.raised_on <= :until AND (h.resolved_on IS NULL OR h.resolved_on > :today)
  {scope}
"""

REMINDERS = """
SELECT r.id, a.name, r.due, r.text, o.ref,
    CASE WHEN r.done_on <= :until THEN r.done_on END AS done_on
FROM reminder r JOIN account a ON a.id = r.account_id LEFT JOIN orders o ON o.id = r.order_id
WHERE (r.done_on IS NULL OR r.done_on > :today)
  {scope}
"""

CONTACTS = """
SELECT a.name AS account, c.name, c.role, c.phone, c.email, c.is_primary, c.id,
    (SELECT MAX(t.date) FROM touchpoint t
      WHERE t.contact_id = c.id AND t.date <= :today) AS last_contacted
FROM contact c JOIN account a ON a.id = c.account_id
WHERE NOT c.do_not_call {scope}
"""


@dataclass(frozen=True)
class Scope:
    """Which accounts a query covers: all, one account manager's, or one account."""

    owners: tuple[str, ...] | None = None  # the owner's name as spelt in the database
    account_id: int | None = None

    def where(self) -> str:
        return (" AND a.owner IN :owners" if self.owners is not None else "") + (
            " AND a.id = :account_id" if self.account_id is not None else ""
        )


def scope(session: Session, owner: str | None = None, account_id: int | None = None) -> Scope:
    """The scope for `--owner` (matched like account names: any case, any Unicode form)."""
    if owner is None:
        return Scope(None, account_id)
    wanted = clean_text(owner).casefold()
    spellings = session.connection().execute(
        text("SELECT DISTINCT owner FROM account WHERE owner IS NOT NULL")
    )
    return Scope(tuple(o for (o,) in spellings if clean_text(o).casefold() == wanted), account_id)


def _sql(query: str, where: Scope) -> Any:
    params = [bindparam("today", type_=Date)]
    if ":until" in query:
        params.append(bindparam("until", type_=Date))
    if where.owners is not None:
        params.append(bindparam("owners", expanding=True))
    return text(query.replace("{scope}", where.where())).bindparams(*params)


def _rows(conn: Any, query: str, where: Scope, params: dict[str, Any]) -> list[Any]:
    """All rows as the driver's own tuples: tens of thousands of them, and building an
    SQLAlchemy Row for each (then reading it by name) costs more than the SQL did."""
    result = conn.execute(_sql(query, where), params)
    try:
        return result.cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        result.close()


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _latest(a: date | None, b: date | None) -> date | None:
    return a if b is None or (a is not None and a > b) else b


def load_book(
    session: Session, today: date, where: Scope | None = None, until: date | None = None
) -> Book:
    """Everything the playbook needs as of `today` (up to `until` for an agenda's orders,
    hurdles and promises); nothing dated later. Rows are tuples unpacked by position."""
    where = where or Scope()
    params = {
        "today": today,
        "until": max(today, until or today),
        "owners": list(where.owners or ()),
        "account_id": where.account_id,
    }
    conn = session.connection()
    accounts: dict[str, AccountFacts] = {}
    loose: dict[str, date | None] = {}  # latest agreement linked to no order, per account
    for _id, name, owner_, tier, clv, last_personal, mood, loose_agreement in _rows(
        conn, ACCOUNTS, where, params
    ):
        accounts[name] = AccountFacts(name, owner_, tier, as_date(last_personal), mood, clv)
        loose[name] = as_date(loose_agreement)
    orders = tuple(
        OrderFacts(
            ref,
            name,
            status,
            _day(signed_on),
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
        ) in _rows(conn, ORDERS, where, params)
    )
    hurdles = tuple(
        HurdleFacts(id_, ref, name, _day(raised), description, as_date(resolved))
        for id_, ref, name, raised, description, resolved in _rows(conn, HURDLES, where, params)
    )
    reminders = tuple(
        ReminderFacts(id_, name, _day(due), text_, ref, as_date(done))
        for id_, name, due, text_, ref, done in _rows(conn, REMINDERS, where, params)
    )
    snoozes = {
        key: _day(until)
        for key, until in conn.execute(
            _sql("SELECT key, until FROM snooze WHERE until > :today", Scope()), params
        )
    }
    return Book(accounts, orders, hurdles, reminders, snoozes)


def contacts_to_call(
    session: Session, today: date, where: Scope | None = None, accounts: set[str] | None = None
) -> dict[str, dict]:
    """Per account (of `accounts`, default all), whom to call: the primary contact, else the
    most recently contacted, else the first one added; never a person who objected to calls."""
    best: dict[str, tuple[tuple, tuple]] = {}
    where = where or Scope()
    params = {"today": today, "owners": list(where.owners or ()), "account_id": where.account_id}
    for account, name, role, phone, email, is_primary, id_, last in _rows(
        session.connection(), CONTACTS, where, params
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
