"""Building books of facts for the playbook's tests, and reading its answer.

Working days are those of holidays' NL calendar. Dates used in these tests:
2026-11-27 Fri; 2026-12-25 Fri (Christmas); 2025-12-25/26 Thu/Fri; 2027-01-01 Fri;
2026-04-03 Good Friday, 2026-04-06 Easter Monday, 2026-04-27 Mon King's Day.
"""

from datetime import date, timedelta

import holidays

from nasales.domain.facts import (
    AccountFacts,
    Book,
    Handoff,
    HurdleFacts,
    OrderFacts,
    ProposalFacts,
    ReminderFacts,
)
from nasales.domain.playbook import Item, Playbook, sort_key
from nasales.domain.workdays import WorkingDays

PB = Playbook()
WD = WorkingDays()
NL_HOLIDAYS = holidays.country_holidays("NL")


def d(text: str) -> date:
    return date.fromisoformat(text)


def is_working_day(day: date) -> bool:
    """Independently of WorkingDays: Monday to Friday, not a Dutch holiday."""
    return day.weekday() < 5 and day not in NL_HOLIDAYS


def won(ref: str = "W-1", account: str = "Acme", signed: str = "2026-11-27", **kw) -> OrderFacts:
    for field in ("delivered_on", "last_agreement"):
        if isinstance(kw.get(field), str):
            kw[field] = d(kw[field])
    return OrderFacts(ref=ref, account=account, status="won", signed_on=d(signed), **kw)


def lost(ref: str = "L-1", account: str = "Acme", signed: str = "2026-03-02", **kw) -> OrderFacts:
    return OrderFacts(ref=ref, account=account, status="lost", signed_on=d(signed), **kw)


def account(
    name: str = "Acme", contact: str | None = None, tier: str | None = None, **kw
) -> AccountFacts:
    return AccountFacts(
        name=name, tier=tier, last_personal_contact=d(contact) if contact else None, **kw
    )


def proposal(
    id: int = 1,
    order: str = "W-1",
    sent: str = "2026-11-23",
    answer_by: str | None = None,
    agreed: str | None = None,
    declined: str | None = None,
    account: str = "Acme",
) -> ProposalFacts:
    def day(text: str | None) -> date | None:
        return d(text) if text else None

    return ProposalFacts(
        id, order, account, d(sent), "start-up plan", day(answer_by), day(agreed), day(declined)
    )


def handoffs(key: str, *given: tuple[str, str]) -> dict[str, tuple[Handoff, ...]]:
    """Hand-offs of one item: (day, person) pairs, oldest first, as the store loads them."""
    return {key: tuple(Handoff(d(on), person) for on, person in given)}


def build_book(
    *orders: OrderFacts,
    accounts: tuple[AccountFacts, ...] = (),
    hurdles: tuple[HurdleFacts, ...] = (),
    reminders: tuple[ReminderFacts, ...] = (),
    proposals: tuple[ProposalFacts, ...] = (),
    snoozes: dict[str, date] | None = None,
    handed: dict[str, tuple[Handoff, ...]] | None = None,
) -> Book:
    """A Book; accounts named by orders, hurdles, reminders or proposals exist with no facts."""
    by_name = {a.name: a for a in accounts}
    named = [o.account for o in orders] + [h.account for h in hurdles]
    named += [r.account for r in reminders] + [p.account for p in proposals]
    for name in named:
        by_name.setdefault(name, AccountFacts(name))
    return Book(
        by_name,
        tuple(orders),
        tuple(hurdles),
        tuple(reminders),
        tuple(proposals),
        snoozes=snoozes or {},
        handoffs=handed or {},
    )


def busy_book() -> Book:
    """Items of every rank but proposal, differing in overdue days, value and name, on
    Friday 2026-11-27."""
    settled = {"delivered_on": "2025-02-03", "signed": "2025-01-06"}
    return build_book(
        # Zulu: an open hurdle only
        won("Z-1", "Zulu", **settled),
        # confirm + agreement items, differing in overdue, value and name
        won("B-1", "Bravo", signed="2026-11-02", value=10.0),
        won("C-1", "Charlie", signed="2026-11-20", value=1000.0),
        won("A-1", "alpha", signed="2026-11-20", value=500.0),
        won("D-1", "Delta", signed="2026-11-20", value=500.0),
        won("E-1", "Echo", signed="2026-11-20"),
        lost("K-1", "Kilo", signed="2026-11-02", value=1e9),
        won("L-1", "Lima", **settled, value=1.0),
        accounts=(
            account("Zulu", contact="2026-11-01"),
            account("Lima", contact="2026-10-01", tier="A"),
        ),
        hurdles=(HurdleFacts(1, "Z-1", "Zulu", d("2026-11-20")),),
        reminders=(ReminderFacts(2, "Yankee", d("2026-11-27")),),
    )


def items(b: Book, today: str, pb: Playbook = PB) -> list[Item]:
    return pb.due_items(b, d(today))


def keyed(b: Book, today: str, pb: Playbook = PB) -> dict[str, Item]:
    result = {i.key: i for i in items(b, today, pb)}
    assert len(result) == len(items(b, today, pb)), "keys must be unique"
    return result


def due_of(b: Book, today: str, reason: str, pb: Playbook = PB) -> date | None:
    found = [i.due for i in items(b, today, pb) if i.reason == reason]
    assert len(found) <= 1
    return found[0] if found else None


def reasons(b: Book, today: str, pb: Playbook = PB) -> set[str]:
    return {i.reason for i in items(b, today, pb)}


def day_before(text: str) -> str:
    return date.fromordinal(d(text).toordinal() - 1).isoformat()


def replayed(b: Book, start: date, days: int, pb: Playbook = PB) -> list[Item]:
    """The agenda by its definition: each day's list, the first appearance of each item as
    it is listed that day (late by the working days it is late then), in the order a replay
    of the days gives."""
    first: dict[str, Item] = {}
    for offset in range(days):
        for item in pb.due_items(b, start + timedelta(days=offset)):
            first.setdefault(item.key, item)
    return sorted(first.values(), key=lambda i: (i.due, i.listed_on, *sort_key(i)))
