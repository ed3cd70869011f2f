"""`nasales backup`: a consistent, verified, owner-only copy, also while others write."""

import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

import realproc as rp
from nasales.errors import Invalid
from nasales.store.backup import PART, backup_generation, generations
from nasales.store.files import companions


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_while_others_write_is_one_consistent_snapshot(cli, isolated, tmp_path):
    db = isolated
    cli("account add 'Bakkerij Jansen'")
    loop = rp.script(db, rp.WRITE_LOOP, "Bakkerij Jansen", "w", 40)  # commits all the time
    rp.wait_for_line(loop, "committed")
    big = rp.script(db, rp.BIG_WRITE, "Bakkerij Jansen", "big", 3000, 1000, "stdin")
    rp.wait_for_line(big, "written")  # holds the write lock with 3000 rows uncommitted
    target = tmp_path / "copies" / "nasales-copy.db"
    backup = rp.start(db, "backup", str(target))
    big.stdin.write("go\n")  # type: ignore[union-attr]  (commit while the backup starts)
    big.stdin.flush()  # type: ignore[union-attr]
    code, out, err = rp.finish(backup)
    assert rp.finish(big)[0] == 0
    in_copy = rp.query(target, "SELECT count(*) FROM reminder")[0][0]
    deadline = time.monotonic() + 30  # the writer goes on after the copy: it never waited on it
    while rp.query(db, "SELECT count(*) FROM reminder")[0][0] <= in_copy:
        assert time.monotonic() < deadline, "no write committed after the backup"
        time.sleep(0.02)
    loop.kill()
    loop.communicate()
    assert (code, err) == (0, "")
    assert "integrity ok" in out
    assert _mode(target) == 0o600
    assert rp.integrity(target) == "ok"
    assert rp.query(target, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert not target.with_name(target.name + "-wal").exists()
    # the snapshot holds whole transactions only: all 40 rows of a batch with its reminder
    batches = [t for (t,) in rp.query(target, "SELECT text FROM reminder")]
    notes = rp.query(target, "SELECT note FROM touchpoint WHERE note LIKE 'w:%'")
    assert batches
    assert Counter(n.split(" ")[0].rsplit(":", 1)[0] for (n,) in notes) == dict.fromkeys(
        batches, 40
    )
    big_rows = rp.query(target, "SELECT count(*) FROM touchpoint WHERE note LIKE 'big:%'")
    assert big_rows in ([(0,)], [(3000,)])


def test_dated_generations_next_to_the_database(cli, isolated):
    cli("account add Klant")
    for second in range(4):
        backup_generation(isolated, keep=3, now=datetime(2026, 11, 27, 7, 0, second))
    kept = generations(isolated)
    assert [p.name for p in kept] == [
        "nasales.backup-20261127-070001.db",
        "nasales.backup-20261127-070002.db",
        "nasales.backup-20261127-070003.db",
    ]
    assert all(_mode(p) == 0o600 for p in kept)
    result = cli("backup --keep 2")
    assert "removed 2 older backups; keeping 2" in result.stdout
    assert len(generations(isolated)) == 2
    assert generations(isolated)[-1].name.startswith("nasales.backup-")


def test_backups_in_the_same_second_keep_the_newest(cli, isolated):
    cli("account add Klant")
    same = datetime(2026, 11, 27, 7, 0, 0)
    names = [backup_generation(isolated, keep=2, now=same)[0].name for _ in range(11)]
    assert names[:3] == [
        "nasales.backup-20261127-070000.db",
        "nasales.backup-20261127-070000-2.db",
        "nasales.backup-20261127-070000-3.db",
    ]
    assert [p.name for p in generations(isolated)] == names[-2:]  # -10 after -9
    assert all(Path(isolated.parent, name).exists() for name in names[-2:])


def test_a_backup_under_nohup_leaves_sighup_ignored(cli, isolated, tmp_path, monkeypatch):
    from nasales.store import backup

    cli("account add Klant")
    during = []
    real = backup._snapshot

    def snapshot(source: Path, tmp: Path) -> str:
        during.append((signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)))
        return real(source, tmp)

    monkeypatch.setattr(backup, "_snapshot", snapshot)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts it
    try:
        backup.copy_database(isolated, tmp_path / "copy.db")
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert during == [(signal.SIG_IGN, backup._interrupt)]  # SIGTERM still cleans up


def test_a_backup_restores_to_a_working_database(cli, isolated, tmp_path):
    cli("account add 'Bakkerij Jansen'")
    cli("log 'Bakkerij Jansen' call --on 2026-01-06 --note 'kept'")
    copy = tmp_path / "copy.db"
    cli(f"backup {copy}")
    cli("log 'Bakkerij Jansen' call --on 2026-01-07 --note 'after the backup'")
    # restore, as docs/reliability.md says: no nasales running, replace the file, drop -wal/-shm
    for suffix in ("", "-wal", "-shm"):
        isolated.with_name(isolated.name + suffix).unlink(missing_ok=True)
    shutil.copy2(copy, isolated)
    assert "kept" in cli("show 'Bakkerij Jansen' --on 2026-01-31").stdout
    assert cli("doctor").exit_code == 0
    conn = sqlite3.connect(isolated)
    assert conn.execute("SELECT note FROM touchpoint").fetchall() == [("kept",)]
    conn.close()


def test_backup_refuses_to_overwrite_the_database_or_copy_nothing(cli, isolated, tmp_path):
    cli("account add Klant")
    result = cli(f"backup {isolated}", ok=False)
    assert result.exit_code == 1
    assert "refusing to overwrite the database file" in result.stderr
    missing = tmp_path / "nothing.db"
    result = cli(f"--db {missing} backup {tmp_path / 'x.db'}", ok=False)
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)
    assert not missing.exists()


def test_backup_through_dot_dot_or_a_symlink_never_replaces_the_live_database(acme, tmp_path, cli):
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path)
    inode = acme.stat().st_ino
    for target in (
        tmp_path / "sub" / ".." / acme.name,
        tmp_path / "link" / acme.name,
        tmp_path / "link" / f"{acme.name}-wal",
        tmp_path / "link" / f"{acme.name}-shm",
        tmp_path / "link" / f"{acme.name}-journal",
    ):
        result = cli(["backup", str(target)], ok=False)
        assert result.exit_code == 1, target
        assert "refusing to overwrite the database file" in result.stderr
    assert acme.stat().st_ino == inode
    assert rp.integrity(acme) == "ok"
    assert rp.query(acme, "SELECT count(*) FROM orders") == [(1,)]


STOP_AFTER_COPYING = """
import sys, time
from nasales.store import backup
snapshot = backup._snapshot
def snapshot_then_wait(source, tmp):
    verdict = snapshot(source, tmp)
    print("copied", tmp, flush=True)
    time.sleep(60)
    return verdict
backup._snapshot = snapshot_then_wait
from nasales.cli import main
sys.argv = ["nasales", "backup", sys.argv[1]]
main()
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_backup_stopped_by_a_signal_leaves_no_copy(acme, tmp_path, sig):
    target = tmp_path / "out" / "copy.db"
    target.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", STOP_AFTER_COPYING, str(target)],
        env=rp.env(acme),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL),  # not ignored, as under nohup
    )
    assert proc.stdout is not None
    copied, part = proc.stdout.readline().split()
    assert copied == "copied" and part.endswith(PART)
    assert "Zoë Janssen".encode() in Path(part).read_bytes()  # the copy, with personal data
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == 128 + sig
    assert list(target.parent.iterdir()) == []  # no half-written copy of anyone's data


def test_a_failed_backup_leaves_no_journal(acme, tmp_path, monkeypatch):
    from nasales.store import backup

    def fail_half_way(source: Path, tmp: Path) -> str:
        Path(f"{tmp}-journal").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_snapshot", fail_half_way)
    with pytest.raises(OSError):
        backup.copy_database(acme, tmp_path / "copy.db")
    assert [p.name for p in tmp_path.iterdir() if "copy" in p.name] == []


def test_a_backup_that_cannot_say_so_is_still_reported_as_made(acme, tmp_path):
    target = tmp_path / "copy.db"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "nasales", "backup", str(target)],
            env=rp.env(acme),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 0
    assert "the change is saved, but its confirmation could not be written" in result.stderr
    assert rp.integrity(target) == "ok"


def test_a_backup_replaces_an_earlier_backup_but_no_other_file(acme, cli, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Zoë, …", encoding="utf-8")
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    for target in (letter, foreign):
        before = target.read_bytes()
        result = cli(["backup", str(target)], ok=False)
        assert result.exit_code == 1
        assert "exists and is not an earlier backup of this database" in result.stderr
        assert target.read_bytes() == before
    again = tmp_path / "nightly.db"
    cli(["backup", str(again)])
    assert cli(["backup", str(again)]).exit_code == 0  # tonight's copy replaces last night's


def _schema(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        query = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        return sorted(conn.execute(query).fetchall())
    finally:
        conn.close()


def test_a_backup_never_overwrites_another_book(cli, isolated, tmp_path):
    other = tmp_path / "other.db"
    cli(f"--db {other} account add Keep")  # another book, not open now (no -wal, no -shm)
    cli("account add Mine")
    before = other.read_bytes()
    result = cli(f"backup {other}", ok=False)
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)
    assert f"{other} exists and is not an earlier backup of this database" in result.stderr
    assert other.read_bytes() == before
    # a backup of that other book is no backup of this one either
    theirs = tmp_path / "theirs.db"
    cli(f"--db {other} backup {theirs}")
    before = theirs.read_bytes()
    assert cli(f"backup {theirs}", ok=False).exit_code == 1
    assert theirs.read_bytes() == before
    assert "Keep" in cli(f"--db {other} show Keep --on 2026-01-05").stdout


def test_a_backup_restored_and_written_to_is_a_book_again(cli, isolated, tmp_path):
    cli("account add Mine")
    copy, restored, blank = tmp_path / "copy.db", tmp_path / "restored.db", tmp_path / "blank.db"
    cli(f"backup {copy}")
    cli(f"backup {copy}")  # an earlier backup of this book is replaced
    shutil.copy2(copy, restored)
    cli(f"--db {restored} account add 'Since the restore'")
    assert not any(p.exists() for p in companions(restored))  # not open: a book at rest
    result = cli(f"backup {restored}", ok=False)
    assert "is not an earlier backup of this database" in result.stderr
    cli(f"--db {blank} account add Blank")
    assert _schema(restored) == _schema(blank)  # no table of the backup's own: the models'
    assert cli(f"--db {restored} doctor").exit_code == 0
    assert "Since the restore" in cli(f"--db {restored} show 'Since the restore'").stdout


def test_a_backup_knows_whose_copy_it_is(cli, isolated, tmp_path):
    from nasales.store.backup import backup_of, book_mark, copy_database

    cli("account add Mine")
    other = tmp_path / "other.db"
    cli(f"--db {other} account add Keep")
    copy = copy_database(isolated, tmp_path / "copy.db")
    assert backup_of(copy) == book_mark(isolated) != book_mark(other)
    assert backup_of(other) is None and backup_of(isolated) is None
    assert copy_database(isolated, copy) == copy.absolute()
    with pytest.raises(Invalid):
        copy_database(other, copy)
