"""`nasales export`: what `import` reads, exactly, and safe to open in a spreadsheet."""

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasales.output.csvsafe import DANGEROUS, guard, unguard
from nasales.transfer.exporter import cell

KINDS = (
    "accounts",
    "contacts",
    "orders",
    "touchpoints",
    "hurdles",
    "reminders",
    "proposals",
    "team",
    "opportunities",
)


@pytest.fixture
def book(cli):
    """A small book touching every field, with cells a spreadsheet would run as formulas."""
    for args in (
        "account add 'Bakkerij Jansen' --owner Eva --tier A --clv 250000.5",
        "account add '@Home BV' --owner Sam",
        "contact add 'Bakkerij Jansen' Anna --role buyer --phone '+31 6 1234 5678' "
        "--email anna@jansen.nl --primary",
        "contact add 'Bakkerij Jansen' Piet --role user --do-not-call",
        "order won 'Bakkerij Jansen' Oven --ref O-1 --value 25000.75 --on 2026-11-02 "
        "--decision narrow",
        "order lost '@Home BV' Tray --ref O-2 --value 900 --on 2026-10-01 --to 'Concurrent BV'",
        "order won '@Home BV' Mixer --on 2026-11-03",
        "order delivered O-1 --on 2026-11-16",
        "log 'Bakkerij Jansen' call --on 2026-11-03 --order O-1 --contact Anna "
        "--note '=SUM(A1)' --mood positive",
        "log '@Home BV' email --on 2026-11-05 --by Sam --note ' two spaces,  \"quoted\" '",
        "hurdle add O-1 'Late part' --on 2026-11-06",
        "hurdle resolve 1 --on 2026-11-07",
        "hurdle add O-1 'Wrong nipple' --on 2026-11-08",
        "remind 'Bakkerij Jansen' 'Call back Friday' --due 2026-11-13 --order O-1",
        "remind '@Home BV' 'Send a brochure' --due 2026-11-20",
        "done manual:1 --on 2026-11-13",
    ):
        cli(args)
    cli(["log", "Bakkerij Jansen", "note", "--on", "2026-11-04", "--note", "-1 line\nline 2"])


def export(cli, kind: str, fmt: str = "csv", db=None) -> str:
    prefix = ["--db", str(db)] if db else []
    return cli([*prefix, "export", kind, "--format", fmt]).stdout  # type: ignore[no-any-return]


def test_export_then_import_into_an_empty_database_reproduces_the_data(cli, book, tmp_path):
    fresh = tmp_path / "fresh.db"
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(cli, kind))
        result = cli(["--db", str(fresh), "import", kind, str(path)])
        assert "ignored columns" not in result.stdout
    for kind in KINDS:
        assert export(cli, kind, db=fresh) == export(cli, kind), kind
        assert export(cli, kind, "json", db=fresh) == export(cli, kind, "json"), kind


def test_reimporting_an_export_changes_nothing(cli, book, tmp_path):
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(cli, kind))
        result = cli(["import", kind, str(path)])
        assert "0 new, 0 updated" in result.stdout, kind


def test_csv_export_guards_formulas_and_import_reads_them_back(cli, book):
    contacts = export(cli, "contacts")
    assert "'+31 6 1234 5678" in contacts
    assert next(csv.DictReader(io.StringIO(contacts))) == {
        "account": "Bakkerij Jansen",
        "name": "Anna",
        "role": "buyer",
        "phone": "'+31 6 1234 5678",
        "email": "anna@jansen.nl",
        "primary": "yes",
        "do_not_call": "no",
    }
    touchpoints = list(csv.DictReader(io.StringIO(export(cli, "touchpoints"))))
    assert [t["note"] for t in touchpoints][:2] == ["'=SUM(A1)", "'-1 line\nline 2"]
    assert "'@Home BV" in export(cli, "accounts")
    # and the JSON export holds the values themselves
    people = json.loads(export(cli, "contacts", "json"))
    assert people[0]["phone"] == "+31 6 1234 5678" and people[0]["primary"] is True


def test_every_cell_starting_like_a_formula_is_guarded():
    for dangerous in ("=1+1", "+31 6", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert cell(dangerous) == "'" + dangerous
    assert cell("'=x") == "''=x"  # an apostrophe that was there reads back too
    assert cell("Jansen") == "Jansen"
    assert cell(1054.0) == "1054" and cell(1054.25) == "1054.25" and cell(None) == ""
    assert cell(True) == "yes" and cell(False) == "no"


@pytest.mark.slow  # a big property run
@settings(max_examples=1000)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet="'=+-@\t\rx ", max_size=6),
        st.builds(lambda n, t: "'" * n + t, st.integers(1, 3), st.text(max_size=4)),
    )
)
def test_any_text_survives_guarding_and_a_guarded_cell_never_starts_like_a_formula(text):
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(DANGEROUS)


def test_cells_starting_with_apostrophes_round_trip_through_export_and_import(cli, book, tmp_path):
    notes = ["''quoted''", "'''", "'", "''=1", "'x"]
    for note in notes:
        cli(["log", "@Home BV", "note", "--on", "2026-11-09", "--note", note])
    other = tmp_path / "other.db"
    for kind in ("accounts", "contacts", "orders", "touchpoints"):
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(cli, kind))
        cli(["--db", str(other), "import", kind, str(path)])
    imported = json.loads(export(cli, "touchpoints", "json", db=other))
    assert [t["note"] for t in imported if t["date"] == "2026-11-09"] == notes
    assert export(cli, "touchpoints", db=other) == export(cli, "touchpoints")


def test_json_export_keeps_types(cli, book):
    orders = json.loads(export(cli, "orders", "json"))
    assert orders[0] == {
        "ref": "O-2",
        "account": "@Home BV",
        "title": "Tray",
        "value": 900.0,
        "status": "lost",
        "signed_on": "2026-10-01",
        "delivered_on": None,
        "competitor": "Concurrent BV",
        "decision": None,
    }


def test_an_empty_database_exports_a_header_or_an_empty_array(cli, empty_book):
    assert export(cli, "orders") == (
        "ref,account,title,value,status,signed_on,delivered_on,competitor,decision\n"
    )
    assert json.loads(export(cli, "hurdles", "json")) == []


def test_export_import_round_trip_through_postgresql(cli, book, tmp_path, fresh_pg):
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(cli, kind))
        cli(["--db", fresh_pg, "import", kind, str(path)])
        again = cli(["--db", fresh_pg, "import", kind, str(path)])
        assert "0 new, 0 updated" in again.stdout, kind
    for kind in KINDS:
        assert export(cli, kind, db=fresh_pg) == export(cli, kind), kind


def test_proposals_team_and_opportunities_export_as_import_reads_them(cli, book, tmp_path):
    cli("proposal add O-1 'Start-up plan' --on 2026-11-03 --answer-by 2026-11-06")
    cli("proposal agreed 1 --on 2026-11-05 --note 'yes, by phone'")
    cli("proposal add O-1 '=Training' --on 2026-11-04")
    cli("team add 'Bakkerij Jansen' Noor --role service")
    cli("team add '@Home BV' '+Sam' --role 'inside sales'")
    cli("done relationship:@Home\\ BV --on 2026-11-10 --next 'A second mixer'")
    assert export(cli, "proposals") == (
        "order,text,sent_on,answer_by,agreed_on,declined_on,note\n"
        'O-1,Start-up plan,2026-11-03,2026-11-06,2026-11-05,,"yes, by phone"\n'
        "O-1,'=Training,2026-11-04,,,,\n"
    )
    assert export(cli, "team") == (
        "account,person,role\n'@Home BV,'+Sam,inside sales\nBakkerij Jansen,Noor,service\n"
    )
    opportunities = json.loads(export(cli, "opportunities", "json"))
    assert opportunities == [
        {
            "account": "@Home BV",
            "text": "A second mixer",
            "noted_on": "2026-11-10",
            "source": "relationship:@Home BV",
            "won_order": None,
            "dropped_on": None,
        }
    ]
    fresh = tmp_path / "fresh.db"
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        path.write_text(export(cli, kind))
        cli(["--db", str(fresh), "import", kind, str(path)])
    for kind in KINDS:
        assert export(cli, kind, db=fresh) == export(cli, kind), kind


@pytest.mark.parametrize("redirect", ["closed", "full"])
def test_an_export_that_cannot_be_written_says_so_in_one_line(cli, book, isolated, redirect):
    import os
    import subprocess
    import sys

    env = {**os.environ, "NASALES_DB": str(isolated)}
    args = [sys.executable, "-m", "nasales", "export", "touchpoints"]
    if redirect == "closed":  # nasales export >&-
        result = subprocess.run(
            args,
            env=env,
            capture_output=False,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: os.close(1),
            timeout=30,
        )
    else:
        with open("/dev/full", "w") as full:
            result = subprocess.run(args, env=env, stdout=full, stderr=subprocess.PIPE, timeout=30)
    assert result.returncode == 1
    assert result.stderr.decode().startswith("nasales: cannot write the output (")
    assert result.stderr.count(b"\n") == 1


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_piped_into_head_stops_without_a_traceback(cli, isolated, tmp_path, fmt):
    """`nasales export touchpoints | head -1`: the reader stops; its cursor is closed before
    the database is (no "Exception ignored … closed database" on stderr)."""
    import subprocess
    import sys

    from realproc import env

    rows = "\n".join(f"Acme,call,2026-11-{d % 28 + 1:02d},,,{'note ' * 20}{d}" for d in range(3000))
    (tmp_path / "t.csv").write_text(f"account,kind,date,order,contact,note\n{rows}\n")
    cli("account add Acme --owner Eva")
    cli(f"import touchpoints {tmp_path / 't.csv'}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "nasales", "export", "touchpoints", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(isolated),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does
    assert proc.stderr.read() == b""
    assert proc.wait(timeout=30) == 1
