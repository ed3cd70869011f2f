"""relationship (rank 8): next_wd(anchor + tier interval), for accounts with orders, nothing in
delivery and nothing else due; tier from the account, its CLV or its won value."""

from dataclasses import replace
from datetime import timedelta

import pytest

from nasales.domain.facts import Book, ReminderFacts
from nasales.domain.playbook import Playbook
from nasales.domain.rules import Rules
from nasales.output.sentences import why
from playbook.build import PB, account, build_book, d, due_of, items, keyed, lost, won


class TestRelationship:
    # won 2026-01-05, delivered 2026-02-02, last contact Tue 2026-02-03
    def settled(self, value: float | None, tier: str | None = None, **kw) -> Book:
        return build_book(
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
        b = build_book(
            won("W-1", signed="2026-01-05", delivered_on="2026-02-02", value=60_000.0),
            won("W-2", signed="2026-01-06", delivered_on="2026-02-02", value=40_000.0),
            lost("L-1", signed="2026-01-07", value=900_000.0),
            accounts=(account(contact="2026-02-03"),),
        )
        item = keyed(b, "2026-03-05")["relationship:Acme"]
        assert item.due == d("2026-03-05")
        assert item.value == 100_000.0
        c = build_book(
            won("W-1", signed="2026-01-05", delivered_on="2026-02-02", value=10_000.0),
            lost("L-1", signed="2026-01-07", value=900_000.0),
            accounts=(account(contact="2026-05-01"),),  # lost stage 2 satisfied
        )
        assert items(c, "2026-10-27") == []
        assert due_of(c, "2026-10-28", "relationship") == d("2026-10-28")  # C: +180

    def test_all_lost_account_in_tier_a_or_b(self) -> None:
        a = build_book(
            lost(signed="2026-03-02"), accounts=(account(contact="2026-03-03", tier="A"),)
        )
        assert items(a, "2026-04-01") == []
        assert [i.key for i in items(a, "2026-04-02")] == ["relationship:Acme"]
        b = build_book(
            lost(signed="2026-03-02"), accounts=(account(contact="2026-05-01", tier="B"),)
        )
        assert items(b, "2026-07-29") == []
        assert [i.key for i in items(b, "2026-07-30")] == ["relationship:Acme"]

    @pytest.mark.parametrize("tier", ["C", None])
    def test_all_lost_account_in_tier_c_never(self, tier: str | None) -> None:
        b = build_book(
            lost(signed="2026-03-02", value=900_000.0),
            accounts=(account(contact="2026-05-01", tier=tier),),
        )
        for today in ("2026-06-01", "2026-10-28", "2027-06-01", "2030-01-02"):
            assert items(b, today) == []

    def test_account_without_orders_never(self) -> None:
        b = build_book(accounts=(account(contact="2025-01-06", tier="A"),))
        assert items(b, "2026-11-27") == []

    def test_orders_signed_after_today_do_not_count(self) -> None:
        b = build_book(
            lost(signed="2026-12-01"), accounts=(account(contact="2025-01-06", tier="A"),)
        )
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
        assert items(build_book(old, new, accounts=(acme,)), "2026-11-25", pb) == []
        # future delivery: still in delivery
        pending = replace(new, delivered_on=d("2026-11-26"))
        assert items(build_book(old, pending, accounts=(acme,)), "2026-11-25", pb) == []
        # delivered: relationship due next_wd(23 Nov + 1)
        done = replace(new, delivered_on=d("2026-11-24"))
        assert [
            i.key for i in items(build_book(old, done, accounts=(acme,)), "2026-11-25", pb)
        ] == ["relationship:Acme"]
        assert [i.key for i in items(build_book(old, accounts=(acme,)), "2026-11-25", pb)] == [
            "relationship:Acme"
        ]

    def test_anchor_is_the_last_personal_contact(self) -> None:
        item = PB.relationship(
            account(contact="2026-03-10", tier="A"),
            [won(signed="2026-01-05", delivered_on="2026-03-02")],
            "A",
            d("2026-06-01"),
        )
        assert item is not None
        assert item.due == d("2026-04-09")  # next_wd(10 March + 30 = Thu 9 April)
        assert item.detail["anchored"] == "contact"

    def test_a_delivery_after_the_last_contact_restarts_the_clock(self) -> None:
        # round 3: the time the order spent in delivery is not time the call is late
        item = PB.relationship(
            account(contact="2026-01-10", tier="A"),
            [won(signed="2026-01-05", delivered_on="2026-03-02")],
            "A",
            d("2026-06-01"),
        )
        assert item is not None
        assert item.due == d("2026-04-01")  # 2 March + 30 days, not 10 Jan + 30
        assert (item.detail["anchored"], item.detail["days"]) == ("delivery", 91)
        assert item.since == d("2026-03-02")  # a hand-off before the delivery has expired

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
        b = build_book(lost(signed="2026-03-02"), accounts=(account(tier="A"),))
        # next_wd(2 March + 5 = Sat 7 March) = Mon 9 March; lost stage 1 only on 16 March
        assert items(b, "2026-03-06", pb) == []
        assert [(i.key, i.due) for i in items(b, "2026-03-09", pb)] == [
            ("relationship:Acme", d("2026-03-09"))
        ]
        assert [i.reason for i in items(b, "2026-03-16", pb)] == ["lost_followup"]

    def test_value_is_the_won_total_and_none_without(self) -> None:
        assert keyed(self.settled(150_000.0), "2026-03-05")["relationship:Acme"].value == 150_000
        b = build_book(
            lost(signed="2026-03-02"), accounts=(account(contact="2026-03-03", tier="A"),)
        )
        assert keyed(b, "2026-04-02")["relationship:Acme"].value is None
