"""manual (rank 2): due on its date; only marking it done (the store stops passing it) clears it."""

from nasales.domain.facts import Book, ReminderFacts
from nasales.output.sentences import why
from playbook.build import account, build_book, d, items, keyed


class TestManual:
    def b(self, due: str, contact: str | None = None) -> Book:
        r = ReminderFacts(id=3, account="Acme", due=d(due), text="call back", order="W-9")
        return build_book(reminders=(r,), accounts=(account(contact=contact),))

    def test_due_on_its_date_even_a_saturday(self) -> None:
        b = self.b("2026-11-28")
        assert items(b, "2026-11-27") == []
        item = keyed(b, "2026-11-28")["manual:3"]
        assert item.due == d("2026-11-28")
        assert item.overdue_days == 0
        assert item.order == "W-9"
        assert "call back" in why(item)
        assert keyed(b, "2026-11-30")["manual:3"].overdue_days == 1

    def test_contact_does_not_clear_a_promise(self) -> None:
        b = self.b("2026-11-25", contact="2026-11-26")
        assert "manual:3" in keyed(b, "2026-11-26")
