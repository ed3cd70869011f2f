"""`nasales doctor`: what it checks, and exit 1 exactly when something is wrong."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

import nasales.store.migrations as migrations
from extra_migration import m900_rebuild_contact_and_account
from nasales.store.backup import PART
from nasales.store.db import Location, connect
from nasales.store.health import sqlite_version
from nasales.store.migrations import MIGRATIONS


@pytest.fixture
def db_with_a_call(cli, isolated):
    """The path of a database holding one account and one call."""
    cli("account add 'Bakkerij Jansen'")
    cli("log 'Bakkerij Jansen' call --on 2026-01-06 --note hallo")
    return isolated


def test_a_sound_database_passes(cli, db_with_a_call):
    result = cli("doctor")
    lines = result.stdout.splitlines()
    assert lines[0].split()[1] == "SQLite"
    assert any(
        line.startswith("ok    pragmas in force: journal_mode=wal, foreign_keys=1, synchronous=2,")
        for line in lines
    )
    for expected in ("integrity_check: ok", "owner-only", "schema up to date"):
        assert any(expected in line and line.startswith("ok") for line in lines), expected
    assert not any(line.startswith("fail") for line in lines)


def test_an_old_sqlite_is_a_warning_only():
    assert sqlite_version((3, 40, 1)).status == "warn"
    assert "3.51.3" in sqlite_version((3, 51, 2)).message
    assert sqlite_version((3, 51, 3)).status == "ok"
    assert sqlite_version((3, 52, 0)).status == "ok"


def test_a_database_readable_by_others_fails(cli, db_with_a_call):
    db_with_a_call.chmod(0o644)
    result = cli("doctor", ok=False)
    assert result.exit_code == 1
    assert f"fail  {db_with_a_call} is readable by others (mode 644): chmod 600" in result.stdout


def test_a_corrupt_database_fails_without_a_traceback(cli, db_with_a_call):
    conn = sqlite3.connect(db_with_a_call)
    with conn:
        conn.executemany(
            "INSERT INTO touchpoint (account_id, kind, date, note) VALUES (1, 'note', "
            "'2026-01-07', ?)",
            [(f"n{i} " + "z" * 300,) for i in range(3000)],
        )
    conn.close()
    with db_with_a_call.open("r+b") as f:  # scribble over pages in the middle of the file
        f.seek(8 * 4096)  # from a page header on
        f.write(b"\xff" * 3000)
    result = cli("doctor", ok=False)
    assert result.exit_code == 1
    assert "fail  integrity_check:" in result.stdout or " is damaged (" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_pending_migrations_are_reported_not_applied(cli, db_with_a_call, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m900_rebuild_contact_and_account])
    result = cli("doctor")
    assert "warn  1 migration(s) pending (m900_rebuild_contact_and_account)" in result.stdout
    db = connect(Location(path=db_with_a_call), read_only=True)
    assert migrations.pending(db) == ["m900_rebuild_contact_and_account"]
    db.conn.close()


def test_a_database_from_a_newer_nasales_fails(cli, db_with_a_call):
    conn = sqlite3.connect(db_with_a_call)
    with conn:
        conn.execute("INSERT INTO schema_migration VALUES ('m999_future', 'later')")
    conn.close()
    result = cli("doctor", ok=False)
    assert result.exit_code == 1
    assert "m999_future" in result.stdout


def test_no_database_fails_the_doctor_and_is_not_created(cli, tmp_path):
    missing = tmp_path / "new" / "nasales.db"  # a typo in a cron job's NASALES_DB
    result = cli(f"--db {missing} doctor", ok=False)
    assert result.exit_code == 1
    assert f"fail  no nasales database at {missing}; " in result.stdout
    assert not missing.parent.exists()


def test_bad_settings_fail_the_doctor(cli, db_with_a_call, tmp_path, monkeypatch):
    config = tmp_path / "bad.toml"
    config.write_text('country = "XX"\n', encoding="utf-8")
    monkeypatch.setenv("NASALES_CONFIG", str(config))
    result = cli("doctor", ok=False)
    assert result.exit_code == 1
    assert "fail  bad setting" in result.stdout and "unknown country 'XX'" in result.stdout


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_doctor_never_changes_the_database(acme, cli):
    conn = sqlite3.connect(acme)
    conn.execute("PRAGMA journal_mode = DELETE")  # as if copied over from elsewhere
    conn.close()
    before = _digest(acme)
    result = cli("doctor", ok=False)
    assert "journal_mode is delete, not wal" in result.stdout
    assert _digest(acme) == before
    assert sqlite3.connect(acme).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_doctor_reports_and_forget_removes_half_written_copies(acme, cli):
    leftover = acme.with_name(f".{acme.name}.backup-x{PART}")
    leftover.write_bytes("SQLite format 3\x00 Zoë Janssen zoe@acme.example".encode())
    journal = Path(f"{leftover}-journal")
    journal.write_bytes(b"zoe@acme.example")
    others = [acme.with_name(n) for n in (".report.pdf.part", ".vimrc.partial", ".foo.parts")]
    for other in others:  # other programs' files beside the database
        other.write_bytes(b"not ours")
    result = cli("doctor", ok=False)
    assert result.exit_code == 1 and f"fail  {leftover} is a half-written copy" in result.stdout
    assert not any(str(other) in result.stdout for other in others)
    out = cli("contact forget zoe@acme.example --yes").stdout
    assert f"removed {leftover}, a half-written backup copy" in out
    assert not leftover.exists() and not journal.exists()
    assert all(other.read_bytes() == b"not ours" for other in others)


def test_doctor_warns_when_a_password_file_is_readable_by_others(acme, cli, tmp_path, monkeypatch):
    pgpass = tmp_path / "pgpass"
    pgpass.write_text("localhost:5432:sales:eva:s3cret\n", encoding="utf-8")
    pgpass.chmod(0o644)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    out = cli("doctor", ok=False).stdout
    assert f"{pgpass} may hold a database password and is readable by others (mode 644)" in out
    assert "s3cret" not in out
    pgpass.chmod(0o600)
    assert str(pgpass) not in cli("doctor", ok=False).stdout
