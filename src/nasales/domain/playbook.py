"""The follow-up rules (PRODUCT.md §3): facts and a date in, due items out.

Pure code: no database, no clock, no printing, no language. An item carries the facts its
sentence needs (`detail`); output/sentences.py words them.

Each rule is one method, in the order of the rules table, and above it its declaration
(`@rule`): what it runs over (each hurdle, promise, proposal, order or account), how it is
asked on a day, and the days on which its answer can change. `due_items` asks every rule
for every subject; the agenda (domain/agenda.py) reads the same declarations to ask each
rule once per stretch of days over which its answer cannot change. A new rule is one method
and its declaration.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from operator import attrgetter
from typing import Any

from nasales.domain.facts import (
    AccountFacts,
    Book,
    HurdleFacts,
    OrderFacts,
    ProposalFacts,
    ReminderFacts,
    contacted_since,
    delivered_by,
    in_delivery,
)
from nasales.domain.items import RULES, Item, Rule, handed_to, rule, sort_key
from nasales.domain.rules import Rules
from nasales.domain.workdays import WorkingDays

__all__ = ["Item", "Playbook", "Stage", "handed_to", "sort_key", "won_value"]


def _orders(book: Book) -> Iterable[OrderFacts]:
    return book.orders


def _signed_by(orders: list[OrderFacts], day: date) -> list[OrderFacts]:
    return [o for o in orders if o.signed_on <= day]


class Playbook:
    def __init__(self, rules: Rules | None = None, calendar: WorkingDays | None = None) -> None:
        self.rules = rules or Rules()
        self.days = calendar or WorkingDays(self.rules.country)

    # -- one rule each, in the order of PRODUCT.md §3; each returns an item or None ----------

    @rule(
        over=attrgetter("hurdles"),
        ask=lambda pb, book, h, day: pb.hurdle(
            h, book.accounts[h.account], book.order(h.order), day
        ),
        changes=lambda pb, book, h: (h.raised_on, h.resolved_on),
    )
    def hurdle(
        self, h: HurdleFacts, account: AccountFacts, order: OrderFacts | None, today: date
    ) -> Item | None:
        """Open or solved: until the customer hears of it (a problem solved without telling
        them is when doubt grows)."""
        if h.raised_on > today or h.discussed(account):
            return None
        return Item(
            f"hurdle:{h.id}",
            "hurdle",
            h.account,
            self.days.next_wd(h.raised_on),
            order=h.order,
            value=order.value if order else None,
            since=h.raised_on,
            detail={
                "text": h.description,
                "raised_on": h.raised_on,
                "resolved_on": h.resolved_on if h.solved_by(today) else None,
            },
        )

    @rule(
        over=attrgetter("reminders"),
        ask=lambda pb, book, r, day: pb.manual(r, day),
        changes=lambda pb, book, r: (r.done_on,),
    )
    def manual(self, r: ReminderFacts, today: date) -> Item | None:
        if r.done_on is not None and r.done_on <= today:
            return None
        return Item(
            f"manual:{r.id}", "manual", r.account, r.due, order=r.order, detail={"text": r.text}
        )

    @rule(
        over=attrgetter("proposals"),
        ask=lambda pb, book, p, day: pb.proposal(p, book.order(p.order), day),
        changes=lambda pb, book, p: (p.sent_on, p.agreed_on, p.declined_on),
    )
    def proposal(self, p: ProposalFacts, order: OrderFacts | None, today: date) -> Item | None:
        if not p.open_on(today):
            return None
        answer_by = p.answer_by or self.days.add_wd(p.sent_on, 3)
        return Item(
            f"proposal:{p.id}",
            "proposal",
            p.account,
            self.days.next_wd(answer_by),
            order=p.order,
            value=order.value if order else None,
            detail={"text": p.text, "sent_on": p.sent_on, "answer_by": answer_by},
        )

    @rule(
        over=_orders,
        # an order's rule says nothing before the order is signed
        ask=lambda pb, book, o, day: (
            None if o.signed_on > day else pb.confirm(o, book.accounts[o.account], day)
        ),
        changes=lambda pb, book, o: (o.signed_on,),
    )
    def confirm(self, o: OrderFacts, account: AccountFacts, today: date) -> Item | None:
        if o.status != "won" or contacted_since(account, o.signed_on):
            return None
        return self._order_item(
            "confirm", o, self.days.add_wd(o.signed_on, self.rules.confirm_working_days), today
        )

    @rule(
        over=_orders,
        ask=lambda pb, book, o, day: (
            None if o.signed_on > day else pb.agreement(o, book.proposing(o.ref, day), day)
        ),
        changes=lambda pb, book, o: (
            o.signed_on,
            o.delivered_on,
            *(d for p in book.proposals_by_order.get(o.ref, ()) for d in _answers(p)),
        ),
    )
    def agreement(self, o: OrderFacts, open_proposal: bool, today: date) -> Item | None:
        """While an order is in delivery, an agreement every so often; an open proposal
        stands in for it (sending one is what an agreement moment asks for)."""
        if not in_delivery(o, today) or open_proposal:
            return None
        anchor, agreed = o.agreement_anchor()  # agreed: the previous moment was on `anchor`
        interval = self.rules.agreement_interval((anchor - o.signed_on).days)
        due = self.days.next_wd(anchor + timedelta(days=interval))
        since = _day_after(anchor) if agreed else date.min
        detail = {"anchor": anchor, "agreed": agreed}
        return self._order_item("agreement", o, due, today, since=since, **detail)

    @rule(
        over=_orders,
        ask=lambda pb, book, o, day: (
            None if o.signed_on > day else pb.post_delivery(o, book.accounts[o.account], day)
        ),
        changes=lambda pb, book, o: (o.signed_on, o.delivered_on),
    )
    def post_delivery(self, o: OrderFacts, account: AccountFacts, today: date) -> Item | None:
        if o.status != "won" or not delivered_by(o, today):
            return None
        assert o.delivered_on is not None
        if contacted_since(account, o.delivered_on):
            return None
        due = self.days.add_wd(o.delivered_on, self.rules.post_delivery_working_days)
        return self._order_item("post_delivery", o, due, today, delivered_on=o.delivered_on)

    @rule(
        over=_orders,
        ask=lambda pb, book, o, day: (
            None if o.signed_on > day else pb.lost_followup(o, book.accounts[o.account], day)
        ),
        changes=lambda pb, book, o: (
            (o.signed_on, *(stage.due for stage in pb.lost_stages(o.signed_on)))
            if o.status == "lost"
            else ()
        ),
    )
    def lost_followup(self, o: OrderFacts, account: AccountFacts, today: date) -> Item | None:
        """Only the latest stage due by today counts: a stage-1 call never made does not
        linger once stage 2 is due."""
        if o.status != "lost":
            return None
        stage = None
        for candidate in self.lost_stages(o.signed_on):
            if candidate.due <= today:
                stage = candidate
        if stage is None:
            return None
        number, due, contact_from = stage
        if contacted_since(account, contact_from):
            return None
        # a contact that satisfied an earlier stage began this one
        last = account.last_personal_contact
        since = _day_after(last) if number > 1 and last and last > o.signed_on else date.min
        return self._order_item("lost_followup", o, due, today, since=since, stage=number)

    # Each account with orders; the list asks it last, for accounts with nothing else due
    # (`due_items`). It changes when an order is signed or delivered.
    RELATIONSHIP = Rule(
        "relationship",
        over=lambda book: book.orders_by_account,
        ask=lambda pb, book, name, day: pb.relationship_of(
            book.accounts[name], _signed_by(book.orders_by_account[name], day), day
        ),
        changes=lambda pb, book, name: [
            d for o in book.orders_by_account[name] for d in (o.signed_on, o.delivered_on)
        ],
        account=lambda name: name,
    )

    def relationship(
        self, account: AccountFacts, orders: list[OrderFacts], tier: str, today: date
    ) -> Item | None:
        """Due a tier's interval after the latest personal contact, win or delivery: the
        clock restarts at a delivery, so no call is late for the time spent in delivery."""
        lost_only = all(o.status == "lost" for o in orders)
        if lost_only and tier == "C":
            return None
        contact = account.last_personal_contact
        latest_order = max(_latest_date(o, today) for o in orders)
        anchor = contact if contact is not None and contact >= latest_order else latest_order
        due = self.days.next_wd(anchor + timedelta(days=self.rules.relationship_days[tier]))
        won = won_value(orders)
        last_lost = max(
            (o for o in orders if o.status == "lost"), key=lambda o: o.signed_on, default=None
        )
        delivered = [o.delivered_on for o in orders if o.delivered_on and o.delivered_on <= today]
        if anchor == contact:
            anchored = "contact"
        elif delivered and anchor == max(delivered):
            anchored = "delivery"
        else:
            anchored = "order"
        return Item(
            f"relationship:{account.name}",
            "relationship",
            account.name,
            due,
            value=won or None,
            # a contact satisfied the occurrence before; a later win or delivery began one
            since=_day_after(contact) if anchored == "contact" else anchor,
            detail={
                "tier": tier,
                "anchor": anchor,
                "anchored": anchored,  # contact | order | delivery
                "contacted": contact is not None,
                "lost_only": lost_only,
                "competitor": last_lost.competitor if lost_only and last_lost else None,
                "days": (today - anchor).days,
            },
        )

    def _order_item(
        self,
        reason: str,
        o: OrderFacts,
        due: date,
        today: date,
        since: date = date.min,
        **detail: Any,
    ) -> Item:
        return Item(
            f"{reason}:{o.ref}",
            reason,
            o.account,
            due,
            order=o.ref,
            value=o.value,
            since=since,
            detail={
                "title": o.name,
                "signed_on": o.signed_on,
                "competitor": o.competitor,
                "days": (today - detail.get("anchor", o.signed_on)).days,
                **detail,
            },
        )

    # -- the list ------------------------------------------------------------------------

    def lost_stages(self, signed_on: date) -> list["Stage"]:
        """The stages of a lost order's follow-up: when each is due, and from which day a
        personal contact counts for it."""
        return [
            Stage(
                n,
                self.days.next_wd(signed_on + timedelta(days=after)),
                signed_on + timedelta(days=counts_from),
            )
            for n, (after, counts_from) in enumerate(self.rules.lost_followup_stages, 1)
        ]

    def tier(self, account: AccountFacts, won_value: float) -> str:
        """The account's own tier, else from its CLV when set, else from its won value."""
        return self.tier_and_source(account, won_value)[0]

    def tier_and_source(self, account: AccountFacts, won_value: float) -> tuple[str, str]:
        """The tier, and where it comes from: "own", "clv" or "won" (the value won)."""
        if account.tier:
            return account.tier, "own"
        if account.clv is not None:
            return self.rules.tier_for_value(account.clv), "clv"
        return self.rules.tier_for_value(won_value), "won"

    def relationship_of(
        self, account: AccountFacts, orders: list[OrderFacts], today: date
    ) -> Item | None:
        """The relationship item of an account with these orders signed by `today`, unless
        one of them is still in delivery (its other items are the caller's to weigh)."""
        if not orders or any(in_delivery(o, today) for o in orders):
            return None
        won = won_value(orders)
        return self.relationship(account, orders, self.tier(account, won), today)

    def due_items(self, book: Book, today: date) -> list[Item]:
        """Today's items: every due item that is not snoozed, in the order of §3, each with
        the colleague it is handed to (if any)."""
        items = [i for i in self._candidates(book, today) if i.due <= today]
        busy = {i.account for i in items}
        items += [i for i in self._relationships(book, today, busy) if i.due <= today]
        items = [i for i in items if not (i.key in book.snoozes and today < book.snoozes[i.key])]
        owners = {name: a.owner for name, a in book.accounts.items()}
        items = [
            replace(
                i,
                owner=owners.get(i.account),
                overdue_days=self.days.between(i.due, today),
                handed_to=handed_to(book, i, today),
                listed_on=today,
            )
            for i in items
        ]
        items.sort(key=sort_key)
        return items

    def agenda(self, book: Book, start: date, days: int) -> list[Item]:
        """Every item `due_items` would list on some day of [start, start+days-1], once,
        at the first day it would appear, if nothing is logged meanwhile."""
        from nasales.domain.agenda import agenda

        return agenda(self, book, start, days)

    def _candidates(self, book: Book, today: date) -> Iterable[Item]:
        for declared in RULES:
            ask = declared.ask
            for subject in declared.over(book):
                if (item := ask(self, book, subject, today)) is not None:
                    yield item

    def _relationships(self, book: Book, today: date, busy: set[str]) -> Iterable[Item]:
        ask = self.RELATIONSHIP.ask
        for name in self.RELATIONSHIP.over(book):
            if name not in busy and (item := ask(self, book, name, today)) is not None:
                yield item


@dataclass(frozen=True)
class Stage:
    """A stage of a lost order's follow-up."""

    number: int
    due: date
    contact_from: date  # a personal contact counts for the stage from this day

    def __iter__(self) -> Iterator[Any]:
        return iter((self.number, self.due, self.contact_from))


def won_value(orders: Iterable[OrderFacts]) -> float:
    """The value of the won orders among `orders` (an account's, as the tier reads it)."""
    return sum(o.value or 0 for o in orders if o.status == "won")


def _day_after(day: date | None) -> date:
    """The first day of the occurrence after one satisfied on `day` (none: from the start)."""
    return day + timedelta(days=1) if day is not None else date.min


def _latest_date(order: OrderFacts, today: date) -> date:
    """The later of an order's signed_on and (by `today`) delivered_on."""
    delivered = order.delivered_on
    if delivered is not None and order.signed_on < delivered <= today:
        return delivered
    return order.signed_on


def _answers(p: ProposalFacts) -> tuple[date | None, ...]:
    """The days a proposal opens or closes."""
    return (p.sent_on, p.agreed_on, p.declined_on)
