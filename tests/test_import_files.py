"""Files as they come: read once (pipes, FIFOs, standard input), in the encodings Excel
writes, in bounded memory, and anything else refused in one line that names the line
(PRODUCT.md §5)."""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

import realproc as rp
from nasales.transfer.reading import CELL_LIMIT, LINE_LIMIT

ACCOUNTS = "name;owner;notes\r\nCafé Zoë;Eva;first\r\nSmit Metaal;Sam;\r\n"


def accounts(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT name, owner, notes FROM account ORDER BY name").fetchall()
    finally:
        conn.close()


IMPORTED = [("Café Zoë", "Eva", "first"), ("Smit Metaal", "Sam", "")]


def nasales(db: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, "NASALES_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "nasales", *args], capture_output=True, env=env, timeout=30, **kwargs
    )


# -- read once: standard input, pipes, FIFOs --------------------------------------------------


def test_a_dash_reads_standard_input(cli, isolated):
    result = cli(["import", "accounts", "-"], input=ACCOUNTS.encode())
    assert result.stdout.startswith("accounts: 2 rows read, imported 2 (2 new")
    assert accounts(isolated) == IMPORTED


def test_dev_stdin_and_a_process_substitution_work_like_a_file(isolated):
    result = nasales(isolated, "import", "accounts", "/dev/stdin", input=ACCOUNTS.encode())
    assert result.returncode == 0, result.stderr
    assert accounts(isolated) == IMPORTED
    # <(cat f.csv): a pipe the shell names /dev/fd/N
    read, write = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write, ACCOUNTS.encode()), os.close(write)))
    writer.start()
    try:
        result = nasales(isolated, "import", "accounts", f"/dev/fd/{read}", pass_fds=(read,))
    finally:
        os.close(read)
        writer.join()
    assert result.returncode == 0, result.stderr
    assert b"(0 new, 0 updated, 2 unchanged)" in result.stdout


def test_a_fifo_is_read_once(isolated, tmp_path):
    fifo = tmp_path / "accounts.csv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(ACCOUNTS.encode()), daemon=True)
    writer.start()
    result = nasales(isolated, "import", "accounts", str(fifo))  # read twice, it would hang
    assert result.returncode == 0, result.stderr
    assert accounts(isolated) == IMPORTED


# -- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "cp1252"])
def test_excel_unicode_text_and_the_other_encodings_excel_writes(cli, isolated, tmp_path, encoding):
    """Excel's "Unicode text" is UTF-16 with a byte-order mark, tab-separated."""
    text = ACCOUNTS.replace(";", "\t")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "accounts.txt"
    path.write_bytes(data)
    result = cli(["import", "accounts", str(path)])
    assert "2 rows read, imported 2 (2 new" in result.stdout
    assert accounts(isolated) == IMPORTED


def test_windows_1252_decided_at_its_first_non_ascii_line(cli, isolated, tmp_path):
    lines = ["name,notes"] + [f"Klant {i}," for i in range(5000)] + ["Café,€ 5 … “quoted”"]
    path = tmp_path / "accounts.csv"
    path.write_bytes("\n".join(lines).encode("cp1252"))  # the last line has no line ending
    cli(["import", "accounts", str(path)])
    assert rp.query(isolated, "SELECT notes FROM account WHERE name = 'Café'") == [
        ("€ 5 … “quoted”",)
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"name\nAcme\nCaf\x81\n",
            "line 3: byte 0x81 is not text in UTF-8 or Windows-1252; "
            "save the file as CSV (UTF-8) and import that",
        ),
        (
            "name\nZoë\n".encode() + b"Caf\xe9\n",
            "line 3: byte 0xE9 is not text in UTF-8; save the file as CSV (UTF-8) and import that",
        ),
        (
            b"\xef\xbb\xbfname\nCaf\xe9\n",
            "line 2: byte 0xE9 is not text in UTF-8; save the file as CSV (UTF-8) and import that",
        ),
        (
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xc4\x8a\n\x00\x00",
            "line 1: a NUL byte: x.csv is not a CSV text file "
            "(save it as CSV UTF-8, or as Unicode text)",
        ),
        (
            "name\nAcme\n".encode("utf-16-le"),  # UTF-16 without its byte-order mark
            "line 1: a NUL byte: x.csv is not a CSV text file "
            "(save it as CSV UTF-8, or as Unicode text)",
        ),
        (
            b"\xff\xfen\x00a\x00m\x00e\x00\n\x00\x00\xd8A\x00\n\x00",  # a lone surrogate
            "line 2: not UTF-16 text, though the file starts like it",
        ),
    ],
)
def test_a_file_that_is_not_text_is_refused_in_one_line_naming_it(
    cli, empty_book, tmp_path, data, message
):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    result = cli(["import", "accounts", str(path)], ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"nasales: {message}\n"
    assert accounts(empty_book) == []


# -- NUL, CR, numbers -------------------------------------------------------------------------


def test_a_nul_in_a_cell_makes_its_row_invalid(cli, isolated, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"name,notes\nAcme,ok\nBad,x\x00y\nSmit,\n")
    result = cli(["import", "accounts", str(path)], ok=False)
    assert result.stderr.splitlines() == [
        "line 3: a NUL byte in this line: is the file text?",
        "nasales: 1 invalid row; nothing imported",
    ]
    skipped = cli(["import", "accounts", str(path), "--skip-invalid"])
    assert "3 rows read, imported 2 (2 new, 0 updated, 0 unchanged), 1 invalid" in skipped.stdout


def test_a_nul_in_a_cell_is_a_clear_error_on_postgresql_too(cli, tmp_path, fresh_pg):
    path = tmp_path / "t.csv"
    path.write_bytes(b"account,kind,date,note\nAcme,call,2026-11-03,x\x00y\n")
    result = cli(["--db", fresh_pg, "import", "touchpoints", str(path)], ok=False)
    assert result.stderr.splitlines()[0] == "line 2: a NUL byte in this line: is the file text?"
    assert "DataError" not in result.stderr


def test_a_bare_cr_inside_a_cell_survives_export_and_import(cli, isolated, tmp_path):
    conn = sqlite3.connect(isolated)  # as an older release may have stored it
    cli("account add Acme")
    with conn:
        conn.execute("UPDATE account SET notes = 'one\rtwo' WHERE name = 'Acme'")
    conn.close()
    exported = cli("export accounts").stdout
    assert exported == 'name,owner,tier,clv,notes,domain\nAcme,,,,"one\ntwo",\n'
    path = tmp_path / "a.csv"
    path.write_text('name,notes\nAcme,"one\rtwo"\n', newline="")
    fresh = tmp_path / "fresh.db"
    cli(["--db", str(fresh), "import", "accounts", str(path)])
    assert cli(["--db", str(fresh), "export", "accounts"]).stdout == exported


@pytest.mark.parametrize("number", ["inf", "-inf", "nan", "1e999", "Infinity"])
def test_a_number_that_is_not_finite_is_refused(cli, empty_book, tmp_path, number):
    path = tmp_path / "a.csv"
    path.write_text(f"name,clv\nAcme,{number}\n")
    result = cli(["import", "accounts", str(path)], ok=False)
    assert result.stderr.splitlines()[0] in (
        f"line 2: bad clv '{number}': must be a finite amount of zero or more",
        f"line 2: bad clv '{number}': not a number",
        f"line 2: bad clv '{number}': too large; an amount is at most €9,007,199,254,740,992",
    )
    assert accounts(empty_book) == []


# -- bounded memory ---------------------------------------------------------------------------


def test_a_field_over_the_cell_limit_names_its_line(cli, tmp_path):
    big = "\n".join(["x" * 1000] * (CELL_LIMIT // 1000 + 10))  # 10 MB would do the same
    path = tmp_path / "a.csv"
    path.write_text(f'name,notes\nAcme,ok\nBig,"{big}"\n')
    result = cli(["import", "accounts", str(path)], ok=False)
    assert result.stderr == f"nasales: line 3: a cell longer than {CELL_LIMIT} characters\n"


def test_a_10_mb_line_names_its_line(cli, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("name,notes\nAcme,ok\nBig," + "x" * 10_000_000 + "\nSmit,\n")
    result = cli(["import", "accounts", str(path)], ok=False)
    assert result.stderr == (
        f"nasales: line 3: longer than {LINE_LIMIT} characters; is this a CSV file?\n"
    )


# A child's peak RSS counts the memory of the process it was forked from, so the import is
# started from a small Python process that reports its child's peak (not the test runner's).
PEAK = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:])
_pid, status, usage = os.wait4(proc.pid, 0)
sys.stderr.write(f"peak {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_2_gb_line_fails_fast_in_little_memory(tmp_path):
    """The 2 GB are never written: the import stops after its first megabytes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", PEAK, sys.executable, "-m", "nasales", "import", "accounts", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NASALES_DB": str(tmp_path / "n.db")},
    )
    assert proc.stdin is not None and proc.stderr is not None
    start, sent, chunk = time.monotonic(), 0, b"x," * (1 << 19)
    try:
        proc.stdin.write(b"name,notes\n")
        while sent < 2 << 30:
            proc.stdin.write(chunk)
            sent += len(chunk)
    except BrokenPipeError:
        pass
    with suppress(BrokenPipeError):
        proc.stdin.close()
    err, peak = proc.stderr.read().decode().rsplit("peak ", 1)
    assert proc.wait() == 1, err
    assert err == f"nasales: line 2: longer than {LINE_LIMIT} characters; is this a CSV file?\n"
    assert sent < 100 << 20 and time.monotonic() - start < 20
    assert int(peak) < 300 << 10  # KiB: far below the 2 GB line
