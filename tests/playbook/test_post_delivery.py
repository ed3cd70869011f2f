"""post_delivery (rank 6): due add_wd(delivered_on, 2); satisfied by a personal contact dated
>= delivered_on."""

from nasales.domain.facts import Book
from playbook.build import account, build_book, d, due_of, keyed, reasons, won


class TestPostDelivery:
    def b(self, delivered: str, contact: str = "2026-11-03", signed: str = "2026-11-02") -> Book:
        return build_book(
            won(signed=signed, delivered_on=delivered),
            accounts=(account(contact=contact),),
        )

    def test_due_two_working_days_after_delivery(self) -> None:
        b = self.b("2026-12-18")  # Friday
        assert due_of(b, "2026-12-21", "post_delivery") is None
        item = keyed(b, "2026-12-22")["post_delivery:W-1"]
        assert item.due == d("2026-12-22")
        assert item.order == "W-1"

    def test_across_christmas(self) -> None:
        b = self.b("2026-12-23")  # Wed: Thu 24 (1), Fri 25 off, Mon 28 (2)
        assert due_of(b, "2026-12-27", "post_delivery") is None
        assert due_of(b, "2026-12-28", "post_delivery") == d("2026-12-28")

    def test_across_christmas_2025(self) -> None:
        b = self.b("2025-12-23", contact="2025-11-03", signed="2025-11-03")  # Tue: Wed 24, Mon 29
        assert due_of(b, "2025-12-29", "post_delivery") == d("2025-12-29")

    def test_contact_on_delivery_day_satisfies(self) -> None:
        b = self.b("2026-12-18", contact="2026-12-18")
        assert "post_delivery" not in reasons(b, "2026-12-22")

    def test_contact_the_day_before_delivery_does_not_satisfy(self) -> None:
        b = self.b("2026-12-18", contact="2026-12-17")
        assert due_of(b, "2026-12-22", "post_delivery") == d("2026-12-22")

    def test_not_delivered_means_no_item(self) -> None:
        b = build_book(won(signed="2026-11-02"), accounts=(account(contact="2026-11-03"),))
        assert "post_delivery" not in reasons(b, "2027-01-04")

    def test_delivery_after_today_means_no_item_yet(self) -> None:
        b = self.b("2026-12-18")
        assert "post_delivery" not in reasons(b, "2026-12-17")
