"""proposal (rank 3): each proposal sent on or before T and not answered (agreed or declined) on
or before T is due next_wd(answer_by), answer_by defaulting to add_wd(sent_on, 3); while an
order has an open proposal, its agreement item is not listed (the proposal stands in for it)."""

from dataclasses import replace

import pytest

from nasales.domain.facts import HurdleFacts, ReminderFacts
from playbook.build import (
    PB,
    account,
    build_book,
    d,
    day_before,
    due_of,
    items,
    keyed,
    proposal,
    reasons,
    won,
)

SIGNED = "2026-11-02"  # Monday; the first agreement moment is due Mon 9 Nov


def book_with(*proposals, **kw):
    """W-1 won on 2 Nov and confirmed on the day, with these proposals."""
    order = won(signed=SIGNED, value=40_000.0, **kw)
    return build_book(order, accounts=(account(contact=SIGNED),), proposals=proposals)


class TestDueDate:
    def test_answer_by_defaults_to_three_working_days_after_sending(self) -> None:
        b = book_with(proposal(sent="2026-11-23"))  # Mon -> Thu 26
        assert due_of(b, "2026-11-25", "proposal") is None
        item = keyed(b, "2026-11-26")["proposal:1"]
        assert (item.reason, item.due, item.overdue_days) == ("proposal", d("2026-11-26"), 0)
        assert (item.order, item.value, item.account) == ("W-1", 40_000.0, "Acme")
        assert item.detail["answer_by"] == d("2026-11-26")
        assert item.detail["sent_on"] == d("2026-11-23")
        assert keyed(b, "2026-11-30")["proposal:1"].overdue_days == 2

    @pytest.mark.parametrize(
        ("sent", "due"),
        [
            ("2026-11-26", "2026-12-01"),  # Thu: Fri, Mon, Tue
            ("2026-11-27", "2026-12-02"),  # Fri: Mon, Tue, Wed
            ("2026-11-28", "2026-12-02"),  # Sat: Mon, Tue, Wed
            ("2026-12-23", "2026-12-29"),  # Wed: Thu 24, (Fri 25 Christmas), Mon 28, Tue 29
            ("2026-04-22", "2026-04-28"),  # Wed: Thu, Fri, (Mon 27 King's Day), Tue 28
        ],
    )
    def test_the_default_counts_working_days_only(self, sent: str, due: str) -> None:
        b = book_with(proposal(sent=sent))
        assert due_of(b, day_before(due), "proposal") is None
        assert due_of(b, due, "proposal") == d(due)

    @pytest.mark.parametrize(
        ("answer_by", "due"),
        [
            ("2026-11-25", "2026-11-25"),  # a working day: that day
            ("2026-11-28", "2026-11-30"),  # Saturday -> Monday
            ("2026-11-29", "2026-11-30"),  # Sunday -> Monday
            ("2026-12-25", "2026-12-28"),  # Christmas (Fri) -> Monday
            ("2026-04-27", "2026-04-28"),  # King's Day (Mon) -> Tuesday
            ("2026-11-23", "2026-11-23"),  # an answer asked for the day it was sent
        ],
    )
    def test_answer_by_on_a_weekend_or_holiday_moves_to_the_next_working_day(
        self, answer_by: str, due: str
    ) -> None:
        b = book_with(proposal(sent="2026-04-20", answer_by=answer_by))
        assert due_of(b, due, "proposal") == d(due)
        assert due_of(b, day_before(due), "proposal") is None
        item = keyed(b, due)["proposal:1"]
        assert item.detail["answer_by"] == d(answer_by)  # the date asked for, as given

    def test_sent_after_today_is_ignored(self) -> None:
        b = book_with(proposal(sent="2026-11-10", answer_by="2026-11-10"))
        assert "proposal" not in reasons(b, "2026-11-09")
        # and it does not stand in for the agreement moment yet
        assert due_of(b, "2026-11-09", "agreement") == d("2026-11-09")


class TestAnswer:
    SENT, DUE = "2026-11-23", "2026-11-26"

    @pytest.mark.parametrize("answer", ["agreed", "declined"])
    def test_an_answer_on_or_before_today_closes_it(self, answer: str) -> None:
        for on in ("2026-11-23", "2026-11-25", self.DUE):  # on sending, before, on the due day
            b = book_with(proposal(sent=self.SENT, **{answer: on}))
            for today in (self.DUE, "2026-12-31"):
                assert "proposal" not in reasons(b, today), (answer, on, today)

    @pytest.mark.parametrize("answer", ["agreed", "declined"])
    def test_an_answer_dated_after_today_does_not_count_yet(self, answer: str) -> None:
        b = book_with(proposal(sent=self.SENT, **{answer: "2026-11-27"}))
        assert due_of(b, self.DUE, "proposal") == d(self.DUE)
        assert "proposal" not in reasons(b, "2026-11-27")

    def test_agreed_on_the_due_day_is_never_listed(self) -> None:
        b = book_with(proposal(sent=self.SENT, agreed=self.DUE), last_agreement=self.DUE)
        assert items(b, self.DUE) == []
        assert PB.agenda(b, d(self.SENT), 10) == []

    def test_a_call_does_not_answer_it(self) -> None:
        b = build_book(
            won(signed=SIGNED),
            accounts=(account(contact="2026-11-26"),),
            proposals=(proposal(sent=self.SENT),),
        )
        assert due_of(b, self.DUE, "proposal") == d(self.DUE)


class TestTwoProposals:
    def test_each_is_its_own_item(self) -> None:
        b = book_with(
            proposal(1, sent="2026-11-23"),  # due Thu 26
            proposal(2, sent="2026-11-24", answer_by="2026-11-28"),  # due Mon 30
        )
        assert [(i.key, i.due) for i in items(b, "2026-11-26")] == [("proposal:1", d("2026-11-26"))]
        assert [(i.key, i.due, i.overdue_days) for i in items(b, "2026-11-30")] == [
            ("proposal:1", d("2026-11-26"), 2),
            ("proposal:2", d("2026-11-30"), 0),
        ]

    def test_answering_one_leaves_the_other(self) -> None:
        b = book_with(
            proposal(1, sent="2026-11-23", agreed="2026-11-27"),
            proposal(2, sent="2026-11-23"),
        )
        assert [i.key for i in items(b, "2026-11-27")] == ["proposal:2"]

    def test_the_agreement_item_waits_for_both(self) -> None:
        # the first agreed on 10 Nov (the store logs an agreement then), the second still open
        b = book_with(
            proposal(1, sent="2026-11-05", agreed="2026-11-10"),
            proposal(2, sent="2026-11-12", answer_by="2026-11-30"),
            last_agreement="2026-11-10",
        )
        assert "agreement" not in reasons(b, "2026-11-17")  # due 17 Nov, but one is open
        b = replace(
            b, proposals=(b.proposals[0], replace(b.proposals[1], declined_on=d("2026-11-18")))
        )
        assert due_of(b, "2026-11-18", "agreement") == d("2026-11-17")


class TestStandsInForTheAgreement:
    def test_an_open_proposal_hides_the_agreement_item(self) -> None:
        b = book_with(proposal(sent="2026-11-05"))  # answer by Tue 10 Nov
        assert reasons(b, "2026-11-09") == set()  # the agreement moment (9 Nov) is in hand
        assert [i.key for i in items(b, "2026-11-10")] == ["proposal:1"]
        assert [i.key for i in items(b, "2026-12-31")] == ["proposal:1"]

    def test_hidden_from_the_day_it_is_sent(self) -> None:
        b = book_with(proposal(sent="2026-11-12"))
        assert due_of(b, "2026-11-11", "agreement") == d("2026-11-09")
        assert "agreement" not in reasons(b, "2026-11-12")

    def test_declined_brings_the_agreement_item_back_as_it_was(self) -> None:
        b = book_with(proposal(sent="2026-11-05", declined="2026-11-11"))
        assert reasons(b, "2026-11-10") == {"proposal"}
        item = keyed(b, "2026-11-11")["agreement:W-1"]  # declining logs nothing: still overdue
        assert (item.due, item.overdue_days) == (d("2026-11-09"), 2)

    def test_agreed_restarts_the_rhythm_from_the_agreement_it_logs(self) -> None:
        # the store logs an agreement on the order when a proposal is agreed
        b = book_with(proposal(sent="2026-11-05", agreed="2026-11-11"), last_agreement="2026-11-11")
        assert reasons(b, "2026-11-11") == set()
        assert due_of(b, "2026-11-17", "agreement") is None
        assert due_of(b, "2026-11-18", "agreement") == d("2026-11-18")

    def test_only_the_proposals_own_order(self) -> None:
        b = build_book(
            won("W-1", signed=SIGNED),
            won("W-2", signed=SIGNED),
            accounts=(account(contact=SIGNED),),
            proposals=(proposal(order="W-1", sent="2026-11-05"),),
        )
        assert [i.key for i in items(b, "2026-11-09")] == ["agreement:W-2"]

    def test_a_proposal_on_a_delivered_order_is_still_chased(self) -> None:
        b = book_with(proposal(sent="2026-11-23"), delivered_on="2026-11-20")
        b = replace(b, accounts={"Acme": account(contact="2026-11-20")})
        assert [i.key for i in items(b, "2026-11-26")] == ["proposal:1"]


class TestRankAndList:
    def test_rank_3_after_promises_before_confirm_whatever_the_overdue_or_value(self) -> None:
        b = build_book(
            won("W-1", signed="2026-10-01", value=1e9),  # confirm long overdue, huge value
            won("W-2", "Zulu", signed="2026-11-02", value=10.0),
            accounts=(account(contact="2026-10-01"),),  # W-1's confirm call made
            hurdles=(HurdleFacts(5, "W-1", "Acme", d("2026-11-27")),),
            reminders=(ReminderFacts(3, "Acme", d("2026-11-27")),),
            proposals=(proposal(9, order="W-2", account="Zulu", sent="2026-11-02"),),
        )
        assert [i.key for i in items(b, "2026-11-27")] == [
            "hurdle:5",
            "manual:3",
            "proposal:9",  # 15 working days late, value 10
            "confirm:W-2",
            "agreement:W-1",
        ]

    def test_a_due_proposal_keeps_the_relationship_item_away(self) -> None:
        settled = won(signed="2025-01-06", delivered_on="2025-02-03", value=150_000.0)
        b = build_book(
            settled,
            accounts=(account(contact="2025-02-03"),),
            proposals=(proposal(order="W-1", sent="2026-11-23"),),
        )
        assert [i.key for i in items(b, "2026-11-25")] == ["relationship:Acme"]
        assert [i.key for i in items(b, "2026-11-26")] == ["proposal:1"]

    def test_snoozed_like_any_item(self) -> None:
        b = replace(book_with(proposal(sent="2026-11-23")), snoozes={"proposal:1": d("2026-12-01")})
        assert "proposal" not in reasons(b, "2026-11-30")
        assert due_of(b, "2026-12-01", "proposal") == d("2026-11-26")

    def test_the_agenda_lists_it_on_its_due_date_unless_answered_first(self) -> None:
        open_ = book_with(proposal(sent="2026-11-23"))
        assert [(i.key, i.due) for i in PB.agenda(open_, d("2026-11-23"), 7)] == [
            ("proposal:1", d("2026-11-26"))
        ]
        answered = book_with(
            proposal(sent="2026-11-23", agreed="2026-11-25"), last_agreement="2026-11-25"
        )
        assert PB.agenda(answered, d("2026-11-23"), 7) == []
