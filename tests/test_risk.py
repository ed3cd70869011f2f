"""The doubt risk (PRODUCT.md §3, the factor table in src/nasales/domain/risk.py): every factor
at its edges, then the consistency rules as properties over random accounts.

Dates: 2026-11-24 Tue, 2026-11-28/29 a weekend, 2026-04-27 Mon King's Day."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from nasales.domain.facts import AccountFacts, HurdleFacts, OrderFacts
from nasales.domain.risk import Risk, doubt_risk
from nasales.domain.workdays import WorkingDays

WD = WorkingDays()
MOODS = (None, "positive", "neutral", "doubt", "negative")


def d(text: str) -> date:
    return date.fromisoformat(text)


def risk(
    today: str,
    *orders: OrderFacts,
    hurdles: tuple[HurdleFacts, ...] = (),
    contact: str | None = None,
    mood: str | None = None,
    **kw,
) -> Risk | None:
    acme = AccountFacts(
        "Acme", last_personal_contact=d(contact) if contact else None, mood=mood, **kw
    )
    return doubt_risk(acme, list(orders), list(hurdles), d(today), WD)


def points(found: Risk | None) -> dict[str, int]:
    """The factors by code; several problems are listed under problem, problem2, …"""
    assert found is not None
    result: dict[str, int] = {}
    for f in found.factors:
        code = f.code
        n = 1
        while code in result:
            n += 1
            code = f"{f.code}{n}"
        result[code] = f.points
    assert found.score == min(100, sum(result.values()))
    return result


def won(signed: str = "2026-01-05", ref: str = "W-1", **kw) -> OrderFacts:
    for field in ("delivered_on", "last_agreement"):
        if isinstance(kw.get(field), str):
            kw[field] = d(kw[field])
    return OrderFacts(ref, "Acme", "won", d(signed), **kw)


def lost(signed: str = "2026-01-05", ref: str = "L-1", **kw) -> OrderFacts:
    return OrderFacts(ref, "Acme", "lost", d(signed), **kw)


def hurdle(raised: str, id: int = 1, resolved: str | None = None) -> HurdleFacts:
    return HurdleFacts(id, "W-1", "Acme", d(raised), "late part", d(resolved) if resolved else None)


# settled: won long ago and delivered, so only the factor under test scores
SETTLED = won("2025-01-06", delivered_on="2025-02-03")


class TestNoRisk:
    def test_an_account_whose_orders_are_all_lost_has_none(self) -> None:
        assert risk("2026-11-27", lost(), lost("2026-11-20", "L-2", decision="narrow")) is None

    def test_an_account_without_orders_has_none(self) -> None:
        assert risk("2026-11-27", mood="negative") is None

    def test_a_win_dated_after_today_does_not_count_yet(self) -> None:
        assert risk("2026-11-27", lost(), won("2026-11-28")) is None
        assert risk("2026-11-28", lost(), won("2026-11-28")) is not None

    def test_a_settled_calm_customer_scores_0(self) -> None:
        found = risk("2026-11-27", SETTLED)
        assert found is not None and (found.score, found.factors) == (0, ())


class TestProblem:
    """20 points on the day it falls due, +5 each working day nobody calls, without end (the
    score stops at 100): silence while a problem waits is when doubt grows."""

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            ("2026-11-24", 20),  # raised and due Tue 24
            ("2026-11-25", 25),
            ("2026-11-26", 30),
            ("2026-11-27", 35),
            ("2026-11-28", 35),  # the weekend does not count
            ("2026-11-29", 35),
            ("2026-11-30", 40),
            ("2026-12-01", 45),  # still growing
            ("2026-12-16", 100),  # 16 working days: the problem alone fills the score
        ],
    )
    def test_grows_per_working_day_nobody_calls(self, today: str, expected: int) -> None:
        assert points(risk(today, SETTLED, hurdles=(hurdle("2026-11-24"),)))["problem"] == expected

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
        assert points(risk(today, SETTLED, hurdles=(hurdle(raised),)))["problem"] == expected

    def test_a_contact_on_the_day_it_was_raised_takes_it_away(self) -> None:
        found = risk("2026-11-27", SETTLED, hurdles=(hurdle("2026-11-24"),), contact="2026-11-24")
        assert found is not None and found.score == 0

    def test_a_contact_the_day_before_does_not(self) -> None:
        found = risk("2026-11-27", SETTLED, hurdles=(hurdle("2026-11-24"),), contact="2026-11-23")
        assert points(found) == {"problem": 35}

    def test_solved_silently_it_keeps_counting(self) -> None:
        silent = risk("2026-11-27", SETTLED, hurdles=(hurdle("2026-11-24", resolved="2026-11-25"),))
        assert points(silent) == {"problem": 35}
        assert silent is not None and silent.factors[0].detail["solved"] is True
        later = risk("2026-11-30", SETTLED, hurdles=(hurdle("2026-11-24", resolved="2026-11-25"),))
        assert points(later) == {"problem": 40}
        assert points(
            risk("2026-12-01", SETTLED, hurdles=(hurdle("2026-11-24", resolved="2026-11-25"),))
        ) == {"problem": 45}

    def test_a_problem_raised_after_today_does_not_count(self) -> None:
        found = risk("2026-11-23", SETTLED, hurdles=(hurdle("2026-11-24"),))
        assert found is not None and found.score == 0

    def test_each_problem_counts_only_those_after_the_last_contact(self) -> None:
        problems = (hurdle("2026-11-16", 1), hurdle("2026-11-24", 2), hurdle("2026-11-26", 3))
        found = risk("2026-11-27", SETTLED, hurdles=problems, contact="2026-11-20")
        assert points(found) == {"problem": 35, "problem2": 25}

    def test_the_score_is_capped_at_100(self) -> None:
        problems = tuple(hurdle("2026-11-02", n) for n in range(1, 4))  # 3 x (20 + 5 x 19)
        found = risk("2026-11-27", SETTLED, hurdles=problems)
        assert found is not None and found.score == 100
        assert sum(f.points for f in found.factors) == 345  # every factor still explained


class TestSilence:
    """Days since the last personal contact (or the win) while an order is in delivery: up to
    20, reached at 30 days."""

    def silence(self, today: str, contact: str | None = None, **kw) -> int:
        return points(risk(today, won("2026-11-02", **kw), contact=contact)).get("silence", 0)

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            ("2026-11-02", 0),  # the day of the win
            ("2026-11-03", 1),  # 20 x 1/30
            ("2026-11-17", 10),  # 15 days
            ("2026-12-02", 20),  # 30 days: the most
            ("2027-03-01", 20),
        ],
    )
    def test_from_the_win(self, today: str, expected: int) -> None:
        assert self.silence(today) == expected

    def test_from_the_last_personal_contact(self) -> None:
        assert self.silence("2026-11-27", contact="2026-11-27") == 0
        assert self.silence("2026-11-27", contact="2026-11-12") == 10
        assert self.silence("2026-11-17", contact="2026-10-01") == 10  # before the win: the win

    def test_only_while_in_delivery(self) -> None:
        assert self.silence("2026-11-27", delivered_on="2026-11-27") == 0
        assert (
            self.silence("2026-11-27", delivered_on="2026-11-28") == 17
        )  # 25 days: not yet delivered

    def test_counts_from_the_earliest_order_in_delivery(self) -> None:
        found = risk("2026-11-17", won("2026-11-02"), won("2026-11-16", "W-2"))
        assert points(found)["silence"] == 10


class TestAgreement:
    """Days since an order in delivery was last agreed (or won): up to 15, at 30 days."""

    def wait(self, today: str, *orders: OrderFacts) -> int:
        return points(risk(today, *orders)).get("agreement", 0)

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            ("2026-11-02", 0),
            ("2026-11-04", 1),  # 2 days
            ("2026-11-12", 5),  # 10 days
            ("2026-12-02", 15),  # 30 days: the most
            ("2027-06-01", 15),
        ],
    )
    def test_from_the_win(self, today: str, expected: int) -> None:
        assert self.wait(today, won("2026-11-02")) == expected

    def test_from_the_last_agreement(self) -> None:
        assert self.wait("2026-12-02", won("2026-11-02", last_agreement="2026-12-02")) == 0
        assert self.wait("2026-12-02", won("2026-11-02", last_agreement="2026-11-22")) == 5
        assert self.wait("2026-11-12", won("2026-11-02", last_agreement="2026-10-01")) == 5

    def test_the_order_waiting_longest_counts(self) -> None:
        orders = (won("2026-11-02", last_agreement="2026-11-30"), won("2026-11-12", "W-2"))
        assert self.wait("2026-12-02", *orders) == 10  # W-2: 20 days

    def test_only_while_in_delivery(self) -> None:
        assert self.wait("2026-12-02", won("2026-11-02", delivered_on="2026-11-20")) == 0


class TestWin:
    """The first weeks after a win: 15 on the day, fading to 0 at 90 days."""

    def win(self, today: str, *orders: OrderFacts) -> int:
        return points(risk(today, *orders)).get("win", 0)

    @pytest.mark.parametrize(
        ("age", "expected"), [(0, 15), (1, 15), (30, 10), (45, 7), (60, 5), (84, 1), (90, 0)]
    )
    def test_fades(self, age: int, expected: int) -> None:
        signed = won("2026-01-05", delivered_on="2026-01-05")
        today = (d("2026-01-05") + timedelta(days=age)).isoformat()
        assert self.win(today, signed) == expected

    def test_never_grows_and_is_gone_from_90_days(self) -> None:
        signed = won("2026-01-05", delivered_on="2026-01-05")
        found = [
            self.win((d("2026-01-05") + timedelta(days=n)).isoformat(), signed) for n in range(200)
        ]
        assert found == sorted(found, reverse=True)
        assert set(found[90:]) == {0}

    def test_the_latest_win_counts_and_a_loss_is_no_win(self) -> None:
        orders = (
            won("2026-01-05", delivered_on="2026-01-05"),
            won("2026-03-06", "W-2", delivered_on="2026-03-06"),
            lost("2026-04-01"),
        )
        assert self.win("2026-04-05", *orders) == 10  # W-2, 30 days ago


class TestNarrow:
    """10 for a narrow decision on an order won in the last 90 days or still in delivery."""

    def narrow(self, today: str, *orders: OrderFacts) -> int:
        return points(risk(today, *orders)).get("narrow", 0)

    def test_recent_or_in_delivery(self) -> None:
        delivered = won("2026-01-05", delivered_on="2026-01-20", decision="narrow")
        assert self.narrow("2026-04-05", delivered) == 10  # 90 days
        assert self.narrow("2026-04-06", delivered) == 0  # 91 days, delivered
        waiting = won("2026-01-05", decision="narrow")
        assert self.narrow("2026-12-31", waiting) == 10  # still in delivery

    def test_only_a_narrow_won_order(self) -> None:
        assert self.narrow("2026-01-06", won("2026-01-05", decision="clear")) == 0
        assert self.narrow("2026-01-06", won("2026-01-05")) == 0
        assert self.narrow("2026-01-06", won("2026-01-05"), lost(decision="narrow")) == 0

    def test_counts_once(self) -> None:
        orders = (won("2026-01-05", decision="narrow"), won("2026-01-05", "W-2", decision="narrow"))
        assert self.narrow("2026-01-06", *orders) == 10


class TestMood:
    """The mood the store hands over (after the latest agreement): doubt 10, negative 15."""

    @pytest.mark.parametrize(
        ("mood", "expected"),
        [("doubt", 10), ("negative", 15), ("positive", 0), ("neutral", 0), (None, 0)],
    )
    def test_points(self, mood: str | None, expected: int) -> None:
        assert points(risk("2026-11-27", SETTLED, mood=mood)).get("mood", 0) == expected


class TestNotValue:
    @pytest.mark.parametrize(
        ("value", "tier", "clv"),
        [(None, None, None), (1.0, "C", 0.0), (5e6, "A", 1e9), (20_000.0, "B", None)],
    )
    def test_value_tier_and_clv_never_change_it(self, value, tier, clv) -> None:
        def scored(**kw):
            order = won("2026-11-02", decision="narrow", value=kw.pop("value", None))
            return risk("2026-11-27", order, hurdles=(hurdle("2026-11-24"),), mood="doubt", **kw)

        assert scored(value=value, tier=tier, clv=clv) == scored()


# -- the consistency rules, over random accounts ------------------------------------------


@st.composite
def accounts(draw: st.DrawFn) -> tuple[AccountFacts, list[OrderFacts], list[HurdleFacts], date]:
    """An account with at least one won order as of `today`, and its problems."""
    today = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))

    def back(limit: int) -> date:
        return today - timedelta(days=draw(st.integers(0, limit)))

    def maybe(value):
        return value if draw(st.booleans()) else None

    orders = []
    for n in range(draw(st.integers(1, 3))):
        signed = back(300)
        status = "won" if n == 0 else draw(st.sampled_from(("won", "lost")))
        delivered = maybe(signed + timedelta(days=draw(st.integers(0, 200))))
        agreed = maybe(signed + timedelta(days=draw(st.integers(-20, 300))))
        orders.append(
            OrderFacts(
                f"O-{n}",
                "Acme",
                status,
                signed,
                value=draw(st.sampled_from((None, 0.0, 15_000.0, 250_000.0))),
                delivered_on=delivered if status == "won" else None,
                decision=draw(st.sampled_from((None, "clear", "narrow"))),
                last_agreement=min(agreed, today) if agreed and status == "won" else None,
            )
        )
    hurdles = []
    for n in range(draw(st.integers(0, 3))):
        raised = back(120)
        resolved = maybe(raised + timedelta(days=draw(st.integers(0, 30))))
        hurdles.append(HurdleFacts(n, "O-0", "Acme", raised, "late", resolved))
    acme = AccountFacts(
        "Acme",
        tier=draw(st.sampled_from((None, "A", "B", "C"))),
        last_personal_contact=maybe(back(400)),
        mood=draw(st.sampled_from(MOODS)),
        clv=draw(st.sampled_from((None, 0.0, 1e6))),
    )
    return acme, orders, hurdles, today


def score(acme, orders, hurdles, today) -> int:
    found = doubt_risk(acme, orders, hurdles, today, WD)
    assert found is not None
    assert 0 <= found.score <= 100
    assert found.score == min(100, sum(f.points for f in found.factors))
    assert all(f.points > 0 for f in found.factors)
    return found.score


PROPERTIES = settings(max_examples=150, deadline=None)


@PROPERTIES
@given(accounts(), st.integers(0, 60))
def test_property_an_undiscussed_problem_adds_at_least_20(case, ago: int) -> None:
    acme, orders, hurdles, today = case
    raised = today - timedelta(days=ago)
    last = acme.last_personal_contact
    assume(last is None or last < raised)  # nobody has called since it was raised
    before = score(acme, orders, hurdles, today)
    new = HurdleFacts(99, "O-0", "Acme", raised, "new", None)
    assert score(acme, orders, [*hurdles, new], today) >= min(100, before + 20)


# the closest call: a problem at its first 20 points, a calm settled customer turning negative
CALM = AccountFacts("Acme")
CLOSEST = (CALM, [SETTLED], [HurdleFacts(1, "W-1", "Acme", d("2026-11-24"))], d("2026-11-24"))


@PROPERTIES
@given(accounts(), st.integers(0, 60), st.sampled_from(MOODS))
@example(CLOSEST, 0, "negative")
def test_property_a_personal_contact_after_a_problem_lowers_it(case, after: int, mood) -> None:
    acme, orders, hurdles, today = case
    last = acme.last_personal_contact
    counted = [h for h in hurdles if last is None or last < h.raised_on]
    assume(counted)
    call = min(today, counted[0].raised_on + timedelta(days=after))
    before = score(acme, orders, hurdles, today)
    # the call may bring a mood of its own, or leave the latest one as it was
    called = replace(acme, last_personal_contact=call, mood=mood)
    now = score(called, orders, hurdles, today)
    assert now <= before
    if before < 100:
        assert now < before


@PROPERTIES
@given(accounts(), st.integers(-30, 300), st.booleans(), st.booleans())
def test_property_an_agreement_never_raises_it(case, day: int, loose: bool, dissolves: bool):
    acme, orders, hurdles, today = case
    agreed = min(today, orders[0].signed_on + timedelta(days=day))
    last = acme.last_personal_contact
    agreement = replace(
        acme,
        last_personal_contact=max(last, agreed) if last else agreed,
        mood=None if dissolves else acme.mood,  # doubt logged before it is dissolved
    )
    linked = [
        replace(o, last_agreement=max(o.last_agreement or agreed, agreed))
        if o.status == "won" and (loose or o.ref == "O-0")
        else o
        for o in orders
    ]
    assert score(agreement, linked, hurdles, today) <= score(acme, orders, hurdles, today)


@PROPERTIES
@given(accounts(), st.data())
def test_property_value_tier_and_clv_are_not_in_it(case, data) -> None:
    acme, orders, hurdles, today = case
    other = replace(
        acme,
        tier=data.draw(st.sampled_from((None, "A", "B", "C"))),
        clv=data.draw(st.sampled_from((None, 0.0, 1e9))),
    )
    revalued = [replace(o, value=data.draw(st.sampled_from((None, 1.0, 1e9)))) for o in orders]
    assert doubt_risk(other, revalued, hurdles, today, WD) == doubt_risk(
        acme, orders, hurdles, today, WD
    )


@PROPERTIES
@given(accounts(), st.integers(0, 30))
def test_property_a_problem_solved_without_a_call_keeps_counting(case, later: int) -> None:
    acme, orders, hurdles, today = case
    solved = [
        replace(h, resolved_on=min(today, h.raised_on + timedelta(days=later))) for h in hurdles
    ]
    assert doubt_risk(acme, orders, solved, today, WD).score == score(  # type: ignore[union-attr]
        acme, orders, hurdles, today
    )


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(2025, 3, 1), max_value=date(2027, 12, 31)), st.integers(0, 30))
def test_property_a_problem_grows_5_per_working_day(raised: date, days: int) -> None:
    today = raised + timedelta(days=days)
    due = WD.next_wd(raised)
    found = risk(today.isoformat(), SETTLED, hurdles=(HurdleFacts(1, "W-1", "Acme", raised),))
    assert points(found)["problem"] == 20 + 5 * WD.between(due, today)
