"""Edges a read-only review against PRODUCT.md found: each test fails without its fix."""

import json
import sqlite3
import subprocess
import sys

import pytest

import realproc as rp


@pytest.fixture
def wim(cli):
    """Alice owns W, with a won order, a problem and a promise due on 2026-06-02."""
    cli("account add W --owner Alice")
    cli("contact add W 'Zoë Jansen' --email zoe@w.example --primary")
    cli("order won W Machine --ref W1 --on 2026-06-01")
    cli("hurdle add W1 'Late part' --on 2026-06-01")
    cli("remind W 'Send the manual' --due 2026-06-02")
    return cli


def test_one_call_per_person_however_the_name_is_typed(wim):
    wim("hand confirm:W1 --to pia --on 2026-06-02")
    wim("hand hurdle:1 --to Pia --on 2026-06-02")
    lines = wim("today --on 2026-06-02 --for PIA --format plain").stdout.splitlines()
    assert len(lines) == 1 and "[hurdle:1]" in lines[0] and "[confirm:W1]" in lines[0]
    owner = wim("today --on 2026-06-02 --owner alice --format plain").stdout.splitlines()
    assert len(owner) == 2  # Pia's call (marked) and Alice's own promise
    assert sum("→" in line for line in owner) == 1


def test_a_hand_off_note_naming_a_person_is_exported_and_erased(wim, isolated):
    wim(["hand", "confirm:W1", "--to", "Pia", "--note", "ask Zoë Jansen about it"])
    held = json.loads(wim("contact export zoe@w.example --format json").stdout)
    assert [h["note"] for h in held["hand_offs"]] == ["ask Zoë Jansen about it"]
    wim("contact forget zoe@w.example --yes")
    assert rp.query(isolated, "SELECT note FROM handoff") == [("ask [erased] about it",)]
    raw = b"".join(p.read_bytes() for p in isolated.parent.glob(f"{isolated.name}*"))
    assert "Zoë Jansen".encode() not in raw


def test_an_undiscussed_problem_keeps_growing(wim):
    def problem(on: str) -> int:
        page = json.loads(wim(f"show W --on {on} --format json").stdout)
        return sum(f["points"] for f in page["why"] if f["factor"] == "problem")

    assert [problem(d) for d in ("2026-06-01", "2026-06-05", "2026-06-12")] == [20, 40, 65]


def test_a_backup_that_cannot_say_so_is_still_reported_as_made(wim, isolated, tmp_path):
    target = tmp_path / "copy.db"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "nasales", "backup", str(target)],
            env=rp.env(isolated),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 0
    assert "the change is saved, but its confirmation could not be written" in result.stderr
    assert rp.integrity(target) == "ok"


def test_a_backup_replaces_an_earlier_backup_but_no_other_file(wim, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Zoë, …", encoding="utf-8")
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    for target in (letter, foreign):
        before = target.read_bytes()
        result = wim(["backup", str(target)], ok=False)
        assert result.exit_code == 1
        assert "exists and is not an earlier backup of this database" in result.stderr
        assert target.read_bytes() == before
    again = tmp_path / "nightly.db"
    wim(["backup", str(again)])
    assert wim(["backup", str(again)]).exit_code == 0  # tonight's copy replaces last night's


PROBLEMS_AND_PROPOSALS = (
    "SELECT id, order_id, description, raised_on, resolved_on FROM hurdle "
    "UNION ALL SELECT id, 0, text, sent_on, NULL FROM proposal"
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            "hurdle add W1 'Too early' --on 2026-05-31",
            "raised on 2026-05-31, before the order was won",
        ),
        ("proposal add W1 'Plan' --on 2026-05-20", "sent on 2026-05-20, before the order was won"),
        ("hurdle resolve 1 --on 2026-05-30", "resolved on 2026-05-30, before it was raised"),
    ],
)
def test_nothing_is_dated_before_what_it_belongs_to(wim, isolated, args, message):
    before = rp.query(
        isolated,
        PROBLEMS_AND_PROPOSALS,
    )
    result = wim(args, ok=False)
    assert result.exit_code == 1 and message in result.stderr
    after = rp.query(
        isolated,
        PROBLEMS_AND_PROPOSALS,
    )
    assert after == before


def test_an_order_won_before_its_need_was_noted_is_refused(wim, isolated):
    wim("done confirm:W1 --on 2026-06-05 --next 'A second machine'")
    result = wim("order won W Second --from 1 --on 2026-06-04", ok=False)
    assert result.exit_code == 1 and "won on 2026-06-04, before the need was noted" in result.stderr
    assert rp.query(isolated, "SELECT count(*) FROM orders") == [(1,)]  # nothing written
    assert wim("order won W Second --from 1 --on 2026-06-05").exit_code == 0


def test_a_solved_problem_is_not_solved_again(wim, isolated):
    wim("hurdle resolve 1 --on 2026-06-12")
    result = wim("hurdle resolve 1 --on 2026-06-13", ok=False)
    assert result.exit_code == 1 and "problem 1 was solved already on 2026-06-12" in result.stderr
    assert rp.query(isolated, "SELECT resolved_on FROM hurdle") == [("2026-06-12",)]


def test_adding_a_team_member_again_without_a_role_keeps_it(wim, isolated):
    wim("team add W Pia --role service")
    wim("team add W pia")
    assert rp.query(isolated, "SELECT person, role FROM team_member") == [("Pia", "service")]


@pytest.mark.parametrize(
    "args",
    [
        "show W --format csv",
        "today --owner Alice --for Pia",
        "agenda --owner Alice --for Pia",
        "review --owner Alice --for Pia",
        "pipeline --owner Alice --for Pia",
    ],
)
def test_options_that_do_not_fit_are_a_usage_error(wim, args):
    result = wim(args, ok=False)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_an_after_delivery_call_waits_for_the_delivery(wim, isolated):
    result = wim("done post_delivery:W1 --on 2026-06-02", ok=False)
    assert result.exit_code == 1 and "is not delivered by 2026-06-02" in result.stderr
    assert rp.query(isolated, "SELECT count(*) FROM touchpoint") == [(0,)]
    wim("order delivered W1 --on 2026-06-03")
    assert wim("done post_delivery:W1 --on 2026-06-05").exit_code == 0


def test_show_on_a_day_hides_what_happened_later(wim):
    wim("done confirm:W1 --on 2026-06-02 --next 'A second machine'")
    wim("order won W Second --from 1 --on 2026-06-20")
    wim("opportunity drop 1 --on 2026-06-21", ok=False)  # won already: not dropped
    earlier = json.loads(wim("show W --on 2026-06-10 --format json").stdout)
    assert earlier["opportunities"][0]["won_order"] is None
    assert "won:" not in wim("show W --on 2026-06-10").stdout
    later = json.loads(wim("show W --on 2026-06-20 --format json").stdout)
    assert later["opportunities"][0]["won_order"] == "N00002"
