"""confirm (rank 4): due add_wd(signed_on, 1); satisfied by a personal contact dated
>= signed_on."""

from datetime import timedelta

import pytest

from playbook.build import account, build_book, d, due_of, items, keyed, lost, reasons, won


class TestConfirm:
    def test_win_on_friday_is_due_monday(self) -> None:
        b = build_book(won(signed="2026-11-27"))
        assert due_of(b, "2026-11-27", "confirm") is None
        assert due_of(b, "2026-11-28", "confirm") is None
        assert due_of(b, "2026-11-29", "confirm") is None
        item = keyed(b, "2026-11-30")["confirm:W-1"]
        assert item.due == d("2026-11-30")
        assert item.overdue_days == 0
        assert item.reason == "confirm"
        assert item.order == "W-1"
        assert item.account == "Acme"

    def test_win_midweek_is_due_next_day(self) -> None:
        b = build_book(won(signed="2026-11-24"))
        assert due_of(b, "2026-11-24", "confirm") is None
        assert due_of(b, "2026-11-25", "confirm") == d("2026-11-25")

    def test_win_on_saturday_is_due_monday(self) -> None:
        b = build_book(won(signed="2026-11-28"))
        assert due_of(b, "2026-11-29", "confirm") is None
        assert due_of(b, "2026-11-30", "confirm") == d("2026-11-30")

    @pytest.mark.parametrize(
        ("signed", "expected"),
        [
            ("2026-12-24", "2026-12-28"),  # Thu; Fri 25 Christmas -> Mon 28
            ("2025-12-24", "2025-12-29"),  # Wed; Thu 25 + Fri 26 -> Mon 29
            ("2025-12-23", "2025-12-24"),  # Tue -> Wed 24 (Christmas Eve works)
            ("2026-12-31", "2027-01-04"),  # Thu; Fri 1 Jan -> Mon 4
            ("2026-04-02", "2026-04-07"),  # Thu; Good Friday, Easter Monday -> Tue
            ("2026-04-24", "2026-04-28"),  # Fri; Mon 27 April King's Day -> Tue
        ],
    )
    def test_win_before_holidays(self, signed: str, expected: str) -> None:
        b = build_book(won(signed=signed))
        day_before = (d(expected) - timedelta(days=1)).isoformat()
        assert due_of(b, day_before, "confirm") is None
        assert due_of(b, expected, "confirm") == d(expected)

    def test_contact_on_signed_on_satisfies(self) -> None:
        b = build_book(won(signed="2026-11-27"), accounts=(account(contact="2026-11-27"),))
        assert "confirm" not in reasons(b, "2026-11-30")
        assert "confirm" not in reasons(b, "2027-06-01")

    def test_contact_after_signed_on_satisfies(self) -> None:
        b = build_book(won(signed="2026-11-27"), accounts=(account(contact="2026-12-03"),))
        assert "confirm" not in reasons(b, "2026-12-03")

    def test_contact_the_day_before_the_win_does_not_satisfy(self) -> None:
        b = build_book(won(signed="2026-11-27"), accounts=(account(contact="2026-11-26"),))
        assert due_of(b, "2026-11-30", "confirm") == d("2026-11-30")

    def test_email_or_note_never_satisfies(self) -> None:
        # the store passes only call/visit/meeting/agreement as last_personal_contact;
        # an account with only emails and notes has none
        b = build_book(won(signed="2026-11-27"), accounts=(account(contact=None),))
        assert due_of(b, "2026-12-14", "confirm") == d("2026-11-30")

    def test_lost_order_has_no_confirm(self) -> None:
        b = build_book(lost(signed="2026-11-27"))
        assert "confirm" not in reasons(b, "2026-12-14")

    def test_still_due_after_delivery_if_never_called(self) -> None:
        b = build_book(won(signed="2026-11-02", delivered_on="2026-11-10"))
        assert due_of(b, "2026-11-20", "confirm") == d("2026-11-03")

    def test_each_won_order_gets_its_own_item(self) -> None:
        b = build_book(won("W-1", signed="2026-11-23"), won("W-2", signed="2026-11-24"))
        found = keyed(b, "2026-11-30")
        assert found["confirm:W-1"].due == d("2026-11-24")
        assert found["confirm:W-2"].due == d("2026-11-25")

    def test_value_is_the_order_value(self) -> None:
        b = build_book(won(signed="2026-11-27", value=12_500.0))
        assert keyed(b, "2026-11-30")["confirm:W-1"].value == 12_500.0

    def test_order_signed_after_today_is_ignored(self) -> None:
        b = build_book(won(signed="2026-12-01"))
        assert items(b, "2026-11-30") == []
