"""Calls (PRODUCT.md §3): a salesperson phones a customer once and covers everything, so the
items due for one account and one person — the owner, or the colleague an item is handed
to — form one call, ordered by its most urgent item."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.facts import Book, HurdleFacts, OrderFacts, same_person
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
    (`risks`, when they are known already: `account_risks` of at least these accounts)."""
    groups: dict[tuple[str, str], list[Item]] = {}
    for item in items:  # one person, however their name was typed
        person = item.handed_to or item.owner
        groups.setdefault((item.account, person_key(person or "")), []).append(item)
    if risks is None:
        risks = account_risks(book, {i.account for i in items}, today, playbook)
    return [
        Call(
            account,
            group[0].handed_to or group[0].owner,
            tuple(group),
            contacts.get(account),
            risks.get(account),
        )
        for (account, _key), group in groups.items()
    ]


def account_risks(
    book: Book, names: set[str], today: date, playbook: Playbook
) -> dict[str, Risk | None]:
    """The doubt risk of each named account as of `today`."""
    orders: dict[str, list[OrderFacts]] = defaultdict(list)
    for o in book.orders:
        if o.account in names:
            orders[o.account].append(o)
    hurdles: dict[str, list[HurdleFacts]] = defaultdict(list)
    for h in book.hurdles:
        if h.account in names:
            hurdles[h.account].append(h)
    return {
        name: doubt_risk(book.accounts[name], orders[name], hurdles[name], today, playbook.days)
        for name in names
        if name in book.accounts
    }
