"""hurdle (rank 1): due next_wd(raised_on); satisfied by a personal contact dated >= raised_on."""

from dataclasses import replace

from nasales.domain.facts import Book, HurdleFacts
from nasales.output.sentences import why
from playbook.build import account, build_book, d, due_of, keyed, reasons, won


class TestHurdle:
    def b(self, raised: str, contact: str | None = "2025-11-03", **kw) -> Book:
        order = won(signed="2025-11-03", delivered_on="2025-11-10", value=80_000.0)
        hurdle = HurdleFacts(
            id=7, order="W-1", account="Acme", raised_on=d(raised), description="nipple"
        )
        if contact == "2025-11-03":
            contact = "2025-11-10"  # confirm and post_delivery satisfied
        return build_book(order, accounts=(account(contact=contact, **kw),), hurdles=(hurdle,))

    def test_raised_on_a_working_day_is_due_that_day(self) -> None:
        b = self.b("2026-11-25")
        assert "hurdle" not in reasons(b, "2026-11-24")
        item = keyed(b, "2026-11-25")["hurdle:7"]
        assert item.due == d("2026-11-25")
        assert item.reason == "hurdle"
        assert item.order == "W-1"
        assert item.value == 80_000.0
        assert "nipple" in why(item)

    def test_raised_on_saturday_before_kings_day_is_due_tuesday(self) -> None:
        b = self.b("2026-04-25")
        assert "hurdle" not in reasons(b, "2026-04-25")
        assert "hurdle" not in reasons(b, "2026-04-27")
        assert due_of(b, "2026-04-28", "hurdle") == d("2026-04-28")

    def test_contact_on_raised_on_satisfies(self) -> None:
        b = self.b("2026-11-25", contact="2026-11-25")
        assert "hurdle" not in reasons(b, "2026-11-25")

    def test_contact_the_day_before_does_not_satisfy(self) -> None:
        b = self.b("2026-11-25", contact="2026-11-24")
        assert due_of(b, "2026-11-27", "hurdle") == d("2026-11-25")

    def test_hurdle_raised_after_today_is_ignored(self) -> None:
        b = self.b("2026-11-26")
        assert "hurdle" not in reasons(b, "2026-11-25")

    def test_two_hurdles_two_items(self) -> None:
        b = self.b("2026-11-25")
        second = HurdleFacts(id=8, order="W-1", account="Acme", raised_on=d("2026-11-26"))
        b = replace(b, hurdles=(*b.hurdles, second))
        found = keyed(b, "2026-11-26")
        assert found["hurdle:7"].due == d("2026-11-25")
        assert found["hurdle:8"].due == d("2026-11-26")
        assert found["hurdle:7"].overdue_days == 1
