"""What the rules look at: one row of facts per account, order, hurdle, promise and proposal,
as the store hands them over for one evaluation date (nothing dated after it)."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from nasales.domain.text import person_key


@dataclass(frozen=True)
class AccountFacts:
    name: str
    owner: str | None = None
    tier: str | None = None
    last_personal_contact: date | None = None
    # the mood of the latest customer-facing touchpoint after the latest agreement, and its
    # day (the doubt risk also lets a later win dissolve it, and lets it fade)
    mood: str | None = None
    clv: float | None = None
    mood_on: date | None = None


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

    @property
    def name(self) -> str:
        return self.title or self.ref

    def agreement_anchor(self) -> tuple[date, bool]:
        """The day the agreement rhythm runs from, and whether it is an agreement: the latest
        agreement dated on or after the win, else the win itself (PRODUCT.md §3)."""
        if self.last_agreement is not None and self.last_agreement >= self.signed_on:
            return self.last_agreement, True
        return self.signed_on, False


@dataclass(frozen=True)
class HurdleFacts:
    id: int
    order: str
    account: str
    raised_on: date
    description: str = ""
    resolved_on: date | None = None
    # The user said that no contact logged before they said so discussed it (`hurdle add
    # --not-discussed`): then only a personal contact logged later counts, and `told_on` is
    # the latest such contact (dated on or after raised_on, by the day of the facts).
    not_discussed: bool = False
    told_on: date | None = None

    def open_on(self, today: date) -> bool:
        return self.raised_on <= today and (self.resolved_on is None or self.resolved_on > today)

    def solved_by(self, today: date) -> bool:
        return self.resolved_on is not None and self.resolved_on <= today

    def discussed(self, account: "AccountFacts") -> bool:
        """Whether the customer has heard of it: a personal contact that counts for it (dated
        on or after raised_on; logged after the user said it was not discussed, if so)."""
        if self.not_discussed:
            return self.told_on is not None and self.told_on >= self.raised_on
        return contacted_since(account, self.raised_on)


@dataclass(frozen=True)
class ReminderFacts:
    id: int
    account: str
    due: date
    text: str = ""
    order: str | None = None
    done_on: date | None = None


@dataclass(frozen=True)
class ProposalFacts:
    id: int
    order: str
    account: str
    sent_on: date
    text: str = ""
    answer_by: date | None = None  # None: three working days after sent_on
    agreed_on: date | None = None
    declined_on: date | None = None

    def open_on(self, today: date) -> bool:
        """Sent, and neither agreed nor declined, on or before `today`."""
        return self.sent_on <= today and not any(
            answer is not None and answer <= today for answer in (self.agreed_on, self.declined_on)
        )


@dataclass(frozen=True)
class Handoff:
    on: date
    person: str
    note: str = ""


@dataclass(frozen=True)
class Book:
    """Everything the rules look at, as of one evaluation date."""

    accounts: Mapping[str, AccountFacts]  # by account name
    orders: tuple[OrderFacts, ...] = ()
    hurdles: tuple[HurdleFacts, ...] = ()
    reminders: tuple[ReminderFacts, ...] = ()
    proposals: tuple[ProposalFacts, ...] = ()
    snoozes: Mapping[str, date] = field(default_factory=dict)  # hidden while today < until
    # by item key, oldest first
    handoffs: Mapping[str, tuple[Handoff, ...]] = field(default_factory=dict)

    # -- lookups the rules share (built once per book) -------------------------------------

    @cached_property
    def by_ref(self) -> dict[str, OrderFacts]:
        return {o.ref: o for o in self.orders}

    def order(self, ref: str) -> OrderFacts | None:
        return self.by_ref.get(ref)

    @cached_property
    def orders_by_account(self) -> dict[str, list[OrderFacts]]:
        found: dict[str, list[OrderFacts]] = defaultdict(list)
        for o in self.orders:
            found[o.account].append(o)
        return dict(found)

    @cached_property
    def hurdles_by_account(self) -> dict[str, list[HurdleFacts]]:
        found: dict[str, list[HurdleFacts]] = defaultdict(list)
        for h in self.hurdles:
            found[h.account].append(h)
        return dict(found)

    @cached_property
    def proposals_by_order(self) -> dict[str, list[ProposalFacts]]:
        found: dict[str, list[ProposalFacts]] = defaultdict(list)
        for p in self.proposals:
            found[p.order].append(p)
        return dict(found)

    def proposing(self, ref: str, today: date) -> bool:
        """Whether the order has an open proposal on `today`."""
        return any(p.open_on(today) for p in self.proposals_by_order.get(ref, ()))


def in_delivery(order: OrderFacts, today: date) -> bool:
    return order.status == "won" and not delivered_by(order, today)


def in_aftercare(order: OrderFacts, account: AccountFacts, today: date) -> bool:
    """A won order from its win until the after-delivery check: in delivery, or delivered
    with no personal contact since (the silence in between is when doubt grows)."""
    if order.status != "won" or order.signed_on > today:
        return False
    if not delivered_by(order, today):
        return True
    assert order.delivered_on is not None
    return not contacted_since(account, order.delivered_on)


def delivered_by(order: OrderFacts, today: date) -> bool:
    return order.delivered_on is not None and order.delivered_on <= today


def contacted_since(account: AccountFacts, day: date) -> bool:
    """Whether a personal contact with the account is dated on or after `day`."""
    last = account.last_personal_contact
    return last is not None and last >= day


def same_person(a: str | None, b: str | None) -> bool:
    """Names of people match in any case and Unicode form."""
    return a is not None and b is not None and person_key(a) == person_key(b)
