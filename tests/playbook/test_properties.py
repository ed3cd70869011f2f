"""Properties of the playbook over random books: a well-formed list, the future ignored, due
dates on working days, the agenda as the union of its days."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasales.domain.facts import (
    AccountFacts,
    Book,
    Handoff,
    HurdleFacts,
    OrderFacts,
    ProposalFacts,
    ReminderFacts,
)
from nasales.domain.playbook import sort_key
from nasales.domain.vocabulary import RANK
from playbook.build import PB, WD, build_book, is_working_day, replayed

pytestmark = pytest.mark.slow  # big property runs over random books

NAMES = ("Acme", "beta", "Gamma")
PEOPLE = ("Piet", "ann", "Kees")
VALUES = (None, 0.0, 5_000.0, 19_999.0, 20_000.0, 99_999.0, 100_000.0, 250_000.0)


@st.composite
def books_and_days(draw: st.DrawFn) -> tuple[Book, date]:
    """A consistent book as of `today`: nothing in it is dated after today."""
    today = draw(st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 12, 31)))

    def back(limit: int) -> date:
        return today - timedelta(days=draw(st.integers(0, limit)))

    names = NAMES[: draw(st.integers(1, len(NAMES)))]
    accounts = {
        n: AccountFacts(
            n,
            owner=draw(st.sampled_from((None, "ann", "bob"))),
            tier=draw(st.sampled_from((None, "A", "B", "C"))),
            last_personal_contact=back(400) if draw(st.booleans()) else None,
        )
        for n in names
    }
    orders = []
    for i in range(draw(st.integers(0, 4))):
        signed = back(400)
        status = draw(st.sampled_from(("won", "lost")))
        delivered = None
        last_agreement = None
        if status == "won":
            if draw(st.booleans()):
                delivered = signed + timedelta(days=draw(st.integers(0, 120)))
                if delivered > today:
                    delivered = None
            if draw(st.booleans()):
                last_agreement = signed + timedelta(days=draw(st.integers(-10, 300)))
                if last_agreement > today:
                    last_agreement = None
        orders.append(
            OrderFacts(
                ref=f"O-{i}",
                account=draw(st.sampled_from(names)),
                status=status,
                signed_on=signed,
                value=draw(st.sampled_from(VALUES)),
                delivered_on=delivered,
                last_agreement=last_agreement,
            )
        )
    hurdles = []
    for i in range(draw(st.integers(0, 2)) if orders else 0):
        o = draw(st.sampled_from(orders))
        raised = o.signed_on + timedelta(days=draw(st.integers(0, 200)))
        hurdles.append(HurdleFacts(i, o.ref, o.account, min(raised, today)))
    reminders = [
        ReminderFacts(
            i, draw(st.sampled_from(names)), today + timedelta(days=draw(st.integers(-30, 30)))
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    proposals = draw_proposals(draw, orders, back(60), lambda: back(60))
    keys = [
        f"{r}:{o.ref}" for o in orders for r in RANK if r not in ("hurdle", "manual", "proposal")
    ]
    keys += [f"relationship:{n}" for n in names] + [f"manual:{r.id}" for r in reminders]
    keys += [f"hurdle:{h.id}" for h in hurdles] + [f"proposal:{p.id}" for p in proposals]
    snoozes = {
        k: today + timedelta(days=draw(st.integers(-5, 5)))
        for k in draw(st.lists(st.sampled_from(keys), max_size=3))
        if keys
    }
    handed = draw_handoffs(draw, keys, lambda: back(60))
    book = Book(accounts, tuple(orders), tuple(hurdles), tuple(reminders), tuple(proposals))
    return replace(book, snoozes=snoozes, handoffs=handed), today


def draw_proposals(draw: st.DrawFn, orders, latest: date, when) -> list[ProposalFacts]:
    """Up to two proposals on won orders, sent on or after the win; some answered."""
    won = [o for o in orders if o.status == "won"]
    found = []
    for n in range(draw(st.integers(0, 2)) if won else 0):
        o = draw(st.sampled_from(won))
        sent = max(o.signed_on, min(when(), latest))
        answer_by = sent + timedelta(days=draw(st.integers(0, 9))) if draw(st.booleans()) else None
        answer = max(sent, when())
        kind = draw(st.sampled_from(("open", "agreed", "declined")))
        found.append(
            ProposalFacts(
                n + 1,
                o.ref,
                o.account,
                sent,
                "plan",
                answer_by,
                answer if kind == "agreed" else None,
                answer if kind == "declined" else None,
            )
        )
    return found


def draw_handoffs(draw: st.DrawFn, keys: list[str], when) -> dict[str, tuple[Handoff, ...]]:
    """Hand-offs of some keys, oldest first, as the store loads them."""
    handed = {}
    for key in draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)) if keys else ():
        given = [
            Handoff(when(), draw(st.sampled_from(PEOPLE))) for _ in range(draw(st.integers(1, 2)))
        ]
        handed[key] = tuple(sorted(given, key=lambda h: h.on))
    return handed


@settings(max_examples=150, deadline=None)
@given(books_and_days())
def test_property_the_list_is_well_formed(case: tuple[Book, date]) -> None:
    b, today = case
    result = PB.due_items(b, today)
    assert result == sorted(result, key=sort_key)
    assert len({i.key for i in result}) == len(result)
    for item in result:
        assert item.due <= today
        assert item.overdue_days >= 0
        assert item.overdue_days == WD.between(item.due, today)
        assert item.key.startswith(f"{item.reason}:")
        assert item.owner == b.accounts[item.account].owner
        if item.reason != "manual":
            assert is_working_day(item.due), item
        until = (b.snoozes or {}).get(item.key)
        assert until is None or until <= today
    # relationship only for accounts with nothing else listed
    for item in result:
        if item.reason == "relationship":
            assert [i for i in result if i.account == item.account] == [item]
    # an open proposal stands in for its order's agreement moment
    listed = {i.key for i in result}
    for p in b.proposals:
        if p.open_on(today):
            assert f"agreement:{p.order}" not in listed
        else:
            assert f"proposal:{p.id}" not in listed
    # handed to the colleague of the latest hand-off by today, or to nobody
    for item in result:
        latest = [h.person for h in b.handoffs.get(item.key, ()) if h.on <= today][-1:]
        assert item.handed_to in (None, *latest)
    # a hand-off changes whose call it is, nothing else
    unhanded = PB.due_items(replace(b, handoffs={}), today)
    assert unhanded == [replace(i, handed_to=None) for i in result]
    # pure: same facts, same answer
    assert PB.due_items(b, today) == result


@settings(max_examples=150, deadline=None)
@given(books_and_days())
def test_property_facts_after_today_change_nothing(case: tuple[Book, date]) -> None:
    b, today = case
    later = today + timedelta(days=1)
    future = replace(
        b,
        orders=(
            *b.orders,
            OrderFacts("F-1", NAMES[0], "won", later),
            OrderFacts("F-2", NAMES[0], "lost", later, value=1e9),
        ),
        hurdles=(*b.hurdles, HurdleFacts(99, "F-1", NAMES[0], later)),
        # a proposal sent tomorrow, and tomorrow's answers to the open ones
        proposals=(
            *(
                replace(p, agreed_on=later) if p.open_on(today) and p.id % 2 else p
                for p in b.proposals
            ),
            *(ProposalFacts(90 + n, o.ref, o.account, later) for n, o in enumerate(b.orders)),
        ),
        handoffs={
            **b.handoffs,
            **{
                i.key: (*b.handoffs.get(i.key, ()), Handoff(later, "Kees"))
                for i in PB.due_items(b, today)
            },
        },
    )
    assert PB.due_items(future, today) == PB.due_items(b, today)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 400),
    st.sampled_from(("won", "lost")),
    st.one_of(st.none(), st.integers(0, 200)),
    st.one_of(st.none(), st.integers(0, 300)),
)
def test_property_rule_due_dates_are_working_days(
    signed: date, offset: int, status: str, delivered_after: int | None, agreed_after: int | None
) -> None:
    today = signed + timedelta(days=offset)
    delivered = None if delivered_after is None else signed + timedelta(days=delivered_after)
    agreed = None if agreed_after is None else signed + timedelta(days=agreed_after)
    order = OrderFacts("O", "Acme", status, signed, delivered_on=delivered, last_agreement=agreed)
    acme = AccountFacts("Acme", tier="A")
    hurdle = HurdleFacts(1, "O", "Acme", today)
    found = [
        PB.confirm(order, acme, today),
        PB.agreement(order, False, today),
        PB.post_delivery(order, acme, today),
        PB.lost_followup(order, acme, today),
        PB.hurdle(hurdle, acme, order, today),
        PB.relationship(acme, [order], PB.tier(acme, order.value or 0), today),
    ]
    for item in found:
        if item is not None:
            assert is_working_day(item.due), item
    if status == "won":
        confirm = found[0]
        assert confirm is not None and confirm.due > signed
        assert WD.between(signed, confirm.due) == 1
    if found[2] is not None:
        assert WD.between(delivered, found[2].due) == 2  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 60),
    st.integers(0, 400),
)
def test_property_contact_on_the_due_date_clears_confirm(
    signed: date, late: int, later: int
) -> None:
    due = WD.add_wd(signed, 1)
    contact = due + timedelta(days=late)  # on the due date, or any day after it
    today = contact + timedelta(days=later)
    b = build_book(
        OrderFacts("W-1", "Acme", "won", signed),
        accounts=(AccountFacts("Acme", None, None, contact),),
    )
    assert "confirm:W-1" not in {i.key for i in PB.due_items(b, today)}
    silent = build_book(OrderFacts("W-1", "Acme", "won", signed))
    assert {i.due for i in PB.due_items(silent, today) if i.reason == "confirm"} == {due}


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 300),
    st.integers(0, 400),
)
def test_property_contact_on_the_hurdle_day_clears_it(raised: date, late: int, later: int) -> None:
    contact = raised + timedelta(days=late)
    today = contact + timedelta(days=later)
    order = OrderFacts("W-1", "Acme", "won", raised - timedelta(days=30))
    h = HurdleFacts(1, "W-1", "Acme", raised)
    acme = AccountFacts("Acme", last_personal_contact=contact)
    assert "hurdle:1" not in {
        i.key for i in PB.due_items(build_book(order, accounts=(acme,), hurdles=(h,)), today)
    }
    before = replace(acme, last_personal_contact=raised - timedelta(days=1))
    shown = PB.due_items(build_book(order, accounts=(before,), hurdles=(h,)), today)
    expected = [WD.next_wd(raised)] if WD.next_wd(raised) <= today else []
    assert [i.due for i in shown if i.key == "hurdle:1"] == expected


@settings(max_examples=60, deadline=None)
@given(books_and_days(), st.integers(1, 10))
def test_property_agenda_is_the_union_of_the_days(case: tuple[Book, date], days: int) -> None:
    b, start = case
    agenda = PB.agenda(b, start, days)
    assert len({i.key for i in agenda}) == len(agenda)
    assert [i.due for i in agenda] == sorted(i.due for i in agenda)
    assert {i.key: i.due for i in agenda} == {i.key: i.due for i in replayed(b, start, days)}


@st.composite
def books_with_a_future(draw: st.DrawFn) -> tuple[Book, date]:
    """A book as an agenda loads it: orders, deliveries, hurdles, resolutions, promises,
    proposals, answers, hand-offs and snoozes may be dated on any day, weekends included,
    inside the window too."""
    start = draw(st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)))

    def around() -> date:
        return start + timedelta(days=draw(st.integers(-60, 20)))

    accounts = {
        n: AccountFacts(
            n,
            tier=draw(st.sampled_from((None, "A", "C"))),
            last_personal_contact=(around() if draw(st.booleans()) else None),
        )
        for n in NAMES[:2]
    }
    orders = []
    for i in range(draw(st.integers(1, 4))):
        signed, status = around(), draw(st.sampled_from(("won", "lost")))
        delivered = signed + timedelta(days=draw(st.integers(0, 30))) if status == "won" else None
        if draw(st.booleans()):
            delivered = None
        orders.append(
            OrderFacts(
                f"O-{i}",
                draw(st.sampled_from(NAMES[:2])),
                status,
                signed,
                value=draw(st.sampled_from(VALUES)),
                delivered_on=delivered,
            )
        )
    hurdles = []
    for i in range(draw(st.integers(0, 2))):
        o = draw(st.sampled_from(orders))
        raised = around()
        solved = raised + timedelta(days=draw(st.integers(0, 10))) if draw(st.booleans()) else None
        hurdles.append(HurdleFacts(i + 1, o.ref, o.account, raised, "late", solved))
    reminders = [
        ReminderFacts(
            i + 1,
            draw(st.sampled_from(NAMES[:2])),
            around(),
            "call back",
            done_on=around() if draw(st.booleans()) else None,
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    proposals = draw_proposals(draw, orders, start + timedelta(days=20), around)
    keys = [f"confirm:{o.ref}" for o in orders] + [f"relationship:{n}" for n in NAMES[:2]]
    snoozes = {k: around() for k in draw(st.lists(st.sampled_from(keys), max_size=2))}
    keys += [f"agreement:{o.ref}" for o in orders] + [f"proposal:{p.id}" for p in proposals]
    handed = draw_handoffs(draw, keys, around)
    book = Book(accounts, tuple(orders), tuple(hurdles), tuple(reminders), tuple(proposals))
    return replace(book, snoozes=snoozes, handoffs=handed), start


@settings(max_examples=600, deadline=None)
@given(books_with_a_future(), st.integers(1, 12))
def test_property_agenda_with_events_dated_in_the_window(
    case: tuple[Book, date], days: int
) -> None:
    b, start = case
    first = {i.key: (i.due, i.handed_to) for i in replayed(b, start, days)}
    assert {i.key: (i.due, i.handed_to) for i in PB.agenda(b, start, days)} == first
