"""Consistent copies of a live SQLite database (the backup API, never a file copy).

A file copy of a database in WAL mode can miss committed transactions that still live in
the -wal file, or catch a page half-written; SQLite's online backup API copies one
consistent snapshot while other processes go on reading and writing.
"""

import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from nasales.errors import Invalid, NasalesError

KEEP_GENERATIONS = 5


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with SQLite's online backup API; owner-only; verified.

    The copy is one snapshot (a single backup step holds one read transaction, which in WAL
    mode never blocks writers), switched to a plain rollback journal so it is one
    self-contained file, checked with `integrity_check`, and only then renamed into place.
    """
    source, target = source.absolute(), target.absolute()
    if target in {source, *(Path(f"{source}{s}") for s in ("-wal", "-shm", "-journal"))}:
        raise Invalid("the backup must go to another file than the database")
    if not source.is_file():
        raise NasalesError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)  # mkstemp creates it 0600: owner-only from the first byte
    tmp = Path(name)
    try:
        verdict = _snapshot(source, tmp)
        if verdict != "ok":
            raise NasalesError(f"the backup failed its integrity check: {verdict}")
        _fsync(tmp)
        tmp.replace(target)
        _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _snapshot(source: Path, tmp: Path) -> str:
    try:
        src = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise NasalesError(f"cannot open the database to back it up: {exc}") from None
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)  # pages=-1: one step, one snapshot
        dst.execute("PRAGMA journal_mode = DELETE")
        (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.Error as exc:
        raise NasalesError(f"the backup failed: {exc}") from None
    finally:
        dst.close()
        src.close()
    return str(verdict)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def generation_name(database: Path, when: datetime) -> Path:
    """`nasales.db` -> `nasales.backup-20261127-071500.db`, next to the database."""
    return database.with_name(f"{database.stem}.backup-{when:%Y%m%d-%H%M%S}{database.suffix}")


def generations(database: Path) -> list[Path]:
    """The dated backups of `database`, oldest first."""
    pattern = f"{database.stem}.backup-*{database.suffix}"
    return sorted(p for p in database.parent.glob(pattern) if p.is_file())


def backup_generation(
    database: Path, keep: int = KEEP_GENERATIONS, now: datetime | None = None
) -> tuple[Path, list[Path]]:
    """A new dated backup next to the database; the oldest beyond `keep` are removed.

    Returns the new backup and the removed ones.
    """
    if keep < 1:
        raise Invalid("keep at least one backup")
    first = target = generation_name(database, now or datetime.now())
    n = 1
    while target.exists():  # two backups in the same second
        n += 1
        target = first.with_name(f"{first.stem}-{n}{first.suffix}")
    copy_database(database, target)
    old = generations(database)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
    return target, old


def migration_backups(database: Path) -> list[Path]:
    return sorted(database.parent.glob(f"{database.name}.before-m*"))


def all_backups(database: Path) -> list[Path]:
    """Every copy nasales made of this database: dated generations and pre-migration ones."""
    return generations(database) + migration_backups(database)


def backup_before_migration(path: Path, first_pending: str) -> Path:
    """The copy taken before `first_pending` runs (restore it if an upgrade goes wrong)."""
    return copy_database(path, path.with_name(f"{path.name}.before-{first_pending}"))
