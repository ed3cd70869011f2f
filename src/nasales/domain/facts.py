"""What the rules look at: one row of facts per account, order, hurdle, promise and proposal,
as the store hands them over for one evaluation date (nothing dated after it)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from nasales.domain.text import person_key


@dataclass(frozen=True)
class AccountFacts:
    name: str
    owner: str | None = None
    tier: str | None = None
    last_personal_contact: date | None = None
    # the mood of the latest customer-facing touchpoint after the latest agreement
    mood: str | None = None
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


def in_delivery(order: OrderFacts, today: date) -> bool:
    return order.status == "won" and not delivered_by(order, today)


def delivered_by(order: OrderFacts, today: date) -> bool:
    return order.delivered_on is not None and order.delivered_on <= today


def contacted_since(account: AccountFacts, day: date) -> bool:
    """Whether a personal contact with the account is dated on or after `day`."""
    last = account.last_personal_contact
    return last is not None and last >= day


def same_person(a: str | None, b: str | None) -> bool:
    """Names of people match in any case and Unicode form."""
    return a is not None and b is not None and person_key(a) == person_key(b)
