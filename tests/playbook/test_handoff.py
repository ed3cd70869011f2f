"""Hand-offs (§3): an item handed to a colleague is theirs until it is no longer due. The item
carries `handed_to` while it stays due; a hand-off dated after T is ignored; the latest one
wins; a hand-off made for one occurrence of a recurring item (agreement, relationship, lost
order stage 2 after stage 1) does not carry over to the next occurrence."""

import pytest

from nasales.domain.facts import HurdleFacts
from playbook.build import (
    account,
    build_book,
    d,
    handoffs,
    items,
    keyed,
    lost,
    won,
)


def handed(b, today: str, key: str) -> str | None:
    return keyed(b, today)[key].handed_to


class TestOneOccurrence:
    def book(self, *given: tuple[str, str]):
        """W-1 won Fri 20 Nov with no call yet: confirm:W-1 is due from Mon 23 Nov."""
        return build_book(
            won(signed="2026-11-20"),
            accounts=(account(owner="Eva"),),
            handed=handoffs("confirm:W-1", *given),
        )

    def test_handed_on_h_is_the_colleagues_from_h_on_while_it_stays_due(self) -> None:
        b = self.book(("2026-11-24", "Piet"))
        assert handed(b, "2026-11-23", "confirm:W-1") is None
        for today in ("2026-11-24", "2026-11-25", "2026-12-31"):
            item = keyed(b, today)["confirm:W-1"]
            assert (item.handed_to, item.owner) == ("Piet", "Eva")  # the owner keeps seeing it

    def test_a_hand_off_dated_after_today_is_ignored(self) -> None:
        b = self.book(("2026-11-30", "Piet"))
        assert handed(b, "2026-11-27", "confirm:W-1") is None
        assert handed(b, "2026-11-30", "confirm:W-1") == "Piet"

    def test_the_latest_hand_off_wins(self) -> None:
        b = self.book(("2026-11-23", "Piet"), ("2026-11-25", "Anna"), ("2026-12-01", "Kees"))
        assert handed(b, "2026-11-23", "confirm:W-1") == "Piet"
        assert handed(b, "2026-11-24", "confirm:W-1") == "Piet"
        assert handed(b, "2026-11-25", "confirm:W-1") == "Anna"
        assert handed(b, "2026-11-30", "confirm:W-1") == "Anna"
        assert handed(b, "2026-12-01", "confirm:W-1") == "Kees"

    def test_two_hand_offs_on_one_day_the_later_recorded_wins(self) -> None:
        b = self.book(("2026-11-24", "Piet"), ("2026-11-24", "Anna"))
        assert handed(b, "2026-11-24", "confirm:W-1") == "Anna"

    def test_handed_before_it_was_due_it_is_the_colleagues_when_due(self) -> None:
        b = self.book(("2026-11-20", "Piet"))  # handed from the agenda, the day of the win
        assert handed(b, "2026-11-23", "confirm:W-1") == "Piet"

    def test_only_its_own_key(self) -> None:
        b = build_book(
            won("W-1", signed="2026-11-20"),
            won("W-2", signed="2026-11-20"),
            handed=handoffs("confirm:W-2", ("2026-11-23", "Piet")),
        )
        assert [(i.key, i.handed_to) for i in items(b, "2026-11-23")] == [
            ("confirm:W-1", None),
            ("confirm:W-2", "Piet"),
        ]

    def test_a_hurdle_handed_before_it_was_raised_is_not_handed(self) -> None:
        b = build_book(
            won(signed="2026-11-02"),
            accounts=(account(contact="2026-11-02"),),
            hurdles=(HurdleFacts(4, "W-1", "Acme", d("2026-11-24")),),
            handed=handoffs("hurdle:4", ("2026-11-23", "Piet")),  # a back-dated --on
        )
        assert handed(b, "2026-11-24", "hurdle:4") is None


class TestRecurringItems:
    """A recurring item is due again after it was satisfied: a new occurrence."""

    def test_agreement(self) -> None:
        def book(last_agreement: str | None):
            return build_book(
                won(signed="2026-11-02", last_agreement=last_agreement),
                accounts=(account(contact="2026-11-02"),),
                handed=handoffs("agreement:W-1", ("2026-11-09", "Piet")),
            )

        assert handed(book(None), "2026-11-10", "agreement:W-1") == "Piet"  # due 9 Nov
        # agreed on 11 Nov: the next moment (due 18 Nov) is the owner's again
        assert handed(book("2026-11-11"), "2026-11-18", "agreement:W-1") is None

    def test_agreement_handed_for_the_next_moment_applies_to_it(self) -> None:
        b = build_book(
            won(signed="2026-11-02", last_agreement="2026-11-11"),
            accounts=(account(contact="2026-11-02"),),
            handed=handoffs("agreement:W-1", ("2026-11-12", "Piet")),  # from the agenda
        )
        assert handed(b, "2026-11-18", "agreement:W-1") == "Piet"

    def relationship(self, contact: str, *given: tuple[str, str]):
        """Tier A, delivered long ago: a relationship call 30 days after each contact."""
        return build_book(
            won(signed="2025-01-06", delivered_on="2025-02-03", value=150_000.0),
            accounts=(account(contact=contact),),
            handed=handoffs("relationship:Acme", *given),
        )

    def test_relationship(self) -> None:
        # contact 3 Feb -> due 5 Mar; handed 5 Mar; Piet calls 9 Mar -> next due 8 Apr
        assert (
            handed(
                self.relationship("2026-02-03", ("2026-03-05", "Piet")),
                "2026-03-06",
                "relationship:Acme",
            )
            == "Piet"
        )
        again = self.relationship("2026-03-09", ("2026-03-05", "Piet"))
        assert handed(again, "2026-04-08", "relationship:Acme") is None
        ahead = self.relationship("2026-03-09", ("2026-03-05", "Piet"), ("2026-03-20", "Anna"))
        assert handed(ahead, "2026-04-08", "relationship:Acme") == "Anna"

    def lost_order(self, contact: str | None):
        """Lost 2 Mar: stage 1 due 16 Mar, stage 2 due 1 June; handed 16 Mar."""
        return build_book(
            lost(signed="2026-03-02"),
            accounts=(account(contact=contact, tier="C"),),
            handed=handoffs("lost_followup:L-1", ("2026-03-16", "Piet")),
        )

    def test_lost_followup_stage_2_after_stage_1_was_satisfied(self) -> None:
        assert handed(self.lost_order(None), "2026-03-17", "lost_followup:L-1") == "Piet"
        item = keyed(self.lost_order("2026-03-20"), "2026-06-01")["lost_followup:L-1"]
        assert (item.detail["stage"], item.handed_to) == (2, None)

    def test_lost_followup_stage_1_never_made_stays_handed_into_stage_2(self) -> None:
        # the item never stopped being due: the hand-off still holds
        item = keyed(self.lost_order(None), "2026-06-01")["lost_followup:L-1"]
        assert (item.detail["stage"], item.handed_to) == (2, "Piet")

    @pytest.mark.parametrize(
        ("book", "today", "key"),
        [
            (
                lambda: build_book(
                    won(signed="2026-11-02", last_agreement="2026-11-09"),
                    accounts=(account(contact="2026-11-09"),),
                    handed=handoffs("agreement:W-1", ("2026-11-09", "Piet")),
                ),
                "2026-11-16",
                "agreement:W-1",
            ),
            (
                lambda: build_book(
                    won(signed="2025-01-06", delivered_on="2025-02-03", value=150_000.0),
                    accounts=(account(contact="2026-03-05"),),
                    handed=handoffs("relationship:Acme", ("2026-03-05", "Piet")),
                ),
                "2026-04-07",  # 4 Apr + Easter Monday
                "relationship:Acme",
            ),
        ],
        ids=["agreement", "relationship"],
    )
    def test_handed_and_satisfied_the_same_day_ends_with_that_occurrence(
        self, book, today: str, key: str
    ) -> None:
        assert handed(book(), today, key) is None
