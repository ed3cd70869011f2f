"""Changing an account, the whole call done at once,
the mood and the person of a call, an account on one page as JSON, CLV deciding the tier."""

import json

import pytest

import realproc as rp
from snapshot import snapshot


def today(cli, on: str, *args: str) -> list[dict]:
    return json.loads(cli(["today", "--on", on, "--format", "json", *args]).stdout)


@pytest.fixture
def bouw(cli):
    cli("account add 'Bouw BV' --owner Eva")
    cli("contact add 'Bouw BV' 'Jan de Vries' --role buyer --primary")
    cli("contact add 'Bouw BV' 'Els Bos' --role finance")
    cli("order won 'Bouw BV' 'Press line' --ref P-1 --value 50000 --on 2026-11-13")
    return cli


def test_account_set_changes_and_clears_fields(bouw, isolated):
    out = bouw("account set 'bouw bv' --owner Piet --tier a --clv 250000 --notes 'Pays late'")
    assert out.stdout == "changed Bouw BV: owner Piet, tier A, CLV €250,000\n"
    row = rp.query(isolated, "SELECT owner, tier, clv, notes FROM account")
    assert row == [("Piet", "A", 250000.0, "Pays late")]
    bouw("account set 'Bouw BV' --tier '' --clv ''")  # back to the derived tier, no CLV
    row = rp.query(isolated, "SELECT owner, tier, clv, notes FROM account")
    assert row == [("Piet", None, None, "Pays late")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("account set 'Bouw BV'", "nothing to change"),
        ("account set 'Bouw BV' --tier D", "bad tier 'D'"),
        ("account set 'Bouw BV' --clv -5", "must be a finite amount of zero or more"),
        ("account set 'Bouw BV' --clv inf", "not a number"),
        ("account set Nobody --owner Piet", "unknown account 'Nobody'"),
    ],
)
def test_account_set_refuses_bad_input_and_changes_nothing(bouw, isolated, args, message):
    before = snapshot(isolated)
    result = bouw(args, ok=False)
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(isolated) == before


def test_the_clv_decides_the_tier_and_so_how_often_to_call(cli):
    cli("account add Klant --owner Eva")
    cli("order won Klant Kleinigheid --ref K-1 --value 1000 --on 2026-01-05")
    cli("log Klant call --on 2026-01-06")
    cli("order delivered K-1 --on 2026-01-07")
    cli("log Klant call --on 2026-01-12")
    # tier C from the value won: a relationship call every 180 days
    assert today(cli, "2026-03-02") == []
    cli("account set Klant --clv 150000")  # a customer worth a lot: tier A, every 30 days
    (item,) = today(cli, "2026-03-02")
    assert (item["key"], item["due"]) == ("relationship:Klant", "2026-02-11")
    assert "Tier A customer" in item["why"]
    cli("account set Klant --tier C")  # the account's own tier wins over the CLV
    assert today(cli, "2026-03-02") == []


def test_order_lost_records_how_close_the_choice_was(cli, isolated):
    cli("account add Klant")
    cli("order lost Klant Kraan --ref L-1 --on 2026-11-02 --to Rivaal --decision narrow")
    row = rp.query(isolated, "SELECT status, competitor, decision FROM orders")
    assert row == [("lost", "Rivaal", "narrow")]
    assert cli("order lost Klant X --decision maybe", ok=False).exit_code == 1


def test_done_puts_mood_and_person_on_the_call(bouw, isolated):
    bouw("done confirm:P-1 --on 2026-11-16 --mood twijfel --contact 'els bos' --note 'Prijs?'")
    row = rp.query(
        isolated,
        "SELECT t.kind, t.mood, c.name, t.note, t.made_by FROM touchpoint t "
        "JOIN contact c ON c.id = t.contact_id",
    )
    assert row == [("call", "doubt", "Els Bos", "Prijs?", "Eva")]
    assert bouw("done confirm:P-1 --contact Nobody", ok=False).exit_code == 1


def test_done_with_an_account_completes_the_whole_call(bouw, isolated):
    bouw("remind 'Bouw BV' 'Price list' --due 2026-11-20")
    bouw("remind 'Bouw BV' 'Later' --due 2026-12-20")
    bouw("hurdle add P-1 'Late part' --on 2026-11-19")
    keys = {i["key"] for i in today(bouw, "2026-11-27")}
    assert keys == {"hurdle:1", "manual:1", "confirm:P-1", "agreement:P-1"}
    out = bouw("done 'bouw bv' --on 2026-11-27 --note 'Went through everything'").stdout
    assert out.splitlines()[0] == "logged a call to Bouw BV on 2026-11-27"
    assert "done: problem [hurdle:1], promise [manual:1], confirm the choice [confirm:P-1]" in out
    assert "still open: agreement moment [agreement:P-1]; log their agreement with:" in out
    assert [i["key"] for i in today(bouw, "2026-11-27")] == ["agreement:P-1"]
    assert rp.query(isolated, "SELECT count(*) FROM touchpoint") == [(1,)]  # one call
    assert rp.query(isolated, "SELECT text, done_on FROM reminder ORDER BY id") == [
        ("Price list", "2026-11-27"),
        ("Later", None),  # not due yet: not part of today's call
    ]


def test_done_with_neither_a_key_nor_an_account(bouw):
    result = bouw("done 'Bouw'", ok=False)
    assert result.exit_code == 1
    assert "'Bouw' is neither an item key" in result.stderr


def test_show_as_json_has_every_part_of_the_page(bouw):
    bouw("account set 'Bouw BV' --notes 'Decides on Fridays'")
    bouw("team add 'Bouw BV' Piet --role service")
    bouw("log 'Bouw BV' email --on 2026-11-20 --note 'Vraag over onderdelen' --mood doubt")
    bouw("hurdle add P-1 'Late part' --on 2026-11-24")
    bouw("proposal add P-1 'Start-up plan' --on 2026-11-16")
    page = json.loads(bouw("show 'Bouw BV' --on 2026-11-27 --format json").stdout)
    for field in ("account", "owner", "tier", "risk", "why", "orders", "touchpoints"):
        assert field in page
    for field in ("hurdles", "proposals", "team", "notes", "contacts", "promises"):
        assert field in page
    assert (page["account"], page["owner"], page["tier"]) == ("Bouw BV", "Eva", "B")
    assert page["risk"] == sum(f["points"] for f in page["why"])
    assert {f["factor"] for f in page["why"]} >= {"problem", "mood", "win"}
    assert page["team"] == [{"person": "Piet", "role": "service"}]
    assert page["proposals"][0]["text"] == "Start-up plan"
    assert page["touchpoints"][0]["mood"] == "doubt"


def test_show_prints_the_notes_first(bouw):
    bouw("account set 'Bouw BV' --notes 'Decides on Fridays'")
    lines = bouw("show 'Bouw BV' --on 2026-11-27").stdout.splitlines()
    assert lines[0] == "Bouw BV"
    assert lines[2] == "  Notes: Decides on Fridays"
    assert lines[3].startswith("Doubt risk ")


def test_a_lost_only_account_has_no_doubt_risk(cli):
    cli("account add Prospect --tier A")
    cli("order lost Prospect Kraan --ref L-1 --on 2026-09-01 --to Rivaal")
    cli("log Prospect call --on 2026-09-20")  # the first follow-up of the lost order
    page = json.loads(cli("show Prospect --on 2026-11-27 --format json").stdout)
    assert page["risk"] is None and page["why"] == []
    (item,) = today(cli, "2026-11-27")
    assert item["risk"] is None
    assert "A prospect who chose Rivaal" in item["why"]  # no "Tier A customer" for a prospect
