"""The list as a whole: overdue_days in working days, snoozes, the order of §3, keys, owner."""

from dataclasses import replace

import pytest

from nasales.domain.facts import HurdleFacts, ReminderFacts
from nasales.domain.vocabulary import RANK
from playbook.build import account, build_book, busy_book, d, items, keyed, lost, reasons, won


class TestOverdue:
    @pytest.mark.parametrize(
        ("today", "overdue"),
        [
            ("2026-11-30", 0),  # due Monday
            ("2026-12-01", 1),
            ("2026-12-04", 4),
            ("2026-12-05", 4),  # weekend days do not count
            ("2026-12-06", 4),
            ("2026-12-07", 5),
        ],
    )
    def test_counted_in_working_days(self, today: str, overdue: int) -> None:
        b = build_book(won(signed="2026-11-27"))
        assert keyed(b, today)["confirm:W-1"].overdue_days == overdue

    @pytest.mark.parametrize(
        ("today", "overdue"),
        [
            ("2026-12-24", 1),
            ("2026-12-25", 1),  # Christmas does not count
            ("2026-12-28", 2),
            ("2027-01-01", 5),  # New Year does not count
            ("2027-01-04", 6),
        ],
    )
    def test_holidays_do_not_count(self, today: str, overdue: int) -> None:
        b = build_book(won(signed="2026-12-22"))  # due Wed 23 December
        assert keyed(b, today)["confirm:W-1"].overdue_days == overdue


class TestSnooze:
    def test_hidden_while_today_before_until(self) -> None:
        b = build_book(won(signed="2026-11-27"), snoozes={"confirm:W-1": d("2026-12-02")})
        assert "confirm" not in reasons(b, "2026-11-30")
        assert "confirm" not in reasons(b, "2026-12-01")
        item = keyed(b, "2026-12-02")["confirm:W-1"]
        assert item.due == d("2026-11-30")
        assert item.overdue_days == 2

    def test_snooze_in_the_past_hides_nothing(self) -> None:
        b = replace(build_book(won(signed="2026-11-27")), snoozes={"confirm:W-1": d("2026-11-01")})
        assert "confirm:W-1" in keyed(b, "2026-11-30")

    def test_snooze_hides_only_its_key(self) -> None:
        b = build_book(
            won("W-1", signed="2026-11-27"),
            won("W-2", signed="2026-11-27"),
            snoozes={"confirm:W-2": d("2026-12-31")},
        )
        assert set(keyed(b, "2026-11-30")) == {"confirm:W-1"}

    def test_snooze_a_relationship(self) -> None:
        b = build_book(
            won(signed="2026-01-05", delivered_on="2026-02-02", value=150_000.0),
            accounts=(account(contact="2026-02-03"),),
            snoozes={"relationship:Acme": d("2026-03-09")},
        )
        assert items(b, "2026-03-06") == []
        assert [i.key for i in items(b, "2026-03-09")] == ["relationship:Acme"]


class TestOrder:
    TODAY = "2026-11-27"  # Friday

    def test_rank_then_overdue_then_value_then_name(self) -> None:
        assert [i.key for i in items(busy_book(), self.TODAY)] == [
            "hurdle:1",
            "manual:2",
            "confirm:B-1",  # most overdue
            "confirm:C-1",  # value 1000
            "confirm:A-1",  # value 500, "alpha" before "Delta"
            "confirm:D-1",
            "confirm:E-1",  # no value
            "agreement:B-1",
            "agreement:C-1",
            "agreement:A-1",
            "agreement:D-1",
            "agreement:E-1",
            "lost_followup:K-1",
            "relationship:Lima",
        ]

    def test_ranks_are_those_of_the_product(self) -> None:
        assert RANK == {
            "hurdle": 1,
            "manual": 2,
            "proposal": 3,
            "confirm": 4,
            "agreement": 5,
            "post_delivery": 6,
            "lost_followup": 7,
            "relationship": 8,
        }

    def test_input_order_does_not_matter(self) -> None:
        b = busy_book()
        flipped = replace(b, orders=tuple(reversed(b.orders)))
        assert items(flipped, self.TODAY) == items(b, self.TODAY)

    def test_owner_is_filled_from_the_account(self) -> None:
        b = build_book(won(signed="2026-11-27"), accounts=(account(owner="ann"),))
        assert keyed(b, "2026-11-30")["confirm:W-1"].owner == "ann"


class TestKeys:
    def test_key_formats(self) -> None:
        b = build_book(
            won("CRM-0042", "Acme BV", signed="2026-11-02", delivered_on="2026-11-10"),
            lost("CRM-7", "Acme BV", signed="2026-11-02"),
            hurdles=(HurdleFacts(12, "CRM-0042", "Acme BV", d("2026-11-20")),),
            reminders=(ReminderFacts(5, "Acme BV", d("2026-11-20")),),
        )
        assert set(keyed(b, "2026-11-27")) == {
            "hurdle:12",
            "manual:5",
            "confirm:CRM-0042",
            "post_delivery:CRM-0042",
            "lost_followup:CRM-7",
        }
        rel = build_book(
            lost(signed="2026-03-02"), accounts=(account("Acme BV", "2026-03-03", "A"),)
        )
        rel = replace(rel, orders=(lost(account="Acme BV", signed="2026-03-02"),))
        assert set(keyed(rel, "2026-04-02")) == {"relationship:Acme BV"}

    def test_keys_are_stable_from_day_to_day(self) -> None:
        b = busy_book()
        monday = {i.key for i in items(b, "2026-11-30")}
        friday = {i.key for i in items(b, "2026-11-27")}
        assert friday <= monday
