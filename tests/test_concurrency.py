"""A cron job and a salesperson on one database, at the same time, as real processes."""

import stat

import pytest

import realproc as rp
from nasales.store.migrations import MIGRATIONS

pytestmark = pytest.mark.slow  # real processes racing


def test_cron_today_and_log_commands_during_a_long_write_all_succeed(cli, isolated):
    db = isolated
    cli("account add 'Bakkerij Jansen' --owner Piet")
    cli("order won 'Bakkerij Jansen' Oven --ref O-1 --value 40000 --on 2026-01-05")
    # A long write (think: a big import) takes the write lock and keeps it, uncommitted ...
    big = rp.script(db, rp.BIG_WRITE, "Bakkerij Jansen", "big", 5000, 1000, "stdin")
    rp.wait_for_line(big, "written")
    # ... while a real import, the salesperson's calls and cron's list all start.
    csv = db.with_name("touchpoints.csv")
    rows = [f"Bakkerij Jansen,email,2026-01-05,O-1,,imported {i}" for i in range(1000)]
    csv.write_text("account,kind,date,order,contact,note\n" + "\n".join(rows) + "\n")
    importer = rp.start(db, "import", "touchpoints", str(csv))
    logs = [
        rp.start(db, "log", "bakkerij jansen", "call", "--on", "2026-01-06", "--note", f"log {i}")
        for i in range(3)
    ]
    cron = rp.start(db, "today", "--on", "2026-01-06", "--format", "json")
    code, out, err = rp.finish(cron)  # readers are never blocked by a writer (WAL) ...
    assert code == 0, err
    assert '"confirm:O-1"' in out
    # ... writers wait for the lock (busy timeout) instead of failing: each is seen waiting.
    for proc in [importer, *logs]:
        assert rp.waiting_for_the_lock(proc, db), f"a writer did not wait: {rp.finish(proc)}"
    big.stdin.write("go\n")  # type: ignore[union-attr]
    big.stdin.flush()  # type: ignore[union-attr]
    assert rp.finish(big)[0] == 0
    for proc in [importer, *logs]:
        code, out, err = rp.finish(proc)
        assert (code, err) == (0, "")
    assert rp.query(db, "SELECT count(*) FROM touchpoint WHERE note LIKE 'imported %'") == [(1000,)]
    assert rp.query(db, "SELECT count(*) FROM touchpoint WHERE note LIKE 'big:%'") == [(5000,)]
    notes = rp.query(db, "SELECT note FROM touchpoint WHERE kind = 'call' ORDER BY note")
    assert notes == [(f"log {i}",) for i in range(3)]
    assert rp.integrity(db) == "ok"


def test_commands_racing_on_a_new_database_create_it_once(tmp_path):
    db = tmp_path / "data" / "nasales" / "nasales.db"  # the default place (XDG_DATA_HOME)
    procs = [rp.start(db, "account", "add", f"Klant {i}") for i in range(2)]
    for proc in procs:
        code, _, err = rp.finish(proc)
        assert (code, err) == (0, "")
    assert rp.query(db, "SELECT count(*) FROM account") == [(2,)]
    names = [(m.__name__,) for m in MIGRATIONS]
    assert rp.query(db, "SELECT name FROM schema_migration ORDER BY name") == names
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700  # holds personal data: owner-only
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
