"""The agenda (PRODUCT.md §3): every item `due_items` would list on some day of a window,
once, at the first day it appears, if nothing is logged meanwhile.

Replaying the playbook for each day of the window costs a whole day's list per day (about
six times `today` for 30 days on a large book). Instead, each rule is evaluated for each
order, hurdle, promise, proposal and account once per stretch of days over which what it
reads stays the same. What a rule reads changes only on days something recorded is dated:
an order signed or delivered, a hurdle raised or solved, a promise kept, a proposal sent or
answered, a lost order's next stage falling due. Within a stretch an item is listed from the
later of the stretch's first day, its due date and the end of its snooze; a relationship
item, as in `due_items`, only on a day its account has nothing else due. The item is then
the rule's answer on that first day: exactly the item `due_items` lists then.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from nasales.domain.facts import Book, OrderFacts, ProposalFacts

if TYPE_CHECKING:
    from nasales.domain.playbook import Item, Playbook

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

    def track_relationship(self, rule: Rule, account: str, changes: Iterable[date]) -> None:
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
    from nasales.domain.playbook import handed_to, sort_key

    window = _Window(book, start, days)
    pb = playbook
    orders = {o.ref: o for o in book.orders}
    proposals: dict[str, list[ProposalFacts]] = defaultdict(list)
    for p in book.proposals:
        proposals[p.order].append(p)

    for h in book.hurdles:
        rule = partial(pb.hurdle, h, book.accounts[h.account], orders.get(h.order))
        window.track(h.account, rule, (h.raised_on, h.resolved_on))
    for r in book.reminders:
        window.track(r.account, partial(pb.manual, r), (r.done_on,))
    for p in book.proposals:
        rule = partial(pb.proposal, p, orders.get(p.order))
        window.track(p.account, rule, (p.sent_on, p.agreed_on, p.declined_on))
    for o in book.orders:
        _track_order(window, pb, o, proposals.get(o.ref, []))

    by_account: dict[str, list[OrderFacts]] = defaultdict(list)
    for o in book.orders:
        by_account[o.account].append(o)
    for name, mine in by_account.items():
        window.track_relationship(
            partial(_relationship, pb, book, name, mine),
            name,
            [d for o in mine for d in (o.signed_on, o.delivered_on) if d is not None],
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
                overdue_days=pb.days.between(item.due, start),
                handed_to=handed_to(book, item, day),
            )
        )
    return sorted(found, key=lambda i: (i.due, *sort_key(i)))


def _track_order(
    window: _Window, pb: "Playbook", o: OrderFacts, proposals: list[ProposalFacts]
) -> None:
    """The order's rules as `Playbook._candidates` runs them: none before it is signed."""
    account = window.book.accounts[o.account]

    def signed(rule: Rule) -> Rule:
        if o.signed_on <= window.start:
            return rule
        return lambda day: None if o.signed_on > day else rule(day)

    if o.status == "won":
        answers = [d for p in proposals for d in (p.sent_on, p.agreed_on, p.declined_on)]
        window.track(o.account, signed(lambda day: pb.confirm(o, account, day)), (o.signed_on,))
        window.track(
            o.account,
            signed(lambda day: pb.agreement(o, any(p.open_on(day) for p in proposals), day)),
            (o.signed_on, o.delivered_on, *answers),
        )
        window.track(
            o.account,
            signed(lambda day: pb.post_delivery(o, account, day)),
            (o.signed_on, o.delivered_on),
        )
    else:  # the rules above ask for a won order, this one for a lost one
        stages = [stage.due for stage in pb.lost_stages(o.signed_on)]
        window.track(
            o.account,
            signed(lambda day: pb.lost_followup(o, account, day)),
            (o.signed_on, *stages),
        )


def _relationship(
    pb: "Playbook", book: Book, name: str, orders: list[OrderFacts], day: date
) -> "Item | None":
    """`Playbook._relationships` for one account on `day`, its busy days aside."""
    signed = [o for o in orders if o.signed_on <= day]
    return pb.relationship_of(book.accounts[name], signed, day)
