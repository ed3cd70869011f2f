"""agenda: every item today would list on some day of the window, once, with its due date."""

from nasales.domain.facts import ReminderFacts
from playbook.build import PB, account, build_book, busy_book, d, items, lost, proposal, won


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
