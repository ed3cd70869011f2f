"""agenda: every item today would list on some day of the window, once, with its due date.

The agenda against its definition: every item `due_items` lists on some day of the window,
once, exactly as it is listed on the first day it appears (its due date, its sentence's
facts, the colleague it is handed to, how late it is then), in the order a replay of the
days gives. `Playbook.agenda` computes this without replaying each day
(domain/agenda.py); `replayed` (build.py) replays them."""

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
from nasales.domain.playbook import Playbook
from nasales.domain.rules import Rules
from playbook.build import (
    PB,
    account,
    build_book,
    busy_book,
    d,
    items,
    lost,
    proposal,
    replayed,
    won,
)

NAMES = ("Acme", "beta", "Gamma")
VALUES = (None, 0.0, 5_000.0, 20_000.0, 100_000.0)


class TestAgenda:
    def test_lists_what_falls_due_in_the_window(self) -> None:
        b = build_book(
            won(signed="2026-11-27"),  # confirm Mon 30 Nov, agreement Fri 4 Dec
            reminders=(ReminderFacts(1, "Acme", d("2026-12-10")),),
        )
        week = PB.agenda(b, d("2026-11-27"), 7)  # 27 Nov .. 3 Dec
        assert [(i.key, i.due) for i in week] == [("confirm:W-1", d("2026-11-30"))]
        eight = PB.agenda(b, d("2026-11-27"), 8)  # .. 4 Dec
        assert [(i.key, i.due) for i in eight] == [
            ("confirm:W-1", d("2026-11-30")),
            ("agreement:W-1", d("2026-12-04")),
        ]

    def test_each_item_once_with_its_due_date(self) -> None:
        b = build_book(won(signed="2026-11-02"))  # confirm due 3 Nov, agreement 9 Nov
        agenda = PB.agenda(b, d("2026-11-27"), 14)
        assert [(i.key, i.due) for i in agenda] == [
            ("confirm:W-1", d("2026-11-03")),
            ("agreement:W-1", d("2026-11-09")),
        ]

    def test_one_day_is_today(self) -> None:
        b = busy_book()
        assert {i.key for i in PB.agenda(b, d("2026-11-27"), 1)} == {
            i.key for i in items(b, "2026-11-27")
        }

    def test_lost_followup_listed_once_at_first_stage(self) -> None:
        b = build_book(lost(signed="2026-03-02"))
        agenda = PB.agenda(b, d("2026-05-28"), 7)  # stage 2 due 1 June is inside
        assert [(i.key, i.due) for i in agenda] == [("lost_followup:L-1", d("2026-03-16"))]

    def test_snoozed_item_appears_when_the_snooze_ends(self) -> None:
        b = build_book(won(signed="2026-11-27"), snoozes={"confirm:W-1": d("2026-12-02")})
        assert PB.agenda(b, d("2026-11-27"), 5) == []  # 27 Nov .. 1 Dec
        assert [i.key for i in PB.agenda(b, d("2026-11-27"), 6)] == ["confirm:W-1"]

    def test_sorted_by_due_date(self) -> None:
        agenda = PB.agenda(busy_book(), d("2026-11-27"), 60)
        dues = [i.due for i in agenda]
        assert dues == sorted(dues)
        assert len({i.key for i in agenda}) == len(agenda)

    def test_an_item_due_only_over_a_weekend_is_listed(self) -> None:
        # the agreement moment (due 9 Nov) is hidden by an open proposal on Friday 27 Nov,
        # back on Saturday when the customer declines, hidden again by Sunday's new proposal
        b = build_book(
            won(signed="2026-11-02"),
            accounts=(account(contact="2026-11-02"),),
            proposals=(
                proposal(1, sent="2026-11-25", answer_by="2026-12-04", declined="2026-11-28"),
                proposal(2, sent="2026-11-29", answer_by="2026-12-04"),
            ),
        )
        assert items(b, "2026-11-27") == items(b, "2026-11-30") == []
        assert [i.key for i in items(b, "2026-11-28")] == ["agreement:W-1"]
        assert [(i.key, i.due) for i in PB.agenda(b, d("2026-11-27"), 4)] == [
            ("agreement:W-1", d("2026-11-09"))
        ]


@st.composite
def windows(draw: st.DrawFn) -> tuple[Book, date, int]:
    """A book as an agenda loads it: orders, deliveries, hurdles and their solutions,
    promises kept, proposals sent and answered, snoozes and hand-offs, dated on any day,
    weekends included, before the window and inside it."""
    start = draw(st.dates(min_value=date(2025, 11, 1), max_value=date(2027, 2, 1)))
    days = draw(st.integers(1, 31))

    def around(before: int = 120, after: int = 45) -> date:
        return start + timedelta(days=draw(st.integers(-before, after)))

    def maybe(day: date) -> date | None:
        return day if draw(st.booleans()) else None

    names = NAMES[: draw(st.integers(1, 3))]
    accounts = {
        n: AccountFacts(
            n,
            owner=draw(st.sampled_from((None, "ann", "bob"))),
            tier=draw(st.sampled_from((None, "A", "B", "C"))),
            last_personal_contact=maybe(around(400, 0)),
            clv=draw(st.sampled_from((None, 50_000.0))),
        )
        for n in names
    }
    orders = []
    for i in range(draw(st.integers(1, 5))):
        signed, status = around(300), draw(st.sampled_from(("won", "lost")))
        delivered = None
        if status == "won" and draw(st.booleans()):
            delivered = signed + timedelta(days=draw(st.integers(0, 90)))
        agreed = maybe(signed + timedelta(days=draw(st.integers(-5, 100))))
        orders.append(
            OrderFacts(
                f"O-{i}",
                draw(st.sampled_from(names)),
                status,
                signed,
                value=draw(st.sampled_from(VALUES)),
                delivered_on=delivered,
                competitor=draw(st.sampled_from((None, "Haas"))),
                last_agreement=agreed if agreed is not None and agreed <= start else None,
            )
        )
    hurdles = []
    for i in range(draw(st.integers(0, 3))):
        o = draw(st.sampled_from(orders))
        raised = around()
        solved = maybe(raised + timedelta(days=draw(st.integers(0, 20))))
        hurdles.append(HurdleFacts(i + 1, o.ref, o.account, raised, "late", solved))
    reminders = [
        ReminderFacts(
            i + 1,
            draw(st.sampled_from(names)),
            around(30),
            "call back",
            order=draw(st.sampled_from([None, *(o.ref for o in orders)])),
            done_on=maybe(around(30)),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    proposals = []
    for i in range(draw(st.integers(0, 3))):
        o = draw(st.sampled_from(orders))
        sent = around(60)
        answer = maybe(sent + timedelta(days=draw(st.integers(0, 30))))
        agreed = draw(st.booleans())
        proposals.append(
            ProposalFacts(
                i + 1,
                o.ref,
                o.account,
                sent,
                "a start-up plan",
                answer_by=maybe(sent + timedelta(days=draw(st.integers(0, 10)))),
                agreed_on=answer if agreed else None,
                declined_on=None if agreed else answer,
            )
        )
    keys = [f"{r}:{o.ref}" for o in orders for r in ("confirm", "agreement", "post_delivery")]
    keys += [f"lost_followup:{o.ref}" for o in orders] + [f"relationship:{n}" for n in names]
    keys += [f"hurdle:{h.id}" for h in hurdles] + [f"manual:{r.id}" for r in reminders]
    keys += [f"proposal:{p.id}" for p in proposals]
    snoozes = {k: around(10, 40) for k in draw(st.lists(st.sampled_from(keys), max_size=3))}
    handoffs: dict[str, tuple[Handoff, ...]] = {}
    for k in draw(st.lists(st.sampled_from(keys), max_size=3)):
        handoffs[k] = tuple(
            sorted(
                (Handoff(around(60, 40), draw(st.sampled_from(("cor", "dee")))) for _ in "xy"),
                key=lambda h: h.on,
            )
        )
    book = Book(
        accounts,
        tuple(orders),
        tuple(hurdles),
        tuple(reminders),
        tuple(proposals),
        snoozes,
        handoffs,
    )
    return book, start, days


@pytest.mark.slow  # a big property run
@settings(max_examples=250, deadline=None)
@given(windows())
def test_the_agenda_is_the_replay_of_its_days(case: tuple[Book, date, int]) -> None:
    book, start, days = case
    assert PB.agenda(book, start, days) == replayed(book, start, days)


@pytest.mark.slow  # a big property run
@settings(max_examples=80, deadline=None)
@given(windows())
def test_with_other_rules(case: tuple[Book, date, int]) -> None:
    book, start, days = case
    rules = Rules(
        confirm_working_days=3,
        post_delivery_working_days=0,
        agreement_intervals=((10, 2), (0, 5)),
        lost_followup_stages=((3, 0), (20, 10), (40, 30)),
        relationship_days={"A": 5, "B": 12, "C": 40},
    )
    pb = Playbook(rules)
    assert pb.agenda(book, start, days) == replayed(book, start, days, pb)


def test_a_relationship_waits_for_a_day_its_account_has_nothing_else_due() -> None:
    acme = AccountFacts("Acme", tier="A", last_personal_contact=date(2026, 5, 1))
    order = OrderFacts("O-1", "Acme", "won", date(2025, 1, 6), delivered_on=date(2025, 3, 3))
    promise = ReminderFacts(1, "Acme", date(2026, 6, 1), done_on=date(2026, 6, 10))
    book = Book({"Acme": acme}, (order,), reminders=(promise,))
    agenda = PB.agenda(book, date(2026, 6, 1), 14)
    # relationship due 1 June (30 days after the contact), but the promise fills 1-9 June
    assert [(i.key, i.due) for i in agenda] == [
        ("manual:1", date(2026, 6, 1)),
        ("relationship:Acme", date(2026, 6, 1)),
    ]
    assert agenda == replayed(book, date(2026, 6, 1), 14)
    assert PB.agenda(book, date(2026, 6, 1), 9) == replayed(book, date(2026, 6, 1), 9)
    assert [i.key for i in PB.agenda(book, date(2026, 6, 1), 9)] == ["manual:1"]


def test_an_item_is_shown_as_on_its_first_day() -> None:
    order = OrderFacts("O-1", "Acme", "won", date(2026, 6, 3))  # confirm due Thu 4 June
    handed = {"confirm:O-1": (Handoff(date(2026, 6, 5), "cor"),)}
    book = Book({"Acme": AccountFacts("Acme", owner="ann")}, (order,), handoffs=handed)
    (confirm,) = [i for i in PB.agenda(book, date(2026, 6, 1), 10) if i.reason == "confirm"]
    assert confirm.due == date(2026, 6, 4)
    assert confirm.handed_to is None  # handed on the 5th: after the day it first appears
    assert confirm.detail["days"] == 1  # as `today --on 2026-06-04` words it
    assert confirm.overdue_days == 0


def test_equal_items_in_the_order_of_the_days_they_appear() -> None:
    order = OrderFacts("O-1", "Acme", "won", date(2026, 5, 4), value=1_000.0)
    asked = [
        ProposalFacts(n, "O-1", "Acme", date(2026, 5, 25), answer_by=date(2026, 5, 29))
        for n in (1, 2)
    ]
    snoozed = {"proposal:1": date(2026, 6, 3)}  # equal in all but this
    book = Book({"Acme": AccountFacts("Acme")}, (order,), proposals=tuple(asked), snoozes=snoozed)
    agenda = PB.agenda(book, date(2026, 6, 1), 5)
    assert [i.key for i in agenda if i.reason == "proposal"] == ["proposal:2", "proposal:1"]
    assert agenda == replayed(book, date(2026, 6, 1), 5)


def test_a_call_snoozed_past_its_due_day_is_as_late_as_when_the_snooze_ends() -> None:
    order = OrderFacts("O-1", "Acme", "won", date(2027, 3, 24))  # confirm due Thu 25 March
    snoozed = {"confirm:O-1": date(2027, 4, 6)}  # Easter Monday 29 March is no working day
    book = Book({"Acme": AccountFacts("Acme")}, (order,), snoozes=snoozed)
    (confirm,) = [i for i in PB.agenda(book, date(2027, 3, 30), 10) if i.reason == "confirm"]
    assert confirm.listed_on == date(2027, 4, 6)
    assert confirm.overdue_days == 6  # as `today --on 2027-04-06` says, not 1 (of 30 March)
    assert confirm == PB.due_items(book, date(2027, 4, 6))[0]
