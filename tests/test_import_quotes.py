"""A stray quote never swallows rows: a quoted cell left open, or one that runs over the
lines of other rows, stops the import at the line where it opened, and nothing is imported
(docs/import.md, "The file"). A note over several lines still imports."""

import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nasales.errors import Invalid
from nasales.transfer.reading import read_table
from snapshot import snapshot

UNCLOSED = "a quoted cell opens here and is never closed (a quote too many, or one missing?)"


def accounts(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        found = conn.execute("SELECT name, owner, notes FROM account ORDER BY id").fetchall()
    conn.close()
    return found


@pytest.fixture
def book(cli, isolated):
    """A database with one account in it, to show that a refused file changes nothing."""
    cli("account add Acme --owner Jan")
    return isolated


def refused(cli, tmp_path: Path, kind: str, text: str, newline: str = "\n"):  # type: ignore[no-untyped-def]
    """Import `text` as `kind`, with and without --skip-invalid: both refuse the file whole
    and change nothing. The one line on stderr."""
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.replace("\n", newline).encode())
    db = Path(str(tmp_path / "nasales.db"))
    before = snapshot(db)
    for extra in ([], ["--skip-invalid"]):
        result = cli(["import", kind, str(path), *extra], ok=False)
        assert result.exit_code == 1, result.stdout
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert snapshot(db) == before
    (line,) = result.stderr.splitlines()
    return line


def test_a_stray_quote_that_runs_to_the_end_of_the_file_is_refused_naming_its_line(
    cli, book, tmp_path
):
    text = 'name,owner,notes\nBeta,Eva,"12"" screen\nGamma,Piet,x\nDelta,Karel,y\nEps,Kees,z\n'
    assert refused(cli, tmp_path, "accounts", text) == f"nasales: line 2: {UNCLOSED}"
    fixed = text.replace('"12"" screen', '"12"" screen"')
    (tmp_path / "fixed.csv").write_text(fixed)
    result = cli(["import", "accounts", str(tmp_path / "fixed.csv")])
    assert "4 rows read, imported 4 (4 new" in result.stdout
    assert accounts(book)[1:] == [
        ("Beta", "Eva", '12" screen'),
        ("Gamma", "Piet", "x"),
        ("Delta", "Karel", "y"),
        ("Eps", "Kees", "z"),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_line_is_named_whatever_the_line_endings_and_separators(
    cli, book, tmp_path, newline, delimiter
):
    text = 'name,owner,notes\nAlfa,Eva,ok\nBeta,Eva,"12 screen\nGamma,Piet,x\n'.replace(
        ",", delimiter
    )
    line = refused(cli, tmp_path, "accounts", text, newline)
    assert line == f"nasales: line 3: {UNCLOSED}"


def test_an_open_quote_on_the_last_line_without_a_line_ending_is_refused(cli, book, tmp_path):
    text = 'name,owner,notes\nAlfa,Eva,ok\nBeta,Eva,"12 screen'
    assert refused(cli, tmp_path, "accounts", text) == f"nasales: line 3: {UNCLOSED}"


def test_a_stray_quote_closed_by_the_next_quoted_cell_is_refused(cli, book, tmp_path):
    text = 'name,owner,notes\nBeta,Eva,"12"" screen\nGamma,Piet,x\nDelta,Karel,"y"\nEps,Kees,z\n'
    assert refused(cli, tmp_path, "accounts", text) == (
        "nasales: line 2: a quoted cell opens here and closes on line 4 with text after its "
        "closing quote (a quote too many, or one missing?)"
    )


def test_a_stray_quote_closed_by_an_inch_mark_at_a_line_end_is_refused(cli, book, tmp_path):
    text = 'name,owner,notes\nBeta,Eva,"12"" screen\nGamma,Piet,x\nDelta,Karel,24"\nEps,Kees,z\n'
    assert refused(cli, tmp_path, "accounts", text) == (
        "nasales: line 2: a quoted cell opens here and takes in lines 3 to 4, each of which "
        "reads as a row of its own (a quote too many, or one missing?)"
    )
    one = 'name,owner,notes\nBeta,Eva,"12"" screen\nDelta,Karel,24"\nEps,Kees,z\n'
    assert refused(cli, tmp_path, "accounts", one) == (
        "nasales: line 2: a quoted cell opens here and takes in line 3, which reads as a row "
        "of its own (a quote too many, or one missing?)"
    )


@pytest.mark.parametrize("existing", [False, True])
def test_touchpoints_streamed_in_batches_are_refused_whole(cli, book, tmp_path, existing):
    """Touchpoints go in as they are read (straight into an empty table, or through a
    staging table): a stray quote far down the file still leaves nothing behind."""
    if existing:
        cli("log Acme call --on 2026-11-02")
    rows = [f"Acme,call,2026-11-{n % 28 + 1:02d},n{n}\n" for n in range(12_000)]
    rows[11_000] = 'Acme,call,2026-11-13,"about the 12"" screen\n'  # after the first batch
    text = "account,kind,date,note\n" + "".join(rows)
    assert refused(cli, tmp_path, "touchpoints", text) == f"nasales: line 11002: {UNCLOSED}"


def test_a_stray_quote_is_refused_on_postgresql_too(pg_cli, tmp_path):
    pg_cli("account add Acme --owner Jan")
    path = tmp_path / "t.csv"
    text = 'account,kind,date,note\nAcme,call,2026-11-02,"12"" screen\nAcme,call,2026-11-03,x\n'
    path.write_text(text)
    result = pg_cli(["import", "touchpoints", str(path)], ok=False)
    assert result.exit_code == 1 and result.stderr == f"nasales: line 2: {UNCLOSED}\n"
    assert pg_cli("export touchpoints").stdout.count("\n") == 1  # the header alone


def test_an_orders_file_is_read_by_the_same_rule(cli, book, tmp_path):
    text = 'ref,account,title,status,signed_on\nO-1,Acme,"24"" monitor,won,2026-11-02\n'
    text += "O-2,Acme,Desk,won,2026-11-03\n"
    assert refused(cli, tmp_path, "orders", text) == f"nasales: line 2: {UNCLOSED}"


NOTES = [
    "first line\nsecond line",
    'He said "yes", then:\n"no"',
    "a, b\n\nc, d",
    "line one\r\nline two",  # stored as \n
    "\n,\n",
    "ends with a comma,\nand, two, more",
]


@pytest.mark.parametrize("note", NOTES)
def test_a_note_over_several_lines_exported_imports_back(cli, isolated, tmp_path, note):
    cli(["account", "add", "Acme", "--notes", note])
    cli(["contact", "add", "Acme", "Jan"])
    cli(["log", "Acme", "call", "--on", "2026-11-02", "--note", note, "--contact", "Jan"])
    for kind in ("accounts", "touchpoints"):
        exported = cli(["export", kind]).stdout
        path = tmp_path / f"{kind}.csv"
        path.write_text(exported)
        result = cli(["import", kind, str(path)])
        assert "(0 new, 0 updated, 1 unchanged)" in result.stdout


def _read(text: str) -> list[list[str]]:
    lines = io.StringIO(text, newline="").readlines()
    table = read_table(iter(lines), ("name", "owner", "notes"), ("name",), {}, "test.csv")
    return [cells for _line, cells in table.rows]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.text(alphabet='ab ,;"\n\r', max_size=12), min_size=3, max_size=3),
        min_size=1,
        max_size=4,
    )
)
def test_what_a_csv_writer_writes_reads_back_unless_its_lines_read_as_rows(rows):
    """The rule holds for every file a CSV writer makes (export uses one): it reads back as
    written, unless a cell takes in whole lines that each read as a row of the header's
    width: the one case docs/import.md names."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["name", "owner", "notes"])
    writer.writerows(rows)
    try:
        read = _read(out.getvalue())
    except Invalid as exc:
        assert "as a row of its own" in str(exc), exc
        assert any(_a_later_line_reads_as_a_row(row) for row in rows)
        return
    assert read == [row for row in rows if "".join(row).strip()]


def _a_later_line_reads_as_a_row(row: list[str]) -> bool:
    out = io.StringIO(newline="")
    csv.writer(out).writerow(row)
    lines = io.StringIO(out.getvalue(), newline="").readlines()[1:]
    return any(len(next(csv.reader([line]), [])) == 3 for line in lines)


def test_the_rule_at_unit_level_names_the_line_where_the_cell_opened():
    with pytest.raises(Invalid, match=r"^line 4: a quoted cell opens here and is never closed"):
        _read('name,owner,notes\nA,B,C\n\nD,E,"F\nG,H,I\n')
    assert _read('name,owner,notes\nA,B,"C\nsecond line"\nD,E,F\n') == [
        ["A", "B", "C\nsecond line"],
        ["D", "E", "F"],
    ]


def test_a_stray_quote_in_the_header_is_refused(cli, book, tmp_path):
    text = 'name,owner,"notes\nBeta,Eva,x\nGamma,Piet,y\n'
    assert refused(cli, tmp_path, "accounts", text) == (
        "nasales: line 1: a quoted title opens here and runs on to line 3: the header is one "
        "line (a quote too many, or one missing?)"
    )


AFTER = (
    "a quoted cell has text after its closing quote (a quote too many, or one missing? a "
    'quote inside a quoted cell is written "")'
)


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        ('Beta,Eva,ok\nAcme,Eva,"ab"cd\n', 3),  # read as `abcd`, over Acme's note
        ('Acme,Eva,"Model "X" 12"\nBeta,Eva,ok\n', 2),  # read as `Model X" 12"`
        ('Acme,Eva,"x" \n', 2),  # a space after the closing quote: a hand-edited cell
        ('Beta,Eva,"one\ntwo"x\nGamma,Eva,z\n', 2),  # over two lines, as before
    ],
)
def test_a_quote_that_closes_in_the_middle_of_a_cell_is_refused(cli, book, tmp_path, rows, line):
    cli("account set Acme --notes keep")
    assert refused(cli, tmp_path, "accounts", "name,owner,notes\n" + rows).startswith(
        f"nasales: line {line}: a quoted cell "
    )
    assert accounts(book) == [("Acme", "Jan", "keep")]


def test_a_quote_inside_a_cell_as_csv_writes_it_still_imports(cli, book, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('name,owner,notes\nAcme,Jan,"Model ""X"" 12"""\nBeta,Eva,12" screen\n')
    cli(["import", "accounts", str(path)])
    assert accounts(book) == [("Acme", "Jan", 'Model "X" 12"'), ("Beta", "Eva", '12" screen')]


def test_text_after_a_closing_quote_at_unit_level():
    with pytest.raises(Invalid, match=r"^line 3: " + re.escape(AFTER) + "$"):
        _read('name,owner,notes\nA,B,C\nD,"E"e,F\n')
    assert _read('name,owner,notes\nA,"B",C\n') == [["A", "B", "C"]]


def test_text_after_a_closing_quote_in_the_header_is_refused(cli, book, tmp_path):
    assert refused(cli, tmp_path, "accounts", 'name,"owner"x,notes\nBeta,Eva,x\n') == (
        f"nasales: line 1: {AFTER}"
    )
