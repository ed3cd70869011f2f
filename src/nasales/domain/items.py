"""What the rules answer (an `Item`, due or not) and how a rule is declared (`rule`): what it
runs over, how it is asked on a day, and the days on which its answer can change. The rules
themselves are in domain/playbook.py; the agenda (domain/agenda.py) reads their declarations."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from nasales.domain.facts import Book
from nasales.domain.vocabulary import RANK

if TYPE_CHECKING:
    from nasales.domain.playbook import Playbook


@dataclass(frozen=True)
class Item:
    key: str
    reason: str
    account: str
    due: date
    order: str | None = None
    value: float | None = None
    owner: str | None = None
    overdue_days: int = 0
    handed_to: str | None = None
    # the first day of this occurrence of the item: a hand-off made before it was for an
    # earlier occurrence (or for nothing yet) and does not apply
    since: date = date.min
    detail: Mapping[str, Any] = field(default_factory=dict)
    # the day the list shows it on, which its sentence and its row's doubt risk speak of:
    # the day of `due_items`; an agenda's item, the first day it appears
    listed_on: date | None = None

    @property
    def rank(self) -> int:
        return RANK[self.reason]


Ask = Callable[["Playbook", Book, Any, date], Item | None]


@dataclass(frozen=True)
class Rule:
    """A rule's declaration: what it runs over, how it is asked about one subject on a day,
    and the days on which that answer can change (besides a subject's own due date: the
    agenda looks for it within each stretch). Between two such days, only the day moves."""

    reason: str
    over: Callable[[Book], Iterable[Any]]
    ask: Ask
    changes: Callable[["Playbook", Book, Any], Iterable[date | None]]
    account: Callable[[Any], str] = attrgetter("account")


RULES: list[Rule] = []  # in the order of the rules table; `relationship` apart (it comes last)


def rule(
    over: Callable[[Book], Iterable[Any]],
    ask: Ask,
    changes: Callable[["Playbook", Book, Any], Iterable[date | None]],
    account: Callable[[Any], str] = attrgetter("account"),
) -> Callable[[Callable], Callable]:
    """Declare the rule below (see `Rule`)."""

    def declare(method: Callable) -> Callable:
        RULES.append(Rule(method.__name__, over, ask, changes, account))
        return method

    return declare


def handed_to(book: Book, item: Item, today: date) -> str | None:
    """The colleague the item is handed to: the latest hand-off by today, if it was made
    during this occurrence (a hand-off lasts until the item is no longer due; handed and
    called on the same day, the next occurrence is the owner's again)."""
    person = None
    for handoff in book.handoffs.get(item.key, ()):
        if handoff.on <= today:
            person = handoff.person if handoff.on >= item.since else None
    return person


def sort_key(item: Item) -> tuple[int, int, float, str]:
    return (item.rank, -item.overdue_days, -(item.value or 0), item.account.casefold())
