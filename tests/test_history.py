"""An order's history holds on every way in: `done` never logs
a contact its item cannot count, a second delivery says what it changed, an import cannot
rewrite what hangs on an order, and a file that names a record twice says one thing of it.
The rules themselves: domain/checks.py, tests/test_checks.py."""

import json
import sqlite3
from pathlib import Path

import pytest

from snapshot import snapshot


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        found = conn.execute(sql).fetchall()
    conn.close()
    return found


def keys(cli, day: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [i["key"] for i in json.loads(cli(f"today --on {day} --format json").stdout)]


def imported(cli, tmp_path: Path, kind: str, text: str, *extra: str, ok: bool = True):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{kind}.csv"
    path.write_text(text)
    return cli(["import", kind, str(path), *extra], ok=ok)


@pytest.fixture
def won_on_saturday(cli):
    """Acme won W-1 on Saturday 7 Nov 2026 and lost L-1 on Monday 2 Nov."""
    cli("account add Acme --owner Eva --tier A")
    cli("order won Acme Press --ref W-1 --on 2026-11-07")
    cli("order lost Acme Drill --ref L-1 --on 2026-11-02")


# -- done: a contact that cannot satisfy its item is refused (21.7) -----------------------------


def test_done_before_the_win_is_refused_and_the_item_stays(cli, isolated, won_on_saturday):
    before = snapshot(isolated)
    result = cli("done confirm:W-1 --on 2026-11-06", ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "nasales: confirm:W-1 asks for a call on or after the win (2026-11-07); "
        "2026-11-06 is before it\n"
    )
    assert snapshot(isolated) == before
    assert "confirm:W-1" in keys(cli, "2026-11-10")
    cli("done confirm:W-1 --on 2026-11-07")  # on the day of the win, a Saturday: it counts
    assert "confirm:W-1" not in keys(cli, "2026-11-10")


def test_done_in_dutch_says_why_in_dutch(cli, won_on_saturday):
    result = cli("done confirm:W-1 --on 06-11-2026", ok=False, env={"NASALES_LANG": "nl"})
    assert result.exit_code == 1
    assert "06-11-2026" in result.stderr and "07-11-2026" in result.stderr
    assert "before" not in result.stderr
    assert result.stderr == (  # the key as the Dutch list shows it; a win is a gunning
        "nasales: bevestigen:W-1 vraagt om een gesprek op of na de gunning van de order "
        "(07-11-2026); 06-11-2026 ligt daarvóór\n"
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("bevestigen:W-1 --on 06-11-2026", "bevestigen:W-1 vraagt om een gesprek"),
        ("confirm:W-1 --on 06-11-2026", "bevestigen:W-1 vraagt om een gesprek"),
        ("instemming:W-1 --on 06-11-2026", "instemming:W-1 vraagt om instemming"),
        ("verloren:L-1 --on 02-11-2026", "verloren:L-1: een gesprek telt"),
    ],
)
def test_done_refusals_in_dutch_name_the_item_as_the_list_does(cli, won_on_saturday, typed, shown):
    result = cli(f"done {typed}", ok=False, env={"NASALES_LANG": "nl"})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"nasales: {shown}")
    assert "confirm:" not in result.stderr and "lost_followup" not in result.stderr
    assert "winst" not in result.stderr


def test_a_lost_order_call_counts_from_the_day_after_the_loss(cli, isolated, won_on_saturday):
    assert cli("done lost_followup:L-1 --on 2026-11-02", ok=False).exit_code == 1
    cli("done lost_followup:L-1 --on 2026-11-03")
    assert "lost_followup:L-1" not in keys(cli, "2026-11-16")
    # stage 2 (90 days on) counts calls from 60 days after the loss; before it is due, a call
    # is for stage 1, which has had its call: a second `done` satisfies nothing
    refused = cli("done lost_followup:L-1 --on 2026-12-20", ok=False)
    assert refused.stderr == (
        "nasales: lost_followup:L-1 needs no call: the contact on 2026-11-03 already counts for "
        "it; nothing was logged (to log another call: nasales log Acme call)\n"
    )
    assert rows(isolated, "SELECT count(*) FROM touchpoint") == [(1,)]
    cli("done lost_followup:L-1 --on 2027-02-01")  # stage 2 is due: its call is taken
    assert rows(isolated, "SELECT count(*) FROM touchpoint") == [(2,)]


def test_done_twice_for_an_item_a_call_satisfies_once_logs_one_call(cli, isolated, won_on_saturday):
    cli("done confirm:W-1 --on 2026-11-09")
    cli("hurdle add W-1 'Late part' --on 2026-11-10 --not-discussed")
    cli("done hurdle:1 --on 2026-11-10")  # the call on the 9th did not discuss it: taken
    before = snapshot(isolated)
    for key in ("confirm:W-1", "hurdle:1", "bevestigen:W-1"):
        refused = cli(f"done {key} --on 2026-11-12", ok=False)
        assert refused.exit_code == 1 and "needs no call" in refused.stderr
    assert snapshot(isolated) == before
    cli("done agreement:W-1 --on 2026-11-12")  # asked for again and again: always taken
    assert rows(isolated, "SELECT kind, date FROM touchpoint ORDER BY id") == [
        ("call", "2026-11-09"),
        ("call", "2026-11-10"),
        ("agreement", "2026-11-12"),
    ]


def test_log_may_predate_the_win_and_done_account_refuses_when_nothing_was_due(
    cli, isolated, won_on_saturday
):
    cli("log Acme call --order W-1 --on 2026-10-20 --note 'the sales talk'")
    before = snapshot(isolated)
    result = cli("done Acme --on 2026-10-21", ok=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "nasales: nothing was due for Acme on 2026-10-21; nothing was logged (to log a call "
        "anyway: nasales log Acme call --on 2026-10-21)\n"
    )
    assert snapshot(isolated) == before
    assert "confirm:W-1" in keys(cli, "2026-11-10")


def test_a_promise_done_twice_logs_one_call(cli, isolated, won_on_saturday):
    cli("remind Acme 'Send the manual' --due 2026-11-10")
    cli("done toezegging:1 --on 2026-11-10", env={"NASALES_LANG": "nl"})
    before = snapshot(isolated)
    again = cli("done manual:1 --on 2026-11-11", ok=False)
    assert again.stderr == (
        "nasales: the promise manual:1 was already done on 2026-11-10; nothing was logged (to "
        "log another call: nasales log Acme call)\n"
    )
    dutch = cli("done toezegging:1 --on 2026-11-11", ok=False, env={"NASALES_LANG": "nl"})
    assert dutch.exit_code == 1 and "10-11-2026" in dutch.stderr and "already" not in dutch.stderr
    assert snapshot(isolated) == before
    assert rows(isolated, "SELECT count(*) FROM touchpoint WHERE kind = 'call'") == [(1,)]


def test_done_refuses_a_kept_promise_in_the_store(cli, isolated, won_on_saturday):
    from datetime import date

    from nasales.errors import Invalid
    from nasales.store.db import transaction
    from nasales.store.followup import done, find_item

    cli("remind Acme 'Send the manual' --due 2026-11-10")
    with transaction(str(isolated), write=True) as db:
        done(db, find_item(db, "manual:1"), date(2026, 11, 10))
    with pytest.raises(Invalid), transaction(str(isolated), write=True) as db:
        done(db, find_item(db, "manual:1"), date(2026, 11, 12))
    assert rows(isolated, "SELECT count(*) FROM touchpoint") == [(1,)]


# -- a second delivery says what it changed (21.9) ----------------------------------------------


def test_a_second_delivery_moves_the_day_and_says_from_when(cli, isolated, won_on_saturday):
    assert cli("order delivered W-1 --on 2026-12-01").stdout == "delivered W-1 on 2026-12-01\n"
    again = cli("order delivered W-1 --on 2026-12-01")
    assert again.stdout == "W-1 was delivered on 2026-12-01 already\n"
    moved = cli("order delivered W-1 --on 2026-12-08")
    assert moved.stdout == "delivered W-1 on 2026-12-08 (was 2026-12-01)\n"
    assert rows(isolated, "SELECT delivered_on FROM orders WHERE ref = 'W-1'") == [("2026-12-08",)]
    before = snapshot(isolated)
    refused = cli("order delivered W-1 --on 2026-11-06", ok=False)
    assert (
        refused.stderr
        == "nasales: delivered on 2026-11-06, before order 'W-1' was won (2026-11-07)\n"
    )
    assert snapshot(isolated) == before
    cli("hurdle add W-1 'Scratched panel' --on 2026-12-10")  # a problem after delivery: fine
    cli("order delivered W-1 --on 2026-12-09")


# -- an import cannot rewrite an order's history (21.13) ----------------------------------------

ORDERS = "ref,account,title,status,signed_on\n"


@pytest.fixture
def with_a_proposal(cli):
    cli("account add Acme --owner Eva")
    cli("order won Acme Press --ref W-1 --on 2026-11-02")
    cli("proposal add W-1 'Start-up plan' --on 2026-11-05")


def test_an_order_with_an_open_proposal_is_not_made_lost(cli, isolated, tmp_path, with_a_proposal):
    before = snapshot(isolated)
    text = ORDERS + "W-1,Acme,Press,lost,2026-11-02\n"
    result = imported(cli, tmp_path, "orders", text, ok=False)
    assert result.stderr.splitlines() == [
        "line 2: order 'W-1' has problems or proposals on file: a lost order has none",
        "nasales: 1 invalid row; nothing imported",
    ]
    assert snapshot(isolated) == before
    skipped = imported(cli, tmp_path, "orders", text, "--skip-invalid")
    assert "imported 0 (0 new, 0 updated, 0 unchanged), 1 invalid" in skipped.stdout
    assert "line 2: order 'W-1' has problems" in skipped.stderr
    assert snapshot(isolated) == before
    assert "proposal:1" in keys(cli, "2026-11-16")


def test_a_win_is_not_moved_after_its_proposals_or_problems(
    cli, isolated, tmp_path, with_a_proposal
):
    cli("hurdle add W-1 'Late part' --on 2026-11-04")
    before = snapshot(isolated)
    result = imported(cli, tmp_path, "orders", ORDERS + "W-1,Acme,Press,won,2026-11-06\n", ok=False)
    assert result.stderr.splitlines()[0] == (
        "line 2: order 'W-1' cannot be won on 2026-11-06: its first problem was raised on "
        "2026-11-04; order 'W-1' cannot be won on 2026-11-06: its first proposal was sent on "
        "2026-11-05"
    )
    assert snapshot(isolated) == before
    earlier = imported(cli, tmp_path, "orders", ORDERS + "W-1,Acme,Press,won,2026-10-30\n")
    assert "(0 new, 1 updated, 0 unchanged)" in earlier.stdout  # earlier is fine


def test_what_the_database_holds_already_is_not_judged_again(cli, isolated, tmp_path):
    """An older release let a problem be recorded on a lost order: re-importing the export
    leaves it as it is, and a change to another field of its order goes in."""
    cli("account add Acme")
    cli("order lost Acme Drill --ref L-1 --on 2026-11-02")
    with sqlite3.connect(isolated) as conn:
        conn.execute(
            "INSERT INTO hurdle (order_id, description, raised_on) VALUES (1, 'x', '2026-11-05')"
        )
    conn.close()
    exported = cli("export hurdles").stdout
    assert "(0 new, 0 updated, 1 unchanged)" in imported(cli, tmp_path, "hurdles", exported).stdout
    title = imported(cli, tmp_path, "orders", ORDERS + "L-1,Acme,Big drill,lost,2026-11-02\n")
    assert "(0 new, 1 updated, 0 unchanged)" in title.stdout
    new = "order,description,raised_on\nL-1,y,2026-11-06\n"
    refused = imported(cli, tmp_path, "hurdles", new, ok=False)
    assert "line 2: order 'L-1' was lost; problems are recorded on won orders" in refused.stderr


# -- one file, one say per record (21.12) -----------------------------------------------------


def test_contradictory_duplicates_in_one_file_are_refused_naming_both_lines(
    cli, isolated, tmp_path
):
    cli("account add Acme")
    before = snapshot(isolated)
    text = "name,owner\nDup,Eva\nDup,Piet\ndup,Karel\n"
    result = imported(cli, tmp_path, "accounts", text, ok=False)
    assert result.stderr.splitlines() == [
        "line 3: 'Dup' is also on line 2, with other values (owner)",
        "line 4: 'dup' is also on line 2, with other values (owner)",
        "nasales: 2 invalid rows; nothing imported",
    ]
    assert snapshot(isolated) == before
    skipped = imported(cli, tmp_path, "accounts", text, "--skip-invalid")
    assert "3 rows read, imported 1 (1 new, 0 updated, 0 unchanged), 2 invalid" in skipped.stdout
    assert rows(isolated, "SELECT name, owner FROM account") == [("Acme", None), ("Dup", "Eva")]


def test_a_record_named_twice_alike_is_harmless(cli, isolated, tmp_path):
    text = "name,owner,tier\nSame,Jan,A\nSAME,Jan,a\n"
    result = imported(cli, tmp_path, "accounts", text)
    assert "2 rows read, imported 2 (1 new, 0 updated, 1 unchanged)" in result.stdout
    assert rows(isolated, "SELECT name, owner, tier FROM account") == [("Same", "Jan", "A")]


@pytest.mark.parametrize(
    ("kind", "text", "line"),
    [
        (
            "contacts",
            "account,name,role\nNieuw BV,Jan,buyer\nnieuw bv,JAN,user\n",
            "line 3: 'JAN' is also on line 2, with other values (role)",
        ),
        (
            "team",
            "account,person,role\nAcme,Noor,service\nAcme,noor,finance\n",
            "line 3: 'noor' is also on line 2, with other values (role)",
        ),
        (
            "orders",
            "ref,account,status,signed_on\nO-1,Acme,won,2026-11-02\nO-1,Acme,lost,2026-11-02\n",
            "line 3: ref 'O-1' appears twice in this file (line 2)",
        ),
    ],
)
def test_every_kind_by_its_key(cli, isolated, tmp_path, kind, text, line):
    cli("account add Acme")
    before = snapshot(isolated)
    result = imported(cli, tmp_path, kind, text, ok=False)
    assert result.stderr.splitlines()[0] == line
    assert snapshot(isolated) == before


def test_a_delivered_order_is_not_made_lost_by_a_file_without_the_delivery(
    cli, isolated, tmp_path, with_a_proposal
):
    cli("order won Acme Saw --ref W-2 --on 2026-11-02")
    cli("order delivered W-2 --on 2026-11-20")
    before = snapshot(isolated)
    result = imported(cli, tmp_path, "orders", ORDERS + "W-2,Acme,Saw,lost,2026-11-02\n", ok=False)
    assert "line 2: order 'W-2' was lost; only won orders are delivered" in result.stderr
    assert snapshot(isolated) == before


def test_done_account_with_nothing_due_but_a_next_need_logs_the_call(
    cli, isolated, won_on_saturday
):
    out = cli("done Acme --on 2026-10-21 --next 'a second press'").stdout.splitlines()
    assert out == [
        "logged a call to Acme on 2026-10-21",
        "nothing was due for Acme on 2026-10-21",
        "noted opportunity 1: a second press",
    ]
    assert rows(isolated, "SELECT count(*) FROM touchpoint") == [(1,)]
