"""The list and the doubt score tell one story, through the command line: the situations
measured on real accounts (their dates), a problem recorded the day of a call, and
`today`, `show` and `agenda` agreeing on every day sampled.

Dates: 2026-04-02 Thu, 04-03 Good Friday, 04-06 Easter Monday, 04-27 King's Day."""

import json
from datetime import date, timedelta

import pytest


def day(text: str, n: int = 0) -> str:
    return (date.fromisoformat(text) + timedelta(days=n)).isoformat()


def today_json(cli, on: str) -> list[dict]:
    return json.loads(cli(["today", "--on", on, "--format", "json"]).stdout)


def show_json(cli, account: str, on: str) -> dict:
    return json.loads(cli(["show", account, "--on", on, "--format", "json"]).stdout)


def risk(cli, account: str, on: str) -> int:
    page = show_json(cli, account, on)
    for item in today_json(cli, on):  # the list says what the account's page says
        if item["account"] == account:
            assert item["risk"] == page["risk"], (on, item)
    return page["risk"]


def plain(cli, *args: str) -> list[str]:
    return cli([*args, "--format", "plain"]).stdout.splitlines()


def one_story(cli, account: str, first: str, days: int) -> list[int]:
    """The account's risk each day; every risk of 50 or more has its call on the list."""
    found = []
    for n in range(days):
        on = day(first, n)
        score = risk(cli, account, on)
        if score >= 50:
            assert any(i["account"] == account for i in today_json(cli, on)), on
        found.append(score)
    return found


class TestMeasured:
    """The situations measured on real accounts, on their dates."""

    def test_1_a_problem_solved_without_telling_the_customer_stays_on_the_list(self, cli):
        cli("account add Brander --tier A")
        cli("order won Brander 'Burner line' --ref B-1 --on 2025-10-01")
        cli("order delivered B-1 --on 2026-01-15")
        cli("log Brander visit --on 2026-01-20")
        cli("hurdle add B-1 'Burner fault' --on 2026-03-09")
        cli("hurdle resolve 1 --on 2026-03-10")
        scores = one_story(cli, "Brander", "2026-03-09", 30)
        assert scores == sorted(scores)  # nobody calls: it never falls
        for on in ("2026-03-10", "2026-03-16", "2026-03-31"):
            (item,) = today_json(cli, on)
            assert item["key"] == "hurdle:1"
            assert "solved on 2026-03-10 without telling the customer" in item["why"]
        agenda = json.loads(cli("agenda --on 2026-03-10 --days 14 --format json").stdout)
        assert [i["key"] for i in agenda] == ["hurdle:1"]
        cli("log Brander call --on 2026-04-01 --note 'told them about the burner'")
        assert today_json(cli, "2026-04-01") == []
        assert risk(cli, "Brander", "2026-04-01") < 20

    def test_2_a_delivery_takes_nothing_away(self, cli):
        cli("account add Delta --tier A")
        cli("order won Delta Press --ref D-1 --on 2026-03-05")
        cli("log Delta call --on 2026-03-05")
        cli("order delivered D-1 --on 2026-05-04")
        scores = one_story(cli, "Delta", "2026-05-01", 42)  # to 06-11
        assert scores == sorted(scores)
        assert scores[3] >= scores[0]  # delivery day (05-04) against 05-01
        # on the day of the delivery no relationship call is late for the months in delivery
        assert [i["reason"] for i in today_json(cli, "2026-05-04")] == []
        (check,) = today_json(cli, "2026-06-11")
        assert check["reason"] == "post_delivery" and check["overdue_days"] == 24
        page = show_json(cli, "Delta", "2026-06-11")
        assert {"check", "silence"} <= {f["factor"] for f in page["why"]}
        assert page["risk"] >= 50

    def test_3_the_confirmation_call_counts(self, cli):
        for name in ("Twin A", "Twin B"):
            cli(["account", "add", name])
            cli(["order", "won", name, "Line", "--on", "2026-01-05", "--decision", "narrow"])
        cli(["done", "confirm:N00001", "--on", "2026-01-06", "--mood", "positive"])
        for on, gap in (("2026-01-06", 10), ("2026-02-04", 40)):
            confirmed, never = risk(cli, "Twin A", on), risk(cli, "Twin B", on)
            assert never >= confirmed + gap, on

    def test_4_silence_never_lowers_doubt(self, cli):
        cli("account add Stil")
        cli("order won Stil Line --ref S-1 --on 2026-01-05")
        cli("account add Vaak")
        cli("order won Vaak Line --ref V-1 --on 2026-01-05")
        cli("log Vaak call --on 2026-01-06")
        cli("log Vaak agreement --order V-1 --on 2026-02-04")
        cli("log Vaak agreement --order V-1 --on 2026-03-06")
        never = [risk(cli, "Stil", day("2026-01-05", n)) for n in (30, 60, 89, 90, 120)]
        assert never == sorted(never) and never[2] > never[0]
        for n in (30, 60, 89, 120):
            on = day("2026-01-05", n)
            assert risk(cli, "Stil", on) > risk(cli, "Vaak", on)
        # with an open problem nobody discussed, it never dips overnight
        cli("hurdle add V-1 'late part' --on 2026-03-20")
        scores = one_story(cli, "Vaak", "2026-03-20", 25)
        assert scores == sorted(scores)

    @pytest.mark.parametrize(
        ("on", "english", "in_dutch"),
        [
            ("2026-04-02", "due today", "vandaag"),
            ("2026-04-03", "2026-04-02", "02-04-2026"),  # Good Friday
            ("2026-04-04", "2026-04-02", "02-04-2026"),  # Saturday
            ("2026-04-06", "2026-04-02", "02-04-2026"),  # Easter Monday
            ("2026-04-07", "2026-04-02, 1 working day late", "02-04-2026, 1 werkdag te laat"),
        ],
    )
    def test_5_due_today_only_on_the_day(self, cli, on, english, in_dutch):
        cli("account add Pasen")
        cli("order won Pasen Line --ref P-1 --on 2026-04-01")  # confirm due Thu 04-02
        (line,) = plain(cli, "today", "--on", on)
        assert line.startswith(f"{english} · Pasen")
        assert ("due today" in line) == (on == "2026-04-02")
        result = cli(["today", "--on", on, "--format", "plain"], env={"NASALES_LANG": "nl"})
        (regel,) = result.stdout.splitlines()
        assert regel.startswith(f"{in_dutch} · Pasen")
        assert ("vandaag" in regel) == (on == "2026-04-02")

    def test_6_an_old_mood_does_not_outlive_a_new_order(self, cli):
        cli("account add Oud")
        cli("order won Oud Old --ref O-1 --on 2024-01-08")
        cli("order delivered O-1 --on 2024-02-01")
        cli("log Oud visit --on 2024-03-01 --mood negative")
        cli("log Oud visit --on 2025-12-10 --mood negative")  # weeks before the new order
        assert "mood" in {f["factor"] for f in show_json(cli, "Oud", "2026-01-04")["why"]}
        cli("order won Oud New --ref O-2 --on 2026-01-05")  # the first agreement dissolves it
        cli("done confirm:O-2 --on 2026-01-06")
        assert "mood" not in {f["factor"] for f in show_json(cli, "Oud", "2026-01-20")["why"]}
        # and a mood counts 90 days at most
        cli("log Oud email --on 2026-01-20 --mood doubt")
        assert "mood" in {f["factor"] for f in show_json(cli, "Oud", "2026-02-20")["why"]}
        assert "mood" not in {f["factor"] for f in show_json(cli, "Oud", "2026-04-20")["why"]}

    def test_7_an_agenda_row_speaks_of_its_due_date(self, cli):
        cli("account add Agenda")
        cli("order won Agenda Line --ref A-1 --on 2026-11-02")
        cli("log Agenda call --on 2026-11-02")
        cli("hurdle add A-1 'late part' --on 2026-11-20")
        cli("remind Agenda 'send the manual' --due 2026-11-25")
        rows = json.loads(cli("agenda --on 2026-11-03 --days 30 --format json").stdout)
        assert [r["key"] for r in rows] == ["agreement:A-1", "hurdle:1", "manual:1"]
        for row in rows:
            assert row["risk"] == show_json(cli, "Agenda", row["due"])["risk"], row
        lines = plain(cli, "agenda", "--on", "2026-11-03", "--days", "30")
        assert len(lines) == len(rows)  # one row per call, one call per day
        for line, row in zip(lines, rows, strict=True):
            assert line.startswith(row["due"]) and line.endswith(f"risk {row['risk']}")

    def test_8_a_capped_score_says_so(self, cli):
        cli("account add Vol")
        cli("order won Vol Line --ref F-1 --on 2026-01-05")
        for n in range(3):
            cli(["hurdle", "add", "F-1", f"problem {n}", "--on", "2026-01-06"])
        page = cli("show Vol --on 2026-02-20").stdout
        assert "Doubt risk 100/100:" in page
        total = show_json(cli, "Vol", "2026-02-20")["risk_total"]
        assert total > 100 and f"100, capped: the factors add up to {total}" in page
        dutch = cli("show Vol --on 2026-02-20", env={"NASALES_LANG": "nl"}).stdout
        assert f"100, afgetopt: de factoren tellen op tot {total}" in dutch

    def test_8_a_doubtful_mood_on_an_agreement_is_refused(self, cli, isolated):
        cli("account add Akkoord")
        cli("order won Akkoord Line --ref K-1 --on 2026-01-05")
        for args in (
            "log Akkoord agreement --order K-1 --on 2026-01-06 --mood doubt",
            "done agreement:K-1 --on 2026-01-12 --mood negatief",
        ):
            result = cli(args, ok=False)
            assert result.exit_code == 1 and "Traceback" not in result.output
            assert "an agreement dissolves doubt" in result.stderr
            assert len(result.stderr.splitlines()) == 1
        cli("log Akkoord agreement --order K-1 --on 2026-01-06 --mood positive")  # fine

    def test_8_a_spare_order_does_not_restart_the_fresh_win(self, cli):
        cli("account add Spaar")
        cli("order won Spaar Line --ref L-1 --value 185000 --on 2026-01-05")
        cli("log Spaar call --on 2026-01-06")
        cli("order won Spaar Spare --ref L-2 --value 45 --on 2026-02-04")
        cli("log Spaar call --on 2026-02-05")
        wins = [f for f in show_json(cli, "Spaar", "2026-02-05")["why"] if f["factor"] == "win"]
        assert [w["text"] for w in wins] == [
            "won an order 31 days ago: doubt peaks right after the decision"
        ]


class TestSameDayProblem:
    """A call in the morning, a problem recorded that afternoon."""

    @pytest.fixture
    def morning_call(self, cli):
        cli("account add Ochtend --owner Eva")
        cli("contact add Ochtend 'Sanne van Dijk' --primary")
        cli("order won Ochtend Line --ref M-1 --on 2026-11-02")
        cli("log Ochtend call --on 2026-11-26 --contact 'Sanne van Dijk'")
        return cli

    def test_hurdle_add_says_which_contact_counts(self, morning_call):
        result = morning_call("hurdle add M-1 'Spindle late' --on 2026-11-26")
        assert result.stdout == "1\n"  # the id alone, for scripts
        assert result.stderr == (
            "problem 1 counts as discussed: call with Sanne van Dijk on 2026-11-26 "
            "(if it was not: nasales hurdle not-discussed 1)\n"
        )
        assert "hurdle:1" not in {i["key"] for i in today_json(morning_call, "2026-11-26")}

    def test_not_discussed_keeps_it_on_the_list_until_a_later_contact(self, morning_call):
        result = morning_call("hurdle add M-1 'Spindle late' --on 2026-11-26 --not-discussed")
        assert "is not discussed yet: only a personal contact logged from now on" in result.stderr
        assert "hurdle:1" in {i["key"] for i in today_json(morning_call, "2026-11-26")}
        problem = [f for f in show_json(morning_call, "Ochtend", "2026-11-27")["why"]]
        assert [f["points"] for f in problem if f["factor"] == "problem"] == [25]
        morning_call("done hurdle:1 --on 2026-11-26")  # called again that afternoon
        assert "hurdle:1" not in {i["key"] for i in today_json(morning_call, "2026-11-26")}

    def test_said_afterwards(self, morning_call, isolated):
        morning_call("hurdle add M-1 'Spindle late' --on 2026-11-26")
        result = morning_call("hurdle not-discussed 1")
        assert result.stdout.startswith("problem 1 is not discussed yet")
        assert "hurdle:1" in {i["key"] for i in today_json(morning_call, "2026-11-27")}
        wrong = morning_call("hurdle not-discussed 7", ok=False)
        assert wrong.exit_code == 1 and wrong.stderr == "nasales: unknown hurdle 7\n"

    def test_in_dutch(self, morning_call):
        result = morning_call(
            "hurdle add M-1 'Spindel te laat' --on 26-11-2026", env={"NASALES_LANG": "nl"}
        )
        assert result.stderr.startswith(
            "probleem 1 geldt als besproken: telefoongesprek met Sanne van Dijk op 26-11-2026"
        )

    def test_without_a_contact(self, cli):
        cli("account add Stil")
        cli("order won Stil Line --ref S-1 --on 2026-11-02")
        result = cli("hurdle add S-1 'late' --on 2026-11-26")
        assert result.stderr == (
            "problem 1 is not discussed yet: it is on the list until a personal contact\n"
        )


def test_today_show_and_agenda_agree_on_every_day(cli):
    """The demo-like book of the README: each day of a month, every item's risk on the list is
    the account's on `show` that day, and the agenda from the first day gives each row the
    risk `show` gives on the row's day (nothing logged in between)."""
    cli("account add 'Van Dijk' --owner Eva")
    cli("order won 'Van Dijk' CNC --ref N-1 --value 185000 --on 2026-11-20 --decision narrow")
    cli("log 'Van Dijk' email --on 2026-11-20 --mood doubt")
    cli("hurdle add N-1 'Spindle late' --on 2026-11-28")  # a Saturday
    cli("account add Meijer --owner Eva")
    cli("order won Meijer Forklifts --ref M-1 --on 2026-10-01")
    cli("log Meijer call --on 2026-10-02")
    cli("order delivered M-1 --on 2026-11-25")
    agenda = json.loads(cli("agenda --on 2026-11-20 --days 31 --format json").stdout)
    assert len(agenda) >= 4
    for row in agenda:
        on = max(row["due"], "2026-11-20")  # an item due before the first day: listed then
        assert row["risk"] == show_json(cli, row["account"], on)["risk"], row
    for n in range(31):
        on = day("2026-11-20", n)
        for account in ("Van Dijk", "Meijer"):
            risk(cli, account, on)


class TestSnoozedPastItsDueDay:
    """Twins won on 2027-03-24, only one called; the other's confirmation call snoozed to
    2027-04-06. The agenda's row and the calendar speak of the day the call shows again."""

    @pytest.fixture
    def twins(self, cli):
        for name in ("Tweeling Een", "Tweeling Twee"):
            cli(["account", "add", name])
            cli(["order", "won", name, "Pers", "--on", "2027-03-24", "--decision", "narrow"])
        cli("log 'Tweeling Een' call --on 2027-03-24")
        cli("snooze confirm:N00002 --until 2027-04-06")
        return cli

    def test_the_agenda_row_is_of_the_day_the_snooze_ends(self, twins):
        (row,) = [
            r
            for r in plain(twins, "agenda", "--on", "2027-03-30", "--days", "10")
            if "confirm:N00002" in r
        ]
        on_the_day = [
            r for r in plain(twins, "today", "--on", "2027-04-06") if "confirm:N00002" in r
        ]
        assert row.startswith("on 2027-04-06: 2027-03-25, 6 working days late · Tweeling Twee")
        assert on_the_day[0].startswith("2027-03-25, 6 working days late · Tweeling Twee")
        assert row.endswith(" · risk 47") and on_the_day[0].endswith(" · risk 47")
        agenda = json.loads(twins("agenda --on 2027-03-30 --days 10 --format json").stdout)
        (confirm,) = [r for r in agenda if r["key"] == "confirm:N00002"]
        assert confirm["overdue_days"] == 6 and confirm["risk"] == 47
        assert confirm["risk"] == show_json(twins, "Tweeling Twee", "2027-04-06")["risk"]
        dutch = twins(
            "agenda --on 30-03-2027 --days 10 --format plain", env={"NASALES_LANG": "nl"}
        ).stdout
        assert "op 06-04-2027: 25-03-2027, 6 werkdagen te laat · Tweeling Twee" in dutch

    def test_the_calendar_puts_it_on_that_day(self, twins, tmp_path):
        from icalendar import Calendar

        out = tmp_path / "calls.ics"
        twins(["calendar", "--on", "2027-03-30", "--days", "10", "--out", str(out)])
        events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        (confirm,) = [
            e
            for e in events
            if "N00002" in str(e["description"])
            and "confirm" in str(e["categories"].to_ical().decode())
        ]
        assert confirm.decoded("dtstart") == date(2027, 4, 6)
        assert "Due 2027-03-25, 6 working days late" in str(confirm["description"])
        assert "Doubt risk: 47" in str(confirm["description"])


@pytest.mark.parametrize("on", ["2027-03-26", "2027-03-27", "2027-03-28", "2027-03-29"])
def test_show_says_due_today_only_on_the_due_day(cli, on):
    """PRODUCT.md §3 "True words": a call due on Thursday 2027-03-25 reads as that day on
    Good Friday, the weekend and Easter Monday; "due today" only on the day itself."""
    cli("account add 'Tweeling Twee'")
    cli("order won 'Tweeling Twee' Pers --ref N-2 --on 2027-03-24")  # confirm due 03-25
    cli("account add Levering")
    cli("order won Levering Lijn --ref L-1 --on 2027-03-01")
    cli("log Levering call --on 2027-03-02")
    cli("order delivered L-1 --on 2027-03-23")  # the check is due on 03-25
    texts = [w["text"] for w in show_json(cli, "tweeling twee", on)["why"]]
    assert "the call to confirm the choice of N-2 is not made (2027-03-25)" in texts
    texts = [w["text"] for w in show_json(cli, "Levering", on)["why"]]
    assert "the check after the delivery of L-1 is not made (2027-03-25)" in texts
    page = "\n".join(plain(cli, "show", "Levering", "--on", on))
    assert "not made (2027-03-25)" in page and "due today" not in page
    dutch = cli(["show", "Levering", "--on", on, "--format", "plain"], env={"NASALES_LANG": "nl"})
    assert "(25-03-2027)" in dutch.stdout and "vandaag" not in dutch.stdout
    on_the_day = [w["text"] for w in show_json(cli, "Levering", "2027-03-25")["why"]]
    assert "the check after the delivery of L-1 is not made (due today)" in on_the_day
    late = [w["text"] for w in show_json(cli, "Levering", "2027-03-30")["why"]]
    assert (
        "the check after the delivery of L-1 is not made (2027-03-25, 1 working day late)" in late
    )


def test_a_factor_of_show_never_moves_against_its_quantity(cli):
    """Won 2027-03-01 (narrow), one call the day after, delivered 2027-04-26, nothing since:
    "won an order" only fades, the agreement clock stops at delivery."""
    cli("account add Stap")
    cli("order won Stap Pers --ref S-1 --on 2027-03-01 --decision narrow")
    cli("log Stap call --on 2027-03-02")
    cli("order delivered S-1 --on 2027-04-26")

    def points(on: str, code: str) -> int:
        page = show_json(cli, "Stap", on)
        assert sum(f["points"] for f in page["why"]) == page["risk"]
        return sum(f["points"] for f in page["why"] if f["factor"] == code)

    wins = [points(on, "win") for on in ("2027-04-17", "2027-04-18", "2027-04-19")]
    assert wins == sorted(wins, reverse=True) and wins == [4, 4, 4]
    agreed = {points(on, "agreement") for on in ("2027-04-30", "2027-05-01", "2027-05-03")}
    assert agreed == {9}  # 56 days at a sixth of a point: 9 1/3, frozen at delivery
    page = "\n".join(plain(cli, "show", "Stap", "--on", "2027-05-01"))
    assert "the fractions of the points above, added up" in page


def test_held_below_50_names_the_call_it_waits_for(cli):
    """Won 2027-01-04, a doubtful call the day after, a problem raised on King's Day: the
    agreement-moment call is on the list that day, the problem's call only the next day."""
    cli("account add Koning")
    cli("order won Koning Pers --ref K-1 --on 2027-01-04")
    cli("log Koning call --on 2027-01-05 --mood doubt")
    cli("hurdle add K-1 'Lek' --on 2027-04-27")
    listed = {i["key"] for i in today_json(cli, "2027-04-27") if i["account"] == "Koning"}
    assert listed == {"agreement:K-1"}
    page = "\n".join(plain(cli, "show", "Koning", "--on", "2027-04-27"))
    assert "49, held below 50 until the call for problem [hurdle:1] is due on 2027-04-28" in page
    assert show_json(cli, "Koning", "2027-04-27")["risk_held_for"] == "hurdle:1"
    dutch = cli("show Koning --on 27-04-2027 --format plain", env={"NASALES_LANG": "nl"})
    assert "tot het telefoongesprek voor probleem [probleem:1] op 28-04-2027" in dutch.stdout
