"""Consistent copies of a live SQLite database (the backup API, never a file copy).

A file copy of a database in WAL mode can miss committed transactions that still live in
the -wal file, or catch a page half-written; SQLite's online backup API copies one
consistent snapshot while other processes go on reading and writing.
"""

import os
import signal
import sqlite3
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from nasales.errors import Invalid, NasalesError
from nasales.i18n import _
from nasales.store.db import (
    COMPANIONS,
    Location,
    NoDatabase,
    companions,
    connect,
    no_database,
    refuse_database_files,
)
from nasales.store.files import BACKUP_APPLICATION_ID

KEEP_GENERATIONS = 5
PART = ".nasales-part"  # a copy being written; never a backup (and no other program's file)


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with SQLite's online backup API; owner-only; verified.

    The copy is one snapshot (a single backup step holds one read transaction, which in WAL
    mode never blocks writers), switched to a plain rollback journal so it is one
    self-contained file, checked with `integrity_check`, and only then renamed into place.
    """
    source, target = source.absolute(), target.absolute()
    refuse_database_files(target, source)
    if not source.is_file():
        raise NoDatabase(no_database(source))
    if target.is_dir():
        raise Invalid(_("{path} is a directory: name the backup file").format(path=target))
    _refuse_overwriting(target, source)
    # the handlers are in place before the copy's file exists: a SIGTERM never finds a
    # half-written copy that nothing will remove
    with _cleaned_up_on_signals():
        tmp = _new_part(target)
        try:
            verdict = _snapshot(source, tmp)
            if verdict != "ok":
                raise NasalesError(
                    _("the backup failed its integrity check: {verdict}").format(verdict=verdict)
                )
            _fsync(tmp)
            refuse_database_files(target, source)  # still not the database, after the wait
            tmp.replace(target)
            _fsync(target.parent)
        finally:
            for leftover in (tmp, *companions(tmp)):
                leftover.unlink(missing_ok=True)
    return target


def _new_part(target: Path) -> Path:
    """The file the copy is written to before it gets its name: beside it, owner-only."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PART)
    except OSError as exc:
        raise NasalesError(
            _("cannot write the backup to {path}: {reason}").format(
                path=target, reason=exc.strerror
            )
        ) from None
    os.close(fd)  # mkstemp creates it 0600: owner-only from the first byte
    return Path(name)


def book_mark(database: Path) -> int:
    """Which database a backup is a copy of, as its header can hold it (31 bits)."""
    return zlib.crc32(os.fsencode(database.resolve())) & 0x7FFFFFFF or 1


def _refuse_overwriting(target: Path, source: Path) -> None:
    """A backup may replace an earlier backup of the same database, never another file: a
    document, another application's database, another book (in use or not, a restored
    backup that was written to since), or a copy nasales did not write."""
    if not target.exists() or target.stat().st_size == 0:
        return
    in_use = any(p.exists() for p in companions(target))
    if in_use or backup_of(target) != book_mark(source):
        raise Invalid(
            _(
                "{path} exists and is not an earlier backup of this database; nothing was "
                "written (name another file, or move that one away first)"
            ).format(path=target)
        )


def backup_of(path: Path) -> int | None:
    """The `book_mark` of the database `path` is a backup of, or None when it is none: not
    SQLite, not nasales's, or a nasales database that is no backup (opened the way every
    command opens a database, read-only)."""
    try:
        database = connect(Location(path=path), read_only=True)
    except NasalesError:  # not SQLite, or another application's database
        return None
    try:
        if "schema_migration" not in (database.tables_when_opened or ()):
            return None
        if database.scalar("PRAGMA application_id") != BACKUP_APPLICATION_ID:
            return None
        return int(database.scalar("PRAGMA user_version"))
    finally:
        database.conn.close()


@contextmanager
def _cleaned_up_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the copy like Ctrl-C does, so its half-written file is removed
    (only SIGKILL can leave one: `doctor` and `contact forget` look for them). A signal the
    process ignores (SIGHUP under `nohup`) stays ignored."""
    previous = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) is not signal.SIG_IGN:
                previous[sig] = signal.signal(sig, _interrupt)
    except ValueError:  # not the main thread: leave the handlers alone
        pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def partial_copies(database: Path) -> list[Path]:
    """Half-written copies next to the database that a killed backup left behind, and the
    files SQLite kept beside them; no other file, however it is named."""
    patterns = [f".*{PART}{suffix}" for suffix in ("", *COMPANIONS)]
    return sorted(p for pattern in patterns for p in database.parent.glob(pattern) if p.is_file())


def _snapshot(source: Path, tmp: Path) -> str:
    try:
        src = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise NasalesError(
            _("cannot open the database to back it up: {reason}").format(reason=exc)
        ) from None
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)  # pages=-1: one step, one snapshot
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.execute(f"PRAGMA application_id = {BACKUP_APPLICATION_ID}")
        dst.execute(f"PRAGMA user_version = {book_mark(source)}")  # whose copy it is
        (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.Error as exc:
        raise NasalesError(_("the backup failed: {reason}").format(reason=exc)) from None
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


def generation_name(database: Path, stamp: str, n: int = 1) -> Path:
    """`nasales.db` -> `nasales.backup-20261127-071500.db` next to the database; the n-th
    backup made in that second gets `-n` (`nasales.backup-20261127-071500-2.db`)."""
    number = f"-{n}" if n > 1 else ""
    return database.with_name(f"{database.stem}.backup-{stamp}{number}{database.suffix}")


def _made(database: Path, path: Path) -> tuple[str, int]:
    """When a dated backup was made: the second in its name, and its number in that second."""
    stamp = path.name.removeprefix(f"{database.stem}.backup-").removesuffix(database.suffix)
    when, n = stamp[:15], stamp[16:]
    return when, int(n) if stamp[15:16] == "-" and n.isdigit() else 1


def generations(database: Path) -> list[Path]:
    """The dated backups of `database`, oldest first (`…-071500.db` before `…-071500-2.db`)."""
    found = database.parent.glob(f"{database.stem}.backup-*{database.suffix}")
    return sorted((p for p in found if p.is_file()), key=lambda p: (*_made(database, p), p.name))


def backup_generation(
    database: Path, keep: int = KEEP_GENERATIONS, now: datetime | None = None
) -> tuple[Path, list[Path]]:
    """A new dated backup next to the database; the oldest beyond `keep` are removed.

    Returns the new backup and the removed ones.
    """
    if keep < 1:
        raise Invalid(_("keep at least one backup"))
    stamp = f"{now or datetime.now():%Y%m%d-%H%M%S}"
    made = [_made(database, p) for p in generations(database)]
    n = max((n for when, n in made if when == stamp), default=0) + 1  # after any that second
    target = generation_name(database, stamp, n)
    while target.exists():  # a file of that name that is not a dated backup
        n += 1
        target = generation_name(database, stamp, n)
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
