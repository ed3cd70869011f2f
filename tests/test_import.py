"""`nasales import`: real-world CSV, all or nothing, idempotent (PRODUCT.md §5)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nasales.domain.dates import parse_date
from nasales.domain.workdays import WorkingDays
from nasales.errors import Invalid
from nasales.transfer.fields import parse_map, parser, table_of
from nasales.transfer.kinds import KINDS
from nasales.transfer.reading import sniff_delimiter

CRM = Path(__file__).parent / "data" / "crm-sample"
PIPELINE_MAP = (
    "--map opportunity_id=ref --map close_date=signed_on --map close_value=value "
    "--map deal_stage=status --map product=title --map sales_agent=owner"
)


def write(folder: Path, name: str, text: str, *, crlf: bool = False, bom: bool = False) -> Path:
    path = folder / name
    text = textwrap.dedent(text).lstrip("\n")
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode())
    return path


def row_parser(header: str, kind: str, decimal: str = "."):  # type: ignore[no-untyped-def]
    """The function that reads one row of a `kind` file with this header (its amounts
    written with the mark `decimal`): its values by field (the columns the header has), and
    what is wrong with it."""
    table = replace(table_of([header], KINDS[kind], {}, "test.csv"), decimal=decimal)
    parse = parser(table, KINDS[kind])
    names = [f.name for f in KINDS[kind].readable]

    def values(cells):  # type: ignore[no-untyped-def]
        listed, problems = parse(cells)
        found = {n: v for n, v in zip(names, listed, strict=True) if n in table.columns}
        return found, problems

    return values


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def counts(db: Path) -> dict[str, int]:
    tables = ("account", "contact", "orders", "touchpoint", "hurdle", "reminder")
    return {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


@pytest.fixture
def book(cli, tmp_path):
    """Two accounts, a contact and an order, imported from a Dutch Excel file."""
    accounts = write(
        tmp_path,
        "accounts.csv",
        """
        name;owner;tier;clv;notes;sector
        Bakkerij Jansen;Eva;a;120000.50;loyal;food
        Smit Metaal;Sam;;;;metal
        """,
        crlf=True,
        bom=True,
    )
    cli(["import", "accounts", str(accounts)])
    cli(["contact", "add", "Bakkerij Jansen", "Anna", "--role", "buyer"])
    cli("order won 'Bakkerij Jansen' Oven --ref O-1 --value 25000 --on 2026-11-02")
    return tmp_path


# -- reading real exports -------------------------------------------------------------------


def test_bom_crlf_semicolons_day_first_dates_and_any_case(cli, isolated, tmp_path):
    path = write(
        tmp_path,
        "orders.csv",
        """
        Ref;Account;Title;Value;Status;Signed_on;Delivered_on;Decision;Region
        O-1;Bakkerij Jansen;Oven;25.000,50;WON;02-11-2026;16/11/2026;Narrow;North
        O-2;smit metaal;Press;1200,5;Lost;2026-11-03;;;South
        """,
        crlf=True,
        bom=True,
    )
    result = cli(["import", "orders", str(path)])
    assert "2 rows read, imported 2 (2 new, 0 updated, 0 unchanged)" in result.stdout
    assert "2 accounts created" in result.stdout
    assert "ignored columns: Region" in result.stdout
    assert rows(
        isolated,
        "SELECT ref, title, value, status, signed_on, delivered_on, decision "
        "FROM orders ORDER BY ref",
    ) == [
        ("O-1", "Oven", 25000.5, "won", "2026-11-02", "2026-11-16", "narrow"),
        ("O-2", "Press", 1200.5, "lost", "2026-11-03", None, None),
    ]
    assert rows(isolated, "SELECT name FROM account ORDER BY name") == [
        ("Bakkerij Jansen",),
        ("smit metaal",),
    ]


def test_touchpoints_with_order_contact_mood_and_by(cli, isolated, book):
    path = write(
        book,
        "touchpoints.csv",
        """
        account,kind,date,order,contact,note,mood,by
        bakkerij jansen,Call,2026-11-03,O-1,anna,"Happy, asked about training",POSITIVE,
        Bakkerij Jansen,agreement,2026-11-10,O-1,,start-up plan,,Sam
        """,
    )
    cli(["import", "touchpoints", str(path)])
    assert rows(
        isolated, "SELECT kind, date, order_id, contact_id, note, mood, made_by FROM touchpoint"
    ) == [
        ("call", "2026-11-03", 1, 1, "Happy, asked about training", "positive", "Eva"),
        ("agreement", "2026-11-10", 1, None, "start-up plan", None, "Sam"),
    ]


def test_map_renames_columns_and_flags_read_in_many_spellings(cli, isolated, tmp_path):
    path = write(
        tmp_path,
        "people.csv",
        """
        Company,Full name,Mobile,Main,Opt-out
        Bakkerij Jansen,Anna de Vries,'+31 6 1234 5678,WAAR,nee
        Bakkerij Jansen,Piet,,,x
        """,
    )
    result = cli(
        [
            "import",
            "contacts",
            str(path),
            "--map",
            "Company=account",
            "--map",
            "full name=name",
            "--map",
            "mobile=phone",
            "--map",
            "main=primary",
            "--map",
            "opt-out=do_not_call",
        ]
    )
    assert "ignored columns" not in result.stdout
    assert rows(isolated, "SELECT name, phone, is_primary, do_not_call FROM contact") == [
        ("Anna de Vries", "+31 6 1234 5678", 1, 0),
        ("Piet", None, 0, 1),
    ]


def test_a_map_to_no_field_or_a_missing_column_is_one_clear_error(cli, tmp_path):
    path = write(tmp_path, "o.csv", "id,customer\n1,Acme\n")
    bad = cli(["import", "orders", str(path), "--map", "id=reference"], ok=False)
    assert bad.exit_code == 1
    assert "bad --map 'id=reference'" in bad.stderr and "Traceback" not in bad.output
    missing = cli(["import", "orders", str(path), "--map", "customer=account"], ok=False)
    assert missing.exit_code == 1
    assert "no column for status, signed_on" in missing.stderr
    nowhere = cli(["import", "orders", str(path), "--map", "client=account"], ok=False)
    assert "--map names no column of o.csv: client" in nowhere.stderr


# -- all or nothing -------------------------------------------------------------------------


BAD_ORDERS = """
    ref,account,title,value,status,signed_on
    O-10,Bakkerij Jansen,Mixer,900,won,2026-11-05
    O-11,Bakkerij Jansen,Oven,,open,2026-11-05
    O-12,,Oven,,won,2026-11-05
    O-13,Nieuw BV,Oven,,won,31-02-2026
    O-14,Nieuw BV,"Oven
    with a second line",-5,won,2026-11-05
    O-15,Nieuw BV,Tray,10,lost,2026-11-06
    """


def test_every_invalid_row_is_reported_with_its_line_and_nothing_is_imported(cli, isolated, book):
    before = counts(isolated)
    result = cli(["import", "orders", str(write(book, "bad.csv", BAD_ORDERS))], ok=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "line 3: bad status 'open': use one of won or lost",
        "line 4: empty account",
        "line 5: bad signed_on '31-02-2026': use 2026-11-27 or 27-11-2026",
        "line 6: bad value '-5': must be a finite amount of zero or more",
        "nasales: 4 invalid rows; nothing imported",
    ]
    assert counts(isolated) == before  # not even the account "Nieuw BV"


def test_skip_invalid_imports_the_valid_rows_and_lists_the_rest(cli, isolated, book):
    result = cli(["import", "orders", str(write(book, "bad.csv", BAD_ORDERS)), "--skip-invalid"])
    assert "6 rows read, imported 2 (2 new, 0 updated, 0 unchanged), 4 invalid" in result.stdout
    assert "1 account created" in result.stdout
    assert len(result.stderr.splitlines()) == 4
    assert rows(isolated, "SELECT ref FROM orders ORDER BY ref") == [
        ("O-1",),
        ("O-10",),
        ("O-15",),
    ]


def test_dry_run_validates_and_reports_but_writes_nothing(cli, isolated, book):
    before = counts(isolated)
    path = write(book, "o.csv", "ref,account,status,signed_on\nO-9,Nieuw BV,won,2026-11-05\n")
    result = cli(["import", "orders", str(path), "--dry-run"])
    assert "would import 1 (1 new, 0 updated, 0 unchanged); 1 account created" in result.stdout
    assert "dry run: nothing written" in result.stdout
    assert counts(isolated) == before
    bad = cli(["import", "orders", str(write(book, "bad.csv", BAD_ORDERS)), "--dry-run"], ok=False)
    assert bad.exit_code == 1 and counts(isolated) == before


def test_a_touchpoint_or_hurdle_naming_an_unknown_order_is_invalid(cli, isolated, book):
    tps = write(book, "t.csv", "account,kind,date,order\nBakkerij Jansen,call,2026-11-04,O-404\n")
    result = cli(["import", "touchpoints", str(tps)], ok=False)
    assert "line 2: unknown order 'O-404'" in result.stderr
    other = write(book, "t2.csv", "account,kind,date,order\nSmit Metaal,call,2026-11-04,O-1\n")
    result = cli(["import", "touchpoints", str(other)], ok=False)
    assert "line 2: order 'O-1' belongs to another account" in result.stderr
    hurdles = write(book, "h.csv", "order,description,raised_on\nO-404,late,2026-11-04\n")
    result = cli(["import", "hurdles", str(hurdles)], ok=False)
    assert "line 2: unknown order 'O-404'" in result.stderr
    assert counts(isolated)["touchpoint"] == counts(isolated)["hurdle"] == 0


def test_an_error_in_the_middle_of_writing_leaves_the_database_as_it_was(
    cli, isolated, book, monkeypatch
):
    from nasales.transfer.importer import Importer

    import_touchpoints = Importer.stream

    def crash(self, *args):
        import_touchpoints(self, *args)  # every row written, then:
        raise OSError("disk full")

    monkeypatch.setattr(Importer, "stream", crash)
    cli("log 'Bakkerij Jansen' call --on 2026-11-03")
    before = counts(isolated)
    path = write(book, "t.csv", "account,kind,date\nNieuw BV,call,2026-11-04\n")
    result = cli(["import", "touchpoints", str(path)], ok=False)
    assert result.exit_code == 1 and "disk full" in result.stderr
    assert counts(isolated) == before


KILL_AFTER_WRITING = """
import os, sys, time
from nasales.transfer.importer import Importer
write = Importer.stream
def write_then_hang(self, *args):
    write(self, *args)
    print("written", flush=True)
    time.sleep(60)
Importer.stream = write_then_hang
from nasales.cli import main
sys.argv = ["nasales", "import", "touchpoints", sys.argv[1]]
main()
"""


@pytest.mark.slow  # a real process killed
def test_kill_9_during_an_import_leaves_the_database_as_it_was(cli, isolated, book):
    lines = [f"Klant {i % 500},call,2026-11-04,,,note {i}" for i in range(60_000)]
    path = book / "big.csv"
    path.write_text("account,kind,date,order,contact,note\n" + "\n".join(lines) + "\n")
    before = counts(isolated)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_AFTER_WRITING, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "NASALES_DB": str(isolated)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "written"  # 500 accounts, 60 000 touchpoints
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert rows(isolated, "PRAGMA integrity_check") == [("ok",)]
    assert counts(isolated) == before
    cli("log 'Bakkerij Jansen' call --on 2026-11-05")  # and work goes on


# -- idempotent -----------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(cli, isolated, book):
    files = {
        "contacts": "account,name,phone,primary\nBakkerij Jansen,Anna,'+31 6 1,yes\n"
        "Nieuw BV,Bob,,\n",
        "orders": "ref,account,title,status,signed_on\nO-1,Bakkerij Jansen,Oven,won,2026-11-02\n"
        ",Nieuw BV,Tray,lost,2026-11-03\n",
        "touchpoints": "account,kind,date,order,note\nBakkerij Jansen,call,2026-11-03,O-1,hi\n"
        "Bakkerij Jansen,call,2026-11-03,O-1,hi\nNieuw BV,email,2026-11-04,,\n",
        "hurdles": "order,description,raised_on\nO-1,Late part,2026-11-04\n",
        "reminders": "account,order,text,due\nBakkerij Jansen,O-1,Call back,2026-11-20\n",
    }
    for kind, text in files.items():
        path = write(book, f"{kind}.csv", text)
        cli(["import", kind, str(path)])
        after_first = counts(isolated)
        again = cli(["import", kind, str(path)])
        assert "0 new, 0 updated" in again.stdout, kind
        assert counts(isolated) == after_first, kind
    assert counts(isolated) == {
        "account": 3,
        "contact": 2,
        "orders": 2,
        "touchpoint": 3,
        "hurdle": 1,
        "reminder": 1,
    }


def test_a_later_export_updates_orders_by_ref_and_resolves_hurdles(cli, isolated, book):
    first = (
        "ref,account,title,status,signed_on,delivered_on\n"
        "O-1,Bakkerij Jansen,Oven,won,2026-11-02,\n"
    )
    later = first.replace("2026-11-02,\n", "2026-11-02,2026-11-20\n")
    cli(["import", "orders", str(write(book, "o1.csv", first))])
    result = cli(["import", "orders", str(write(book, "o2.csv", later))])
    assert "(0 new, 1 updated, 0 unchanged)" in result.stdout
    assert rows(isolated, "SELECT delivered_on, value FROM orders") == [("2026-11-20", 25000.0)]
    hurdle = "order,description,raised_on,resolved_on\nO-1,Late part,2026-11-04,{}\n"
    cli(["import", "hurdles", str(write(book, "h1.csv", hurdle.format("")))])
    cli(["import", "hurdles", str(write(book, "h2.csv", hurdle.format("2026-11-06")))])
    assert rows(isolated, "SELECT resolved_on FROM hurdle") == [("2026-11-06",)]


def test_a_delivery_before_the_order_was_won_is_invalid(cli, book):
    text = (
        "ref,account,status,signed_on,delivered_on\nO-1,Bakkerij Jansen,won,2026-11-02,2026-10-01\n"
    )
    result = cli(["import", "orders", str(write(book, "o.csv", text))], ok=False)
    assert (
        "line 2: delivered on 2026-10-01, before order 'O-1' was won (2026-11-02)" in result.stderr
    )


def test_a_primary_contact_with_a_non_ascii_name_is_the_only_primary(cli, isolated, book):
    cli("account add 'Özil BV'")
    cli("contact add 'Özil BV' Piet --primary")
    text = "account,name,role,primary\nÖzil BV,Ödön Kovács,buyer,yes\nÖzil BV,Éva,user,no\n"
    cli(["import", "contacts", str(write(book, "c.csv", text))])
    primary = "SELECT c.name, c.is_primary FROM contact c JOIN account a ON a.id = c.account_id "
    primary += "WHERE a.name = 'Özil BV' ORDER BY c.name"
    assert rows(isolated, primary) == [("Piet", 0), ("Éva", 0), ("Ödön Kovács", 1)]
    again = cli(["import", "contacts", str(write(book, "c.csv", text))])
    assert "(0 new, 0 updated, 2 unchanged)" in again.stdout
    assert rows(isolated, primary) == [("Piet", 0), ("Éva", 0), ("Ödön Kovács", 1)]


def test_a_rejected_contact_row_creates_no_account_and_sets_no_owner(cli, isolated, book):
    text = (
        "account,name,primary,owner\n"
        "Nieuw BV,Carla,yes,\n"
        "Nieuw BV,Dirk,yes,Noor\n"  # a second primary: rejected
        "Ander BV,Eef,maybe,Noor\n"  # a bad flag: rejected
    )
    result = cli(["import", "contacts", str(write(book, "c.csv", text)), "--skip-invalid"])
    assert "3 rows read, imported 1 (1 new, 0 updated, 0 unchanged), 2 invalid" in result.stdout
    assert "line 3: a second primary contact at 'Nieuw BV'" in result.stderr
    assert rows(isolated, "SELECT name, owner FROM account WHERE name LIKE '%BV'") == [
        ("Nieuw BV", None)
    ]


def test_an_order_never_moves_to_another_account(cli, isolated, book):
    text = "ref,account,title,status,signed_on\nO-1,{},Oven,won,2026-11-02\n"
    for account in ("Smit Metaal", "Nieuw BV"):
        path = write(book, "o.csv", text.format(account))
        result = cli(["import", "orders", str(path)], ok=False)
        assert result.exit_code == 1
        assert "line 2: order 'O-1' belongs to another account" in result.stderr
        skipped = cli(["import", "orders", str(path), "--skip-invalid"])
        assert "imported 0 (0 new, 0 updated, 0 unchanged), 1 invalid" in skipped.stdout
    owner = "SELECT a.name FROM orders o JOIN account a ON a.id = o.account_id"
    assert rows(isolated, owner) == [("Bakkerij Jansen",)]
    assert counts(isolated)["account"] == 2  # "Nieuw BV" was not created


def test_an_order_twice_in_one_file_is_invalid_unless_the_rows_are_the_same(cli, isolated, book):
    text = """
        ref,account,title,value,status,signed_on
        O-20,Bakkerij Jansen,Oven,100,won,2026-11-05
        O-20,Bakkerij Jansen,Press,100,won,2026-11-05
        O-21,Smit Metaal,Tray,50,lost,2026-11-06
        O-21,smit metaal,Tray,50,LOST,06-11-2026
        ,Smit Metaal,Mixer,10,won,2026-11-07
        ,Smit Metaal,Mixer,20,won,2026-11-07
        O-22,Nieuw BV,Tray,50,won,2026-11-06
        O-22,Ander BV,Tray,50,won,2026-11-06
        """
    path = write(book, "o.csv", text)
    result = cli(["import", "orders", str(path)], ok=False)
    assert result.stderr.splitlines() == [
        "line 3: ref 'O-20' appears twice in this file (line 2)",
        "line 7: the same order as line 6 (account, title, status, signed_on)",
        "line 9: ref 'O-22' appears twice in this file (line 8)",
        "nasales: 3 invalid rows; nothing imported",
    ]
    result = cli(["import", "orders", str(path), "--skip-invalid"])
    assert "8 rows read, imported 5 (4 new, 0 updated, 1 unchanged), 3 invalid" in result.stdout
    assert "1 account created" in result.stdout  # Nieuw BV, not Ander BV
    assert rows(isolated, "SELECT ref, title, value FROM orders ORDER BY ref") == [
        ("N00004", "Mixer", 10.0),
        ("O-1", "Oven", 25000.0),
        ("O-20", "Oven", 100.0),
        ("O-21", "Tray", 50.0),
        ("O-22", "Tray", 50.0),
    ]


@pytest.mark.parametrize("day", ["2026-W48-5", "20261127", "2026-11-27T00", "２０２６-11-27"])
def test_dates_that_the_command_line_rejects_are_invalid_rows(cli, isolated, book, day):
    text = f"ref,account,status,signed_on\nO-30,Bakkerij Jansen,won,{day}\n"
    result = cli(["import", "orders", str(write(book, "o.csv", text))], ok=False)
    assert f"line 2: bad signed_on '{day}': use 2026-11-27 or 27-11-2026" in result.stderr
    assert cli(["order", "won", "Bakkerij Jansen", "Oven", "--on", day], ok=False).exit_code == 1


# -- units ----------------------------------------------------------------------------------


def test_delimiter_is_sniffed_from_the_header():
    assert sniff_delimiter("a;b;c,d;e") == ";"
    assert sniff_delimiter("a,b,c") == ","
    assert sniff_delimiter("a\tb") == "\t"
    assert sniff_delimiter("account") == ","


@pytest.mark.parametrize(
    ("cell", "decimal", "value"),
    [
        ("1054", ".", 1054.0),
        ("1054", ",", 1054.0),
        ("1054.50", ".", 1054.5),
        ("1,054.50", ".", 1054.5),
        ("1054,5", ",", 1054.5),
        ("1.054,50", ",", 1054.5),
        ("185.000", ",", 185000.0),
        (" 12 000 ", ".", 12000.0),
        ("€ 12.000,-", ",", 12000.0),
    ],
)
def test_values_read_with_the_files_decimal_mark(cell, decimal, value):
    parse = row_parser("ref,account,status,signed_on,value", "orders", decimal)
    values, problems = parse(["O", "A", "won", "2026-01-01", cell])
    assert problems == [] and values["value"] == value


def test_a_row_lists_every_problem_and_guarded_cells_read_back_unchanged():
    parse = row_parser("account,kind,date,note,mood", "touchpoints")
    values, problems = parse(["", "chat", "2026-13-01", "x", "meh"])
    assert problems == [
        "empty account",
        "bad kind 'chat': use one of call, visit, meeting, agreement, email or note",
        "bad date '2026-13-01': use 2026-11-27 or 27-11-2026",
        "bad mood 'meh': use one of positive, neutral, doubt or negative",
    ]
    values, problems = parse(["A", "note", "2026-01-02", "'=SUM(A1)", ""])
    assert values == {
        "account": "A",
        "kind": "note",
        "date": date(2026, 1, 2),
        "note": "=SUM(A1)",
        "mood": None,
    }


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.dates().map(date.isoformat),
        st.text(alphabet="0123456789-W/.T ", max_size=12),
        st.text(max_size=12),
    )
)
@example("2026-W48-5")
def test_an_imported_date_reads_exactly_as_on_the_command_line(text):
    """As on the command line, but only the dates that say their year (no `vrijdag`, no
    `27-11`: a file has no day it was typed on)."""
    values, problems = row_parser("ref,account,status,signed_on", "orders")(["O", "A", "won", text])
    try:
        expected = parse_date(text.strip(), typed=False) if text.strip() else None
    except Invalid:
        assert problems and problems[0].startswith("bad signed_on")
    else:
        assert values.get("signed_on") == expected


def test_parse_map_checks_the_field():
    assert parse_map(["Close_Date = signed_on"], "orders") == {"close_date": "signed_on"}
    with pytest.raises(Invalid):
        parse_map(["close_date"], "orders")


# -- the CRM sample: a real third-party export ----------------------------------------------


@pytest.mark.slow  # the CRM reference export, whole
def test_crm_sample_walkthrough(cli, isolated):
    """docs/import.md: a CRM's opportunities, then its accounts, then today's calls."""
    pipeline = CRM / "sales_pipeline.csv"
    result = cli(f"import orders {pipeline} {PIPELINE_MAP} --skip-invalid")
    assert result.stdout.splitlines() == [
        "orders: 8800 rows read, imported 6711 (6711 new, 0 updated, 0 unchanged), "
        "2089 invalid; 85 accounts created",
        "ignored columns: engage_date",
    ]
    invalid = result.stderr.splitlines()
    assert len(invalid) == 2089  # the open deals: Engaging 1589 + Prospecting 500
    assert all(
        "bad status 'Engaging'" in line or "bad status 'Prospecting'" in line for line in invalid
    )
    assert sum("empty account" in line for line in invalid) == 1425
    assert invalid[0] == (
        "line 11: empty account; bad status 'Engaging': use one of won or lost; empty signed_on"
    )
    assert counts(isolated)["orders"] == 6711
    assert rows(isolated, "SELECT status, count(*) FROM orders GROUP BY status") == [
        ("lost", 2473),
        ("won", 4238),
    ]
    assert rows(isolated, "SELECT count(*) FROM account WHERE owner IS NULL") == [(0,)]

    again = cli(f"import orders {pipeline} {PIPELINE_MAP} --skip-invalid")
    assert "(0 new, 0 updated, 6711 unchanged)" in again.stdout
    accounts = cli(["import", "accounts", str(CRM / "accounts.csv"), "--map", "account=name"])
    assert accounts.stdout.splitlines() == [
        "accounts: 85 rows read, imported 85 (0 new, 0 updated, 85 unchanged)",
        "ignored columns: sector, year_established, revenue, employees, office_location, "
        "subsidiary_of",
    ]
    assert counts(isolated)["account"] == 85  # `dambase` matched whatever its case

    calls = json.loads(cli("today --on 2017-12-31 --format json").stdout)
    reasons = Counter(c["reason"] for c in calls)
    days = WorkingDays("NL")
    on = date(2017, 12, 31)
    won = rows(isolated, "SELECT signed_on FROM orders WHERE status = 'won'")
    # no touchpoint yet: every won order whose confirm call fell due is on the list
    assert reasons["confirm"] == sum(days.add_wd(date.fromisoformat(d), 1) <= on for (d,) in won)
    assert reasons["agreement"] > 0 and reasons["lost_followup"] > 0
    first = calls[0]
    assert first["reason"] == "confirm" and first["order"] and first["owner"]
    assert {c["account"] for c in calls} <= {
        n for (n,) in rows(isolated, "SELECT name FROM account")
    }


def test_windows_1252_tabs_blank_lines_and_short_rows(cli, isolated, tmp_path):
    path = tmp_path / "excel.txt"
    text = "name\towner\ttier\r\nCafé Zoë\tEva\r\n\r\n\t\t\r\nSmit Metaal\tSam\tb\r\n"
    path.write_bytes(text.encode("cp1252"))
    result = cli(["import", "accounts", str(path)])
    assert "2 rows read, imported 2 (2 new" in result.stdout
    assert rows(isolated, "SELECT name, owner, tier FROM account ORDER BY name") == [
        ("Café Zoë", "Eva", None),
        ("Smit Metaal", "Sam", "B"),
    ]


def test_a_mapped_column_wins_over_one_with_the_fields_name(cli, isolated, tmp_path):
    path = write(tmp_path, "a.csv", "id,name,company\n7,Jan,Bakkerij Jansen\n")
    result = cli(["import", "accounts", str(path), "--map", "company=name"])
    assert "ignored columns: id, name" in result.stdout
    assert rows(isolated, "SELECT name FROM account") == [("Bakkerij Jansen",)]


# -- proposals, the account team, opportunities ---------------------------------------------


def test_the_cli_offers_every_declared_kind():
    from nasales.cli.transfer import Kind

    assert [k.value for k in Kind] == list(KINDS)


def test_proposals_import_closed_or_open_and_log_nothing(cli, isolated, book):
    text = """
        order,text,sent_on,answer_by,agreed_on,declined_on,note
        O-1,Start-up plan,2026-11-03,,2026-11-05,,agreed by phone
        O-1,Training schedule,03-11-2026,2026-11-10,,,
        """
    path = write(book, "p.csv", text)
    result = cli(["import", "proposals", str(path)])
    assert "2 rows read, imported 2 (2 new, 0 updated, 0 unchanged)" in result.stdout
    assert rows(isolated, "SELECT text, sent_on, answer_by, agreed_on, note FROM proposal") == [
        ("Start-up plan", "2026-11-03", None, "2026-11-05", "agreed by phone"),
        ("Training schedule", "2026-11-03", "2026-11-10", None, ""),
    ]
    assert counts(isolated)["touchpoint"] == 0  # an agreed proposal imported logs nothing
    again = cli(["import", "proposals", str(path)])
    assert "(0 new, 0 updated, 2 unchanged)" in again.stdout
    declined = text.replace("2026-11-10,,,", "2026-11-10,,2026-11-12,too early")
    result = cli(["import", "proposals", str(write(book, "p2.csv", declined))])
    assert "(0 new, 1 updated, 1 unchanged)" in result.stdout
    assert rows(isolated, "SELECT declined_on, note FROM proposal WHERE id = 2") == [
        ("2026-11-12", "too early")
    ]
    on_the_list = cli("today --on 2026-11-09 --format json").stdout
    assert '"proposal:2"' not in on_the_list  # declined: no longer waiting for an answer


def test_proposal_rows_that_cannot_be_are_invalid(cli, isolated, book):
    text = """
        order,text,sent_on,answer_by,agreed_on,declined_on
        O-404,Plan,2026-11-03,,,
        O-1,Plan,2026-11-03,2026-11-01,,
        O-1,Plan,2026-11-03,,2026-11-04,2026-11-05
        O-1,,2026-11-03,,,
        """
    result = cli(["import", "proposals", str(write(book, "p.csv", text))], ok=False)
    assert result.stderr.splitlines() == [
        "line 2: unknown order 'O-404'",
        "line 3: answer by 2026-11-01 is before the proposal was sent (2026-11-03)",
        "line 4: agreed, and declined on 2026-11-05: a proposal gets one answer",
        "line 5: empty text",
        "nasales: 4 invalid rows; nothing imported",
    ]
    assert rows(isolated, "SELECT count(*) FROM proposal") == [(0,)]


def test_team_members_match_by_account_and_person_in_any_case(cli, isolated, book):
    text = "account,person,role\nBakkerij Jansen,Noor,service\nNieuw BV,Sam,inside sales\n"
    result = cli(["import", "team", str(write(book, "t.csv", text))])
    assert "imported 2 (2 new, 0 updated, 0 unchanged); 1 account created" in result.stdout
    later = "account,person,role\nbakkerij jansen,NOOR,production\n"
    result = cli(["import", "team", str(write(book, "t2.csv", later))])
    assert "(0 new, 1 updated, 0 unchanged)" in result.stdout
    assert rows(isolated, "SELECT person, role FROM team_member ORDER BY id") == [
        ("Noor", "production"),
        ("Sam", "inside sales"),
    ]
    assert "Noor" in cli("show 'Bakkerij Jansen' --on 2026-11-20").stdout


def test_opportunities_match_by_account_text_and_noted_on(cli, isolated, book):
    text = """
        account,text,noted_on,source,won_order,dropped_on
        Bakkerij Jansen,Second oven,2026-10-20,relationship:Bakkerij Jansen,,
        Nieuw BV,Mixer,2026-11-21,,,
        Nieuw BV,Mixer,2026-11-21,,,
        """
    path = write(book, "o.csv", text)
    result = cli(["import", "opportunities", str(path)])
    assert "imported 3 (3 new, 0 updated, 0 unchanged); 1 account created" in result.stdout
    assert "(0 new, 0 updated, 3 unchanged)" in cli(["import", "opportunities", str(path)]).stdout
    won = text.replace("Jansen,,\n", "Jansen,O-1,\n", 1)
    result = cli(["import", "opportunities", str(write(book, "o2.csv", won))])
    assert "(0 new, 1 updated, 2 unchanged)" in result.stdout
    assert rows(isolated, "SELECT text, source, won_order_id FROM opportunity WHERE id = 1") == [
        ("Second oven", "relationship:Bakkerij Jansen", 1)
    ]
    bad = """
        account,text,noted_on,won_order,dropped_on
        Smit Metaal,Press,2026-11-20,O-1,
        Smit Metaal,Press,2026-11-20,,2026-11-19
        Bakkerij Jansen,Oven,2026-10-20,O-1,2026-11-22
        """
    result = cli(["import", "opportunities", str(write(book, "bad.csv", bad))], ok=False)
    assert result.stderr.splitlines()[:3] == [
        "line 2: order 'O-1' belongs to another account",
        "line 3: dropped on 2026-11-19, before it was noted (2026-11-20)",
        "line 4: won, and dropped on 2026-11-22: a need is met or goes away, not both",
    ]


def test_rows_alike_in_a_file_of_hurdles_stay_two_records(cli, isolated, book):
    """Two hurdles raised alike on one day are two records: an export of them imports as
    two, and importing it again changes nothing."""
    text = "order,description,raised_on\nO-1,Late part,2026-11-04\nO-1,Late part,2026-11-04\n"
    path = write(book, "h.csv", text)
    assert "(2 new, 0 updated, 0 unchanged)" in cli(["import", "hurdles", str(path)]).stdout
    assert "(0 new, 0 updated, 2 unchanged)" in cli(["import", "hurdles", str(path)]).stdout
    assert counts(isolated)["hurdle"] == 2


def test_dutch_words_for_kinds_statuses_and_moods_read_as_on_the_command_line(cli, isolated, book):
    orders = "ref,account,status,signed_on,decision\nO-7,Smit Metaal,Gewonnen,2026-11-03,nipt\n"
    cli(["import", "orders", str(write(book, "o.csv", orders))])
    tps = "account,kind,date,mood\nSmit Metaal,bezoek,2026-11-04,Twijfel\n"
    cli(["import", "touchpoints", str(write(book, "t.csv", tps))])
    assert rows(isolated, "SELECT status, decision FROM orders WHERE ref = 'O-7'") == [
        ("won", "narrow")
    ]
    assert rows(isolated, "SELECT kind, mood, made_by FROM touchpoint") == [
        ("visit", "doubt", "Sam")
    ]
