"""What the operating system does to a command (a closed pipe, a full disk, another program's
file, a read-only file) and values no reader could use: nothing lost, nothing leaked, one
clear line. Real processes where the operating system is part of the story."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import realproc as rp


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _count(db: Path, table: str) -> int:
    return rp.query(db, f"SELECT count(*) FROM {table}")[0][0]


# -- no command writes a file over the database or its companions ------------------


def test_the_calendar_never_writes_over_the_database(acme, tmp_path, cli):
    (tmp_path / "link").symlink_to(tmp_path)
    before = _digest(acme)
    for target in (acme, tmp_path / "link" / acme.name, Path(f"{acme}-wal")):
        result = cli(["calendar", "--on", "2026-11-23", "--out", str(target)], ok=False)
        assert result.exit_code == 1 and "refusing to overwrite" in result.stderr
    assert _digest(acme) == before
    assert not Path(f"{acme}-wal").exists() or not Path(f"{acme}-wal").read_bytes().startswith(
        b"BEGIN:VCALENDAR"
    )
    ok = cli(["calendar", "--on", "2026-11-23", "--out", str(tmp_path / "calls.ics")])
    assert ok.exit_code == 0 and (tmp_path / "calls.ics").read_bytes().startswith(b"BEGIN:")


# -- numbers that no reader could read back ----------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e999", "Infinity"])
def test_non_finite_amounts_are_refused(acme, cli, value):
    for args in (
        ["order", "won", "Acme", "X", "--value", value],
        ["account", "add", "Beta", "--clv", value],
        ["account", "set", "Acme", "--clv", value],
    ):
        result = cli(args, ok=False)
        assert result.exit_code in (1, 2), args
        assert result.stderr.startswith("nasales: ") and result.stderr.count("\n") == 1
    assert _count(acme, "orders") == 1 and _count(acme, "account") == 1


# -- a committed change is reported as saved, whatever happens to the output ---------


def _run(db: Path, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nasales", *args],
        env=rp.env(db),
        capture_output=kwargs.pop("capture_output", True),
        text=True,
        **kwargs,
    )


def test_a_saved_change_with_a_closed_pipe_exits_0_once(acme):
    for _ in range(3):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "nasales",
                "order",
                "won",
                "Acme",
                "Lathe",
                "--on",
                "2026-11-23",
            ],
            env=rp.env(acme),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None
        proc.stdout.close()  # the reader went away: `| (exec 0<&-; true)`
        code = proc.wait(timeout=60)
        err = proc.stderr.read().decode() if proc.stderr else ""
        assert code == 0, err
        assert err in (
            "",
            "nasales: the change is saved, but its confirmation could not be "
            "written (Broken pipe)\n",
        )
    assert _count(acme, "orders") == 1 + 3  # three runs, three orders: no retry doubled one


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["log", "Acme", "call", "--on", "2026-11-23"],
        ["remind", "Acme", "Bel terug", "--due", "2026-11-30"],
        ["account", "add", "Beta"],
    ],
)
def test_a_saved_change_on_a_full_disk_exits_0_and_says_so(acme, args):
    before = sum(_count(acme, t) for t in ("touchpoint", "reminder", "account"))
    with open("/dev/full", "w") as full:
        result = _run(acme, args, stdout=full, capture_output=False, stderr=subprocess.PIPE)
    assert result.returncode == 0
    assert result.stderr == (
        "nasales: the change is saved, but its confirmation could not be written "
        "(No space left on device)\n"
    )
    assert sum(_count(acme, t) for t in ("touchpoint", "reminder", "account")) == before + 1


@pytest.mark.parametrize(
    "args",
    [
        "today --on 2026-11-23",
        "today --on 2026-11-23 --format table",
        "review --on 2026-11-23 --format table",
        "pipeline --on 2026-11-23 --format table",
        "calendar --on 2026-11-23",
        "export orders",
    ],
)
def test_a_closed_stdout_is_one_clean_line(acme, args):
    result = _run(
        acme,
        args.split(),
        stdout=subprocess.DEVNULL,
        capture_output=False,
        stderr=subprocess.PIPE,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert result.stderr == "nasales: cannot write the output (standard output is closed)\n"


def test_import_on_a_full_disk_is_saved_and_says_so(acme, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("account,kind,date\nAcme,call,2026-11-23\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = _run(
            acme,
            ["import", "touchpoints", str(csv)],
            stdout=full,
            capture_output=False,
            stderr=subprocess.PIPE,
        )
    assert result.returncode == 0 and "the change is saved" in result.stderr
    assert _count(acme, "touchpoint") == 1


# -- another application's SQLite file stays exactly as it was ---------------------------


@pytest.mark.parametrize("clash", [False, True])
def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path, clash):
    foreign = tmp_path / "bookmarks.db"
    conn = sqlite3.connect(foreign)
    conn.execute(
        "CREATE TABLE account (id INTEGER, name TEXT)"
        if clash
        else "CREATE TABLE moz_bookmarks (id INTEGER, url TEXT)"
    )
    conn.commit()
    conn.close()
    before = _digest(foreign)
    accounts = tmp_path.parent / f"{tmp_path.name}-accounts.csv"
    accounts.write_text("name\nX\n", encoding="utf-8")
    for args in (
        ["today"],
        ["account", "add", "X"],
        ["doctor"],
        ["import", "accounts", str(accounts)],
    ):
        result = _run(foreign, args)
        assert result.returncode == 1, args
        assert "is not a nasales database" in result.stdout + result.stderr
    assert _digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.db"]  # no -wal, no -shm
    mode = sqlite3.connect(foreign).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"


# The backup, stopped once its copy is whole but not yet in place: the half-written file then
# holds every row, the worst case to leave behind.


# -- a person is found in any Unicode form; stored text never drives the terminal ----


def test_a_name_typed_with_decomposed_accents_is_found_and_erased(acme, cli):
    decomposed = "Zoe\u0308 Janssen"  # Zoë as some keyboards send it
    cli(["log", "Acme", "note", "--on", "2026-11-23", "--note", f"{decomposed} wil korting"])
    exported = cli("contact export 'Zoë Janssen' --format json").stdout
    assert "wil korting" in exported
    cli("contact forget 'Zoë Janssen' --yes")
    raw = b"".join(p.read_bytes() for p in acme.parent.glob(f"{acme.name}*"))
    assert decomposed.encode() not in raw and "Zoë Janssen".encode() not in raw
    assert rp.query(acme, "SELECT note FROM touchpoint") == [("[erased] wil korting",)]


def test_stored_escapes_never_reach_the_terminal(acme, cli):
    escape = "\x1b[2J\x1b]0;pwned\x07"
    conn = sqlite3.connect(acme)
    with conn:
        conn.execute("UPDATE contact SET role = ?, phone = ?", (escape, escape))
        conn.execute(
            "INSERT INTO touchpoint (account_id, kind, date, note, made_by, contact_id) "
            "VALUES (1, 'call', '2026-11-23', ?, ?, 1)",
            (f"first\nContact Forged at Elsewhere{escape}", escape),
        )
    conn.close()
    out = cli("contact export 'Zoë Janssen'").stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "\nContact Forged" not in out  # a newline in a note forges no line of the report
    done = cli(["done", f"confirm:P-1{escape}", "--on", "2026-11-23"], ok=False)
    assert "\x1b" not in done.stdout + done.stderr


# -- read-only files say which file and how to fix it ----------------------------------


def _read_only(path: Path) -> list[str] | None:
    """Make `path` read-only for this user, also for root (whom file modes do not stop:
    then the immutable flag); returns the command that undoes it, or None if impossible."""
    if os.getuid() != 0:
        path.chmod(0o400)
        return []
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        return None
    return ["chattr", "-i", str(path)]


def test_a_read_only_database_names_the_file_and_doctor_fails(tmp_path):
    db = tmp_path / "nasales.db"
    assert _run(db, ["account", "add", "Acme"]).returncode == 0
    undo = _read_only(db)
    if undo is None:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        result = _run(db, ["account", "add", "Beta"])
        doctor = _run(db, ["doctor"])
    finally:
        if undo:
            subprocess.run(undo, check=True)
    assert result.returncode == 1
    assert result.stderr == (
        f"nasales: cannot save: {db} is read-only; make it writable with: chmod u+w '{db}'\n"
    )
    assert doctor.returncode == 1
    assert f"fail  {db} is read-only, so nothing can be saved: chmod u+w '{db}'" in doctor.stdout
    assert rp.query(db, "SELECT name FROM account") == [("Acme",)]


# -- messages a user can act on ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["today", "--on", "9999-12-31"], "bad date '9999-12-31': use a year from 1900 to 2999"),
        (["remind", "Acme", "x", "--due", "0001-01-01"], "use a year from 1900 to 2999"),
        (["--db", "postgresql://u:pw@localhost:abc/db", "today"], "the port must be a number"),
        (["--db", "mysql://u@h/db", "today"], "unsupported database URL 'mysql'"),
    ],
)
def test_odd_values_are_one_clear_line(acme, cli, args, message):
    result = cli(args, ok=False)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_an_argument_that_is_not_utf8_is_one_line(acme):
    bad = "Caf\xe9".encode("latin-1").decode("utf-8", "surrogateescape")
    result = _run(acme, ["log", bad, "call"])
    assert result.returncode == 1
    assert result.stderr == (
        "nasales: 'Caf\\xe9' is not valid UTF-8 text: type it again in a UTF-8 terminal\n"
    )
