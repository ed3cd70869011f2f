"""The agenda (PRODUCT.md §3): every item `due_items` would list on some day of a window,
once, at the first day it appears, if nothing is logged meanwhile.

Replaying the playbook for each day of the window costs a whole day's list per day (about
six times `today` for 30 days on a large book). Instead, each rule is evaluated for each
order, hurdle, promise, proposal and account once per stretch of days over which its answer
stays the same. Each rule declares the days on which its answer can change, next to the
rule (`@rule` in domain/playbook.py): an order signed or delivered, a hurdle raised or
solved, a promise kept, a proposal sent or answered, a lost order's next stage falling due.
Within a stretch an item is listed from the later of the stretch's first day, its due date
and the end of its snooze; a relationship item, as in `due_items`, only on a day its account
has nothing else due. The item is then the rule's answer on that first day: exactly the item
`due_items` lists then, late by as many working days as it will be then (a call snoozed past
its due day is as late as it will be when the snooze ends).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from nasales.domain.facts import Book
from nasales.domain.items import RULES, handed_to, sort_key

if TYPE_CHECKING:
    from nasales.domain.items import Item
    from nasales.domain.playbook import Playbook

Rule = Callable[[date], "Item | None"]  # a rule for one order, hurdle, ...: the day -> item
ONE_DAY = timedelta(days=1)


class _Window:
    def __init__(self, book: Book, start: date, days: int) -> None:
        self.book = book
        self.start = start
        self.end = start + timedelta(days=days - 1)
        # key -> the first day it is listed, its rule, and the item if evaluated on that day
        self.first: dict[str, tuple[date, Rule, Item | None]] = {}
        self.busy: dict[str, list[tuple[date, date]]] = defaultdict(list)  # account -> days
        self._whole = ((self.start, self.end),)

    def stretches(self, changes: Iterable[date | None]) -> Iterable[tuple[date, date]]:
        """The window cut at each day in `changes` that falls inside it."""
        start, end = self.start, self.end
        inside = [c for c in changes if c is not None and start < c <= end]
        if not inside:  # most of them: nothing changes in the window
            return self._whole
        cuts = sorted(set(inside))
        starts = [start, *cuts]
        ends = [c - ONE_DAY for c in cuts] + [end]
        return zip(starts, ends, strict=True)

    def shown_from(self, item: "Item", day: date) -> date:
        """The first day from `day` on that the item is not snoozed."""
        until = self.book.snoozes.get(item.key)
        return day if until is None else max(day, until)

    def track(self, account: str, rule: Rule, changes: Iterable[date | None]) -> None:
        """One of `due_items`'s candidates: the days its account is busy with it, and the
        first day it is listed."""
        listed = False
        for first, last in self.stretches(changes):
            item = rule(first)
            if item is None or (due_from := max(first, item.due)) > last:
                continue
            self.busy[account].append((due_from, last))
            if not listed and (shown := self.shown_from(item, due_from)) <= last:
                self.first[item.key] = (shown, rule, item if shown == first else None)
                listed = True

    def track_relationship(self, rule: Rule, account: str, changes: Iterable[date | None]) -> None:
        busy = sorted(self.busy.get(account, ()))
        for first, last in self.stretches(changes):
            item = rule(first)
            if item is None:
                continue
            day = self.shown_from(item, max(first, item.due))
            for busy_from, busy_to in busy:  # the first day from `day` on that is not busy
                if busy_from > day:
                    break
                if busy_to >= day:
                    day = busy_to + ONE_DAY
            if day <= last:
                self.first[item.key] = (day, rule, item if day == first else None)
                return


def agenda(playbook: "Playbook", book: Book, start: date, days: int) -> list["Item"]:
    """What falls due in [start, start + days - 1], each item once, as `Playbook.agenda`."""
    window = _Window(book, start, days)
    pb = playbook
    for declared in RULES:  # in the order `due_items` asks them
        for subject in declared.over(book):
            window.track(
                declared.account(subject),
                partial(declared.ask, pb, book, subject),
                declared.changes(pb, book, subject),
            )
    relationship = pb.RELATIONSHIP
    for name in relationship.over(book):
        window.track_relationship(
            partial(relationship.ask, pb, book, name), name, relationship.changes(pb, book, name)
        )

    owners = {name: a.owner for name, a in book.accounts.items()}
    found = []
    # by first day, then as `due_items` lists a day (its candidates' order, kept by the
    # stable sorts): equal items come out in the order a replay of the days gives them
    for day, evaluate, known in sorted(window.first.values(), key=lambda first: first[0]):
        item = known or evaluate(day)
        assert item is not None
        found.append(
            replace(
                item,
                owner=owners.get(item.account),
                overdue_days=pb.days.between(item.due, day),  # one row, one day
                handed_to=handed_to(book, item, day),
                listed_on=day,
            )
        )
    return sorted(found, key=lambda i: (i.due, i.listed_on, *sort_key(i)))
