"""The review (PRODUCT.md §8): how after-sales went in the N weeks ending on T.

Pure counting, in one walk over the items, whatever the number of weeks. The store hands
over, for every order and problem whose follow-up can fall due in the period, the day its
rule counts from and the first personal contact with the account on or after the day a
contact counts from (one set-based query per reason); the playbook says when each item
fell due; this module puts each item in exactly one outcome, in the period and in the week
of its due date (a problem: the week it was raised; a proposal: sent; an opportunity:
noted). Every outcome is judged as of T, so the weeks add up to the period. The doubt risk
is needed on two days only: T (the bands) and the eve of the period (who rose since).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from nasales.domain.facts import AccountFacts, HurdleFacts, OrderFacts, same_person
from nasales.domain.playbook import Item, Playbook
from nasales.domain.tally import Calls, RiskSummary, Tally, risk_summary


@dataclass(frozen=True)
class Period:
    """The N weeks ending on `end`: [end - 7N + 1, end], in 7-day slices."""

    end: date
    weeks: int

    @property
    def start(self) -> date:
        return self.end - timedelta(days=7 * self.weeks - 1)

    def slices(self) -> list[tuple[date, date]]:
        """The weeks, oldest first; the last ends on `end`."""
        first = self.start
        return [
            (first + timedelta(days=7 * n), first + timedelta(days=7 * n + 6))
            for n in range(self.weeks)
        ]

    def week(self, day: date) -> int | None:
        """The index of the week `day` falls in, None outside the period."""
        if not self.start <= day <= self.end:
            return None
        return (day - self.start).days // 7

    @property
    def eve(self) -> date:
        """The day before the period: the doubt risk "since the start" is measured from it."""
        return self.start - timedelta(days=1)


# -- the facts the store hands over -------------------------------------------------------


@dataclass(frozen=True)
class FollowUp:
    """An item of the playbook as the store found it: the day its rule counts from
    (`anchor`: signed_on, delivered_on or raised_on) and the first personal contact with the
    account on or after the day a contact counts from, up to T (None: none)."""

    reason: str  # confirm | post_delivery | lost_followup | hurdle
    key: str
    account: str
    owner: str | None
    anchor: date
    first_contact: date | None
    stage: int = 0  # lost_followup: 1, 2, …
    resolved_on: date | None = None  # hurdle: solved on or before T


@dataclass(frozen=True)
class SentProposal:
    key: str
    account: str
    owner: str | None
    sent_on: date
    agreed_on: date | None  # on or before T
    declined_on: date | None


@dataclass(frozen=True)
class Need:
    """An opportunity: the customer's next need, noted in after-sales."""

    id: int
    account: str
    owner: str | None
    text: str
    noted_on: date
    source: str | None
    won_order: str | None = None  # the ref of the order it became, won on or before T
    dropped_on: date | None = None  # on or before T

    def age(self, today: date) -> int:
        return (today - self.noted_on).days


# -- when each item fell due: the playbook's own rules --------------------------------------


def due_date(playbook: Playbook, reason: str, anchor: date, stage: int = 0) -> date:
    """When the playbook asks for the item whose rule counts from `anchor`: it asks the rule
    itself, for a customer nobody has called."""
    nobody = AccountFacts("")
    item: Item | None
    if reason == "confirm":
        item = playbook.confirm(OrderFacts("", "", "won", anchor), nobody, anchor)
    elif reason == "post_delivery":
        order = OrderFacts("", "", "won", anchor, delivered_on=anchor)
        item = playbook.post_delivery(order, nobody, anchor)
    elif reason == "hurdle":
        item = playbook.hurdle(HurdleFacts(0, "", "", anchor), nobody, None, anchor)
    else:
        return playbook.lost_stages(anchor)[stage - 1].due
    assert item is not None, reason
    return item.due


def earliest_anchor(due: Callable[[date], date], start: date) -> date:
    """The first day a rule can count from for its item to fall due on or after `start`.
    (A due date never comes before the day it counts from, and never moves back when that
    day moves on.)"""
    day = start
    while due(day - timedelta(days=1)) >= start:
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class Windows:
    """From which day on the store looks for orders whose items can fall due in the period."""

    signed_from: date  # won orders: confirm
    delivered_from: date  # post_delivery
    lost_from: date  # lost orders, any stage
    contact_from_days: tuple[int, ...]  # lost_followup: per stage, days after the loss


def windows(playbook: Playbook, period: Period) -> Windows:
    start = period.start
    stages = playbook.rules.lost_followup_stages

    def stage_due(stage: int) -> Callable[[date], date]:
        return lambda signed_on: due_date(playbook, "lost_followup", signed_on, stage)

    lost_from = min(
        (earliest_anchor(stage_due(n), start) for n in range(1, len(stages) + 1)),
        default=start,
    )
    return Windows(
        earliest_anchor(lambda d: due_date(playbook, "confirm", d), start),
        earliest_anchor(lambda d: due_date(playbook, "post_delivery", d), start),
        lost_from,
        tuple(counts_from for _, counts_from in stages),
    )


# -- outcomes ------------------------------------------------------------------------------


def call_outcome(due: date, first_contact: date | None) -> str:
    """confirm, after delivery, lost order: on time (a contact by the due day), late (the
    first one after it), or open (none by T)."""
    if first_contact is None:
        return "open"
    return "on_time" if first_contact <= due else "late"


def hurdle_outcome(due: date, first_contact: date | None, resolved_on: date | None) -> str:
    """on time (a contact by the due day); else silent (solved with no contact between
    raised_on and resolved_on, whatever came after); else late; else open."""
    if first_contact is not None and first_contact <= due:
        return "on_time"
    if resolved_on is not None and (first_contact is None or first_contact > resolved_on):
        return "silent"
    return "late" if first_contact is not None else "open"


@dataclass
class Review:
    """Whose review, the period's counts, each week's, and the doubt risk at T."""

    period: Period
    total: Tally
    weeks: list[Tally]
    risk: RiskSummary
    owner: str | None = None  # --owner: one account manager's accounts
    person: str | None = None  # --for: one person's accounts and items handed to them


# -- the review ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Whose:
    """Whose review: everyone's (person None), or one person's — the accounts they own and
    the items handed to them (`handed`: item keys). `--owner` is settled by the store."""

    person: str | None = None
    handed: frozenset[str] = frozenset()

    def mine(self, owner: str | None, key: str | None) -> bool:
        if self.person is None:
            return True
        return same_person(owner, self.person) or (key is not None and key in self.handed)


def review(
    playbook: Playbook,
    period: Period,
    followups: Iterable[FollowUp],
    proposals: Iterable[SentProposal],
    needs: Iterable[Need],
    risk_before: Mapping[str, int | None],
    risk_after: Mapping[str, int | None],
    whose: Whose | None = None,
    owner: str | None = None,
) -> Review:
    """Count everything of §8. `risk_before` and `risk_after` hold each account's doubt risk
    on the eve of the period and at its end (None: no won order then)."""
    whose = whose or Whose()
    total = Tally(period.start, period.end)
    weeks = [Tally(start, end) for start, end in period.slices()]
    due_dates: dict[tuple[str, date, int], date] = {}  # items share their days: ask once
    for f in followups:
        if not whose.mine(f.owner, f.key):
            continue
        rule = (f.reason, f.anchor, f.stage)
        if (due := due_dates.get(rule)) is None:
            due = due_dates[rule] = due_date(playbook, *rule)
        if f.reason == "hurdle":
            n = period.week(f.anchor)  # counted by the day it was raised
            if n is not None:
                outcome = hurdle_outcome(due, f.first_contact, f.resolved_on)
                for tally in (total, weeks[n]):
                    tally.hurdle.add(outcome)
            continue
        n = period.week(due)
        if n is None:
            continue
        outcome = call_outcome(due, f.first_contact)
        for tally in (total, weeks[n]):
            if f.reason == "lost_followup":
                tally.lost_followup.setdefault(f.stage, Calls()).add(outcome)
            else:
                getattr(tally, f.reason).add(outcome)
    for p in proposals:
        n = period.week(p.sent_on)
        if n is None or not whose.mine(p.owner, p.key):
            continue
        for tally in (total, weeks[n]):
            tally.proposals.sent += 1
            if p.agreed_on is not None:
                tally.proposals.agreed += 1
            elif p.declined_on is not None:
                tally.proposals.declined += 1
            else:
                tally.proposals.open += 1
    for need in needs:
        n = period.week(need.noted_on)
        if n is None or not whose.mine(need.owner, need.source):
            continue
        for tally in (total, weeks[n]):
            tally.opportunities.noted += 1
            tally.opportunities.won += need.won_order is not None
            tally.opportunities.dropped += need.dropped_on is not None
    stages = range(1, len(playbook.rules.lost_followup_stages) + 1)
    for tally in (total, *weeks):
        tally.lost_followup = {n: tally.lost_followup.get(n, Calls()) for n in stages}
    risk = risk_summary(risk_before, risk_after)
    return Review(period, total, weeks, risk, owner, whose.person)
