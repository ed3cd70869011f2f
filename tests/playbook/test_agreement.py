"""agreement (rank 5): due next_wd(anchor + interval), the interval 7 / 14 / 30 days by the
age of the anchor; while an order is in delivery."""

from datetime import timedelta

import pytest

from nasales.domain.facts import OrderFacts
from nasales.domain.risk import doubt_risk
from playbook.build import PB, account, build_book, d, due_of, keyed, lost, reasons, won


class TestAgreement:
    SIGNED = "2026-01-05"  # a Monday

    def order(self, last_agreement: str | None = None, **kw) -> OrderFacts:
        return won(signed=self.SIGNED, last_agreement=last_agreement, **kw)

    def test_first_agreement_due_a_week_after_the_win(self) -> None:
        b = build_book(self.order())
        assert due_of(b, "2026-01-09", "agreement") is None
        item = keyed(b, "2026-01-12")["agreement:W-1"]
        assert item.due == d("2026-01-12")
        assert item.order == "W-1"

    def test_an_agreement_on_the_day_of_the_win_counts_for_the_list_and_the_risk(self) -> None:
        b = build_book(self.order(last_agreement=self.SIGNED))
        item = keyed(b, "2026-01-12")["agreement:W-1"]
        assert (item.detail["anchor"], item.detail["agreed"]) == (d(self.SIGNED), True)
        risk = doubt_risk(b.accounts["Acme"], list(b.orders), [], d("2026-01-12"), PB)
        assert risk is not None
        (factor,) = [f for f in risk.factors if f.code == "agreement"]
        assert factor.detail == {"days": 7, "agreed": True, "delivered": False}

    @pytest.mark.parametrize(
        ("last_agreement", "age", "expected"),
        [
            ("2026-01-05", 0, "2026-01-12"),  # agreement on the day of the win: +7
            ("2026-01-31", 26, "2026-02-09"),  # +7 = Sat 7 Feb -> Mon 9 Feb
            ("2026-02-01", 27, "2026-02-09"),  # last age with 7 days: +7 = Sun -> Mon
            ("2026-02-02", 28, "2026-02-16"),  # first age with 14 days
            ("2026-04-05", 90, "2026-04-20"),  # last age with 14 days: Sun 19 -> Mon 20
            ("2026-04-06", 91, "2026-05-06"),  # first age with 30 days
            ("2026-07-24", 200, "2026-08-24"),  # +30 = Sun 23 Aug -> Mon 24
        ],
    )
    def test_interval_tapers_with_age_of_the_anchor(
        self, last_agreement: str, age: int, expected: str
    ) -> None:
        assert (d(last_agreement) - d(self.SIGNED)).days == age
        b = build_book(self.order(last_agreement), accounts=(account(contact=last_agreement),))
        day_before = (d(expected) - timedelta(days=1)).isoformat()
        assert due_of(b, day_before, "agreement") is None
        assert due_of(b, expected, "agreement") == d(expected)

    def test_agreement_before_the_win_is_not_an_anchor(self) -> None:
        b = build_book(self.order("2026-01-02"))
        assert due_of(b, "2026-01-12", "agreement") == d("2026-01-12")

    def test_due_date_on_kings_day_moves_to_next_working_day(self) -> None:
        b = build_book(won(signed="2026-04-20"))  # +7 = Mon 27 April
        assert due_of(b, "2026-04-27", "agreement") is None
        assert due_of(b, "2026-04-28", "agreement") == d("2026-04-28")

    def test_a_call_does_not_move_the_agreement(self) -> None:
        b = build_book(self.order(), accounts=(account(contact="2026-01-12"),))
        assert due_of(b, "2026-01-12", "agreement") == d("2026-01-12")

    def test_stays_due_and_counts_overdue(self) -> None:
        b = build_book(self.order())
        item = keyed(b, "2026-01-19")["agreement:W-1"]
        assert item.due == d("2026-01-12")
        assert item.overdue_days == 5

    def test_stops_when_delivered(self) -> None:
        b = build_book(self.order(delivered_on="2026-02-02"))
        assert "agreement" not in reasons(b, "2026-02-20")

    def test_stops_on_the_day_of_delivery(self) -> None:
        b = build_book(self.order(delivered_on="2026-01-19"))
        assert due_of(b, "2026-01-16", "agreement") == d("2026-01-12")
        assert "agreement" not in reasons(b, "2026-01-19")

    def test_delivery_after_today_is_still_in_delivery(self) -> None:
        b = build_book(self.order(delivered_on="2026-03-02"))
        assert due_of(b, "2026-02-20", "agreement") == d("2026-01-12")

    def test_lost_order_has_no_agreement(self) -> None:
        b = build_book(lost(signed=self.SIGNED))
        assert "agreement" not in reasons(b, "2026-03-02")
