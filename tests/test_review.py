"""`review` and `pipeline` (PRODUCT.md §8): the counts at their edges, a scripted month
checked number by number, the filters, the formats, and the opportunities' life cycle.

Dates (NL): 2026-10-31 Sat; 2026-11-02 Mon; 2026-11-06 Fri; 2026-11-07 Sat; 2026-11-20 Fri;
2026-11-21 Sat; 2026-11-23 Mon; 2026-11-27 Fri; 2026-12-24 Thu; 2026-12-25 Fri (Christmas);
2026-12-26 Sat (Boxing Day); 2026-12-28 Mon.
"""

import json
import re
import shlex
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import realproc as rp
from nasales.cli import app
from nasales.domain.playbook import Playbook
from nasales.domain.review import (
    FollowUp,
    Need,
    Period,
    SentProposal,
    call_outcome,
    due_date,
    earliest_anchor,
    hurdle_outcome,
    windows,
)
from nasales.domain.review import review as count_review
from nasales.domain.tally import band_of, risk_summary

PB = Playbook()
T = "2026-11-27"


def d(text: str) -> date:
    return date.fromisoformat(text)


def review(cli, on=T, *extra):
    return json.loads(cli(["review", "--on", on, "--format", "json", *extra]).stdout)


def pipeline(cli, on=T, *extra):
    return json.loads(cli(["pipeline", "--on", on, "--format", "json", *extra]).stdout)


def calls(due=0, on_time=0, late=0, open=0):
    return {"due": due, "on_time": on_time, "late": late, "open": open}


def problems(raised=0, on_time=0, silent=0, late=0, open=0):
    return {"raised": raised, "on_time": on_time, "silent": silent, "late": late, "open": open}


def won(cli, account, ref, on, owner="eva"):
    cli(["account", "add", account, "--owner", owner])
    cli(["order", "won", account, f"Order {ref}", "--ref", ref, "--on", on])


# -- the pure rules ------------------------------------------------------------------------


def test_a_contact_on_the_due_day_is_on_time_the_day_after_late():
    due = d("2026-11-23")
    assert call_outcome(due, due) == "on_time"
    assert call_outcome(due, due + timedelta(days=1)) == "late"
    assert call_outcome(due, None) == "open"


def test_each_problem_in_exactly_one_outcome():
    raised = due = d("2026-11-23")
    after = due + timedelta(days=2)
    assert hurdle_outcome(due, raised, raised) == "on_time"  # called and solved the same day
    assert hurdle_outcome(due, after, after) == "late"  # solved the day it was called: not silent
    assert hurdle_outcome(due, after, due + timedelta(days=1)) == "silent"  # the call came later
    assert hurdle_outcome(due, None, due) == "silent"
    assert hurdle_outcome(due, after, None) == "late"
    assert hurdle_outcome(due, None, None) == "open"


def test_period_weeks_and_eve():
    p = Period(d(T), 4)
    assert p.start == d("2026-10-31")
    assert p.slices()[0] == (d("2026-10-31"), d("2026-11-06"))
    assert p.slices()[-1] == (d("2026-11-21"), d(T))
    assert [p.week(d(x)) for x in ("2026-10-30", "2026-10-31", "2026-11-07", T, "2026-11-28")] == [
        None,
        0,
        1,
        3,
        None,
    ]
    assert p.eve == d("2026-10-30")
    one = Period(d(T), 1)
    assert one.slices() == [(d("2026-11-21"), d(T))] and one.eve == d("2026-11-20")


def test_due_dates_are_the_playbooks():
    assert due_date(PB, "confirm", d("2026-12-24")) == d("2026-12-28")  # over Christmas
    assert due_date(PB, "post_delivery", d("2026-11-20")) == d("2026-11-24")
    assert due_date(PB, "hurdle", d("2026-12-25")) == d("2026-12-28")
    assert due_date(PB, "lost_followup", d("2026-11-07"), 1) == d("2026-11-23")


@settings(max_examples=40, deadline=None)
@given(start=st.dates(date(2025, 1, 1), date(2027, 12, 31)))
def test_the_store_looks_back_exactly_far_enough(start):
    """Every anchor from the window's first day on can fall due in the period; none before."""
    p = Period(start + timedelta(days=6), 1)
    w = windows(PB, p)
    for reason, first in (("confirm", w.signed_from), ("post_delivery", w.delivered_from)):
        assert due_date(PB, reason, first) >= start
        assert due_date(PB, reason, first - timedelta(days=1)) < start
    stage_firsts = [
        earliest_anchor(lambda x, n=n: due_date(PB, "lost_followup", x, n), start) for n in (1, 2)
    ]
    assert w.lost_from == min(stage_firsts)


def test_risk_bands_and_rising():
    assert [band_of(n) for n in (0, 24, 25, 49, 50, 74, 75, 100)] == [
        "0-24",
        "0-24",
        "25-49",
        "25-49",
        "50-74",
        "50-74",
        "75-100",
        "75-100",
    ]
    before = {"A": 10, "B": 40, "C": 30, "D": None, "E": 50}
    after = {"A": 30, "B": 45, "C": 20, "D": 25, "E": 70, "F": None}
    summary = risk_summary(before, after)
    assert summary.bands == {"0-24": 1, "25-49": 3, "50-74": 1, "75-100": 0}
    # rises: D 25 (a new customer, from nothing), E 20 to 70, A 20 to 30, B 5; C fell
    assert [(r.account, r.before, r.after) for r in summary.rising] == [
        ("D", None, 25),
        ("E", 50, 70),
        ("A", 10, 30),
        ("B", 40, 45),
    ]
    assert len(risk_summary({}, {str(n): n for n in range(10)}).rising) == 5


def _later(draw, day, days=40):
    """None, or a day from `day` on."""
    if draw(st.booleans()):
        return None
    return day + timedelta(days=draw(st.integers(0, days)))


@st.composite
def a_book_of_items(draw):
    """Follow-ups, proposals and needs with dates around a period of 1 to 8 weeks."""
    end = date(2026, 11, 27) + timedelta(days=draw(st.integers(0, 6)))
    period = Period(end, draw(st.integers(1, 8)))
    days = st.integers(-100, 7 * period.weeks + 5)

    def around():
        return period.start + timedelta(days=draw(days))

    followups = []
    for n in range(draw(st.integers(0, 30))):
        reason = draw(st.sampled_from(["confirm", "post_delivery", "lost_followup", "hurdle"]))
        anchor = around()
        stage = draw(st.integers(1, 2)) if reason == "lost_followup" else 0
        first, solved = _later(draw, anchor), _later(draw, anchor)
        followups.append(
            FollowUp(reason, f"{reason}:{n}", "A", "eva", anchor, first, stage, solved)
        )
    proposals = []
    for n in range(draw(st.integers(0, 10))):
        sent = around()
        answer = _later(draw, sent)
        agreed, declined = (answer, None) if draw(st.booleans()) else (None, answer)
        proposals.append(SentProposal(f"proposal:{n}", "A", "eva", sent, agreed, declined))
    needs = [
        Need(n, "A", "eva", "more", around(), None, draw(st.sampled_from([None, "X-1"])))
        for n in range(draw(st.integers(0, 10)))
    ]
    return period, followups, proposals, needs


@pytest.mark.slow  # a big property run
@settings(max_examples=150, deadline=None)
@given(a_book_of_items())
def test_the_weeks_add_up_to_the_period(book):
    """Each item is counted once, in the week of its date, so every count of the period is
    the sum of the weeks' (PRODUCT.md §8), for any mix of items and any period."""
    from nasales.output.review import tally_json

    period, followups, proposals, needs = book
    found = count_review(PB, period, followups, proposals, needs, {}, {})
    total, weeks = tally_json(found.total), [tally_json(w) for w in found.weeks]
    assert len(weeks) == period.weeks
    for name in ("confirm", "hurdle", "post_delivery", "lost_followup", "proposals"):
        for count, value in total[name].items():
            if count != "stages":
                assert sum(w[name][count] for w in weeks) == value, (name, count)
    for n, stage in enumerate(total["lost_followup"]["stages"]):
        for count in ("due", "on_time", "late", "open"):
            assert sum(w["lost_followup"]["stages"][n][count] for w in weeks) == stage[count]
    for count in ("noted", "won", "dropped"):
        assert sum(w["opportunities"][count] for w in weeks) == total["opportunities"][count]
    # and each count is split into its outcomes exactly
    for calls in (total["confirm"], total["post_delivery"], total["lost_followup"]):
        assert calls["due"] == calls["on_time"] + calls["late"] + calls["open"]
    h = total["hurdle"]
    assert h["raised"] == h["on_time"] + h["silent"] + h["late"] + h["open"]
    p = total["proposals"]
    assert p["sent"] == p["agreed"] + p["declined"] + p["open"]


# -- through the command line: the edges ---------------------------------------------------


def test_confirm_on_the_due_day_is_on_time_the_day_after_late_none_open(cli):
    for name, ref in (("On Time", "A-1"), ("Late", "B-1"), ("Open", "C-1"), ("Mail", "D-1")):
        won(cli, name, ref, "2026-11-20")  # Friday: the confirm call is due Monday 11-23
    cli("log 'On Time' call --on 2026-11-23")
    cli("log Late visit --on 2026-11-24")
    cli("log Mail email --on 2026-11-23")  # an e-mail is no personal contact
    cli("log Open call --on 2026-11-19")  # before the win: it does not count
    assert review(cli, T, "--weeks", "1")["confirm"] == calls(4, 1, 1, 2)
    # replayed on the due day: the late call has not happened yet
    assert review(cli, "2026-11-23", "--weeks", "1")["confirm"] == calls(4, 1, 0, 3)


def test_problems_on_time_silent_late_open(cli):
    ids = {}
    for name in ("Same Day", "Weekend", "Silent", "Fixed Then Told", "Called Late", "Open"):
        won(cli, name, name[:2].upper(), "2026-09-01")
    for name, raised in (
        ("Same Day", "2026-11-23"),
        ("Weekend", "2026-11-21"),  # Saturday: due Monday
        ("Silent", "2026-11-23"),
        ("Fixed Then Told", "2026-11-23"),
        ("Called Late", "2026-11-23"),
        ("Open", "2026-11-23"),
    ):
        ids[name] = cli(
            ["hurdle", "add", name[:2].upper(), "trouble", "--on", raised]
        ).stdout.strip()
    cli("log 'Same Day' call --on 2026-11-23")
    cli(f"hurdle resolve {ids['Same Day']} --on 2026-11-23")
    cli("log Weekend call --on 2026-11-23")
    cli(f"hurdle resolve {ids['Silent']} --on 2026-11-24")
    cli(f"hurdle resolve {ids['Fixed Then Told']} --on 2026-11-24")
    cli("log 'Fixed Then Told' call --on 2026-11-25")  # whatever came after: still silent
    cli("log 'Called Late' meeting --on 2026-11-25")
    cli(f"hurdle resolve {ids['Called Late']} --on 2026-11-25")  # solved the day it was called
    cli(f"hurdle resolve {ids['Open']} --on 2026-11-30")  # after T: still open on T
    got = review(cli, T, "--weeks", "1")["hurdle"]
    assert got == problems(raised=6, on_time=2, silent=2, late=1, open=1)
    assert review(cli, "2026-11-30", "--weeks", "2")["hurdle"]["silent"] == 3
    # a period starting on Saturday 11-21 holds the weekend problem; one from Sunday does not
    assert review(cli, T, "--weeks", "1")["weeks"][0]["start"] == "2026-11-21"
    from_sunday = review(cli, "2026-11-28", "--weeks", "1")
    assert from_sunday["start"] == "2026-11-22" and from_sunday["hurdle"]["raised"] == 5


def test_a_problem_said_not_discussed_waits_for_a_later_contact(cli):
    """The review judges a problem as the list does: the call logged before `hurdle
    not-discussed` (or `hurdle add --not-discussed`) is not a contact about it."""
    for name, ref in (("Mark", "MB-1"), ("Told", "TB-1"), ("Late", "LB-1"), ("Handed", "HB-1")):
        won(cli, name, ref, "2027-03-01")
        cli(f"log {name} call --on 2027-03-02")
    cli("hurdle add MB-1 'Seal leaks' --on 2027-03-02")
    cli("hurdle not-discussed 1")
    cli("hurdle add TB-1 'Seal leaks' --on 2027-03-02 --not-discussed")
    cli("hurdle resolve 2 --on 2027-03-05")  # solved, nobody told: silent
    cli("hurdle add LB-1 'Seal leaks' --on 2027-03-02 --not-discussed")
    cli("log Late call --on 2027-03-08")
    cli("hurdle add HB-1 'Seal leaks' --on 2027-03-02 --not-discussed")
    cli("hand hurdle:4 --to Piet --on 2027-03-03")
    got = review(cli, "2027-03-12", "--weeks", "2")["hurdle"]
    assert got == problems(raised=4, on_time=0, silent=1, late=1, open=2)
    plain = cli("review --on 2027-03-12 --weeks 2 --format plain").stdout
    assert "problem: 4 raised, 0 on time, 1 silent, 1 late, 2 open" in plain
    assert "[hurdle:1]" in cli("today --on 2027-03-04 --format plain").stdout


def test_periods_that_start_or_end_on_a_weekend_or_holiday(cli):
    won(cli, "Xmas", "X-1", "2026-12-24")  # confirm due Monday 12-28, after Christmas
    cli("hurdle add X-1 'late part' --on 2026-12-25")  # due Monday 12-28
    # ending on Christmas Day: the confirm call is not due yet, the problem is open
    on_christmas = review(cli, "2026-12-25", "--weeks", "1")
    assert on_christmas["start"] == "2026-12-19" and on_christmas["confirm"] == calls()
    assert on_christmas["hurdle"] == problems(raised=1, open=1)
    # ending on a Sunday: still nothing due
    assert review(cli, "2026-12-27", "--weeks", "1")["confirm"] == calls()
    cli("log Xmas call --on 2026-12-28")
    monday = review(cli, "2026-12-28", "--weeks", "1")
    assert monday["confirm"] == calls(1, 1) and monday["hurdle"] == problems(1, on_time=1)
    # starting on Christmas Day (a Friday), the week ends on Thursday 12-31
    later = review(cli, "2026-12-31", "--weeks", "1")
    assert later["start"] == "2026-12-25" and later["confirm"] == calls(1, 1)
    assert later["hurdle"] == problems(1, on_time=1)


def test_weeks_1_and_an_empty_book(cli, empty_book):
    for weeks in ("1", "4"):
        got = review(cli, T, "--weeks", weeks)
        assert len(got["weeks"]) == int(weeks)
        assert got["weeks"][-1]["end"] == T
        assert got["confirm"] == calls() and got["hurdle"] == problems()
        assert got["lost_followup"]["stages"] == [
            {"stage": 1, **calls()},
            {"stage": 2, **calls()},
        ]
        assert got["proposals"] == {"sent": 0, "agreed": 0, "declined": 0, "open": 0}
        assert got["opportunities"] == {"noted": 0, "won": 0, "dropped": 0}
        assert got["risk"] == {
            "bands": {"0-24": 0, "25-49": 0, "50-74": 0, "75-100": 0},
            "rising": [],
        }
    assert "0 due" in cli(f"review --on {T} --format plain").stdout
    assert cli(f"review --on {T} --format table").exit_code == 0
    assert pipeline(cli) == []
    assert "no open opportunities" in cli(f"pipeline --on {T} --format plain").stdout


def test_bad_input_is_one_line_and_exit_2_or_1(cli):
    for args, code in (
        (f"review --on {T} --weeks 0", 2),
        (f"review --on {T} --owner eva --for piet", 2),
        (f"review --on {T} --format csv", 2),
        ("review --on 31-02-2026", 1),
        ("pipeline --on nonsense", 1),
    ):
        result = cli(args, ok=False)
        assert result.exit_code == code, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# -- a scripted month with known outcomes ----------------------------------------------------

# (command, …): the period is the 4 weeks 2026-10-31 .. 2026-11-27; weeks W1 10-31..11-06,
# W2 11-07..11-13, W3 11-14..11-20, W4 11-21..11-27. Each account has one story.
MONTH = [
    # confirm: due Mon 11-02 (W1), called that day -> on time
    "account add Aalders --owner eva",
    "order won Aalders A --ref A-1 --on 2026-10-30",
    "log Aalders call --on 2026-11-02",
    # confirm due Fri 10-30, before the period: not counted
    "account add Bakker --owner eva",
    "order won Bakker B --ref B-1 --on 2026-10-29",
    "log Bakker call --on 2026-11-03",
    # confirm due Mon 11-09 (W2), called Tue -> late
    "account add Claes --owner eva",
    "order won Claes C --ref C-1 --on 2026-11-06",
    "log Claes call --on 2026-11-10",
    # confirm due Mon 11-23 (W4), only an e-mail -> open
    "account add Dekker --owner eva",
    "order won Dekker D --ref D-1 --on 2026-11-20",
    "log Dekker email --on 2026-11-23",
    # piet's: confirm due Fri 11-27 = T (W4), called that day -> on time
    "account add Evers --owner piet",
    "order won Evers E --ref E-1 --on 2026-11-26",
    "log Evers call --on 2026-11-27",
    # confirm due Mon 11-30, after T: not counted
    "account add Faber --owner eva",
    "order won Faber F --ref F-1 --on 2026-11-27",
    # problems (orders won long before): ids 1..6
    "account add Gerrits --owner eva",
    "order won Gerrits G --ref G-1 --on 2026-09-01",
    "hurdle add G-1 'cracked housing' --on 2026-11-02",  # 1: called and solved the same day
    "log Gerrits call --on 2026-11-02",
    "hurdle resolve 1 --on 2026-11-02",
    "account add Hoekstra --owner eva",
    "order won Hoekstra H --ref H-1 --on 2026-09-01",
    "hurdle add H-1 'wrong colour' --on 2026-11-07",  # 2: Saturday, called Monday: on time
    "log Hoekstra call --on 2026-11-09",
    "account add Jansen --owner eva",
    "order won Jansen J --ref J-1 --on 2026-09-01",
    "hurdle add J-1 'nipple, not nopple' --on 2026-11-09",  # 3: fixed in silence
    "hurdle resolve 3 --on 2026-11-10",
    "log Jansen call --on 2026-11-11",
    "account add Kuipers --owner eva",
    "order won Kuipers K --ref K-1 --on 2026-09-01",
    "hurdle add K-1 'late part' --on 2026-11-16",  # 4: called Wednesday, solved that day: late
    "log Kuipers visit --on 2026-11-18",
    "hurdle resolve 4 --on 2026-11-18",
    "account add Lambers --owner eva",
    "order won Lambers L --ref L-1 --on 2026-09-01",
    "log Lambers call --on 2026-09-02",  # confirmed: its risk is not full before the problem
    "hurdle add L-1 'leaking valve' --on 2026-11-23",  # 5: open, handed to piet
    "hand hurdle:5 --to piet --on 2026-11-23",
    "account add Mulder --owner eva",
    "order won Mulder M --ref M-1 --on 2026-09-01",
    "hurdle add M-1 'before the period' --on 2026-10-30",  # 6: not counted
    # after delivery: due add_wd(delivered, 2)
    "account add Nijhuis --owner eva",
    "order won Nijhuis N --ref N-1 --on 2026-09-01",
    "order delivered N-1 --on 2026-11-16",  # due Wed 11-18 (W3), called then: on time
    "log Nijhuis call --on 2026-11-18",
    "account add Otten --owner eva",
    "order won Otten O --ref O-1 --on 2026-09-01",
    "order delivered O-1 --on 2026-11-02",  # due Wed 11-04 (W1), called Thu: late
    "log Otten call --on 2026-11-05",
    "account add Peters --owner eva",
    "order won Peters P --ref P-1 --on 2026-09-01",
    "log Peters call --on 2026-11-23",  # before the delivery: does not count
    "order delivered P-1 --on 2026-11-25",  # due Fri 11-27 (W4): open
    "account add Quist --owner eva",
    "order won Quist Q --ref Q-1 --on 2026-09-01",
    "order delivered Q-1 --on 2026-11-26",  # due Mon 11-30: not counted
    # lost orders
    "account add Roos --owner eva",
    "order lost Roos R --ref R-1 --on 2026-11-06",  # stage 1 due Fri 11-20 (W3): on time
    "log Roos call --on 2026-11-20",
    "account add Smit --owner eva",
    "order lost Smit S --ref S-1 --on 2026-11-07",  # stage 1 due Mon 11-23 (W4)
    "log Smit call --on 2026-11-07",  # the day it was lost: counts from the day after
    "log Smit call --on 2026-11-24",  # late
    "account add Terpstra --owner eva",
    "order lost Terpstra T --ref T-1 --on 2026-08-27",  # stage 2 due Wed 11-25 (W4)
    "log Terpstra meeting --on 2026-10-30",  # >= 60 days after the loss: on time
    "account add Visser --owner eva",
    "order lost Visser V --ref V-1 --on 2026-10-23",  # stage 1 due Fri 11-06 (W1): open
    # proposals, ids 1..5 (an agreement logged by `agreed` is a personal contact: own account)
    "account add Willems --owner eva",
    "order won Willems W --ref W-1 --on 2026-09-01",
    "proposal add W-1 'before the period' --on 2026-10-28",  # 1: not counted
    "proposal agreed 1 --on 2026-11-02",
    "proposal add W-1 'start-up plan' --on 2026-11-02",  # 2: W1 agreed
    "proposal agreed 2 --on 2026-11-04",
    "proposal add W-1 'schedule' --on 2026-11-10",  # 3: W2 declined
    "proposal declined 3 --on 2026-11-12",
    "proposal add W-1 'training' --on 2026-11-17",  # 4: W3 open
    "proposal add W-1 'colour' --on 2026-11-24",  # 5: W4, agreed after T: open
    "proposal agreed 5 --on 2026-11-30",
    # opportunities, ids 1..5, noted in calls
    "account add Zwart --owner eva",
    "order won Zwart Z --ref Z-1 --on 2026-09-01",
    "done Zwart --on 2026-10-20 --next 'noted before the period'",  # 1: not counted, open
    "done Zwart --on 2026-11-03 --next 'a second line'",  # 2: W1, won
    "order won Zwart 'Second line' --ref Z-2 --on 2026-11-20 --from 2",  # confirm due 11-23 (W4)
    "log Zwart call --on 2026-11-23",  # on time
    "done Zwart --on 2026-11-10 --next 'spare parts contract'",  # 3: W2, dropped
    "opportunity drop 3 --on 2026-11-12",
    "done agreement:Z-1 --on 2026-11-17 --next 'training for new staff'",  # 4: W3, open
    "done Zwart --on 2026-11-24 --next 'hall extension'",  # 5: W4, won after T
    "order won Zwart 'Hall extension' --ref Z-3 --on 2026-11-30 --from 5",
]


@pytest.fixture(scope="module")
def month_book(tmp_path_factory):
    """The month, built once through the command line; each test gets its own copy."""
    path = tmp_path_factory.mktemp("month") / "month.db"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NASALES_DB", str(path))
        settings = path.with_name("config.toml")  # the defaults, whatever the user has
        settings.write_text("")
        env.setenv("NASALES_CONFIG", str(settings))
        for command in MONTH:
            result = runner.invoke(app, shlex.split(command), catch_exceptions=False)
            assert result.exit_code == 0, (command, result.stderr)
    return path


@pytest.fixture
def month(cli, month_book, isolated):
    for suffix in ("", "-wal"):
        if Path(f"{month_book}{suffix}").exists():
            shutil.copy(f"{month_book}{suffix}", f"{isolated}{suffix}")
    return cli


def test_a_scripted_month_number_by_number(month):
    got = review(month)
    assert (got["start"], got["end"], got["owner"], got["for"]) == ("2026-10-31", T, None, None)
    assert got["confirm"] == calls(due=5, on_time=3, late=1, open=1)
    assert got["hurdle"] == problems(raised=5, on_time=2, silent=1, late=1, open=1)
    assert got["post_delivery"] == calls(due=3, on_time=1, late=1, open=1)
    assert got["lost_followup"] == {
        **calls(due=4, on_time=2, late=1, open=1),
        "stages": [{"stage": 1, **calls(3, 1, 1, 1)}, {"stage": 2, **calls(1, 1, 0, 0)}],
    }
    assert got["proposals"] == {"sent": 4, "agreed": 1, "declined": 1, "open": 2}
    assert got["opportunities"] == {"noted": 4, "won": 1, "dropped": 1}
    weeks = got["weeks"]
    assert [(w["start"], w["end"]) for w in weeks] == [
        ("2026-10-31", "2026-11-06"),
        ("2026-11-07", "2026-11-13"),
        ("2026-11-14", "2026-11-20"),
        ("2026-11-21", T),
    ]
    assert [w["confirm"] for w in weeks] == [
        calls(1, 1),
        calls(1, 0, 1),
        calls(),
        calls(3, 2, 0, 1),
    ]
    assert [w["hurdle"] for w in weeks] == [
        problems(1, on_time=1),
        problems(2, on_time=1, silent=1),
        problems(1, late=1),
        problems(1, open=1),
    ]
    assert [w["post_delivery"] for w in weeks] == [
        calls(1, 0, 1),
        calls(),
        calls(1, 1),
        calls(1, 0, 0, 1),
    ]
    assert [[s["due"] for s in w["lost_followup"]["stages"]] for w in weeks] == [
        [1, 0],
        [0, 0],
        [1, 0],
        [1, 1],
    ]
    assert [w["lost_followup"]["on_time"] for w in weeks] == [0, 0, 1, 1]
    assert [w["lost_followup"]["late"] for w in weeks] == [0, 0, 0, 1]
    assert [w["proposals"] for w in weeks] == [
        {"sent": 1, "agreed": 1, "declined": 0, "open": 0},
        {"sent": 1, "agreed": 0, "declined": 1, "open": 0},
        {"sent": 1, "agreed": 0, "declined": 0, "open": 1},
        {"sent": 1, "agreed": 0, "declined": 0, "open": 1},
    ]
    assert [w["opportunities"] for w in weeks] == [
        {"noted": 1, "won": 1, "dropped": 0},
        {"noted": 1, "won": 0, "dropped": 1},
        {"noted": 1, "won": 0, "dropped": 0},
        {"noted": 1, "won": 0, "dropped": 0},
    ]
    # the weeks add up to the period (every outcome is judged as of T)
    for name in ("confirm", "hurdle", "post_delivery", "proposals", "opportunities"):
        for count in got[name]:
            assert sum(w[name][count] for w in weeks) == got[name][count], (name, count)
    # the doubt risk is the period's (bands at T, rising since its eve), not a week's
    assert set(got["risk"]) == {"bands", "rising"} and all("risk" not in w for w in weeks)


def test_the_doubt_risk_is_taken_on_two_days_whatever_the_weeks(month, monkeypatch):
    """One pass: the review of a year loads the book's facts twice (the eve of the period,
    its last day), never once per week."""
    from nasales.store import facts

    days = []
    load_book = facts.load_book

    def counting(db, today, *args, **kwargs):
        days.append(today)
        return load_book(db, today, *args, **kwargs)

    monkeypatch.setattr(facts, "load_book", counting)
    for weeks in (1, 4, 52):
        days.clear()
        review(month, T, "--weeks", str(weeks))
        assert sorted(days) == [d(T) - timedelta(days=7 * weeks), d(T)], weeks


def test_the_risk_bands_and_rising_are_the_risks_that_show_gives(month):
    got = review(month)
    accounts = [c.split("account add ")[1].split(" --")[0] for c in MONTH if "account add" in c]
    risk_on = {
        day: {
            a: json.loads(month(["show", a, "--on", day, "--format", "json"]).stdout)["risk"]
            for a in accounts
        }
        for day in ("2026-10-30", T)
    }
    bands = {"0-24": 0, "25-49": 0, "50-74": 0, "75-100": 0}
    for score in risk_on[T].values():
        if score is not None:
            bands[band_of(score)] += 1
    assert got["risk"]["bands"] == bands
    assert sum(bands.values()) == 18  # every account with a won order signed by T
    for rise in got["risk"]["rising"]:
        assert rise["from"] == risk_on["2026-10-30"][rise["account"]]
        assert rise["to"] == risk_on[T][rise["account"]]
    silent_problem = next(r for r in got["risk"]["rising"] if r["account"] == "Lambers")
    assert silent_problem["to"] - silent_problem["from"] >= 20  # the undiscussed problem


def test_owner_and_for_filters(month):
    piet = review(month, T, "--owner", "PIET")
    assert piet["owner"] == "PIET" and piet["confirm"] == calls(1, 1)
    assert piet["hurdle"] == problems() and piet["proposals"]["sent"] == 0
    assert sum(piet["risk"]["bands"].values()) == 1  # Evers
    # --for: the accounts piet owns and the problem handed to him
    mine = review(month, T, "--for", "piet")
    assert mine["for"] == "piet" and mine["confirm"] == calls(1, 1)
    assert mine["hurdle"] == problems(raised=1, open=1)
    assert mine["post_delivery"] == calls() and mine["opportunities"]["noted"] == 0
    eva = review(month, T, "--owner", "eva")
    assert eva["confirm"] == calls(4, 2, 1, 1) and eva["hurdle"]["raised"] == 5
    assert review(month, T, "--owner", "nobody")["confirm"] == calls()


# -- the formats -----------------------------------------------------------------------------

BOX = re.compile("[\u2500-\u257f]")
BLOCKS = re.compile("[\u2580-\u259f]")


@pytest.mark.parametrize("columns", [80, 120])
def test_the_table_has_bars_and_fits_the_terminal(month, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = month(f"review --on {T} --format table").stdout
    lines = out.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    assert "\x1b" not in out  # not a terminal: no colour codes
    assert "█" in out and "░" in out and "▓" in out and "▒" in out
    assert "Follow-up calls per week" in out and "Doubt risk on 2026-11-27" in out
    for week in ("2026-10-31", "2026-11-07", "2026-11-14", "2026-11-21"):
        assert sum(line.startswith(week) for line in lines) == 3  # calls, proposals, needs
    for band in ("0-24", "25-49", "50-74", "75-100"):
        assert any(line.startswith(band) for line in lines)
    assert "confirm the choice" in out and "silent" in out


@pytest.mark.parametrize(
    ("lang", "problem", "due", "raised"),
    [("en", "problem", "due", "raised"), ("nl", "probleem", "gepland", "gemeld")],
)
def test_problems_are_counted_under_raised_not_due(month, monkeypatch, lang, problem, due, raised):
    """A problem counts from the day it was raised: its count stands under its own label,
    calls' under "due"; right-aligned, a number ends where its label does."""
    monkeypatch.setenv("NASALES_LANG", lang)
    monkeypatch.setenv("COLUMNS", "100")
    lines = month(f"review --on {T} --format table").stdout.splitlines()
    header = next(line for line in lines if f" {raised} " in line)
    row = next(line for line in lines if line.startswith(f"{problem} "))
    confirm = lines[lines.index(row) - 1]

    def under(line, word):
        end = header.index(f" {word} ") + len(word) + 1
        return line[:end].split()[-1] if line[end - 1] != " " else ""

    assert under(row, raised) == "5" and under(row, due) == ""
    assert under(confirm, due) == "5" and under(confirm, raised) == ""


def test_plain_is_text_without_colour_or_box_drawing(month):
    out = month(f"review --on {T}").stdout  # piped: plain by default
    assert not BOX.search(out) and not BLOCKS.search(out) and "\x1b" not in out
    assert out.splitlines()[0] == (
        "After-sales review, whole team: weeks 45–48, 31 October – 27 November 2026"
    )
    assert "confirm the choice: 5 due, 3 on time, 1 late, 1 open" in out
    assert "problem: 5 raised, 2 on time, 1 silent, 1 late, 1 open" in out
    assert "proposals: 4 sent, 1 agreed, 1 declined, 2 open" in out
    assert "opportunities: 4 noted, 1 won, 1 dropped" in out
    assert out.count("Week ") == 4
    assert "follow-up calls: 4 due, 2 on time, 1 late, 0 silent, 1 open" in out  # W1


def test_json_keeps_english_names_in_dutch(month, monkeypatch):
    monkeypatch.setenv("NASALES_LANG", "nl")
    got = review(month)
    assert set(got) >= {"confirm", "hurdle", "post_delivery", "lost_followup", "proposals"}
    assert got["hurdle"]["silent"] == 1 and got["start"] == "2026-10-31"


# -- the pipeline and the opportunities' life cycle ----------------------------------------


def test_pipeline_lists_open_needs_oldest_first(month):
    needs = pipeline(month)
    assert [(n["id"], n["noted_on"], n["age_days"]) for n in needs] == [
        (1, "2026-10-20", 38),
        (4, "2026-11-17", 10),
        (5, "2026-11-24", 3),  # won on 11-30, after T
    ]
    assert needs[1] == {
        "id": 4,
        "account": "Zwart",
        "owner": "eva",
        "text": "training for new staff",
        "noted_on": "2026-11-17",
        "source": "agreement:Z-1",
        "age_days": 10,
    }
    assert [n["id"] for n in pipeline(month, "2026-11-11")] == [1, 2, 3]  # before win and drop
    assert [n["id"] for n in pipeline(month, "2026-11-20")] == [1, 4]  # won on 11-20
    assert [n["id"] for n in pipeline(month, "2026-12-01")] == [1, 4]
    assert pipeline(month, T, "--owner", "piet") == []
    csv = month(f"pipeline --on {T} --format csv").stdout.splitlines()
    assert csv[0] == "id,account,owner,text,noted_on,source,age_days" and len(csv) == 4
    plain = month(f"pipeline --on {T} --format plain").stdout.splitlines()
    assert plain[0] == "Pipeline on 2026-11-27: 3 open opportunities"
    assert (
        plain[2]
        == "#4 · Zwart · training for new staff · noted 2026-11-17, 10 days ago, from agreement:Z-1"
    )


def test_done_next_notes_a_need_with_its_source(cli):
    won(cli, "Acme", "AC-1", "2026-11-20")
    out = cli("done confirm:AC-1 --on 2026-11-23 --next 'A second press'").stdout
    assert "noted opportunity 1: A second press" in out
    (need,) = pipeline(cli, "2026-11-23")
    assert (need["source"], need["noted_on"], need["age_days"]) == ("confirm:AC-1", "2026-11-23", 0)
    assert pipeline(cli, "2026-11-22") == []  # replayed before it was noted


def test_pipeline_for_a_person_holds_needs_from_calls_handed_to_them(cli):
    won(cli, "Acme", "AC-1", "2026-11-20")
    cli("hand confirm:AC-1 --to piet --on 2026-11-23")
    cli("done confirm:AC-1 --on 2026-11-23 --next 'A second press'")
    cli("done Acme --on 2026-11-24 --next 'A service contract'")
    assert [n["id"] for n in pipeline(cli, T, "--for", "Piet")] == [1]
    assert [n["id"] for n in pipeline(cli, T, "--for", "eva")] == [1, 2]
    assert [n["id"] for n in pipeline(cli, T, "--owner", "piet")] == []


def test_won_from_and_drop_close_an_opportunity_once(cli, isolated):
    won(cli, "Acme", "AC-1", "2026-11-20")
    cli("account add Other")
    cli("done Acme --on 2026-11-23 --next 'A second press'")
    cli("done Acme --on 2026-11-23 --next 'Spare parts'")
    # an opportunity of another account: refused, and the order is not recorded either
    result = cli("order won Other Press --ref OT-1 --from 1 --on 2026-11-24", ok=False)
    assert result.exit_code == 1 and "another account" in result.stderr
    assert cli("order won Other Press --ref OT-1 --on 2026-11-24").exit_code == 0  # ref is free
    result = cli("order won Acme 'Second press' --ref AC-2 --from 1 --on 2026-11-24")
    assert result.stdout.strip() == "AC-2" and "opportunity 1 won" in result.stderr
    shown = json.loads(cli("show Acme --on 2026-11-24 --format json").stdout)["opportunities"]
    assert [(o["id"], o["won_order"]) for o in shown] == [(1, "AC-2"), (2, None)]
    assert cli("opportunity drop 2 --on 2026-11-22", ok=False).exit_code == 1  # before noted
    assert "dropped opportunity 2" in cli("opportunity drop 2 --on 2026-11-25").stdout
    assert [n["id"] for n in pipeline(cli, "2026-11-24")] == [2]
    assert pipeline(cli, "2026-11-25") == []
    for args in ("opportunity drop 1 --on 2026-11-26", "order won Acme X --from 2 --ref AC-9"):
        result = cli(args, ok=False)
        assert result.exit_code == 1 and "closed already" in result.stderr
    assert cli("opportunity drop 99", ok=False).exit_code == 1
    assert rp.query(isolated, "SELECT COUNT(*) FROM orders WHERE ref = 'AC-9'") == [(0,)]


# -- set-based ---------------------------------------------------------------------------------


def test_each_first_contact_is_a_seek_on_the_personal_contacts_index(cli, isolated):
    from nasales.store import review as queries
    from nasales.store.db import Location, connect

    cli("account add Acme")
    db = connect(Location(path=isolated))
    stages = ", " + ", ".join(
        queries._first_contact(queries._plus_days(db, "o.signed_on", f"stage_{n}")) for n in (1, 2)
    )
    params = {
        "today": T,
        "start": "2026-10-31",
        "signed_from": "2026-10-30",
        "delivered_from": "2026-10-29",
        "lost_from": "2026-07-31",
        "stage_1": "+1 days",
        "stage_2": "+60 days",
    }
    for name, seeks in (("CONFIRMS", 1), ("DELIVERIES", 1), ("HURDLES", 1), ("LOST", 2)):
        sql = getattr(queries, name).replace("{scope}", "").replace("{stages}", stages)
        steps = [row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        on_touchpoints = [s for s in steps if s.startswith(("SEARCH t", "SCAN t"))]
        assert len(on_touchpoints) == seeks, steps
        for step in on_touchpoints:
            assert "USING INDEX ix_touchpoint_personal (account_id=? AND date>? AND date<?)" in step
    db.conn.close()


def test_review_on_postgresql(monkeypatch, cli, fresh_pg, month_book):
    monkeypatch.setenv("NASALES_DB", fresh_pg)
    for command in MONTH:
        cli(command)
    got = review(cli)
    on_sqlite = json.loads(
        cli(f"review --on {T} --format json", env={"NASALES_DB": str(month_book)}).stdout
    )
    assert got == on_sqlite  # the risers too (the eve's facts for the named accounts only)
    page = cli(f"review --on {T} --format html").stdout
    assert page == cli(f"review --on {T} --format html", env={"NASALES_DB": str(month_book)}).stdout
    assert got["confirm"] == calls(due=5, on_time=3, late=1, open=1)
    assert got["hurdle"] == problems(raised=5, on_time=2, silent=1, late=1, open=1)
    assert got["lost_followup"]["stages"][1] == {"stage": 2, **calls(1, 1, 0, 0)}
    assert got["opportunities"] == {"noted": 4, "won": 1, "dropped": 1}
    assert [n["id"] for n in pipeline(cli)] == [1, 4, 5]


def test_the_docs_show_the_demos_real_output(cli, monkeypatch):
    """docs/review.md: each `$ nasales --db …/demo.db …` block is what that command prints
    on the demo built for 2026-11-30 (a terminal of 80 columns; `…` ends an excerpt)."""
    from nasales.demo import demo_path

    cli("demo --on 2026-11-30 --format json")
    monkeypatch.setenv("COLUMNS", "80")
    text = (Path(__file__).parents[1] / "docs" / "review.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n\$ nasales --db \S+ (.*?)\n(.*?)```", text, re.S)
    assert len(blocks) == 3
    for command, expected in blocks:
        args = shlex.split(command)
        if "--format" not in args:
            args += ["--format", "table"]  # what a terminal shows
        out = cli(["--db", str(demo_path()), *args]).stdout.splitlines()
        want = expected.splitlines()
        if want[-1] == "…":
            want, out = want[:-1], out[: len(want) - 1]
        assert out == want, command


def test_a_problem_said_not_discussed_on_postgresql(pg_cli):
    test_a_problem_said_not_discussed_waits_for_a_later_contact(pg_cli)
