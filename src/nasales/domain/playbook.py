"""The default follow-up rules (PRODUCT.md §3): facts and a date in, due items out.

Pure code: no database, no clock, no printing. The store hands over one row of facts per
account, order, open hurdle and pending reminder, already restricted to what is dated on or
before the evaluation date `today`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from nasales.domain.rules import Rules
from nasales.domain.workdays import WorkingDays

PERSONAL_KINDS = ("call", "visit", "meeting", "agreement")
KINDS = (*PERSONAL_KINDS, "email", "note")
MOODS = ("positive", "neutral", "doubt", "negative")

RANK = {
    "hurdle": 1,
    "manual": 2,
    "confirm": 3,
    "agreement": 4,
    "post_delivery": 5,
    "lost_followup": 6,
    "relationship": 7,
}
REASONS = tuple(RANK)


@dataclass(frozen=True)
class AccountFacts:
    name: str
    owner: str | None = None
    tier: str | None = None
    last_personal_contact: date | None = None
    latest_mood: str | None = None  # of the latest touchpoint that has one
    clv: float | None = None


@dataclass(frozen=True)
class OrderFacts:
    ref: str
    account: str
    status: str  # "won" or "lost"
    signed_on: date
    value: float | None = None
    title: str = ""
    delivered_on: date | None = None  # None also when delivery is dated after today
    competitor: str | None = None
    decision: str | None = None  # "clear" or "narrow"
    # the latest agreement linked to this order or to no order (on or before today)
    last_agreement: date | None = None


@dataclass(frozen=True)
class HurdleFacts:
    id: int
    order: str
    account: str
    raised_on: date
    description: str = ""
    resolved_on: date | None = None

    def open_on(self, today: date) -> bool:
        return self.raised_on <= today and (self.resolved_on is None or self.resolved_on > today)


@dataclass(frozen=True)
class ReminderFacts:
    id: int
    account: str
    due: date
    text: str = ""
    order: str | None = None
    done_on: date | None = None


@dataclass(frozen=True)
class Item:
    key: str
    reason: str
    account: str
    due: date
    why: str
    order: str | None = None
    value: float | None = None
    owner: str | None = None
    overdue_days: int = 0

    @property
    def rank(self) -> int:
        return RANK[self.reason]


@dataclass(frozen=True)
class Book:
    """Everything the rules look at, as of one evaluation date."""

    accounts: Mapping[str, AccountFacts]  # by account name
    orders: tuple[OrderFacts, ...] = ()
    hurdles: tuple[HurdleFacts, ...] = ()
    reminders: tuple[ReminderFacts, ...] = ()
    snoozes: Mapping[str, date] | None = None  # key -> hidden while today < until


def in_delivery(order: OrderFacts, today: date) -> bool:
    return order.status == "won" and not delivered_by(order, today)


def delivered_by(order: OrderFacts, today: date) -> bool:
    return order.delivered_on is not None and order.delivered_on <= today


def contacted_since(account: AccountFacts, day: date) -> bool:
    """Whether a personal contact with the account is dated on or after `day`."""
    last = account.last_personal_contact
    return last is not None and last >= day


class Playbook:
    def __init__(self, rules: Rules | None = None, calendar: WorkingDays | None = None) -> None:
        self.rules = rules or Rules()
        self.days = calendar or WorkingDays(self.rules.country)

    # -- one rule each, in the order of PRODUCT.md §3; each returns an item or None ----------

    def hurdle(
        self, h: HurdleFacts, account: AccountFacts, order: OrderFacts | None
    ) -> Item | None:
        due = self.days.next_wd(h.raised_on)
        if contacted_since(account, h.raised_on):
            return None
        return Item(
            f"hurdle:{h.id}",
            "hurdle",
            h.account,
            due,
            order=h.order,
            value=order.value if order else None,
            why=f"Problem on {h.order}: {h.description!s} — call before it is solved.",
        )

    def manual(self, r: ReminderFacts) -> Item:
        return Item(
            f"manual:{r.id}",
            "manual",
            r.account,
            r.due,
            order=r.order,
            why=f"You promised: {r.text}",
        )

    def confirm(self, o: OrderFacts, account: AccountFacts) -> Item | None:
        if o.status != "won" or contacted_since(account, o.signed_on):
            return None
        due = self.days.add_wd(o.signed_on, self.rules.confirm_working_days)
        return Item(
            f"confirm:{o.ref}",
            "confirm",
            o.account,
            due,
            order=o.ref,
            value=o.value,
            why=f"Won {o.title or o.ref} on {o.signed_on}: call to confirm they chose well.",
        )

    def agreement(self, o: OrderFacts, today: date) -> Item | None:
        if not in_delivery(o, today):
            return None
        anchor = o.signed_on
        if o.last_agreement is not None and o.last_agreement >= o.signed_on:
            anchor = o.last_agreement
        interval = self.rules.agreement_interval((anchor - o.signed_on).days)
        due = self.days.next_wd(anchor + timedelta(days=interval))
        since = "the win" if anchor == o.signed_on else f"the last agreement ({anchor})"
        return Item(
            f"agreement:{o.ref}",
            "agreement",
            o.account,
            due,
            order=o.ref,
            value=o.value,
            why=f"{o.title or o.ref} is in delivery, {interval} days since {since}: "
            "get their agreement to a concrete next step.",
        )

    def post_delivery(self, o: OrderFacts, account: AccountFacts, today: date) -> Item | None:
        delivered = o.delivered_on
        if o.status != "won" or delivered is None or delivered > today:
            return None
        if contacted_since(account, delivered):
            return None
        due = self.days.add_wd(delivered, self.rules.post_delivery_working_days)
        return Item(
            f"post_delivery:{o.ref}",
            "post_delivery",
            o.account,
            due,
            order=o.ref,
            value=o.value,
            why=f"Delivered {o.title or o.ref} on {o.delivered_on}: check that it landed well.",
        )

    def lost_followup(self, o: OrderFacts, account: AccountFacts, today: date) -> Item | None:
        if o.status != "lost":
            return None
        stage = None
        for number, (after, counts_from) in enumerate(self.rules.lost_followup_stages, 1):
            due = self.days.next_wd(o.signed_on + timedelta(days=after))
            if due <= today:
                stage = (number, due, counts_from)
        if stage is None:
            return None
        number, due, counts_from = stage
        if contacted_since(account, o.signed_on + timedelta(days=counts_from)):
            return None
        lost_to = o.competitor or "the competitor"
        return Item(
            f"lost_followup:{o.ref}",
            "lost_followup",
            o.account,
            due,
            order=o.ref,
            value=o.value,
            why=f"Lost {o.title or o.ref} on {o.signed_on} (stage {number}): "
            f"keep in touch; they may come to doubt {lost_to}.",
        )

    def relationship(
        self, account: AccountFacts, orders: list[OrderFacts], today: date
    ) -> Item | None:
        won_value = sum(o.value or 0 for o in orders if o.status == "won")
        tier = account.tier or self.rules.tier_for_value(won_value)
        if all(o.status == "lost" for o in orders) and tier == "C":
            return None
        anchor = account.last_personal_contact
        if anchor is None:
            anchor = max(_latest_date(o, today) for o in orders)
        interval = self.rules.relationship_days[tier]
        due = self.days.next_wd(anchor + timedelta(days=interval))
        return Item(
            f"relationship:{account.name}",
            "relationship",
            account.name,
            due,
            value=won_value or None,
            why=f"Tier {tier} customer, no personal contact since {anchor}: "
            "keep the relationship warm.",
        )

    # -- the list ------------------------------------------------------------------------

    def due_items(self, book: Book, today: date) -> list[Item]:
        """Today's calls: every due item that is not snoozed, in the order of §3."""
        items = [i for i in self._candidates(book, today) if i.due <= today]
        accounts_with_items = {i.account for i in items}
        items += [
            i for i in self._relationships(book, today, accounts_with_items) if i.due <= today
        ]
        snoozes = book.snoozes or {}
        items = [i for i in items if not (i.key in snoozes and today < snoozes[i.key])]
        owners = {name: a.owner for name, a in book.accounts.items()}
        items = [
            replace(i, owner=owners.get(i.account), overdue_days=self.days.between(i.due, today))
            for i in items
        ]
        items.sort(key=sort_key)
        return items

    def agenda(self, book: Book, start: date, days: int) -> list[Item]:
        """Every item `due_items` would list on some day of [start, start+days-1], once,
        at the first day it would appear, if nothing is logged meanwhile."""
        seen: dict[str, Item] = {}
        for day in self._days_that_can_change(book, start, days):
            for item in self.due_items(book, day):
                if item.key not in seen:
                    seen[item.key] = replace(item, overdue_days=self.days.between(item.due, start))
        return sorted(seen.values(), key=lambda i: (i.due, *sort_key(i)))

    def _days_that_can_change(self, book: Book, start: date, days: int) -> list[date]:
        """The days of the window on which an item can first appear: the first day, working
        days (every rule's due date is one) and the days something recorded is dated."""
        events = {s for s in (book.snoozes or {}).values()}
        for o in book.orders:
            events |= {o.signed_on, o.delivered_on or start}
        for h in book.hurdles:
            events |= {h.raised_on, h.resolved_on or start}
        for r in book.reminders:
            events |= {r.due, r.done_on or start}
        window = (start + timedelta(days=n) for n in range(days))
        return [d for d in window if d == start or d in events or self.days.is_working_day(d)]

    def _candidates(self, book: Book, today: date) -> Iterable[Item]:
        orders_by_ref = {o.ref: o for o in book.orders}
        for h in book.hurdles:
            if h.open_on(today):
                yield from _some(
                    self.hurdle(h, book.accounts[h.account], orders_by_ref.get(h.order))
                )
        for r in book.reminders:
            if r.done_on is None or r.done_on > today:
                yield self.manual(r)
        for o in book.orders:
            if o.signed_on > today:
                continue
            account = book.accounts[o.account]
            yield from _some(self.confirm(o, account))
            yield from _some(self.agreement(o, today))
            yield from _some(self.post_delivery(o, account, today))
            yield from _some(self.lost_followup(o, account, today))

    def _relationships(self, book: Book, today: date, excluded: set[str]) -> Iterable[Item]:
        by_account: dict[str, list[OrderFacts]] = {}
        for o in book.orders:
            if o.signed_on <= today:
                by_account.setdefault(o.account, []).append(o)
        for name, orders in by_account.items():
            if name in excluded or any(in_delivery(o, today) for o in orders):
                continue
            yield from _some(self.relationship(book.accounts[name], orders, today))


def _latest_date(order: OrderFacts, today: date) -> date:
    """The later of an order's signed_on and (by `today`) delivered_on."""
    delivered = order.delivered_on
    if delivered is not None and order.signed_on < delivered <= today:
        return delivered
    return order.signed_on


def _some(item: Item | None) -> tuple[Item, ...]:
    return () if item is None else (item,)


def sort_key(item: Item) -> tuple[int, int, float, str]:
    return (item.rank, -item.overdue_days, -(item.value or 0), item.account.casefold())
