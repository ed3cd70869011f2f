"""What a capture keeps of a person, and that `contact export` shows it and `contact forget`
erases it (PRODUCT.md §9 privacy)."""

import json

import pytest

import realproc as rp
from capture_files import calendar, cdr, event, master_csv

T = "2026-11-12"
NAME, EMAIL, PHONE = "Sanne Forgetme", "sanne.forgetme@vandijk.example", "+31 6 4455 6677"


@pytest.fixture
def captured(cli, tmp_path, isolated):
    """A call with Sanne and a meeting she attended, captured; a colleague's call too."""
    cli("account add 'Van Dijk' --owner Eva")
    cli(f"contact add 'Van Dijk' '{NAME}' --email {EMAIL} --phone '{PHONE}'")
    cli("contact add 'Van Dijk' 'Kees Blijft' --phone '020 765 4321'")
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0644556677", "2026-11-03 10:15:00", billsec=247),
        cdr("0207654321", "202", "2026-11-04 10:15:00", billsec=60),
    )
    cli(f"capture calls {log} --on {T} --by 201=Eva --by 202=Piet")
    ics = calendar(
        tmp_path / "eva.ics",
        event(
            "m@x",
            ":20261105T090000Z",
            ":20261105T100000Z",
            "Sanne's budget worries",
            (EMAIL,),
            extra=("DESCRIPTION:her private mobile is 06 9999 0000",),
        ),
    )
    cli(f"capture calendar {ics} --on {T}")
    return isolated


def test_contact_export_shows_what_was_captured_about_the_person(cli, captured):
    plain = cli(f"contact export '{NAME}'").stdout.splitlines()
    assert "Touchpoints with them or naming them: 2" in plain
    assert (
        "  2026-11-03 call Van Dijk (with them) by Eva (outgoing, 4:07, from the call log)" in plain
    )
    assert (
        "  2026-11-05 meeting Van Dijk (with them) by Eva (from the calendar): "
        "Sanne's budget worries"
    ) in plain
    held = json.loads(cli(f"contact export {EMAIL} --format json").stdout)
    call = held["touchpoints"][0]
    assert (call["source"], call["direction"], call["seconds"]) == ("calls", "out", 247)


def test_contact_forget_leaves_nothing_of_the_person(cli, captured):
    files = [captured, *(captured.with_name(captured.name + s) for s in ("-wal", "-shm"))]
    secrets = [NAME.encode(), EMAIL.encode(), b"4455 6677", b"budget worries"]
    raw = b"".join(p.read_bytes() for p in files if p.exists())
    assert all(s in raw for s in secrets)  # the check below can see them
    assert b"9999 0000" not in raw  # a description is never read into the database
    cli(f"contact forget {EMAIL} --yes")
    raw = b"".join(p.read_bytes() for p in files if p.exists())
    assert [s for s in secrets if s in raw] == []
    # the touchpoints stay (the supplier's record of contact with the company), unlinked,
    # the meeting's subject gone with her; the colleague's call untouched
    assert rp.query(
        captured,
        "SELECT t.kind, t.date, c.name, t.note, t.direction, t.seconds FROM touchpoint t "
        "LEFT JOIN contact c ON c.id = t.contact_id ORDER BY t.date",
    ) == [
        ("call", "2026-11-03", None, "", "out", 247),
        ("call", "2026-11-04", "Kees Blijft", "", "in", 60),
        ("meeting", "2026-11-05", None, "", None, None),
    ]
