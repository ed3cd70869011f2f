"""The default follow-up rules of PRODUCT.md §3, at their edges, with exact dates.

Working days are those of holidays' NL calendar. Dates used below:
2026-11-27 Fri; 2026-12-25 Fri (Christmas); 2025-12-25/26 Thu/Fri; 2027-01-01 Fri;
2026-04-03 Good Friday, 2026-04-06 Easter Monday, 2026-04-27 Mon King's Day.
"""

from dataclasses import replace
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasales.domain.facts import AccountFacts, Book, HurdleFacts, OrderFacts, ReminderFacts
from nasales.domain.playbook import Item, Playbook, sort_key
from nasales.domain.rules import Rules
from nasales.domain.vocabulary import RANK
from nasales.domain.workdays import WorkingDays
from nasales.output.sentences import why

PB = Playbook()
WD = WorkingDays()
NL_HOLIDAYS = holidays.country_holidays("NL")


def d(text: str) -> date:
    return date.fromisoformat(text)


def won(ref: str = "W-1", account: str = "Acme", signed: str = "2026-11-27", **kw) -> OrderFacts:
    for field in ("delivered_on", "last_agreement"):
        if isinstance(kw.get(field), str):
            kw[field] = d(kw[field])
    return OrderFacts(ref=ref, account=account, status="won", signed_on=d(signed), **kw)


def lost(ref: str = "L-1", account: str = "Acme", signed: str = "2026-03-02", **kw) -> OrderFacts:
    return OrderFacts(ref=ref, account=account, status="lost", signed_on=d(signed), **kw)


def account(
    name: str = "Acme", contact: str | None = None, tier: str | None = None, **kw
) -> AccountFacts:
    return AccountFacts(
        name=name, tier=tier, last_personal_contact=d(contact) if contact else None, **kw
    )


def book(
    *orders: OrderFacts,
    accounts: tuple[AccountFacts, ...] = (),
    hurdles: tuple[HurdleFacts, ...] = (),
    reminders: tuple[ReminderFacts, ...] = (),
    snoozes: dict[str, date] | None = None,
) -> Book:
    """A book; accounts named by orders, hurdles or reminders exist with no facts."""
    by_name = {a.name: a for a in accounts}
    for name in (
        [o.account for o in orders] + [h.account for h in hurdles] + [r.account for r in reminders]
    ):
        by_name.setdefault(name, AccountFacts(name))
    return Book(by_name, tuple(orders), tuple(hurdles), tuple(reminders), snoozes=snoozes or {})


def items(b: Book, today: str, pb: Playbook = PB) -> list[Item]:
    return pb.due_items(b, d(today))


def keyed(b: Book, today: str, pb: Playbook = PB) -> dict[str, Item]:
    result = {i.key: i for i in items(b, today, pb)}
    assert len(result) == len(items(b, today, pb)), "keys must be unique"
    return result


def due_of(b: Book, today: str, reason: str, pb: Playbook = PB) -> date | None:
    found = [i.due for i in items(b, today, pb) if i.reason == reason]
    assert len(found) <= 1
    return found[0] if found else None


def reasons(b: Book, today: str, pb: Playbook = PB) -> set[str]:
    return {i.reason for i in items(b, today, pb)}


# ============================================================================================
# confirm (3): add_wd(signed_on, 1); satisfied by a personal contact dated >= signed_on
# ============================================================================================


class TestConfirm:
    def test_win_on_friday_is_due_monday(self) -> None:
        b = book(won(signed="2026-11-27"))
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
        b = book(won(signed="2026-11-24"))
        assert due_of(b, "2026-11-24", "confirm") is None
        assert due_of(b, "2026-11-25", "confirm") == d("2026-11-25")

    def test_win_on_saturday_is_due_monday(self) -> None:
        b = book(won(signed="2026-11-28"))
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
        b = book(won(signed=signed))
        day_before = (d(expected) - timedelta(days=1)).isoformat()
        assert due_of(b, day_before, "confirm") is None
        assert due_of(b, expected, "confirm") == d(expected)

    def test_contact_on_signed_on_satisfies(self) -> None:
        b = book(won(signed="2026-11-27"), accounts=(account(contact="2026-11-27"),))
        assert "confirm" not in reasons(b, "2026-11-30")
        assert "confirm" not in reasons(b, "2027-06-01")

    def test_contact_after_signed_on_satisfies(self) -> None:
        b = book(won(signed="2026-11-27"), accounts=(account(contact="2026-12-03"),))
        assert "confirm" not in reasons(b, "2026-12-03")

    def test_contact_the_day_before_the_win_does_not_satisfy(self) -> None:
        b = book(won(signed="2026-11-27"), accounts=(account(contact="2026-11-26"),))
        assert due_of(b, "2026-11-30", "confirm") == d("2026-11-30")

    def test_email_or_note_never_satisfies(self) -> None:
        # the store passes only call/visit/meeting/agreement as last_personal_contact;
        # an account with only emails and notes has none
        b = book(won(signed="2026-11-27"), accounts=(account(contact=None),))
        assert due_of(b, "2026-12-14", "confirm") == d("2026-11-30")

    def test_lost_order_has_no_confirm(self) -> None:
        b = book(lost(signed="2026-11-27"))
        assert "confirm" not in reasons(b, "2026-12-14")

    def test_still_due_after_delivery_if_never_called(self) -> None:
        b = book(won(signed="2026-11-02", delivered_on="2026-11-10"))
        assert due_of(b, "2026-11-20", "confirm") == d("2026-11-03")

    def test_each_won_order_gets_its_own_item(self) -> None:
        b = book(won("W-1", signed="2026-11-23"), won("W-2", signed="2026-11-24"))
        found = keyed(b, "2026-11-30")
        assert found["confirm:W-1"].due == d("2026-11-24")
        assert found["confirm:W-2"].due == d("2026-11-25")

    def test_value_is_the_order_value(self) -> None:
        b = book(won(signed="2026-11-27", value=12_500.0))
        assert keyed(b, "2026-11-30")["confirm:W-1"].value == 12_500.0

    def test_order_signed_after_today_is_ignored(self) -> None:
        b = book(won(signed="2026-12-01"))
        assert items(b, "2026-11-30") == []


# ============================================================================================
# agreement (4): next_wd(anchor + interval), interval 7 / 14 / 30 by age of the anchor
# ============================================================================================


class TestAgreement:
    SIGNED = "2026-01-05"  # a Monday

    def order(self, last_agreement: str | None = None, **kw) -> OrderFacts:
        return won(signed=self.SIGNED, last_agreement=last_agreement, **kw)

    def test_first_agreement_due_a_week_after_the_win(self) -> None:
        b = book(self.order())
        assert due_of(b, "2026-01-09", "agreement") is None
        item = keyed(b, "2026-01-12")["agreement:W-1"]
        assert item.due == d("2026-01-12")
        assert item.order == "W-1"

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
        b = book(self.order(last_agreement), accounts=(account(contact=last_agreement),))
        day_before = (d(expected) - timedelta(days=1)).isoformat()
        assert due_of(b, day_before, "agreement") is None
        assert due_of(b, expected, "agreement") == d(expected)

    def test_agreement_before_the_win_is_not_an_anchor(self) -> None:
        b = book(self.order("2026-01-02"))
        assert due_of(b, "2026-01-12", "agreement") == d("2026-01-12")

    def test_due_date_on_kings_day_moves_to_next_working_day(self) -> None:
        b = book(won(signed="2026-04-20"))  # +7 = Mon 27 April
        assert due_of(b, "2026-04-27", "agreement") is None
        assert due_of(b, "2026-04-28", "agreement") == d("2026-04-28")

    def test_a_call_does_not_move_the_agreement(self) -> None:
        b = book(self.order(), accounts=(account(contact="2026-01-12"),))
        assert due_of(b, "2026-01-12", "agreement") == d("2026-01-12")

    def test_stays_due_and_counts_overdue(self) -> None:
        b = book(self.order())
        item = keyed(b, "2026-01-19")["agreement:W-1"]
        assert item.due == d("2026-01-12")
        assert item.overdue_days == 5

    def test_stops_when_delivered(self) -> None:
        b = book(self.order(delivered_on="2026-02-02"))
        assert "agreement" not in reasons(b, "2026-02-20")

    def test_stops_on_the_day_of_delivery(self) -> None:
        b = book(self.order(delivered_on="2026-01-19"))
        assert due_of(b, "2026-01-16", "agreement") == d("2026-01-12")
        assert "agreement" not in reasons(b, "2026-01-19")

    def test_delivery_after_today_is_still_in_delivery(self) -> None:
        b = book(self.order(delivered_on="2026-03-02"))
        assert due_of(b, "2026-02-20", "agreement") == d("2026-01-12")

    def test_lost_order_has_no_agreement(self) -> None:
        b = book(lost(signed=self.SIGNED))
        assert "agreement" not in reasons(b, "2026-03-02")


# ============================================================================================
# post_delivery (5): add_wd(delivered_on, 2); satisfied by contact >= delivered_on
# ============================================================================================


class TestPostDelivery:
    def b(self, delivered: str, contact: str = "2026-11-03", signed: str = "2026-11-02") -> Book:
        return book(
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
        b = book(won(signed="2026-11-02"), accounts=(account(contact="2026-11-03"),))
        assert "post_delivery" not in reasons(b, "2027-01-04")

    def test_delivery_after_today_means_no_item_yet(self) -> None:
        b = self.b("2026-12-18")
        assert "post_delivery" not in reasons(b, "2026-12-17")


# ============================================================================================
# lost_followup (6): stage 1 next_wd(signed+14), stage 2 next_wd(signed+90)
# ============================================================================================


class TestLostFollowup:
    SIGNED = "2026-03-02"  # Monday; +14 = Mon 16 March, +90 = Sun 31 May -> Mon 1 June

    def b(self, contact: str | None = None, **kw) -> Book:
        return book(lost(signed=self.SIGNED, **kw), accounts=(account(contact=contact),))

    def test_stage_1_due_two_weeks_after_the_loss(self) -> None:
        b = self.b()
        assert due_of(b, "2026-03-13", "lost_followup") is None
        item = keyed(b, "2026-03-16")["lost_followup:L-1"]
        assert item.due == d("2026-03-16")
        assert item.order == "L-1"

    def test_stage_1_on_kings_day_moves(self) -> None:
        b = book(lost(signed="2026-04-13"))  # +14 = Mon 27 April
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
        b = book(won(signed=self.SIGNED))
        assert "lost_followup" not in reasons(b, "2026-06-01")

    def test_lost_order_has_no_won_items(self) -> None:
        assert reasons(self.b(), "2026-03-16") == {"lost_followup"}

    def test_value_and_competitor_in_why(self) -> None:
        b = self.b(value=40_000.0, competitor="Rivalco")
        item = keyed(b, "2026-03-16")["lost_followup:L-1"]
        assert item.value == 40_000.0
        assert "Rivalco" in why(item)


# ============================================================================================
# hurdle (1): next_wd(raised_on); satisfied by contact >= raised_on
# ============================================================================================


class TestHurdle:
    def b(self, raised: str, contact: str | None = "2025-11-03", **kw) -> Book:
        order = won(signed="2025-11-03", delivered_on="2025-11-10", value=80_000.0)
        hurdle = HurdleFacts(
            id=7, order="W-1", account="Acme", raised_on=d(raised), description="nipple"
        )
        if contact == "2025-11-03":
            contact = "2025-11-10"  # confirm and post_delivery satisfied
        return book(order, accounts=(account(contact=contact, **kw),), hurdles=(hurdle,))

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


# ============================================================================================
# manual (2): its due date; only done (the store stops passing it) clears it
# ============================================================================================


class TestManual:
    def b(self, due: str, contact: str | None = None) -> Book:
        r = ReminderFacts(id=3, account="Acme", due=d(due), text="call back", order="W-9")
        return book(reminders=(r,), accounts=(account(contact=contact),))

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


# ============================================================================================
# relationship (7)
# ============================================================================================


class TestRelationship:
    # won 2026-01-05, delivered 2026-02-02, last contact Tue 2026-02-03
    def settled(self, value: float | None, tier: str | None = None, **kw) -> Book:
        return book(
            won(signed="2026-01-05", delivered_on="2026-02-02", value=value),
            accounts=(account(contact="2026-02-03", tier=tier),),
            **kw,
        )

    @pytest.mark.parametrize(
        ("value", "tier", "expected"),
        [
            (150_000.0, "A", "2026-03-05"),  # +30
            (100_000.0, "A", "2026-03-05"),  # threshold is inclusive
            (99_999.0, "B", "2026-05-04"),  # +90
            (20_000.0, "B", "2026-05-04"),
            (19_999.0, "C", "2026-08-03"),  # +180 = Sun 2 Aug -> Mon 3 Aug
            (None, "C", "2026-08-03"),
        ],
    )
    def test_tier_derived_from_won_value(self, value: float, tier: str, expected: str) -> None:
        b = self.settled(value)
        day_before = (d(expected) - timedelta(days=1)).isoformat()
        assert items(b, day_before) == []
        [item] = items(b, expected)
        assert item.key == "relationship:Acme"
        assert item.reason == "relationship"
        assert item.due == d(expected)
        assert item.order is None
        assert f"Tier {tier}" in why(item)

    def test_own_tier_wins_over_derived(self) -> None:
        assert due_of(self.settled(500_000.0, tier="C"), "2026-08-03", "relationship") == d(
            "2026-08-03"
        )
        assert items(self.settled(500_000.0, tier="C"), "2026-07-31") == []
        assert due_of(self.settled(10.0, tier="A"), "2026-03-05", "relationship") == d("2026-03-05")

    def test_won_values_are_summed_lost_ones_not(self) -> None:
        b = book(
            won("W-1", signed="2026-01-05", delivered_on="2026-02-02", value=60_000.0),
            won("W-2", signed="2026-01-06", delivered_on="2026-02-02", value=40_000.0),
            lost("L-1", signed="2026-01-07", value=900_000.0),
            accounts=(account(contact="2026-02-03"),),
        )
        item = keyed(b, "2026-03-05")["relationship:Acme"]
        assert item.due == d("2026-03-05")
        assert item.value == 100_000.0
        c = book(
            won("W-1", signed="2026-01-05", delivered_on="2026-02-02", value=10_000.0),
            lost("L-1", signed="2026-01-07", value=900_000.0),
            accounts=(account(contact="2026-05-01"),),  # lost stage 2 satisfied
        )
        assert items(c, "2026-10-27") == []
        assert due_of(c, "2026-10-28", "relationship") == d("2026-10-28")  # C: +180

    def test_all_lost_account_in_tier_a_or_b(self) -> None:
        a = book(lost(signed="2026-03-02"), accounts=(account(contact="2026-03-03", tier="A"),))
        assert items(a, "2026-04-01") == []
        assert [i.key for i in items(a, "2026-04-02")] == ["relationship:Acme"]
        b = book(lost(signed="2026-03-02"), accounts=(account(contact="2026-05-01", tier="B"),))
        assert items(b, "2026-07-29") == []
        assert [i.key for i in items(b, "2026-07-30")] == ["relationship:Acme"]

    @pytest.mark.parametrize("tier", ["C", None])
    def test_all_lost_account_in_tier_c_never(self, tier: str | None) -> None:
        b = book(
            lost(signed="2026-03-02", value=900_000.0),
            accounts=(account(contact="2026-05-01", tier=tier),),
        )
        for today in ("2026-06-01", "2026-10-28", "2027-06-01", "2030-01-02"):
            assert items(b, today) == []

    def test_account_without_orders_never(self) -> None:
        b = book(accounts=(account(contact="2025-01-06", tier="A"),))
        assert items(b, "2026-11-27") == []

    def test_orders_signed_after_today_do_not_count(self) -> None:
        b = book(lost(signed="2026-12-01"), accounts=(account(contact="2025-01-06", tier="A"),))
        assert items(b, "2026-11-27") == []

    def test_excluded_when_another_item_of_the_account_is_due(self) -> None:
        promise = ReminderFacts(id=1, account="Acme", due=d("2026-03-05"))
        b = self.settled(150_000.0, reminders=(promise,))
        assert [i.key for i in items(b, "2026-03-05")] == ["manual:1"]
        later = ReminderFacts(id=1, account="Acme", due=d("2026-03-06"))
        b = self.settled(150_000.0, reminders=(later,))
        assert [i.key for i in items(b, "2026-03-05")] == ["relationship:Acme"]

    def test_a_snoozed_item_is_still_due_so_still_excludes(self) -> None:
        # snoozing hides an item; it does not satisfy it
        promise = ReminderFacts(id=1, account="Acme", due=d("2026-03-05"))
        b = self.settled(150_000.0, reminders=(promise,), snoozes={"manual:1": d("2026-03-10")})
        assert items(b, "2026-03-05") == []

    def test_another_accounts_item_does_not_exclude(self) -> None:
        promise = ReminderFacts(id=1, account="Other", due=d("2026-03-05"))
        b = self.settled(150_000.0, reminders=(promise,))
        assert {i.key for i in items(b, "2026-03-05")} == {"manual:1", "relationship:Acme"}

    def test_excluded_while_a_won_order_is_in_delivery(self) -> None:
        rules = Rules(relationship_days={"A": 1, "B": 90, "C": 180})
        pb = Playbook(rules)
        old = won("W-1", signed="2025-01-06", delivered_on="2025-03-03")
        acme = account(contact="2026-11-23", tier="A")
        # W-2: agreement on 23 Nov (age 21) -> next one due Mon 30 Nov, not yet
        new = won("W-2", signed="2026-11-02", last_agreement="2026-11-23")
        assert items(book(old, new, accounts=(acme,)), "2026-11-25", pb) == []
        # future delivery: still in delivery
        pending = replace(new, delivered_on=d("2026-11-26"))
        assert items(book(old, pending, accounts=(acme,)), "2026-11-25", pb) == []
        # delivered: relationship due next_wd(23 Nov + 1)
        done = replace(new, delivered_on=d("2026-11-24"))
        assert [i.key for i in items(book(old, done, accounts=(acme,)), "2026-11-25", pb)] == [
            "relationship:Acme"
        ]
        assert [i.key for i in items(book(old, accounts=(acme,)), "2026-11-25", pb)] == [
            "relationship:Acme"
        ]

    def test_anchor_is_the_last_personal_contact(self) -> None:
        # contact older than the latest order date still anchors (it exists)
        item = PB.relationship(
            account(contact="2026-01-10", tier="A"),
            [won(signed="2026-01-05", delivered_on="2026-03-02")],
            "A",
            d("2026-06-01"),
        )
        assert item is not None
        assert item.due == d("2026-02-09")  # next_wd(10 Jan + 30 = Mon 9 Feb)

    def test_anchor_without_contact_is_latest_signed_or_delivered(self) -> None:
        a = account(tier="A")
        delivered = won(signed="2026-01-05", delivered_on="2026-03-02")
        item = PB.relationship(a, [delivered], "A", d("2026-06-01"))
        assert item is not None and item.due == d("2026-04-01")
        later_loss = lost(signed="2026-05-04")
        item = PB.relationship(a, [delivered, later_loss], "A", d("2026-06-10"))
        assert item is not None and item.due == d("2026-06-03")

    def test_anchor_without_contact_through_due_items(self) -> None:
        pb = Playbook(Rules(relationship_days={"A": 5, "B": 90, "C": 180}))
        b = book(lost(signed="2026-03-02"), accounts=(account(tier="A"),))
        # next_wd(2 March + 5 = Sat 7 March) = Mon 9 March; lost stage 1 only on 16 March
        assert items(b, "2026-03-06", pb) == []
        assert [(i.key, i.due) for i in items(b, "2026-03-09", pb)] == [
            ("relationship:Acme", d("2026-03-09"))
        ]
        assert [i.reason for i in items(b, "2026-03-16", pb)] == ["lost_followup"]

    def test_value_is_the_won_total_and_none_without(self) -> None:
        assert keyed(self.settled(150_000.0), "2026-03-05")["relationship:Acme"].value == 150_000
        b = book(lost(signed="2026-03-02"), accounts=(account(contact="2026-03-03", tier="A"),))
        assert keyed(b, "2026-04-02")["relationship:Acme"].value is None


# ============================================================================================
# overdue_days, snoozes, ordering, keys, owner
# ============================================================================================


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
        b = book(won(signed="2026-11-27"))
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
        b = book(won(signed="2026-12-22"))  # due Wed 23 December
        assert keyed(b, today)["confirm:W-1"].overdue_days == overdue


class TestSnooze:
    def test_hidden_while_today_before_until(self) -> None:
        b = book(won(signed="2026-11-27"), snoozes={"confirm:W-1": d("2026-12-02")})
        assert "confirm" not in reasons(b, "2026-11-30")
        assert "confirm" not in reasons(b, "2026-12-01")
        item = keyed(b, "2026-12-02")["confirm:W-1"]
        assert item.due == d("2026-11-30")
        assert item.overdue_days == 2

    def test_snooze_in_the_past_hides_nothing(self) -> None:
        b = replace(book(won(signed="2026-11-27")), snoozes={"confirm:W-1": d("2026-11-01")})
        assert "confirm:W-1" in keyed(b, "2026-11-30")

    def test_snooze_hides_only_its_key(self) -> None:
        b = book(
            won("W-1", signed="2026-11-27"),
            won("W-2", signed="2026-11-27"),
            snoozes={"confirm:W-2": d("2026-12-31")},
        )
        assert set(keyed(b, "2026-11-30")) == {"confirm:W-1"}

    def test_snooze_a_relationship(self) -> None:
        b = book(
            won(signed="2026-01-05", delivered_on="2026-02-02", value=150_000.0),
            accounts=(account(contact="2026-02-03"),),
            snoozes={"relationship:Acme": d("2026-03-09")},
        )
        assert items(b, "2026-03-06") == []
        assert [i.key for i in items(b, "2026-03-09")] == ["relationship:Acme"]


class TestOrder:
    TODAY = "2026-11-27"  # Friday

    def big_book(self) -> Book:
        settled = {"delivered_on": "2025-02-03", "signed": "2025-01-06"}
        return book(
            # Zulu: an open hurdle only
            won("Z-1", "Zulu", **settled),
            # confirm + agreement items, differing in overdue, value and name
            won("B-1", "Bravo", signed="2026-11-02", value=10.0),
            won("C-1", "Charlie", signed="2026-11-20", value=1000.0),
            won("A-1", "alpha", signed="2026-11-20", value=500.0),
            won("D-1", "Delta", signed="2026-11-20", value=500.0),
            won("E-1", "Echo", signed="2026-11-20"),
            lost("K-1", "Kilo", signed="2026-11-02", value=1e9),
            won("L-1", "Lima", **settled, value=1.0),
            accounts=(
                account("Zulu", contact="2026-11-01"),
                account("Lima", contact="2026-10-01", tier="A"),
            ),
            hurdles=(HurdleFacts(1, "Z-1", "Zulu", d("2026-11-20")),),
            reminders=(ReminderFacts(2, "Yankee", d("2026-11-27")),),
        )

    def test_rank_then_overdue_then_value_then_name(self) -> None:
        assert [i.key for i in items(self.big_book(), self.TODAY)] == [
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
        b = self.big_book()
        flipped = replace(b, orders=tuple(reversed(b.orders)))
        assert items(flipped, self.TODAY) == items(b, self.TODAY)

    def test_owner_is_filled_from_the_account(self) -> None:
        b = book(won(signed="2026-11-27"), accounts=(account(owner="ann"),))
        assert keyed(b, "2026-11-30")["confirm:W-1"].owner == "ann"


class TestKeys:
    def test_key_formats(self) -> None:
        b = book(
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
        rel = book(lost(signed="2026-03-02"), accounts=(account("Acme BV", "2026-03-03", "A"),))
        rel = replace(rel, orders=(lost(account="Acme BV", signed="2026-03-02"),))
        assert set(keyed(rel, "2026-04-02")) == {"relationship:Acme BV"}

    def test_keys_are_stable_from_day_to_day(self) -> None:
        b = TestOrder().big_book()
        monday = {i.key for i in items(b, "2026-11-30")}
        friday = {i.key for i in items(b, "2026-11-27")}
        assert friday <= monday


# ============================================================================================
# agenda
# ============================================================================================


class TestAgenda:
    def test_lists_what_falls_due_in_the_window(self) -> None:
        b = book(
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
        b = book(won(signed="2026-11-02"))  # confirm due 3 Nov, agreement 9 Nov
        agenda = PB.agenda(b, d("2026-11-27"), 14)
        assert [(i.key, i.due) for i in agenda] == [
            ("confirm:W-1", d("2026-11-03")),
            ("agreement:W-1", d("2026-11-09")),
        ]

    def test_one_day_is_today(self) -> None:
        b = TestOrder().big_book()
        assert {i.key for i in PB.agenda(b, d("2026-11-27"), 1)} == {
            i.key for i in items(b, "2026-11-27")
        }

    def test_lost_followup_listed_once_at_first_stage(self) -> None:
        b = book(lost(signed="2026-03-02"))
        agenda = PB.agenda(b, d("2026-05-28"), 7)  # stage 2 due 1 June is inside
        assert [(i.key, i.due) for i in agenda] == [("lost_followup:L-1", d("2026-03-16"))]

    def test_snoozed_item_appears_when_the_snooze_ends(self) -> None:
        b = book(won(signed="2026-11-27"), snoozes={"confirm:W-1": d("2026-12-02")})
        assert PB.agenda(b, d("2026-11-27"), 5) == []  # 27 Nov .. 1 Dec
        assert [i.key for i in PB.agenda(b, d("2026-11-27"), 6)] == ["confirm:W-1"]

    def test_sorted_by_due_date(self) -> None:
        agenda = PB.agenda(TestOrder().big_book(), d("2026-11-27"), 60)
        dues = [i.due for i in agenda]
        assert dues == sorted(dues)
        assert len({i.key for i in agenda}) == len(agenda)


# ============================================================================================
# properties
# ============================================================================================

NAMES = ("Acme", "beta", "Gamma")
VALUES = (None, 0.0, 5_000.0, 19_999.0, 20_000.0, 99_999.0, 100_000.0, 250_000.0)


@st.composite
def books_and_days(draw: st.DrawFn) -> tuple[Book, date]:
    """A consistent book as of `today`: nothing in it is dated after today."""
    today = draw(st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 12, 31)))

    def back(limit: int) -> date:
        return today - timedelta(days=draw(st.integers(0, limit)))

    names = NAMES[: draw(st.integers(1, len(NAMES)))]
    accounts = {
        n: AccountFacts(
            n,
            owner=draw(st.sampled_from((None, "ann", "bob"))),
            tier=draw(st.sampled_from((None, "A", "B", "C"))),
            last_personal_contact=back(400) if draw(st.booleans()) else None,
        )
        for n in names
    }
    orders = []
    for i in range(draw(st.integers(0, 4))):
        signed = back(400)
        status = draw(st.sampled_from(("won", "lost")))
        delivered = None
        last_agreement = None
        if status == "won":
            if draw(st.booleans()):
                delivered = signed + timedelta(days=draw(st.integers(0, 120)))
                if delivered > today:
                    delivered = None
            if draw(st.booleans()):
                last_agreement = signed + timedelta(days=draw(st.integers(-10, 300)))
                if last_agreement > today:
                    last_agreement = None
        orders.append(
            OrderFacts(
                ref=f"O-{i}",
                account=draw(st.sampled_from(names)),
                status=status,
                signed_on=signed,
                value=draw(st.sampled_from(VALUES)),
                delivered_on=delivered,
                last_agreement=last_agreement,
            )
        )
    hurdles = []
    for i in range(draw(st.integers(0, 2)) if orders else 0):
        o = draw(st.sampled_from(orders))
        raised = o.signed_on + timedelta(days=draw(st.integers(0, 200)))
        hurdles.append(HurdleFacts(i, o.ref, o.account, min(raised, today)))
    reminders = [
        ReminderFacts(
            i, draw(st.sampled_from(names)), today + timedelta(days=draw(st.integers(-30, 30)))
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    keys = [f"{r}:{o.ref}" for o in orders for r in RANK if r not in ("hurdle", "manual")]
    keys += [f"relationship:{n}" for n in names] + [f"manual:{r.id}" for r in reminders]
    snoozes = {
        k: today + timedelta(days=draw(st.integers(-5, 5)))
        for k in draw(st.lists(st.sampled_from(keys), max_size=3))
        if keys
    }
    return Book(accounts, tuple(orders), tuple(hurdles), tuple(reminders), snoozes=snoozes), today


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in NL_HOLIDAYS


@settings(max_examples=150, deadline=None)
@given(books_and_days())
def test_property_the_list_is_well_formed(case: tuple[Book, date]) -> None:
    b, today = case
    result = PB.due_items(b, today)
    assert result == sorted(result, key=sort_key)
    assert len({i.key for i in result}) == len(result)
    for item in result:
        assert item.due <= today
        assert item.overdue_days >= 0
        assert item.overdue_days == WD.between(item.due, today)
        assert item.key.startswith(f"{item.reason}:")
        assert item.owner == b.accounts[item.account].owner
        if item.reason != "manual":
            assert is_working_day(item.due), item
        until = (b.snoozes or {}).get(item.key)
        assert until is None or until <= today
    # relationship only for accounts with nothing else listed
    for item in result:
        if item.reason == "relationship":
            assert [i for i in result if i.account == item.account] == [item]
    # pure: same facts, same answer
    assert PB.due_items(b, today) == result


@settings(max_examples=150, deadline=None)
@given(books_and_days())
def test_property_facts_after_today_change_nothing(case: tuple[Book, date]) -> None:
    b, today = case
    later = today + timedelta(days=1)
    future = replace(
        b,
        orders=(
            *b.orders,
            OrderFacts("F-1", NAMES[0], "won", later),
            OrderFacts("F-2", NAMES[0], "lost", later, value=1e9),
        ),
        hurdles=(*b.hurdles, HurdleFacts(99, "F-1", NAMES[0], later)),
    )
    assert PB.due_items(future, today) == PB.due_items(b, today)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 400),
    st.sampled_from(("won", "lost")),
    st.one_of(st.none(), st.integers(0, 200)),
    st.one_of(st.none(), st.integers(0, 300)),
)
def test_property_rule_due_dates_are_working_days(
    signed: date, offset: int, status: str, delivered_after: int | None, agreed_after: int | None
) -> None:
    today = signed + timedelta(days=offset)
    delivered = None if delivered_after is None else signed + timedelta(days=delivered_after)
    agreed = None if agreed_after is None else signed + timedelta(days=agreed_after)
    order = OrderFacts("O", "Acme", status, signed, delivered_on=delivered, last_agreement=agreed)
    acme = AccountFacts("Acme", tier="A")
    hurdle = HurdleFacts(1, "O", "Acme", today)
    found = [
        PB.confirm(order, acme, today),
        PB.agreement(order, False, today),
        PB.post_delivery(order, acme, today),
        PB.lost_followup(order, acme, today),
        PB.hurdle(hurdle, acme, order, today),
        PB.relationship(acme, [order], PB.tier(acme, order.value or 0), today),
    ]
    for item in found:
        if item is not None:
            assert is_working_day(item.due), item
    if status == "won":
        confirm = found[0]
        assert confirm is not None and confirm.due > signed
        assert WD.between(signed, confirm.due) == 1
    if found[2] is not None:
        assert WD.between(delivered, found[2].due) == 2  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 60),
    st.integers(0, 400),
)
def test_property_contact_on_the_due_date_clears_confirm(
    signed: date, late: int, later: int
) -> None:
    due = WD.add_wd(signed, 1)
    contact = due + timedelta(days=late)  # on the due date, or any day after it
    today = contact + timedelta(days=later)
    b = book(
        OrderFacts("W-1", "Acme", "won", signed),
        accounts=(AccountFacts("Acme", None, None, contact),),
    )
    assert "confirm:W-1" not in {i.key for i in PB.due_items(b, today)}
    silent = book(OrderFacts("W-1", "Acme", "won", signed))
    assert {i.due for i in PB.due_items(silent, today) if i.reason == "confirm"} == {due}


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 300),
    st.integers(0, 400),
)
def test_property_contact_on_the_hurdle_day_clears_it(raised: date, late: int, later: int) -> None:
    contact = raised + timedelta(days=late)
    today = contact + timedelta(days=later)
    order = OrderFacts("W-1", "Acme", "won", raised - timedelta(days=30))
    h = HurdleFacts(1, "W-1", "Acme", raised)
    acme = AccountFacts("Acme", last_personal_contact=contact)
    assert "hurdle:1" not in {
        i.key for i in PB.due_items(book(order, accounts=(acme,), hurdles=(h,)), today)
    }
    before = replace(acme, last_personal_contact=raised - timedelta(days=1))
    shown = PB.due_items(book(order, accounts=(before,), hurdles=(h,)), today)
    expected = [WD.next_wd(raised)] if WD.next_wd(raised) <= today else []
    assert [i.due for i in shown if i.key == "hurdle:1"] == expected


@settings(max_examples=60, deadline=None)
@given(books_and_days(), st.integers(1, 10))
def test_property_agenda_is_the_union_of_the_days(case: tuple[Book, date], days: int) -> None:
    b, start = case
    agenda = PB.agenda(b, start, days)
    assert len({i.key for i in agenda}) == len(agenda)
    assert [i.due for i in agenda] == sorted(i.due for i in agenda)
    first: dict[str, Item] = {}
    for offset in range(days):
        for item in PB.due_items(b, start + timedelta(days=offset)):
            first.setdefault(item.key, item)
    assert {i.key: i.due for i in agenda} == {k: i.due for k, i in first.items()}


@st.composite
def books_with_a_future(draw: st.DrawFn) -> tuple[Book, date]:
    """A book as an agenda loads it: orders, deliveries, hurdles, resolutions, promises and
    snoozes may be dated on any day, weekends included, inside the window too."""
    start = draw(st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)))

    def around() -> date:
        return start + timedelta(days=draw(st.integers(-60, 20)))

    accounts = {
        n: AccountFacts(
            n,
            tier=draw(st.sampled_from((None, "A", "C"))),
            last_personal_contact=(around() if draw(st.booleans()) else None),
        )
        for n in NAMES[:2]
    }
    orders = []
    for i in range(draw(st.integers(1, 4))):
        signed, status = around(), draw(st.sampled_from(("won", "lost")))
        delivered = signed + timedelta(days=draw(st.integers(0, 30))) if status == "won" else None
        if draw(st.booleans()):
            delivered = None
        orders.append(
            OrderFacts(
                f"O-{i}",
                draw(st.sampled_from(NAMES[:2])),
                status,
                signed,
                value=draw(st.sampled_from(VALUES)),
                delivered_on=delivered,
            )
        )
    hurdles = []
    for i in range(draw(st.integers(0, 2))):
        o = draw(st.sampled_from(orders))
        raised = around()
        solved = raised + timedelta(days=draw(st.integers(0, 10))) if draw(st.booleans()) else None
        hurdles.append(HurdleFacts(i + 1, o.ref, o.account, raised, "late", solved))
    reminders = [
        ReminderFacts(
            i + 1,
            draw(st.sampled_from(NAMES[:2])),
            around(),
            "call back",
            done_on=around() if draw(st.booleans()) else None,
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    keys = [f"confirm:{o.ref}" for o in orders] + [f"relationship:{n}" for n in NAMES[:2]]
    snoozes = {k: around() for k in draw(st.lists(st.sampled_from(keys), max_size=2))}
    return Book(accounts, tuple(orders), tuple(hurdles), tuple(reminders), snoozes=snoozes), start


@settings(max_examples=600, deadline=None)
@given(books_with_a_future(), st.integers(1, 12))
def test_property_agenda_with_events_dated_in_the_window(
    case: tuple[Book, date], days: int
) -> None:
    b, start = case
    first: dict[str, date] = {}
    for offset in range(days):
        for item in PB.due_items(b, start + timedelta(days=offset)):
            first.setdefault(item.key, item.due)
    assert {i.key: i.due for i in PB.agenda(b, start, days)} == first
