"""lost_followup (rank 7): stage 1 due next_wd(signed_on + 14), stage 2 next_wd(signed_on + 90);
only the latest stage due counts."""

from nasales.domain.facts import Book
from nasales.output.sentences import why
from playbook.build import account, build_book, d, due_of, items, keyed, lost, reasons, won


class TestLostFollowup:
    SIGNED = "2026-03-02"  # Monday; +14 = Mon 16 March, +90 = Sun 31 May -> Mon 1 June

    def b(self, contact: str | None = None, **kw) -> Book:
        return build_book(lost(signed=self.SIGNED, **kw), accounts=(account(contact=contact),))

    def test_stage_1_due_two_weeks_after_the_loss(self) -> None:
        b = self.b()
        assert due_of(b, "2026-03-13", "lost_followup") is None
        item = keyed(b, "2026-03-16")["lost_followup:L-1"]
        assert item.due == d("2026-03-16")
        assert item.order == "L-1"

    def test_stage_1_on_kings_day_moves(self) -> None:
        b = build_book(lost(signed="2026-04-13"))  # +14 = Mon 27 April
        assert due_of(b, "2026-04-27", "lost_followup") is None
        assert due_of(b, "2026-04-28", "lost_followup") == d("2026-04-28")

    def test_stage_1_contact_on_the_day_of_the_loss_does_not_count(self) -> None:
        b = self.b(contact="2026-03-02")
        assert due_of(b, "2026-03-16", "lost_followup") == d("2026-03-16")

    def test_stage_1_contact_the_day_after_the_loss_counts(self) -> None:
        b = self.b(contact="2026-03-03")
        assert "lost_followup" not in reasons(b, "2026-03-16")
        assert "lost_followup" not in reasons(b, "2026-05-29")

    def test_stage_1_stays_due_until_stage_2(self) -> None:
        item = keyed(self.b(), "2026-05-29")["lost_followup:L-1"]
        assert item.due == d("2026-03-16")
        assert item.overdue_days > 0

    def test_stage_2_due_on_next_working_day_after_90_days(self) -> None:
        b = self.b(contact="2026-03-03")
        assert due_of(b, "2026-05-31", "lost_followup") is None
        item = keyed(b, "2026-06-01")["lost_followup:L-1"]
        assert item.due == d("2026-06-01")
        assert item.overdue_days == 0

    def test_stage_1_never_made_does_not_linger_once_stage_2_is_due(self) -> None:
        found = [i for i in items(self.b(), "2026-06-01") if i.reason == "lost_followup"]
        assert len(found) == 1
        assert found[0].due == d("2026-06-01")
        assert found[0].overdue_days == 0
        assert found[0].key == "lost_followup:L-1"

    def test_stage_2_contact_before_60_days_does_not_count(self) -> None:
        b = self.b(contact="2026-04-30")  # signed + 59
        assert due_of(b, "2026-06-01", "lost_followup") == d("2026-06-01")

    def test_stage_2_contact_from_60_days_counts(self) -> None:
        b = self.b(contact="2026-05-01")  # signed + 60
        assert "lost_followup" not in reasons(b, "2026-06-01")
        assert "lost_followup" not in reasons(b, "2027-06-01")

    def test_won_order_has_no_lost_followup(self) -> None:
        b = build_book(won(signed=self.SIGNED))
        assert "lost_followup" not in reasons(b, "2026-06-01")

    def test_lost_order_has_no_won_items(self) -> None:
        assert reasons(self.b(), "2026-03-16") == {"lost_followup"}

    def test_value_and_competitor_in_why(self) -> None:
        b = self.b(value=40_000.0, competitor="Rivalco")
        item = keyed(b, "2026-03-16")["lost_followup:L-1"]
        assert item.value == 40_000.0
        assert "Rivalco" in why(item)
