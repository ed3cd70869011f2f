"""Today's calls and the agenda: facts from the store, rules from the playbook, then the
contact to call and the doubt risk for each item."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from nasales.domain.playbook import Book, Item, Playbook
from nasales.domain.risk import Risk, doubt_risk
from nasales.domain.rules import Rules, load_rules
from nasales.store.facts import Scope, contacts_to_call, load_book, scope


@dataclass(frozen=True)
class Call:
    item: Item
    contact: dict[str, Any] | None
    risk: Risk

    def as_dict(self) -> dict[str, Any]:
        i = self.item
        return {
            "key": i.key,
            "reason": i.reason,
            "account": i.account,
            "order": i.order,
            "due": i.due.isoformat(),
            "overdue_days": i.overdue_days,
            "value": i.value,
            "owner": i.owner,
            "contact": self.contact,
            "risk": self.risk.score,
            "why": i.why,
        }


def todays_calls(
    session: Session, today: date, owner: str | None = None, rules: Rules | None = None
) -> list[Call]:
    where = scope(session, owner)
    book = load_book(session, today, where)
    items = Playbook(rules or load_rules()).due_items(book, today)
    return _with_people(session, book, items, today, where)


def agenda_calls(
    session: Session, today: date, days: int, owner: str | None = None, rules: Rules | None = None
) -> list[Call]:
    """Every item `today` would list on a day of [today, today+days-1] if nothing is logged:
    orders, deliveries, hurdles and promises already dated in that window count."""
    where = scope(session, owner)
    book = load_book(session, today, where, until=today + timedelta(days=days - 1))
    items = Playbook(rules or load_rules()).agenda(book, today, days)
    return _with_people(session, book, items, today, where)


def _with_people(
    session: Session, book: Book, items: list[Item], today: date, where: Scope
) -> list[Call]:
    if not items:
        return []
    names = {i.account for i in items}
    contacts = contacts_to_call(session, today, where, names)
    risks = account_risks(book, names, today)
    return [Call(i, contacts.get(i.account), risks[i.account]) for i in items]


def account_risks(book: Book, names: set[str], today: date) -> dict[str, Risk]:
    """The doubt risk of each named account as of `today`."""
    orders = defaultdict(list)
    for o in book.orders:
        if o.account in names and o.signed_on <= today:
            orders[o.account].append(o)
    hurdles = defaultdict(list)
    for h in book.hurdles:
        if h.account in names and h.open_on(today):
            hurdles[h.account].append(h)
    return {
        name: doubt_risk(book.accounts[name], orders[name], hurdles[name], today) for name in names
    }
