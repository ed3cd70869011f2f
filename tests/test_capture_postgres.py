"""Capture on the team's database (PRODUCT.md §9): the same on PostgreSQL as on SQLite, and
two people capturing one shared calendar at the same moment log each meeting once."""

import re
from datetime import date

import pytest

import realproc as rp
from capture_files import calendar, cdr, event, master_csv

T = "2026-11-12"


def book(cli) -> None:  # type: ignore[no-untyped-def]
    cli("account add 'Van Dijk' --owner Eva")
    cli("account set 'Van Dijk' --domain vandijk.example")
    cli("contact add 'Van Dijk' Sanne --email sanne@vandijk.example --phone '06 1234 5678'")
    cli("order won 'Van Dijk' Press --ref VD-1 --value 50000 --on 2026-11-02")


def shared_calendar(path, n: int = 30):  # type: ignore[no-untyped-def]
    events = [
        event(
            f"m{i}@x",
            f":202610{1 + i % 28:02d}T{8 + i % 9:02d}0000Z",
            f":202610{1 + i % 28:02d}T{8 + i % 9:02d}3000Z",
            f"Meeting {i}",
            ("sanne@vandijk.example" if i % 2 else f"guest{i}@vandijk.example",),
        )
        for i in range(n)
    ]
    return calendar(path, *events)


def test_capture_works_the_same_on_postgresql(pg_cli, fresh_pg, tmp_path):
    book(pg_cli)
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0612345678", "2026-11-03 10:15:00", billsec=247),
        cdr("201", "0612345678", "2026-11-03 11:15:00", billsec=3),
    )
    assert "confirm:VD-1" in pg_cli(f"today --on {T}").stdout
    dry = pg_cli(f"capture calls {log} --on {T} --dry-run").stdout
    assert "would log 1" in dry
    assert "confirm:VD-1" in pg_cli(f"today --on {T}").stdout  # the dry run wrote nothing
    out = pg_cli(f"capture calls {log} --on {T} --by 201=Eva").stdout
    assert "read 2, logged 1, already logged 0, skipped 1 (1 short)" in out
    assert "confirm:VD-1" not in pg_cli(f"today --on {T}").stdout
    again = pg_cli(f"capture calls {log} --on {T}").stdout  # the same log: nothing new read
    assert again.startswith("Master.csv: read 0, logged 0")
    assert "logged 0, already logged 1" in pg_cli(f"capture calls {log} --on {T} --unknown").stdout
    ics = shared_calendar(tmp_path / "eva.ics", 4)
    assert "read 4, logged 4" in pg_cli(f"capture calendar {ics} --on {T}").stdout
    assert "logged 0, already logged 4" in pg_cli(f"capture calendar {ics} --on {T}").stdout
    shown = pg_cli(f"show 'Van Dijk' --on {T} --format plain").stdout
    assert "2026-11-03 call with Sanne by Eva (outgoing, 4:07, from the call log)" in shown
    assert "  E-mail domains: vandijk.example" in shown


def _logged(out: str) -> int:
    found = re.search(r"logged (\d+), already logged", out)
    assert found, out
    return int(found.group(1))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_people_capturing_one_calendar_at_once_log_each_meeting_once(
    request, cli, tmp_path, isolated, backend, monkeypatch
):
    db = str(isolated)
    if backend == "postgresql":
        db = request.getfixturevalue("fresh_pg")
        monkeypatch.setenv("NASALES_DB", db)
    book(cli)
    ics = shared_calendar(tmp_path / "shared.ics", 30)
    people = ("Eva", "Piet", "Daan", "Sara")
    procs = [rp.start(db, "capture", "calendar", str(ics), "--on", T, "--by", p) for p in people]
    results = [rp.finish(p) for p in procs]
    assert [code for code, _out, _err in results] == [0] * len(people), results
    assert sum(_logged(out) for _code, out, _err in results) == 30
    again = cli(f"capture calendar {ics} --on {T}").stdout
    assert "read 30, logged 0, already logged 30" in again


def test_a_readers_state_on_postgresql(pg_cli, fresh_pg):
    from nasales.store.capture import load_state, save_state
    from nasales.store.db import transaction

    pg_cli("account add Acme")  # a write creates and migrates the database
    with transaction(fresh_pg, write=True) as db:
        save_state(
            db, "imaps://eva@host/INBOX", {"uidvalidity": "7", "last_uid": "12"}, date(2026, 11, 12)
        )
    with transaction(fresh_pg, write=True) as db:
        save_state(
            db, "imaps://eva@host/INBOX", {"uidvalidity": "7", "last_uid": "40"}, date(2026, 11, 12)
        )
    with transaction(fresh_pg, write=False) as db:
        assert load_state(db, "imaps://eva@host/INBOX") == {"uidvalidity": "7", "last_uid": "40"}
