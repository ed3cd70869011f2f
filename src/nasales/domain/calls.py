"""Calls (PRODUCT.md §3): a salesperson phones a customer once and covers everything, so the
items due for one account and one person — the owner, or the colleague an item is handed
to — on one day form one call, ordered by its most urgent item. Its doubt risk is the
account's on that day (an agenda's call: as it will be then, if nothing is logged)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.facts import Book, same_person
from nasales.domain.playbook import Item, Playbook
from nasales.domain.risk import Risk, doubt_risk
from nasales.domain.text import person_key


@dataclass(frozen=True)
class Call:
    account: str
    person: str | None  # who makes the call: the owner, or the colleague it is handed to
    items: tuple[Item, ...]  # most urgent first
    contact: Mapping[str, Any] | None  # whom to call
    risk: Risk | None

    @property
    def first(self) -> Item:
        return self.items[0]


def for_person(items: Iterable[Item], person: str) -> list[Item]:
    """A person's items: those of the accounts they own (handed away or not) and those
    handed to them."""
    return [i for i in items if same_person(i.owner, person) or same_person(i.handed_to, person)]


def by_person(items: Iterable[Item]) -> dict[str, list[Item]]:
    """Everyone's items at once, as `for_person` gives each their own: by the key of their
    name (`person_key`), in list order. One pass, for a team's digest."""
    mine: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for key in {person_key(name) for name in (item.owner, item.handed_to) if name}:
            mine[key].append(item)
    return mine


def calls(
    items: list[Item],
    book: Book,
    contacts: Mapping[str, Mapping[str, Any]],
    playbook: Playbook,
    today: date,
    risks: Mapping[str, Risk | None] | None = None,
) -> list[Call]:
    """`items` (in list order) grouped into calls, each with whom to call and the doubt risk
    on its day (`risks`, when they are known already: `account_risks` on `today` of at least
    these accounts, for items listed on `today`)."""
    groups: dict[tuple[date, str, str], list[Item]] = {}
    for item in items:  # one person, however their name was typed
        person = item.handed_to or item.owner
        day = item.listed_on or today
        groups.setdefault((day, item.account, person_key(person or "")), []).append(item)
    wanted = {(account, day) for day, account, _key in groups}
    known = {(name, today): risk for name, risk in (risks or {}).items()}
    found = known | risks_on(book, wanted - known.keys(), playbook)
    return [
        Call(
            account,
            group[0].handed_to or group[0].owner,
            tuple(group),
            contacts.get(account),
            found.get((account, day)),
        )
        for (day, account, _key), group in groups.items()
    ]


def account_risks(
    book: Book, names: set[str], today: date, playbook: Playbook
) -> dict[str, Risk | None]:
    """The doubt risk of each named account as of `today`."""
    found = risks_on(book, {(name, today) for name in names}, playbook)
    return {name: risk for (name, _day), risk in found.items()}


def risks_on(
    book: Book, wanted: set[tuple[str, date]], playbook: Playbook
) -> dict[tuple[str, date], Risk | None]:
    """The doubt risk of accounts on days: (account, day) -> its risk then, from the book's
    facts (a day after the facts' own: as it will be then if nothing is logged)."""
    orders, hurdles = book.orders_by_account, book.hurdles_by_account
    return {
        (name, day): doubt_risk(
            book.accounts[name], orders.get(name, []), hurdles.get(name, []), day, playbook
        )
        for name, day in wanted
        if name in book.accounts
    }
