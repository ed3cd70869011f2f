"""Schema changes are migrations that keep every row (and every child row)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import nasales.store.migrations as store
import nasales.store.models  # noqa: F401  (registers the tables)
from extra_migration import REBUILD_CONTACT, m900_rebuild_contact_and_account, statements
from nasales.errors import NasalesError
from nasales.store.db import Location, begin, connect
from nasales.store.migrations import MIGRATIONS, ensure_current, m001_initial, pending
from snapshot import Snapshot, snapshot

TABLES = ("account", "contact", "orders", "touchpoint", "hurdle", "reminder", "snooze")
# added by m004_capture and m005_hurdle_discussed_after (empty in old rows), and by the
# test-only m900
LATER_COLUMNS = (
    *("domains", "source", "source_key", "direction", "seconds", "discussed_after"),
    *("language", "website"),
)


def _open(path: Path):
    return connect(Location(path=path))


def migrate(path: Path) -> list[str]:
    db = _open(path)
    try:
        return ensure_current(db)
    finally:
        db.conn.close()


def pending_migrations(path: Path) -> list[str]:
    db = _open(path)
    try:
        return pending(db)
    finally:
        db.conn.close()


def test_a_blank_database_migrates_to_exactly_the_models(tmp_path):
    path = tmp_path / "blank.db"
    assert migrate(path) == [m.__name__ for m in MIGRATIONS]
    assert migrate(path) == []  # once
    engine = create_engine(f"sqlite:///{path}")
    found = inspect(engine)
    assert set(found.get_table_names()) == {*SQLModel.metadata.tables, "schema_migration"}
    for name, table in SQLModel.metadata.tables.items():
        columns = found.get_columns(name)
        assert [c["name"] for c in columns] == [c.name for c in table.columns], name
        for db_col, model_col in zip(columns, table.columns, strict=True):
            assert db_col["type"]._type_affinity is model_col.type._type_affinity, model_col
            if not model_col.primary_key:
                assert db_col["nullable"] == model_col.nullable, model_col
        assert found.get_pk_constraint(name)["constrained_columns"] == [
            c.name for c in table.primary_key
        ]
        db_fks = {
            (fk["constrained_columns"][0], fk["referred_table"], fk["referred_columns"][0])
            for fk in found.get_foreign_keys(name)
        }
        model_fks = {
            (fk.parent.name, fk.column.table.name, fk.column.name) for fk in table.foreign_keys
        }
        assert db_fks == model_fks, name
    engine.dispose()


def fill_first_schema(path: Path) -> None:
    """A database at m001 only, with a bit of everything, written with plain SQL."""
    db = _open(path)
    begin(db, write=True)
    m001_initial(db)
    db.execute(
        "CREATE TABLE schema_migration (name VARCHAR PRIMARY KEY, applied_at VARCHAR NOT NULL)"
    )
    db.execute("INSERT INTO schema_migration VALUES ('m001_initial', 'then')")
    db.conn.commit()
    db.conn.close()
    db = sqlite3.connect(path)
    with db:
        for a in range(1, 41):
            db.execute(
                "INSERT INTO account (id, name, name_key, owner, tier, clv, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (a, f"Klant {a}", f"klant {a}", "Piet", "ABC"[a % 3], a * 1000.0, f"note {a}"),
            )
            for c in (1, 2):
                db.execute(
                    "INSERT INTO contact (id, account_id, name, email, is_primary) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (a * 10 + c, a, f"Persoon {a}-{c}", f"p{a}{c}@example.nl", c == 1),
                )
            db.execute(
                "INSERT INTO orders (id, ref, account_id, title, value, status, signed_on) "
                "VALUES (?, ?, ?, 'Oven', ?, 'won', '2026-01-05')",
                (a, f"O-{a}", a, a * 500.0),
            )
            db.execute(
                "INSERT INTO hurdle (order_id, description, raised_on) VALUES (?, 'late', "
                "'2026-01-09')",
                (a,),
            )
            db.execute(
                "INSERT INTO reminder (account_id, order_id, text, due) VALUES (?, ?, 'bel', "
                "'2026-01-12')",
                (a, a),
            )
            db.execute("INSERT INTO snooze VALUES (?, '2026-02-01')", (f"confirm:O-{a}",))
            db.executemany(
                "INSERT INTO touchpoint (account_id, kind, date, order_id, contact_id, note) "
                "VALUES (?, 'call', '2026-01-06', ?, ?, ?)",
                [(a, a, a * 10 + 1 + t % 2, f"t{t}") for t in range(25)],
            )
    db.close()


def old_rows(path: Path) -> Snapshot:
    """The rows of the first schema's tables, without the columns later migrations add."""
    return snapshot(path, TABLES, leave_out=LATER_COLUMNS)


@pytest.fixture
def with_rebuild(monkeypatch):
    """The real migrations plus the test-only table rebuild."""
    extended = [*MIGRATIONS, m900_rebuild_contact_and_account]
    monkeypatch.setattr(store, "MIGRATIONS", extended)
    return extended


def test_a_table_rebuild_keeps_every_row_and_every_child_row(tmp_path, with_rebuild):
    path = tmp_path / "old.db"
    fill_first_schema(path)
    before = old_rows(path)
    assert sum(len(rows) for rows in before.values()) > 1000
    db = _open(path)
    assert ensure_current(db) == [m.__name__ for m in with_rebuild[1:]]
    after = old_rows(path)
    assert after == before
    assert all(contact_id is not None for *_, contact_id, _, _, _ in after["touchpoint"])
    assert db.scalar("PRAGMA foreign_keys") == 1  # the connection has its foreign keys back on
    assert db.all("PRAGMA foreign_key_check") == []
    assert db.scalar("PRAGMA integrity_check") == "ok"
    db.conn.close()
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(contact)")]
    assert columns[-1] == "language"
    # the automatic backup, taken before the first pending migration, holds the old data
    backup = path.with_name(f"old.db.before-{with_rebuild[1].__name__}")
    assert old_rows(backup) == before
    assert backup.stat().st_mode & 0o077 == 0


def test_the_rebuild_would_lose_child_links_with_foreign_keys_on(tmp_path):
    """Why the mechanism turns foreign keys off: SQLite's DROP TABLE cascades."""
    path = tmp_path / "old.db"
    fill_first_schema(path)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("BEGIN")
    for statement in statements(REBUILD_CONTACT):
        db.execute(statement)
    db.execute("COMMIT")
    linked = db.execute("SELECT count(contact_id) FROM touchpoint").fetchone()[0]
    db.close()
    assert linked == 0  # every touchpoint lost its contact: the trap the test above guards


def _broken_reference(db):  # type: ignore[no-untyped-def]
    db.execute("DELETE FROM account WHERE id = 1")  # its orders now point nowhere


def _fails_half_way(db):  # type: ignore[no-untyped-def]
    db.execute("CREATE TABLE half (x)")
    db.execute("UPDATE account SET notes = 'changed'")
    raise RuntimeError("boom")


@pytest.mark.parametrize("bad", [_broken_reference, _fails_half_way])
def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch, bad):
    path = tmp_path / "old.db"
    fill_first_schema(path)
    migrate(path)  # the real migrations, each committed on its own
    before = snapshot(path)  # every table, the schema too
    bad.__name__ = "m901_bad"
    monkeypatch.setattr(store, "MIGRATIONS", [*MIGRATIONS, bad])
    with pytest.raises((NasalesError, RuntimeError)):
        migrate(path)
    assert pending_migrations(path) == ["m901_bad"]
    assert snapshot(path) == before
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables


def test_commands_starting_together_on_an_old_database_migrate_it_once(tmp_path):
    path = tmp_path / "old.db"
    fill_first_schema(path)
    before = old_rows(path)
    tests = Path(__file__).parent
    procs = [
        subprocess.Popen(
            [sys.executable, str(tests / "extra_migration.py"), "log", "Klant 1", "call"],
            env={"NASALES_DB": str(path), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert (proc.returncode, err) == (0, ""), err
    db = sqlite3.connect(path)
    names = [r[0] for r in db.execute("SELECT name FROM schema_migration ORDER BY name")]
    assert names == [*(m.__name__ for m in MIGRATIONS), "m900_rebuild_contact_and_account"]
    after = old_rows(path)
    assert after["touchpoint"][: len(before["touchpoint"])] == before["touchpoint"]
    assert len(after["touchpoint"]) == len(before["touchpoint"]) + 3
    assert {t: after[t] for t in TABLES if t != "touchpoint"} == {
        t: before[t] for t in TABLES if t != "touchpoint"
    }
    backups = list(tmp_path.glob("old.db.before-*"))
    assert len(backups) == 1
