"""The doubt risk (PRODUCT.md §3, the factor table in src/nasales/domain/risk.py): every factor
at its edges. The properties of §3 "Round 3" over random histories are in
test_risk_properties.py; the issue's measured situations through the CLI in test_risk_cli.py.

Dates: 2026-11-24 Tue, 2026-11-28/29 a weekend, 2026-04-03 Good Friday, 2026-04-06 Easter
Monday, 2026-04-27 Mon King's Day."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest

from nasales.domain.facts import AccountFacts, HurdleFacts, OrderFacts
from nasales.domain.playbook import Playbook
from nasales.domain.risk import QUIET_MOST, Risk, agreement_mood, doubt_risk
from nasales.domain.rules import Rules

PB = Playbook()
WD = PB.days
MOODS = (None, "positive", "neutral", "doubt", "negative")


def d(text: str) -> date:
    return date.fromisoformat(text)


def risk(
    today: str,
    *orders: OrderFacts,
    hurdles: tuple[HurdleFacts, ...] = (),
    contact: str | None = None,
    mood: str | None = None,
    mood_on: str | None = None,
    pb: Playbook = PB,
    **kw,
) -> Risk | None:
    acme = AccountFacts(
        "Acme",
        last_personal_contact=d(contact) if contact else None,
        mood=mood,
        mood_on=d(mood_on) if mood_on else None,
        **kw,
    )
    return doubt_risk(acme, list(orders), list(hurdles), d(today), pb)


def points(found: Risk | None) -> dict[str, int]:
    """The factors by code; several of a kind are listed as problem, problem2, …"""
    assert found is not None
    result: dict[str, int] = {}
    for f in found.factors:
        code, n = f.code, 1
        while code in result:
            n += 1
            code = f"{f.code}{n}"
        result[code] = f.points
    assert sum(result.values()) == (found.total or found.score)
    return result


def exact(found: Risk | None) -> dict[str, Fraction]:
    """The factors' points before rounding, by code (each shows its whole points; the
    fractions of them all, rounded together, are a line of their own)."""
    assert found is not None
    return {f.code: f.exact for f in found.factors if f.code != "fractions"}


def won(signed: str = "2026-01-05", ref: str = "W-1", **kw) -> OrderFacts:
    for field in ("delivered_on", "last_agreement"):
        if isinstance(kw.get(field), str):
            kw[field] = d(kw[field])
    return OrderFacts(ref, "Acme", "won", d(signed), **kw)


def lost(signed: str = "2026-01-05", ref: str = "L-1", **kw) -> OrderFacts:
    return OrderFacts(ref, "Acme", "lost", d(signed), **kw)


def hurdle(raised: str, id: int = 1, resolved: str | None = None, **kw) -> HurdleFacts:
    return HurdleFacts(
        id, "W-1", "Acme", d(raised), "late part", d(resolved) if resolved else None, **kw
    )


# settled: won long ago, delivered and checked (the contact), so only the factor under test
SETTLED = won("2025-01-06", delivered_on="2025-02-03")
CHECKED = "2025-02-03"


def settled(today: str, **kw) -> Risk | None:
    kw.setdefault("contact", CHECKED)
    return risk(today, SETTLED, **kw)


class TestNoRisk:
    def test_an_account_whose_orders_are_all_lost_has_none(self) -> None:
        assert risk("2026-11-27", lost(), lost("2026-11-20", "L-2", decision="narrow")) is None

    def test_an_account_without_orders_has_none(self) -> None:
        assert risk("2026-11-27", mood="negative", mood_on="2026-11-20") is None

    def test_a_win_dated_after_today_does_not_count_yet(self) -> None:
        assert risk("2026-11-27", lost(), won("2026-11-28")) is None
        assert risk("2026-11-28", lost(), won("2026-11-28")) is not None

    def test_a_settled_calm_customer_scores_0(self) -> None:
        found = settled("2026-11-27")
        assert found is not None and (found.score, found.factors) == (0, ())


class TestProblem:
    """20 points from the day it is raised, +5 each working day nobody calls after it fell
    due, without end (the score stops at 100)."""

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            ("2026-11-24", 20),  # raised and due Tue 24
            ("2026-11-25", 25),
            ("2026-11-27", 35),
            ("2026-11-28", 35),  # the weekend does not count
            ("2026-11-30", 40),
            ("2026-12-16", 100),  # 16 working days
        ],
    )
    def test_grows_per_working_day_nobody_calls(self, today: str, expected: int) -> None:
        assert points(settled(today, hurdles=(hurdle("2026-11-24"),)))["problem"] == expected

    @pytest.mark.parametrize(
        ("raised", "today", "expected"),
        [
            ("2026-11-28", "2026-11-28", 20),  # Saturday: due Monday, 20 from the start
            ("2026-11-28", "2026-11-30", 20),
            ("2026-11-28", "2026-12-01", 25),
            ("2026-04-24", "2026-04-27", 20),  # Fri before King's Day
            ("2026-04-24", "2026-04-28", 25),
        ],
    )
    def test_only_working_days_after_it_fell_due_count(
        self, raised: str, today: str, expected: int
    ) -> None:
        assert points(settled(today, hurdles=(hurdle(raised),)))["problem"] == expected

    def test_a_contact_on_the_day_it_was_raised_takes_it_away(self) -> None:
        found = settled("2026-11-27", hurdles=(hurdle("2026-11-24"),), contact="2026-11-24")
        assert found is not None and found.score == 0

    def test_a_contact_the_day_before_does_not(self) -> None:
        found = settled("2026-11-27", hurdles=(hurdle("2026-11-24"),), contact="2026-11-23")
        assert points(found) == {"problem": 35}

    def test_solved_silently_it_keeps_counting_and_says_so(self) -> None:
        silent = settled("2026-11-27", hurdles=(hurdle("2026-11-24", resolved="2026-11-25"),))
        assert points(silent) == {"problem": 35}
        assert silent is not None and silent.factors[0].detail["solved"] is True
        later = settled("2026-12-01", hurdles=(hurdle("2026-11-24", resolved="2026-11-25"),))
        assert points(later) == {"problem": 45}

    def test_not_discussed_only_a_contact_logged_later_counts(self) -> None:
        # a call the morning it was raised, then `hurdle add --not-discussed`
        untold = hurdle("2026-11-24", not_discussed=True)
        found = settled("2026-11-27", hurdles=(untold,), contact="2026-11-24")
        assert points(found) == {"problem": 35}
        told = replace(untold, told_on=d("2026-11-26"))  # a call logged after it
        assert settled("2026-11-27", hurdles=(told,), contact="2026-11-26").score == 0  # type: ignore[union-attr]

    def test_a_problem_raised_after_today_does_not_count(self) -> None:
        found = settled("2026-11-23", hurdles=(hurdle("2026-11-24"),))
        assert found is not None and found.score == 0

    def test_each_problem_counts_only_those_after_the_last_contact(self) -> None:
        problems = (hurdle("2026-11-16", 1), hurdle("2026-11-24", 2), hurdle("2026-11-26", 3))
        found = settled("2026-11-27", hurdles=problems, contact="2026-11-20")
        assert points(found) == {"problem": 35, "problem2": 25}

    def test_the_score_is_capped_at_100_and_says_so(self) -> None:
        problems = tuple(hurdle("2026-11-02", n) for n in range(1, 4))  # 3 x (20 + 5 x 19)
        found = settled("2026-11-27", hurdles=problems)
        assert found is not None and found.score == 100
        assert found.capped and found.total == 345  # every factor still explained
        assert sum(f.points for f in found.factors) == 345


class TestConfirm:
    """A confirmation call not made: 10 from its due day, +3 each working day late."""

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            ("2026-11-27", 0),  # won Friday: due Monday
            ("2026-11-29", 0),
            ("2026-11-30", 10),  # due today
            ("2026-12-01", 13),
            ("2026-12-07", 25),  # 5 working days late
        ],
    )
    def test_grows_per_working_day_late(self, today: str, expected: int) -> None:
        assert points(risk(today, won("2026-11-27"))).get("confirm", 0) == expected

    def test_the_call_removes_them(self) -> None:
        assert "confirm" not in points(risk("2026-12-07", won("2026-11-27"), contact="2026-12-07"))
        # a contact before the win is no confirmation
        assert "confirm" in points(risk("2026-12-07", won("2026-11-27"), contact="2026-11-26"))

    def test_the_settings_say_when_it_is_due(self) -> None:
        slow = Playbook(Rules(confirm_working_days=3))
        assert "confirm" not in points(risk("2026-12-01", won("2026-11-27"), pb=slow))
        assert points(risk("2026-12-02", won("2026-11-27"), pb=slow))["confirm"] == 10

    def test_names_its_item(self) -> None:
        found = risk("2026-12-01", won("2026-11-27"))
        assert found is not None
        (confirm,) = [f for f in found.factors if f.code == "confirm"]
        assert confirm.detail["key"] == "confirm:W-1" and confirm.detail["days"] == 1


class TestCheck:
    """An after-delivery check not made: 10 from its due day, +2 each working day late."""

    def check(self, today: str, contact: str | None = "2026-01-05") -> int:
        order = won("2026-01-05", delivered_on="2026-11-24")  # check due Thu 26
        return points(risk(today, order, contact=contact)).get("check", 0)

    def test_grows_per_working_day_late(self) -> None:
        assert [self.check(t) for t in ("2026-11-25", "2026-11-26", "2026-11-30")] == [0, 10, 14]

    def test_a_contact_on_or_after_the_delivery_removes_them(self) -> None:
        assert self.check("2026-11-30", contact="2026-11-24") == 0
        assert self.check("2026-11-30", contact="2026-11-23") == 14


class TestSilence:
    """A quarter point a day without personal contact, while an order is in aftercare (from
    the win to the after-delivery check) or the latest mood is doubt or negative."""

    def silence(self, today: str, *orders: OrderFacts, **kw) -> Fraction:
        return exact(risk(today, *orders, **kw)).get("silence", Fraction(0))

    def test_in_delivery_from_the_win_or_the_last_contact(self) -> None:
        order = won("2026-11-02")
        assert self.silence("2026-11-02", order) == 0
        assert self.silence("2026-12-02", order, contact="2026-11-02") == Fraction(30, 4)
        assert self.silence("2026-12-02", order, contact="2026-11-22") == Fraction(10, 4)
        assert self.silence("2026-12-02", order, contact="2026-10-01") == Fraction(30, 4)

    def test_it_does_not_stop_at_delivery_but_at_the_check(self) -> None:
        order = won("2026-11-02", delivered_on="2026-11-20")
        found = risk("2026-12-02", order, contact="2026-11-02")
        silence = [f for f in found.factors if f.code == "silence"]  # type: ignore[union-attr]
        assert [(f.exact, f.detail["while"]) for f in silence] == [(Fraction(30, 4), "check")]
        assert self.silence("2026-12-02", order, contact="2026-11-20") == 0  # checked

    def test_after_doubt_it_counts_until_a_personal_contact(self) -> None:
        kw = {"contact": CHECKED, "mood": "doubt", "mood_on": "2026-10-01"}
        found = risk("2026-11-30", SETTLED, **kw)  # an e-mail voicing doubt 60 days ago
        assert found is not None
        (silence,) = [f for f in found.factors if f.code == "silence"]
        assert silence.detail == {"days": 60, "while": "doubt"}
        assert self.silence("2026-11-30", SETTLED, **{**kw, "contact": "2026-10-31"}) == 7.5

    def test_none_for_a_settled_calm_customer(self) -> None:
        assert self.silence("2027-06-01", SETTLED, contact=CHECKED) == 0

    def test_it_gives_way_when_quiet_doubt_is_full(self) -> None:
        order = won("2025-01-06", decision="narrow")  # in delivery for two years, never called
        found = risk("2027-01-04", order, mood="negative", mood_on="2026-12-20")
        quiet = {code: n for code, n in exact(found).items() if code != "confirm"}
        assert sum(quiet.values()) == 45 == QUIET_MOST
        mood = Fraction(8 * 75, 90)  # 15 days old
        assert quiet == {"silence": 30 - mood, "agreement": 10, "narrow": 5, "mood": mood}


class TestAgreement:
    """A sixth of a point a day since an order in aftercare was last agreed (or won), up to
    10 (60 days), frozen at its delivery."""

    def wait(self, today: str, *orders: OrderFacts, **kw) -> Fraction:
        return exact(risk(today, *orders, **kw)).get("agreement", Fraction(0))

    @pytest.mark.parametrize(
        ("today", "expected"),
        [("2026-11-02", 0), ("2026-11-08", 1), ("2026-12-02", 5), ("2027-01-01", 10)],
    )
    def test_from_the_win(self, today: str, expected: int) -> None:
        assert self.wait(today, won("2026-11-02"), contact=today) == expected

    def test_from_the_last_agreement(self) -> None:
        agreed = won("2026-11-02", last_agreement="2026-11-20")
        assert self.wait("2026-12-02", agreed, contact="2026-12-02") == 2  # 12 days

    def test_frozen_at_delivery_and_gone_at_the_check(self) -> None:
        order = won("2026-11-02", delivered_on="2026-11-26")  # 24 days: 4
        assert self.wait("2026-11-30", order, contact="2026-11-02") == 4
        assert self.wait("2027-03-01", order, contact="2026-11-02") == 4
        assert self.wait("2026-11-30", order, contact="2026-11-27") == 0


class TestWin:
    """The first weeks after a win: 10 on the day, fading to 0 at 90 days; a win while the
    last one is still fresh restarts nothing (the €45 spare order)."""

    def win(self, today: str, *orders: OrderFacts) -> Fraction:
        return exact(risk(today, *orders, contact=today)).get("win", Fraction(0))

    @pytest.mark.parametrize(("age", "expected"), [(0, 10), (9, 9), (45, 5), (89, 0), (90, 0)])
    def test_fades(self, age: int, expected: int) -> None:
        signed = won("2026-01-05", delivered_on="2026-01-05")
        today = (d("2026-01-05") + timedelta(days=age)).isoformat()
        assert round(self.win(today, signed)) == expected
        assert points(risk(today, signed, contact=today)).get("win", 0) == expected  # alone

    def test_a_spare_order_while_the_win_is_fresh_restarts_nothing(self) -> None:
        big = won("2026-01-05", delivered_on="2026-01-05")
        spare = won("2026-02-04", "W-2", value=45.0, delivered_on="2026-02-04")
        assert self.win("2026-03-06", big, spare) == self.win("2026-03-06", big) == Fraction(10, 3)
        assert self.win("2026-04-06", big, spare) == 0  # the clock ran from 5 January

    def test_a_win_after_the_clock_ran_out_starts_it_again(self) -> None:
        big = won("2026-01-05", delivered_on="2026-01-05")
        later = won("2026-04-06", "W-2", delivered_on="2026-04-06")
        assert self.win("2026-04-06", big, later) == 10


class TestNarrow:
    """5 for a narrow decision on an order in aftercare (until the after-delivery check)."""

    def narrow(self, today: str, *orders: OrderFacts, contact: str | None = None) -> int:
        return points(risk(today, *orders, contact=contact)).get("narrow", 0)

    def test_until_the_check(self) -> None:
        order = won("2026-01-05", delivered_on="2026-06-01", decision="narrow")
        assert self.narrow("2026-12-31", order, contact="2026-05-31") == 5  # not checked
        assert self.narrow("2026-12-31", order, contact="2026-06-02") == 0

    def test_only_a_narrow_won_order_and_once(self) -> None:
        assert self.narrow("2026-01-06", won("2026-01-05", decision="clear")) == 0
        assert self.narrow("2026-01-06", won("2026-01-05"), lost(decision="narrow")) == 0
        both = (won("2026-01-05", decision="narrow"), won("2026-01-05", "W-2", decision="narrow"))
        assert self.narrow("2026-01-06", *both) == 5


class TestMood:
    """The latest mood after the latest agreement: doubt 5, negative 8, fading to 0 at 90
    days; a won order signed after it dissolves it (the order is the first agreement)."""

    def mood(self, today: str, mood: str | None, on: str, *orders: OrderFacts) -> Fraction:
        orders = orders or (SETTLED,)
        found = risk(today, *orders, contact=CHECKED, mood=mood, mood_on=on)
        return exact(found).get("mood", Fraction(0))

    @pytest.mark.parametrize(
        ("mood", "expected"),
        [("doubt", 5), ("negative", 8), ("positive", 0), ("neutral", 0), (None, 0)],
    )
    def test_points(self, mood: str | None, expected: int) -> None:
        assert self.mood("2026-11-27", mood, "2026-11-27") == expected

    def test_it_fades_and_counts_at_most_90_days(self) -> None:
        found = [
            self.mood((d("2026-01-05") + timedelta(days=n)).isoformat(), "negative", "2026-01-05")
            for n in range(120)
        ]
        assert found[:84] == sorted(found[:84], reverse=True)
        assert found[0] == 8 and found[45] == 4 and found[80] == Fraction(8 * 10, 90)
        assert set(found[90:]) == {0}  # (from 84 days it rounds to no point at all)

    def test_a_later_win_dissolves_it(self) -> None:
        # a negative visit in 2024, a new order won in 2026
        old = ("negative", "2024-03-01")
        assert self.mood("2026-02-01", *old, won("2026-01-05")) == 0
        # a mood on the day of the win is the first after-sales word: it counts
        assert self.mood("2026-01-05", "doubt", "2026-01-05", won("2026-01-05")) == 5

    def test_an_agreement_has_no_doubtful_mood(self) -> None:
        assert not agreement_mood("agreement", "doubt")
        assert not agreement_mood("agreement", "negative")
        assert agreement_mood("agreement", "positive") and agreement_mood("call", "negative")


class TestHeldBelow50:
    """A problem raised on a weekend counts its 20 before its call is due: the score is held
    at 49 until a call with points is due, so 50 or more always names a call on the list."""

    def test_a_weekend_problem_on_a_worried_customer(self) -> None:
        order = won("2026-09-01", decision="narrow")  # in delivery, called on the win day
        kw = {"contact": "2026-09-01", "mood": "negative", "mood_on": "2026-11-20"}
        calm = risk("2026-11-28", order, **kw)
        assert calm is not None and 30 <= calm.score < 50
        saturday = risk("2026-11-28", order, hurdles=(hurdle("2026-11-28"),), **kw)
        assert saturday is not None
        assert (saturday.score, saturday.held_until) == (49, d("2026-11-30"))
        assert saturday.held_for is not None and saturday.held_for.startswith("hurdle:")
        assert saturday.total == calm.score + 20
        monday = risk("2026-11-30", order, hurdles=(hurdle("2026-11-28"),), **kw)
        assert monday is not None and monday.score > 50 and monday.held_until is None


class TestClosestCalls:
    """The consistency rules where they are closest to breaking (the properties over random
    histories are in test_risk_properties.py)."""

    def test_a_call_about_a_fresh_problem_lowers_it_even_when_they_turn_negative(self) -> None:
        order = won("2026-09-01", decision="narrow")  # in delivery, called on the win day
        before = risk("2026-11-24", order, hurdles=(hurdle("2026-11-24"),), contact="2026-09-01")
        after = risk(
            "2026-11-24",
            order,
            hurdles=(hurdle("2026-11-24"),),
            contact="2026-11-24",
            mood="negative",
            mood_on="2026-11-24",
        )
        assert before is not None and after is not None
        assert after.score < before.score

    def test_never_called_scores_more_than_called_when_the_call_brought_doubt(self) -> None:
        order = won("2026-11-23", decision="narrow")  # confirm due Tue 24
        never = risk("2026-11-24", order)
        called = risk(
            "2026-11-24", order, contact="2026-11-23", mood="negative", mood_on="2026-11-23"
        )
        assert never is not None and called is not None
        assert never.score > called.score


class TestWholePoints:
    def test_each_factor_shows_its_whole_points_and_the_fractions_one_line(self) -> None:
        won = OrderFacts("O-1", "Acme", "won", date(2027, 3, 1), decision="narrow")
        account = AccountFacts("Acme", last_personal_contact=date(2027, 3, 2))
        risk = doubt_risk(account, [won], [], date(2027, 4, 17), PB)
        assert risk is not None
        points = {f.code: f.points for f in risk.factors}
        exact = {f.code: f.exact for f in risk.factors}
        assert points["win"] == 4 and exact["win"] == Fraction(43, 9)  # 4 7/9: shown 4
        assert all(points[c] == exact[c] // 1 for c in exact if c != "fractions")
        assert sum(points.values()) == risk.score == round(sum(exact.values()))
        assert points["fractions"] == 2 and exact["fractions"] == 0  # exact: in the others


class TestNotValue:
    @pytest.mark.parametrize(
        ("value", "tier", "clv"),
        [(None, None, None), (1.0, "C", 0.0), (5e6, "A", 1e9), (20_000.0, "B", None)],
    )
    def test_value_tier_and_clv_never_change_it(self, value, tier, clv) -> None:
        def scored(**kw):
            order = won("2026-11-02", decision="narrow", value=kw.pop("value", None))
            return risk(
                "2026-11-27",
                order,
                hurdles=(hurdle("2026-11-24"),),
                mood="doubt",
                mood_on="2026-11-20",
                **kw,
            )

        assert scored(value=value, tier=tier, clv=clv) == scored()


@pytest.mark.parametrize(
    ("on", "words"),
    [
        (date(2027, 3, 25), "due today"),
        (date(2027, 3, 26), "2027-03-25"),  # Good Friday
        (date(2027, 3, 29), "2027-03-25"),  # Easter Monday
        (date(2027, 3, 30), "2027-03-25, 1 working day late"),
    ],
)
def test_a_call_factor_says_due_today_only_on_its_due_day(on, words):
    from nasales.output.sentences import factor

    order = OrderFacts("N-2", "Twee", "won", date(2027, 3, 24))  # confirm due Thu 25 March
    risk = doubt_risk(AccountFacts("Twee"), [order], [], on, PB)
    assert risk is not None
    (confirm,) = [f for f in risk.factors if f.code == "confirm"]
    assert factor(confirm, on) == f"the call to confirm the choice of N-2 is not made ({words})"
