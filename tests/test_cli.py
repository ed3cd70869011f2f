"""The daily loop through the real commands against a temp database."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from snapshot import snapshot

FRIDAY = "2026-11-20"


def today_json(cli, on, *extra):
    return json.loads(cli(["today", "--on", on, "--format", "json", *extra]).stdout)


def keys(calls):
    return [c["key"] for c in calls]


def show_json(cli, account, on):
    return json.loads(cli(["show", account, "--on", on, "--format", "json"]).stdout)


@pytest.fixture
def press_order(cli):
    """Bouw BV (owner eva), Jan de Vries its primary contact, the press line P-1 won Friday."""
    cli("account add 'Bouw BV' --owner eva")
    cli("contact add 'Bouw BV' 'Jan de Vries' --role buyer --phone '+31 6 1234 5678' --primary")
    cli(f"order won 'bouw bv' 'Press line' --ref P-1 --value 12000 --on {FRIDAY}")


def test_won_order_asks_for_a_confirmation_call_the_next_working_day(cli, press_order):
    assert today_json(cli, FRIDAY) == []
    calls = today_json(cli, "2026-11-23")  # Monday
    assert keys(calls) == ["confirm:P-1"]
    call = calls[0]
    assert call["reason"] == "confirm" and call["account"] == "Bouw BV"
    assert call["order"] == "P-1" and call["due"] == "2026-11-23" and call["overdue_days"] == 0
    assert call["value"] == 12000 and call["owner"] == "eva"
    assert call["contact"] == {
        "name": "Jan de Vries",
        "role": "buyer",
        "phone": "+31 6 1234 5678",
        "email": None,
    }
    # the confirmation call due (10), won 3 days ago (9 2/3), 3 days without personal
    # contact (3/4) or agreement (1/2): 20.9
    assert call["risk"] == 21 and call["why"].endswith(".")
    assert today_json(cli, "2026-11-25")[0]["overdue_days"] == 2
    # 14 days on: the call is 9 working days late (10 + 27), the silence (3.5) and the wait
    # for an agreement (2 1/3) grow, the win fades (8.4): 51.3
    assert today_json(cli, "2026-12-04")[0]["risk"] == 51


def test_a_call_clears_the_confirm_item_but_an_email_does_not(cli, press_order):
    cli("log 'Bouw BV' email --on 2026-11-23")
    assert keys(today_json(cli, "2026-11-23")) == ["confirm:P-1"]
    cli("log 'Bouw BV' call --on 2026-11-23 --contact 'jan de vries' --mood positive")
    assert keys(today_json(cli, "2026-11-23")) == []


def test_done_logs_the_call_and_agreement_items_move_on(cli, press_order):
    cli("done confirm:P-1 --on 2026-11-23")
    assert keys(today_json(cli, "2026-11-27")) == ["agreement:P-1"]  # 7 days after the win
    result = cli("done agreement:P-1 --on 2026-11-27 --note 'start-up plan agreed'")
    assert "agreement" in result.stdout
    assert today_json(cli, "2026-11-27") == []
    assert keys(today_json(cli, "2026-12-04")) == ["agreement:P-1"]


def test_hurdle_comes_first_and_a_call_clears_it(cli, press_order):
    cli("done confirm:P-1 --on 2026-11-23")
    hurdle_id = cli("hurdle add P-1 'Part is late' --on 2026-11-24").stdout.strip()
    calls = today_json(cli, "2026-11-27")
    assert keys(calls) == [f"hurdle:{hurdle_id}", "agreement:P-1"]
    assert calls[0]["due"] == "2026-11-24" and calls[0]["overdue_days"] == 3
    cli(f"done hurdle:{hurdle_id} --on 2026-11-27")
    # a call is no agreement: the agreement moment stays due
    assert keys(today_json(cli, "2026-11-27")) == ["agreement:P-1"]
    cli(f"hurdle resolve {hurdle_id} --on 2026-11-30")
    assert show_json(cli, "Bouw BV", "2026-11-30")["hurdles"] == [
        {
            "id": int(hurdle_id),
            "order": "P-1",
            "description": "Part is late",
            "raised_on": "2026-11-24",
            "resolved_on": "2026-11-30",
        }
    ]
    assert show_json(cli, "Bouw BV", "2026-11-27")["hurdles"][0]["resolved_on"] is None


def test_a_problem_solved_without_a_call_stays_on_the_list_until_they_hear_of_it(cli, press_order):
    cli("done confirm:P-1 --on 2026-11-23")
    hurdle_id = cli("hurdle add P-1 'Part is late' --on 2026-11-24").stdout.strip()
    assert keys(today_json(cli, "2026-11-25")) == [f"hurdle:{hurdle_id}"]
    cli(f"hurdle resolve {hurdle_id} --on 2026-11-25")
    (call,) = today_json(cli, "2026-11-26")  # solved, but the customer has not heard of it
    assert call["key"] == f"hurdle:{hurdle_id}" and call["overdue_days"] == 2
    assert "solved on 2026-11-25 without telling the customer" in call["why"]
    assert "tell them what was done" in call["why"]
    why = show_json(cli, "Bouw BV", "2026-11-26")["why"]
    problem = [f for f in why if f["factor"] == "problem"]
    # silence while fixing: due 24 Nov, 2 working days without a call: 20 + 2 x 5
    assert [f["points"] for f in problem] == [30]
    assert "solved without telling the customer" in problem[0]["text"]
    cli("log 'Bouw BV' call --on 2026-11-27")  # told: off the list, no points
    assert keys(today_json(cli, "2026-11-27")) == ["agreement:P-1"]
    assert "problem" not in {f["factor"] for f in show_json(cli, "Bouw BV", "2026-11-27")["why"]}


def test_manual_reminder_until_done(cli, press_order):
    cli("done confirm:P-1 --on 2026-11-23")
    key = cli("remind 'Bouw BV' 'Call back about the nipple' --due 24-11-2026").stdout.strip()
    assert key == "manual:1"
    assert keys(today_json(cli, "2026-11-24")) == ["manual:1"]
    cli("done manual:1 --on 2026-11-24")
    assert today_json(cli, "2026-11-24") == []


def test_snooze_hides_an_item_until_the_date(cli, press_order):
    cli("snooze confirm:P-1 --until 2026-11-26")
    assert today_json(cli, "2026-11-25") == []
    assert keys(today_json(cli, "2026-11-26")) == ["confirm:P-1"]


def test_delivery_and_lost_orders(cli):
    cli("account add Meijer")
    cli("order won Meijer Forklifts --ref M-1 --on 2026-10-01")
    cli("log Meijer call --on 2026-10-01")
    cli("log Meijer agreement --on 2026-11-20 --order M-1")
    cli("order delivered M-1 --on 2026-11-24")
    assert keys(today_json(cli, "2026-11-26")) == ["post_delivery:M-1"]
    cli("account add Brouw")
    ref = cli("order lost Brouw Crane --on 2026-11-01 --to Kuipers").stdout.strip()
    calls = today_json(cli, "2026-11-26")
    assert keys(calls) == ["post_delivery:M-1", f"lost_followup:{ref}"]
    assert "Kuipers" in calls[1]["why"]


def test_do_not_call_person_is_never_suggested(cli):
    cli("account add Acme")
    cli("contact add Acme 'Kees' --primary --do-not-call")
    cli("contact add Acme 'Anna' --phone 0201234567")
    cli("order won Acme Thing --ref A-1 --on 2026-11-20")
    assert today_json(cli, "2026-11-23")[0]["contact"]["name"] == "Anna"


def test_without_a_primary_the_most_recently_contacted_person_is_suggested(cli):
    cli("account add Acme")
    cli("contact add Acme Anna --phone 0201")
    cli("contact add Acme Bert --phone 0202")
    cli("contact add Acme Cees --phone 0203 --do-not-call")
    cli("order won Acme Thing --ref A-1 --on 2026-11-20")
    assert today_json(cli, "2026-11-23")[0]["contact"]["name"] == "Anna"  # nobody yet: first
    cli("log Acme email --on 2026-11-23 --contact Bert")
    cli("log Acme note --on 2026-11-24 --contact Cees")  # objected to calls: never suggested
    cli("log Acme email --on 2026-11-25 --contact Anna")  # after the day asked about
    assert today_json(cli, "2026-11-24")[0]["contact"]["name"] == "Bert"
    assert today_json(cli, "2026-11-25")[0]["contact"]["name"] == "Anna"


def test_one_primary_contact_per_account(cli):
    cli("account add Acme")
    cli("account add Other")
    cli("contact add Acme Anna --primary")
    cli("contact add Other Olga --primary")
    cli("contact add Acme Bert --primary")  # the new primary takes over, at Acme only
    cli("order won Acme Thing --ref A-1 --on 2026-11-20")
    cli("order won Other Thing --ref O-1 --on 2026-11-20")
    cli("log Acme call --on 2026-11-20 --contact Anna")  # more recent, but not the primary

    def primaries(account):
        page = show_json(cli, account, "2026-11-23")
        return [(c["name"], c["primary"]) for c in page["contacts"]]

    assert primaries("Acme") == [("Anna", False), ("Bert", True)]
    assert primaries("Other") == [("Olga", True)]
    cli("order won Acme More --ref A-2 --on 2026-11-23")
    calls = {c["key"]: c["contact"]["name"] for c in today_json(cli, "2026-11-24")}
    assert calls == {"confirm:O-1": "Olga", "confirm:A-2": "Bert"}


def test_owner_filter(cli, press_order):
    cli("account add Other --owner piet")
    cli("order won Other Thing --ref O-1 --on 2026-11-20")
    assert keys(today_json(cli, "2026-11-23", "--owner", "piet")) == ["confirm:O-1"]
    assert keys(today_json(cli, "2026-11-23", "--owner", "EVA")) == ["confirm:P-1"]


def test_plain_output_is_one_line_per_call_without_escape_codes(cli, press_order):
    out = cli("today --on 2026-11-24 --format plain").stdout
    assert out.count("\n") == 1 and "\x1b" not in out
    assert "confirm:P-1" in out and "Jan de Vries" in out and "+31 6 1234 5678" in out


def test_default_format_off_a_terminal_is_plain(cli, press_order):
    assert "\x1b" not in cli("today --on 2026-11-24").stdout
    assert "┃" not in cli("today --on 2026-11-24").stdout


def test_csv_output_guards_formulas(cli, press_order):
    lines = cli("today --on 2026-11-24 --format csv").stdout.splitlines()
    assert lines[0].startswith("key,reason,account,order,due,overdue_days")
    assert "'+31 6 1234 5678" in lines[1]


def test_quiet_prints_nothing_when_nothing_is_due(cli, press_order):
    assert cli("today --on 2026-11-20 --quiet").stdout == ""
    assert "nothing due" in cli("today --on 2026-11-20").stdout
    assert cli("today --on 2026-11-24 --quiet").stdout != ""


def test_names_that_look_like_markup_print_literally(cli):
    cli("account add '[/x] Bouw [bold]'")
    cli("order won '[/x] bouw [bold]' '[red]Press' --ref R-1 --on 2026-11-20")
    plain = cli("today --on 2026-11-23 --format plain").stdout
    assert "[/x] Bouw [bold]" in plain and "[red]Press" in plain
    table = cli("today --on 2026-11-23 --format table").stdout
    assert "[/x]" in table and "[bold]" in table and "[red]" in table


def test_agenda_lists_what_falls_due_each_once(cli, press_order):
    calls = json.loads(cli("agenda --on 2026-11-20 --days 10 --format json").stdout)
    assert [(c["key"], c["due"]) for c in calls] == [
        ("confirm:P-1", "2026-11-23"),
        ("agreement:P-1", "2026-11-27"),
    ]


def test_show_prints_the_timeline(cli, press_order):
    cli("log 'Bouw BV' call --on 2026-11-23 --note 'Happy' --contact 'Jan de Vries'")
    out = cli("show 'BOUW BV' --on 2026-11-24").stdout
    for text in ("Bouw BV", "Doubt risk", "P-1", "Press line", "Jan de Vries", "Happy"):
        assert text in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("order won Nobody Thing", "unknown account 'Nobody'"),
        ("order won 'Bouw BV' Thing --ref P-1", "order ref 'P-1' exists already"),
        ("order won 'Bouw BV' Thing --on 31-02-2026", "bad date '31-02-2026'"),
        ("order won 'Bouw BV' Thing --on someday", "bad date 'someday'"),
        ("log 'Bouw BV' lunch", "bad kind 'lunch'"),
        ("log 'Bouw BV' call --mood grumpy", "bad mood 'grumpy'"),
        ("log 'Bouw BV' call --contact Nobody", "unknown contact 'Nobody'"),
        ("log 'Bouw BV' call --order NOPE", "unknown order 'NOPE'"),
        ("account add 'bouw bv'", "account 'bouw bv' exists already"),
        ("account add Z --tier D", "bad tier 'D'"),
        ("hurdle resolve 99", "unknown hurdle 99"),
        ("done confirm:NOPE", "unknown order 'NOPE'"),
        ("done whatever", "'whatever' is neither an item key"),
        ("snooze lost_followup:P-1 --until tomorrow", "is won"),
        ("today --on 2026-13-01", "bad date"),
        ("show Nobody", "unknown account 'Nobody'"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    cli, press_order, isolated, args, message
):
    before = snapshot(isolated)
    result = cli(args, ok=False)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(isolated) == before


def test_usage_errors_exit_2(cli):
    assert cli("today --no-such-option", ok=False).exit_code == 2
    assert cli("today --format fancy", ok=False).exit_code == 2


def test_demo_uses_its_own_database_and_shows_every_reason(cli, isolated):
    out = cli("demo --on 2026-11-27 --format json").stdout
    calls = json.loads(out)
    from nasales.domain.vocabulary import REASONS

    assert {c["reason"] for c in calls} == set(REASONS)
    assert any(c["handed_to"] == "Piet" for c in calls)  # a hand-off to service
    assert all(c["contact"] for c in calls)
    assert not any(c["contact"]["name"] == "Kees Bos" for c in calls)  # do not call
    assert not isolated.exists()  # the user's database was never touched


def test_every_command_has_help(cli):
    from typer.main import get_command

    from nasales.cli import app

    group = get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert {"today", "agenda", "done", "snooze", "show", "demo", "log", "remind"} <= set(names)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", {name: command})
        for cmd in sub.values():
            assert cmd.help, f"{name} {cmd.name} has no help"


def test_module_entry_point_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "nasales", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("nasales ")


def test_a_reader_that_stops_reading_gets_no_error_message(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nasales", "demo", "--on", "2026-11-27", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # like `| head` exiting before nasales writes
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def test_a_database_from_a_newer_nasales_is_refused(cli, press_order, isolated):
    with sqlite3.connect(isolated) as conn:
        conn.execute("INSERT INTO schema_migration VALUES ('m999_future', '2030-01-01')")
    result = cli("log 'Bouw BV' call", ok=False)
    assert result.exit_code == 1 and "newer nasales" in result.stderr


def test_agenda_sees_deliveries_and_hurdles_already_dated_in_its_window(cli, press_order):
    cli("done confirm:P-1 --on 2026-11-23")
    cli("order delivered P-1 --on 2026-12-01")
    hurdle = cli("hurdle add P-1 'late manual' --on 2026-11-30").stdout.strip()
    calls = json.loads(cli("agenda --on 2026-11-24 --days 10 --format json").stdout)
    assert [(c["key"], c["due"]) for c in calls] == [
        ("agreement:P-1", "2026-11-27"),
        (f"hurdle:{hurdle}", "2026-11-30"),
        ("post_delivery:P-1", "2026-12-03"),
    ]


def test_show_on_a_day_shows_the_account_as_it_was(cli, press_order):
    cli("order delivered P-1 --on 2026-12-01")
    hurdle = cli("hurdle add P-1 'late' --on 2026-11-24").stdout.strip()
    cli(f"hurdle resolve {hurdle} --on 2026-11-26")
    earlier = cli("show 'Bouw BV' --on 2026-11-25").stdout
    assert "delivered 2026" not in earlier and "solved" not in earlier and "(open)" in earlier
    later = cli("show 'Bouw BV' --on 2026-12-02").stdout
    assert "delivered 2026-12-01" in later and "solved 2026-11-26" in later
    assert "tier C (from the value won)" in later


def test_look_alike_names_are_one_account_and_owners_match_in_any_case(cli):
    cli("account add 'Café Ödön' --owner Ödön")
    assert cli("account add 'Cafe\u0301 ödön'", ok=False).exit_code == 1  # decomposed é
    assert cli("account add 'ＣＡＦÉ ÖDÖN'", ok=False).exit_code == 1  # full-width
    cli("order won 'café ödön' Thing --ref C-1 --on 2026-11-20")
    assert keys(today_json(cli, "2026-11-23", "--owner", "ÖDÖN")) == ["confirm:C-1"]


def test_stored_text_never_breaks_a_line_or_drives_the_terminal(cli):
    cli("account add Acme")
    cli(["order", "won", "Acme", "CNC\nline\x1b[31mRED", "--ref", "X-1", "--on", "2026-11-20"])
    out = cli("today --on 2026-11-23 --format plain").stdout
    assert out.count("\n") == 1 and "\x1b" not in out and "CNC line [31mRED" in out


@pytest.mark.parametrize(
    "args", ["import widgets x.csv", "today --format fancy", "import", "log Acme", "bogus"]
)
def test_a_command_line_that_does_not_parse_is_one_line_and_exit_2(cli, args):
    result = cli(args, ok=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("nasales: ") and result.stderr.count("\n") == 1
    assert "--help" in result.stderr and "Traceback" not in result.stderr
