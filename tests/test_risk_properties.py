"""The doubt risk and the list tell one story (PRODUCT.md §3 "Round 3"): each property of §3,
and each consistency rule, over random histories (tests/history.py: several orders on one
account, deliveries, every kind of touchpoint with moods, problems solved or said not to be
discussed, proposals, snoozes and hand-offs, on weekends and holidays), on random days.

The facts of a day are read from a history as PRODUCT.md §3 says (`facts_at`); the first
test holds that reading to the store's SQL, so the rest speak for the real thing."""

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from history import History, Problem, Touch, account_of, facts_at, histories
from nasales.domain.calls import account_risks, calls
from nasales.domain.facts import OrderFacts, in_aftercare
from nasales.domain.playbook import Playbook
from nasales.domain.review import Period, due_date, hurdle_outcome, windows
from nasales.domain.risk import CALLS, DOUBTFUL, QUIET, QUIET_MOST, Risk
from nasales.store.customers import add_account
from nasales.store.db import transaction
from nasales.store.facts import Scope, load_book
from nasales.store.followup import log_touchpoint
from nasales.store.orders import (
    add_hurdle,
    add_order,
    add_proposal,
    answer_proposal,
    deliver_order,
    resolve_hurdle,
)
from nasales.store.review import followups

pytestmark = pytest.mark.slow  # big property runs over random histories

PB = Playbook()
WD = PB.days
PROPERTY = settings(max_examples=200, deadline=None)
DAY = st.integers(0, 260)


def risk(h: History, account: str, today: date) -> Risk | None:
    return account_risks(facts_at(h, today), {account}, today, PB)[account]


def score(found: Risk | None) -> int:
    return found.score if found else 0


def total(found: Risk | None) -> int:
    """What the factors add up to (the score before it is capped or held)."""
    if found is None:
        return 0
    return found.total if found.total is not None else found.score


def won_accounts(h: History, today: date) -> list[str]:
    return sorted({o.account for o in h.orders if o.status == "won" and o.signed_on <= today})


def silence_counts(h: History, account: str, today: date) -> bool:
    """An order of the account in aftercare (the win to the after-delivery check), or its
    latest mood doubtful: then silence is counted."""
    book = facts_at(h, today)
    facts = book.accounts[account]
    if any(in_aftercare(o, facts, today) for o in book.orders if o.account == account):
        return True
    dissolved = any(
        o.account == account and o.status == "won" and facts.mood_on < o.signed_on <= today
        for o in book.orders
        if facts.mood_on is not None
    )
    return facts.mood in DOUBTFUL and not dissolved


# -- the reading of the facts is the store's ----------------------------------------------


def write(h: History, path: str) -> None:
    """The history through the store's own functions, in the order it was logged."""
    with transaction(path, write=True) as db:
        for name in h.accounts:
            add_account(db, name)
        for o in h.orders:
            add_order(db, o.account, o.title, o.status, o.signed_on, o.ref, o.value, o.decision)
            if o.delivered_on:
                deliver_order(db, o.ref, o.delivered_on)
        for t in h.touches:
            log_touchpoint(db, t.account, t.kind, t.on, t.order, None, "", t.mood)
        for p in h.problems:
            hurdle = add_hurdle(db, p.order, "late part", p.raised)
            if p.resolved:
                resolve_hurdle(db, hurdle.id, p.resolved)
            if p.after is not None:  # the touches logged before it (ids 1..after)
                db.execute(
                    "UPDATE hurdle SET discussed_after = :n WHERE id = :id",
                    {"n": p.after, "id": hurdle.id},
                )
        for q in h.proposals:
            add_proposal(db, q.order, q.text, q.sent_on, None)
            if q.agreed_on or q.declined_on:
                answered = q.agreed_on or q.declined_on
                answer_proposal(db, q.id, q.agreed_on is not None, answered)  # type: ignore[arg-type]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(histories(), DAY, st.integers(0, 20))
def test_property_the_facts_are_the_stores(tmp_path_factory, case, offset: int, ahead: int):
    h, start = case
    today = start + timedelta(days=offset)
    until = today + timedelta(days=ahead)
    path = str(tmp_path_factory.mktemp("history") / "h.db")
    write(h, path)
    with transaction(path, write=False) as db:
        stored = load_book(db, today, until=until)
    model = facts_at(h, today, until)
    assert stored.accounts == model.accounts
    assert sorted(stored.orders, key=lambda o: o.ref) == sorted(model.orders, key=lambda o: o.ref)
    read = {x.id: x for x in model.hurdles}
    for hurdle in stored.hurdles:  # the store leaves out what no rule needs
        assert hurdle == read.pop(hurdle.id)
    for left in read.values():  # those: discussed, and solved by today
        assert left.discussed(model.accounts[left.account])
        assert left.resolved_on is not None and left.resolved_on <= today
    proposals = {p.id: p for p in model.proposals}
    assert all(replace(p, text="start-up plan") == proposals[p.id] for p in stored.proposals)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(histories(), DAY)
def test_property_the_review_judges_a_problem_as_the_list_does(tmp_path_factory, case, offset):
    """`review` counts a problem on time only when the customer had heard of it by its due
    day as the list reads it (a problem said not to be discussed waits for a later contact),
    and silent when they had not by the day it was solved (§8)."""
    h, start = case
    today = start + timedelta(days=offset)
    path = str(tmp_path_factory.mktemp("history") / "h.db")
    write(h, path)
    period = Period(today, 52)
    with transaction(path, write=False) as db:
        found = followups(db, period, windows(PB, period), Scope())
    problems = {p.id: p for p in h.problems}

    def heard(p: Problem, day: date) -> bool:
        book = facts_at(h, day)
        (hurdle,) = (x for x in book.hurdles if x.id == p.id)
        return hurdle.discussed(book.accounts[hurdle.account])

    for f in found:
        if f.reason != "hurdle":
            continue
        p = problems[int(f.key.split(":")[1])]
        due = due_date(PB, "hurdle", p.raised)
        if heard(p, min(due, today)):
            expected = "on_time"
        elif p.resolved is not None and p.resolved <= today and not heard(p, p.resolved):
            expected = "silent"
        else:
            expected = "late" if heard(p, today) else "open"
        assert hurdle_outcome(due, f.first_contact, f.resolved_on) == expected


# -- every point names its call, and that call is on the list -----------------------------


@PROPERTY
@given(histories(), DAY)
def test_property_50_or_more_names_a_call_on_the_list(case, offset: int) -> None:
    h, start = case
    today = start + timedelta(days=offset)
    book = facts_at(h, today)
    due = PB.due_items(replace(book, snoozes={}), today)  # unless the user snoozed it
    for account in won_accounts(h, today):
        found = risk(h, account, today)
        if score(found) >= 50:
            mine = {i.reason for i in due if i.account == account}
            assert mine & {"hurdle", "confirm", "post_delivery"}, (account, found)


# a year in delivery, called on the day of the win, worried since: quiet doubt at its most
FULL = History(
    (OrderFacts("O-0", "Acme", "won", date(2026, 1, 5), decision="narrow"),),
    (
        Touch("Acme", "call", date(2026, 1, 5)),
        Touch("Acme", "email", date(2026, 12, 1), None, "negative"),
    ),
)


@PROPERTY
@given(histories(), st.integers(0, 400))
@example((FULL, date(2026, 1, 5)), 340)
def test_property_quiet_doubt_stays_below_50(case, offset: int) -> None:
    h, start = case
    today = start + timedelta(days=offset)
    for account in won_accounts(h, today):
        found = risk(h, account, today)
        assert found is not None
        quiet = [f for f in found.factors if f.code in QUIET]
        assert sum(f.exact for f in quiet) <= 45 == QUIET_MOST  # the table's number
        assert sum(f.points for f in quiet) < 50
        if not any(f.code in CALLS for f in found.factors):
            assert found.score < 50
        for f in found.factors:
            if f.code in CALLS:
                assert f.detail["key"]  # each names its item


# -- silence never lowers doubt -------------------------------------------------------------


def edges(h: History, start: date, offset: int) -> set[date]:
    """Days on which a factor starts, stops or turns: around each delivery, win, problem and
    mood, the ends of the fresh win and of a mood, and one day drawn at random."""
    days = {start + timedelta(days=offset)}
    for o in h.orders:
        days |= {o.signed_on, o.signed_on + timedelta(days=89)}
        if o.delivered_on:
            days |= {o.delivered_on + timedelta(days=n) for n in (-1, 0, 1, 2, 3)}
    for p in h.problems:
        days |= {p.raised, p.raised + timedelta(days=3), *((p.resolved,) if p.resolved else ())}
    for t in h.touches:
        days |= {t.on, t.on + timedelta(days=88), t.on + timedelta(days=89)}
    return {d - timedelta(days=1) for d in days}  # the day before each


@PROPERTY
@given(histories(), DAY)
def test_property_with_nothing_logged_the_risk_never_falls(case, offset: int) -> None:
    h, start = case
    for today in sorted(edges(h, start, offset)):
        tomorrow = today + timedelta(days=1)
        for account in won_accounts(h, today):
            if h.touched_on(account, tomorrow) or any(
                o.account == account and o.status == "won" and o.signed_on == tomorrow
                for o in h.orders
            ):
                continue  # something logged: it may dissolve doubt
            before, after = risk(h, account, today), risk(h, account, tomorrow)
            if score(after) < score(before):
                assert not silence_counts(h, account, today), (today, account, before, after)


@PROPERTY
@given(histories(), DAY)
def test_property_a_factor_shows_points_that_move_as_its_quantity(case, offset: int) -> None:
    """From one day to the next, a factor whose exact points grow never shows fewer whole
    points, one that fades never more, one that stays the same the same ("won an order"
    read +5, +4, +5 on three days while it only faded); the lines add up to the score."""
    h, start = case
    days = [start + timedelta(days=offset + n) for n in range(8)]
    for account in won_accounts(h, days[0]):
        shown = []
        for today in days:
            found = risk(h, account, today)
            assert found is not None
            assert sum(f.points for f in found.factors) == total(found)
            shown.append({(f.code, f.detail.get("key")): f for f in found.factors})
        for before, after in pairwise(shown):
            for name in (before.keys() & after.keys()) - {("fractions", None)}:
                moved = after[name].units - before[name].units
                points = after[name].points - before[name].points
                assert points * moved >= 0 and (moved != 0 or points == 0), (name, before, after)


def quiet_from(h: History, account: str, last: date, days: int) -> History:
    """The history with a call on `last` and nothing logged by the account for `days` after
    it: no touchpoints, no wins (a win dissolves doubt), no proposals on them."""
    end = last + timedelta(days=days)
    gone = {o.ref for o in h.orders if o.account == account and last < o.signed_on <= end}
    return replace(
        h,
        orders=tuple(o for o in h.orders if o.ref not in gone),
        touches=(
            *(
                t if not (t.account == account and last < t.on <= end) else replace(t, on=last)
                for t in h.touches
            ),
            Touch(account, "call", last),
        ),
        problems=tuple(p for p in h.problems if p.order not in gone),
        proposals=tuple(p for p in h.proposals if p.order not in gone),
    )


@PROPERTY
@given(histories(), st.data())
def test_property_90_days_of_silence_score_more_than_30(case, data) -> None:
    h, _start = case
    won = [o for o in h.orders if o.status == "won"]
    o = data.draw(st.sampled_from(won))
    room = (o.delivered_on - o.signed_on).days - 31 if o.delivered_on else 120
    assume(room >= 0)
    last = o.signed_on + timedelta(days=data.draw(st.integers(0, room)))
    quiet = quiet_from(h, o.account, last, 90)  # in delivery at least until last + 30
    thirty, ninety = last + timedelta(days=30), last + timedelta(days=90)
    assert silence_counts(quiet, o.account, thirty)
    before, after = risk(quiet, o.account, thirty), risk(quiet, o.account, ninety)
    assert score(after) > score(before) or score(before) == 100, (before, after)


@PROPERTY
@given(histories(), st.data())
def test_property_never_contacted_scores_more_than_called_and_agreed(case, data) -> None:
    h, _start = case
    o = data.draw(st.sampled_from([o for o in h.orders if o.status == "won"]))
    never = replace(
        h,
        touches=tuple(
            t
            for t in h.touches
            if not (t.account == o.account and t.kind in ("call", "visit", "meeting", "agreement"))
        ),
    )
    today = o.signed_on + timedelta(days=data.draw(st.integers(0, 200)))
    call = o.signed_on + timedelta(days=data.draw(st.integers(0, (today - o.signed_on).days)))
    agreed = call + timedelta(days=data.draw(st.integers(0, (today - call).days)))
    mood = data.draw(st.sampled_from((None, "positive", "doubt", "negative")))
    linked = data.draw(st.sampled_from((None, o.ref)))
    called = never.logged(
        Touch(o.account, "call", call, o.ref, mood), Touch(o.account, "agreement", agreed, linked)
    )
    before, after = risk(never, o.account, today), risk(called, o.account, today)
    assert score(after) <= score(before)
    if WD.add_wd(o.signed_on, 1) <= today and score(before) < 100:  # the confirm call is due
        assert score(after) < score(before), (before, after)


@PROPERTY
@given(histories(), st.data())
def test_property_a_missed_confirmation_call_adds_10_growing_and_the_call_removes_them(
    case, data
) -> None:
    h, _start = case
    o = data.draw(st.sampled_from([o for o in h.orders if o.status == "won"]))
    due = WD.add_wd(o.signed_on, 1)
    today = due + timedelta(days=data.draw(st.integers(0, 120)))
    never = replace(
        h,
        touches=tuple(t for t in h.touches if not (t.account == o.account and t.on >= o.signed_on)),
    )
    found = risk(never, o.account, today)
    assert found is not None
    (confirm,) = [f for f in found.factors if f.code == "confirm" and f.detail["order"] == o.ref]
    assert confirm.exact == 10 + 3 * WD.between(due, today) >= 10
    called = risk(never.logged(Touch(o.account, "call", today)), o.account, today)
    assert called is not None and not any(f.code == "confirm" for f in called.factors)


# -- moods and wins -------------------------------------------------------------------------


@PROPERTY
@given(histories(), DAY, st.integers(80, 100))
def test_property_a_mood_counts_90_days_and_a_later_win_dissolves_it(case, offset, age) -> None:
    h, start = case
    moods = [t.on for t in h.touches if t.mood in DOUBTFUL]
    days = {start + timedelta(days=offset), *(on + timedelta(days=age) for on in moods)}
    for today in days:
        moods_and_wins_on(h, today)


def moods_and_wins_on(h: History, today: date) -> None:
    for account in won_accounts(h, today):
        found = risk(h, account, today)
        facts = facts_at(h, today).accounts[account]
        for f in found.factors if found else ():
            if f.code == "mood":
                assert facts.mood_on is not None and (today - facts.mood_on).days < 90
                assert not any(
                    o.account == account and o.status == "won"
                    for o in h.orders
                    if facts.mood_on < o.signed_on <= today
                )


@PROPERTY
@given(histories(), st.data())
def test_property_a_win_while_one_is_fresh_restarts_nothing(case, data) -> None:
    h, _start = case
    o = data.draw(st.sampled_from([o for o in h.orders if o.status == "won"]))
    spare_on = o.signed_on + timedelta(days=data.draw(st.integers(0, 89)))
    found = risk(h, o.account, spare_on)
    clock = [f for f in found.factors if f.code == "win"] if found else []
    assume(clock and clock[0].detail["days"] < 90)  # the fresh-win clock runs on that day
    spare = replace(o, ref="SPARE", signed_on=spare_on, value=45.0, delivered_on=spare_on)
    with_spare = replace(h, orders=(*h.orders, spare))
    for later in range(0, 100, 7):
        day = spare_on + timedelta(days=later)
        wins = [
            [(f.exact, f.detail["days"]) for f in r.factors if f.code == "win"]
            for r in (risk(h, o.account, day), risk(with_spare, o.account, day))
            if r is not None
        ]
        if wins[0] and wins[1]:
            assert wins[0] == wins[1]
        else:  # a fraction of a point may be shown as none, beside other fractions
            assert all(exact < 1 for exact, _days in wins[0] + wins[1])


# -- the consistency rules ------------------------------------------------------------------


@PROPERTY
@given(histories(), st.data())
def test_property_an_undiscussed_problem_adds_at_least_20(case, data) -> None:
    h, start = case
    today = start + timedelta(days=data.draw(DAY))
    accounts = won_accounts(h, today)
    assume(accounts)
    account = data.draw(st.sampled_from(accounts))
    o = data.draw(st.sampled_from([o for o in h.orders if o.account == account]))
    last = facts_at(h, today).accounts[account].last_personal_contact
    first = max(o.signed_on, last + timedelta(days=1) if last else o.signed_on)
    assume(first <= today)
    raised = first + timedelta(days=data.draw(st.integers(0, (today - first).days)))
    before = risk(h, account, today)
    new = Problem(99, o.ref, raised)
    after = risk(replace(h, problems=(*h.problems, new)), account, today)
    assert total(after) >= total(before) + 20
    if after is not None and after.held_until is None:
        assert score(after) >= min(100, score(before) + 20)
    else:  # a problem raised on a weekend or holiday: held below 50 until its call is due
        assert after is not None and after.score == 49 and after.held_until == WD.next_wd(raised)


@PROPERTY
@given(histories(), DAY, st.data())
def test_property_a_call_about_a_problem_lowers_it(case, offset, data) -> None:
    h, start = case
    today = start + timedelta(days=offset)
    book = facts_at(h, today)
    untold = [
        x
        for x in book.hurdles
        if x.raised_on <= today and not x.discussed(book.accounts[x.account])
    ]
    assume(untold)
    problem = data.draw(st.sampled_from(untold))
    since = (today - problem.raised_on).days
    call = today - timedelta(days=data.draw(st.sampled_from((0, 0, since // 2, since))))
    mood = data.draw(st.sampled_from((None, "positive", "doubt", "negative")))
    account = account_of(h, problem.order)
    before = risk(h, account, today)
    after = risk(h.logged(Touch(account, "call", call, problem.order, mood)), account, today)
    assert score(after) < score(before) or score(before) == score(after) == 100


@PROPERTY
@given(histories(), DAY, st.data())
def test_property_an_agreement_never_raises_it(case, offset, data) -> None:
    h, start = case
    today = start + timedelta(days=offset)
    accounts = won_accounts(h, today)
    assume(accounts)
    account = data.draw(st.sampled_from(accounts))
    mine = [o.ref for o in h.orders if o.account == account]
    agreed = start + timedelta(days=data.draw(st.integers(0, offset)))
    agreement = Touch(
        account,
        "agreement",
        agreed,
        data.draw(st.sampled_from((None, *mine))),
        data.draw(st.sampled_from((None, "positive", "neutral"))),
    )
    assert score(risk(h.logged(agreement), account, today)) <= score(risk(h, account, today))


@PROPERTY
@given(histories(), DAY, st.data())
def test_property_value_tier_and_clv_are_not_in_it(case, offset, data) -> None:
    h, start = case
    today = start + timedelta(days=offset)
    book = facts_at(h, today)
    other = replace(
        book,
        accounts={
            n: replace(a, tier=data.draw(st.sampled_from((None, "A", "C"))), clv=1e9)
            for n, a in book.accounts.items()
        },
        orders=tuple(
            replace(o, value=data.draw(st.sampled_from((None, 1.0)))) for o in book.orders
        ),
    )
    names = set(won_accounts(h, today))
    assert account_risks(other, names, today, PB) == account_risks(book, names, today, PB)


# -- one row, one day -----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(histories(), DAY, st.integers(1, 30))
def test_property_an_agenda_row_speaks_of_its_day(case, offset, days) -> None:
    """Each call of an agenda carries the risk its account will have on the call's day if
    nothing is logged meanwhile: the risk `show --on` that day gives, without the
    touchpoints logged after the agenda's first day."""
    h, start = case
    first = start + timedelta(days=offset)
    end = first + timedelta(days=days - 1)
    book = facts_at(h, first, until=end)
    items = PB.agenda(book, first, days)
    found = calls(items, book, {}, PB, first)
    for call in found:
        (day,) = {i.listed_on for i in call.items}
        assert day is not None and first <= day <= end
        assert all(i.overdue_days == WD.between(i.due, day) for i in call.items)  # late then
        expected = account_risks(facts_at(h, day, logged=first), {call.account}, day, PB)
        assert call.risk == expected[call.account]
