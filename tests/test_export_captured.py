"""Captured touchpoints (PRODUCT.md §9) through `export` and `import` (§5): a book restored
from its export is not captured a second time, and a captured touchpoint stays one record
however often a file names it (its account and source key, as capture matches it)."""

import csv
import io
import json

import pytest

from capture_files import calendar, cdr, event, master_csv
from nasales.transfer.kinds import KINDS
from snapshot import snapshot

T = "2026-11-04"
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def bakery(cli):
    cli("account add 'Bakkerij Jansen' --owner Eva")
    cli("account set 'Bakkerij Jansen' --domain bakkerijjansen.nl")
    cli("contact add 'Bakkerij Jansen' 'Piet Jansen' --phone '06 2233 4455' --primary")
    cli("order won 'Bakkerij Jansen' 'Tunnel oven' --ref BJ-1 --value 42000 --on 2026-11-02")


@pytest.fixture
def captured(cli, bakery, tmp_path):
    """Two calls from the call log, a meeting from the calendar and one typed note."""
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:15:00", billsec=247, uniqueid="1.1"),
        cdr("0622334455", "200", "2026-11-03 15:00:00", billsec=61, uniqueid="1.2"),
    )
    ics = calendar(
        tmp_path / "agenda.ics",
        event(
            "m-1@x",
            ":20261103T130000Z",
            ":20261103T140000Z",
            "Tunnel oven: start-up",
            attendees=("piet@bakkerijjansen.nl",),
        ),
    )
    cli(f"capture calls {log} --on {T}")
    cli(f"capture calendar {ics} --on {T}")
    cli(f"log 'Bakkerij Jansen' note --note 'typed' --on {T}")
    return log, ics


def export(cli, kind: str, fmt: str = "csv", db=None) -> str:
    prefix = ["--db", str(db)] if db else []
    return cli([*prefix, "export", kind, "--format", fmt]).stdout  # type: ignore[no-any-return]


def restore(cli, tmp_path, db) -> None:
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(cli, kind), encoding="utf-8")
        cli(["--db", str(db), "import", kind, str(path)])


def test_export_carries_where_a_touchpoint_was_captured_from(cli, captured):
    rows = json.loads(export(cli, "touchpoints", "json"))
    assert [(r["kind"], r["source"], r["direction"], r["seconds"]) for r in rows] == [
        ("call", "calls", "out", 247),
        ("call", "calls", "in", 61),
        ("meeting", "calendar", None, None),
        ("note", None, None, None),
    ]
    assert all(len(r["source_key"]) == 32 for r in rows[:3]) and rows[3]["source_key"] is None
    header = export(cli, "touchpoints").splitlines()[0]
    assert header.endswith(",by,source,source_key,direction,seconds")


def test_a_restored_book_is_not_captured_a_second_time(cli, captured, tmp_path):
    log, ics = captured
    fresh = tmp_path / "restored.db"
    restore(cli, tmp_path, fresh)
    for kind in KINDS:
        assert export(cli, kind, db=fresh) == export(cli, kind), kind
    calls = cli(f"--db {fresh} capture calls {log} --on {T}").stdout
    assert "read 2, logged 0, already logged 2" in calls
    meetings = cli(f"--db {fresh} capture calendar {ics} --on {T}").stdout
    assert "logged 0, already logged 1" in meetings
    assert export(cli, "touchpoints", db=fresh) == export(cli, "touchpoints")
    page = cli(f"--db {fresh} show 'Bakkerij Jansen' --on {T}").stdout
    assert "outgoing, 4:07, from the call log" in page


def test_reimporting_the_export_into_the_same_book_changes_nothing(cli, captured, tmp_path):
    path = tmp_path / "touchpoints.csv"
    path.write_text(export(cli, "touchpoints"), encoding="utf-8")
    result = cli(["import", "touchpoints", str(path)])
    assert "imported 4 (0 new, 0 updated, 4 unchanged)" in result.stdout


def _file(tmp_path, *rows: dict) -> str:
    header = ["account", "kind", "date", "note", "source", "source_key", "direction", "seconds"]
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    path = tmp_path / "captured.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


CALL = {
    "account": "Bakkerij Jansen",
    "kind": "call",
    "date": "2026-11-03",
    "source": "calls",
    "source_key": KEY,
    "direction": "out",
    "seconds": "90",
}


@pytest.mark.parametrize("before", ["empty", "with a typed note"])
def test_a_captured_touchpoint_named_twice_in_a_file_is_one_record(cli, bakery, tmp_path, before):
    if before != "empty":
        cli(f"log 'Bakkerij Jansen' note --note 'typed' --on {T}")
    path = _file(tmp_path, {**CALL, "note": "first"}, {**CALL, "note": "second"})
    result = cli(["import", "touchpoints", path])
    assert "imported 2 (1 new, 0 updated, 1 unchanged)" in result.stdout
    notes = [r["note"] for r in json.loads(export(cli, "touchpoints", "json"))]
    assert notes == ["first"] + (["typed"] if before != "empty" else [])
    # and the one already there is not logged again, nor changed, by a later file
    again = cli(["import", "touchpoints", _file(tmp_path, {**CALL, "note": "third"})]).stdout
    assert "imported 1 (0 new, 0 updated, 1 unchanged)" in again
    assert [r["note"] for r in json.loads(export(cli, "touchpoints", "json"))] == notes


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("seconds", "-5", "line 2: bad seconds '-5': use a whole number"),
        ("seconds", "4:07", "line 2: bad seconds '4:07': use a whole number"),
        ("source", "fax", "line 2: bad source 'fax': use one of calls, calendar or mail"),
        ("direction", "sideways", "line 2: bad direction 'sideways': use one of in or out"),
        ("source_key", "not a key", "line 2: bad source_key 'not a key': use the key an export"),
    ],
)
def test_a_bad_captured_cell_is_refused_and_nothing_imported(
    cli, bakery, tmp_path, isolated, column, value, message
):
    before = snapshot(isolated)
    result = cli(["import", "touchpoints", _file(tmp_path, {**CALL, column: value})], ok=False)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(isolated) == before


def test_captured_touchpoints_round_trip_through_postgresql(cli, captured, tmp_path, fresh_pg):
    log, _ics = captured
    restore(cli, tmp_path, fresh_pg)
    assert export(cli, "touchpoints", db=fresh_pg) == export(cli, "touchpoints")
    calls = cli(["--db", fresh_pg, "capture", "calls", str(log), "--on", T]).stdout
    assert "read 2, logged 0, already logged 2" in calls
    twice = _file(tmp_path, {**CALL, "note": "a"}, {**CALL, "note": "b"})
    result = cli(["--db", fresh_pg, "import", "touchpoints", twice]).stdout
    assert "imported 2 (1 new, 0 updated, 1 unchanged)" in result
