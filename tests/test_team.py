"""The account team: colleagues on an account, items handed to them, each person's
list, and the team's daily digest."""

import json

import pytest

import realproc as rp

ON = "2026-11-27"


def items(cli, *args: str, on: str = ON) -> list[dict]:
    return json.loads(cli(["today", "--on", on, "--format", "json", *args]).stdout)


@pytest.fixture
def team(cli):
    """Eva owns Bouw BV (a problem and a confirm call due) and Klein BV (a confirm call);
    Daan owns Groot BV; Piet from service is in the team of Bouw BV."""
    cli("account add 'Bouw BV' --owner Eva")
    cli("contact add 'Bouw BV' 'Jan de Vries' --primary --phone '+31 6 1'")
    cli("order won 'Bouw BV' Press --ref P-1 --on 2026-11-24")
    cli("hurdle add P-1 'Late part' --on 2026-11-25")
    cli("account add 'Klein BV' --owner eva")  # the same person, spelt otherwise
    cli("order won 'Klein BV' Pump --ref K-1 --on 2026-11-25")
    cli("account add 'Groot BV' --owner Daan")
    cli("order won 'Groot BV' Robot --ref G-1 --on 2026-11-25")
    cli("team add 'Bouw BV' Piet --role service")
    return cli


def test_team_members_are_added_changed_removed_and_shown(team, isolated):
    assert "Piet (service)" in team("show 'Bouw BV' --on 2026-11-27").stdout
    out = team("team add 'bouw bv' PIET --role 'inside sales'").stdout  # again: the role changes
    assert out == "Piet is in the team of Bouw BV\n"  # the names as stored, not as typed
    rows = rp.query(isolated, "SELECT person, role FROM team_member")
    assert rows == [("Piet", "inside sales")]
    assert team("team remove ' bouw  bv ' piet").stdout == "Piet left the team of Bouw BV\n"
    assert "Account team: –" in team("show 'Bouw BV' --on 2026-11-27").stdout
    result = team("team remove 'Bouw BV' Piet", ok=False)
    assert result.exit_code == 1 and "'Piet' is not in the team of 'Bouw BV'" in result.stderr


def test_hand_says_the_colleague_as_stored(team, isolated):
    out = team(["hand", "confirm:K-1", "--to", "  Ｐｉｅｔ   Bos ", "--on", "2026-11-26"]).stdout
    assert out == "handed confirm the choice [confirm:K-1] to Piet Bos\n"
    assert rp.query(isolated, "SELECT person FROM handoff") == [("Piet Bos",)]


def test_a_handed_item_is_the_colleagues_and_stays_marked_on_the_owners_list(team):
    assert team("hand hurdle:1 --to Piet --on 2026-11-26 --note 'knows the supplier'").stdout == (
        "handed problem [hurdle:1] to Piet\n"
    )
    eva = items(team, "--owner", "Eva")
    assert [(i["key"], i["handed_to"]) for i in eva] == [
        ("hurdle:1", "Piet"),
        ("confirm:P-1", None),
        ("confirm:K-1", None),
    ]
    plain = team(["today", "--on", ON, "--owner", "Eva", "--format", "plain"]).stdout
    handed, *rest = plain.splitlines()
    assert "[hurdle:1]" in handed and "→ Piet" in handed  # its own call, marked
    assert not any("→" in line for line in rest)
    piet = items(team, "--for", "piet")
    assert [(i["key"], i["handed_to"]) for i in piet] == [("hurdle:1", "Piet")]
    for_eva = items(team, "--for", "EVA")  # what Eva owns, handed away or not
    assert [i["key"] for i in for_eva] == [i["key"] for i in eva]
    mine = team(["today", "--on", ON, "--for", "Piet", "--format", "plain"]).stdout
    assert "→" not in mine  # on Piet's own list it is simply his call


def test_a_handed_item_leaves_both_lists_once_it_is_no_longer_due(team):
    team("hand hurdle:1 --to Piet --on 2026-11-26")
    out = team("done hurdle:1 --on 2026-11-27").stdout  # Piet calls: the call is his
    assert out == "logged call on 2026-11-27: problem [hurdle:1]\n"
    page = json.loads(team("show 'Bouw BV' --on 2026-11-27 --format json").stdout)
    assert page["touchpoints"][-1]["by"] == "Piet"
    assert items(team, "--for", "Piet") == []
    assert "hurdle:1" not in [i["key"] for i in items(team, "--owner", "Eva")]


def test_a_call_by_any_colleague_counts_for_the_account(team):
    team("log 'Bouw BV' call --on 2026-11-27 --by Piet")
    assert [i["key"] for i in items(team, "--owner", "Eva")] == ["confirm:K-1"]


def test_a_hand_off_lasts_one_occurrence_of_a_recurring_item(cli):
    cli("account add Oven --owner Eva")
    cli("order won Oven Line --ref O-1 --on 2026-11-02")
    cli("log Oven call --on 2026-11-03")
    cli("hand agreement:O-1 --to Piet --on 2026-11-09")
    assert [i["handed_to"] for i in items(cli, on="2026-11-10")] == ["Piet"]
    cli("log Oven agreement --order O-1 --on 2026-11-11 --by Piet")  # Piet got it agreed
    (nxt,) = items(cli, on="2026-11-18")  # the next agreement moment is Eva's again
    assert (nxt["key"], nxt["handed_to"]) == ("agreement:O-1", None)


def test_hand_refuses_what_does_not_exist(team):
    for args, message in [
        ("hand hurdle:9 --to Piet", "unknown hurdle 9"),
        ("hand confirm:NOPE --to Piet", "unknown order 'NOPE'"),
        ("hand hurdle:1 --to ' '", "empty person"),
        ("hand nonsense --to Piet", "bad item key 'nonsense'"),
    ]:
        result = team(args, ok=False)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)


def test_the_digest_has_a_section_per_person_in_name_order(team):
    team("hand confirm:G-1 --to piet --on 2026-11-27")
    team("account add 'Nobody BV'")
    team("order won 'Nobody BV' Thing --ref N-1 --on 2026-11-25")
    out = team(["digest", "--on", ON]).stdout
    sections = [block.splitlines() for block in out.strip().split("\n\n")]
    titles = [lines[0] for lines in sections]
    assert titles == [
        "Calls for Daan on 2026-11-27: 1 call",
        "Calls for Eva on 2026-11-27: 2 calls",
        "Calls for piet on 2026-11-27: 1 call",
        "Calls without an account manager on 2026-11-27: 1 call",
    ]
    daan = sections[0][1]
    assert "[confirm:G-1]" in daan and "→ piet" in daan  # handed away, still on his list
    assert "→" not in sections[2][1]
    data = json.loads(team(["digest", "--on", ON, "--format", "json"]).stdout)
    assert list(data) == ["Daan", "Eva", "piet", ""]
    assert [i["key"] for i in data["piet"]] == ["confirm:G-1"]
    assert data["piet"][0]["handed_to"] == "piet"


def test_a_quiet_digest_prints_nothing_on_an_empty_day(team):
    assert team(["digest", "--on", "2026-11-20", "--quiet"]).stdout == ""
    assert team(["digest", "--on", "2026-11-20"]).stdout == "Nothing due for anyone.\n"
    assert team(["digest", "--on", "2026-11-20", "--format", "json"]).stdout.strip() == "{}"
