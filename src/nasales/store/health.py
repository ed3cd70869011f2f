"""The database's health, for `nasales doctor`: sound, private, writable and up to date?

Every check gives `ok`, `warn` (worth knowing, nothing is wrong yet) or `fail` (something
is wrong; the command exits 1). It opens the database read-only and never changes,
migrates or repairs anything.
"""

import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nasales.errors import NasalesError
from nasales.i18n import N_, _, ngettext
from nasales.store.backup import all_backups, partial_copies
from nasales.store.db import (
    BUSY_TIMEOUT_MS,
    Database,
    Location,
    companions,
    connect,
    damaged,
    describe,
    journal_mode,
    no_database,
    read_only_file,
    said,
)
from nasales.store.migrations import applied, pending, unknown

# SQLite 3.51.3 fixes a bug that can corrupt a database in WAL mode; older is a warning.
SAFE_SQLITE = (3, 51, 3)

# What every nasales connection runs with: (pragma, expected value, what it means).
PRAGMAS = (
    ("journal_mode", "wal", N_("readers and a writer work at the same time")),
    ("foreign_keys", 1, N_("references are enforced")),
    ("synchronous", 2, N_("FULL: a commit survives a power cut")),
    ("secure_delete", 1, N_("erased data is overwritten")),
    ("busy_timeout", BUSY_TIMEOUT_MS, N_("a command waits for another writer")),
)


@dataclass(frozen=True)
class Check:
    status: str  # ok | warn | fail
    message: str


def ok(message: str) -> Check:
    return Check("ok", message)


def warn(message: str) -> Check:
    return Check("warn", message)


def fail(message: str) -> Check:
    return Check("fail", message)


def database_checks(location: Location) -> list[Check]:
    """Every check on the database at `location`."""
    path = location.path
    checks: list[Check] = []
    if path is not None:
        checks.append(sqlite_version(sqlite3.sqlite_version_info))
        if not path.exists():  # a typo in NASALES_DB must not look healthy to a cron job
            return [*checks, fail(no_database(path))]
        checks += permissions(path)
        checks += writable(path)
        checks += leftovers(path)
    try:
        db = connect(location, read_only=True)
    except NasalesError as exc:
        return [*checks, fail(str(exc))]
    try:
        if path is not None:
            checks += guarded(_("pragmas"), lambda: pragmas(db), path)
            checks += guarded(_("integrity"), lambda: integrity(db), path)
        checks += guarded(_("migrations"), lambda: migrations(db), path)
    finally:
        db.conn.close()
    return checks


def guarded(what: str, run: Callable[[], Iterator[Check]], path: Path | None = None) -> list[Check]:
    """A check that cannot even run is a failure, not a traceback; a damaged database is
    called damaged, with the backup to restore."""
    try:
        return list(run())
    except Exception as exc:
        first = said(exc)
        if "malformed" in describe(exc) or "not a database" in describe(exc):
            if path is not None:
                return [fail(damaged(path, first))]
            first += _("; restore the latest backup (docs/reliability.md)")
        return [fail(_("cannot check {what}: {reason}").format(what=what, reason=first))]


def sqlite_version(version: tuple[int, int, int]) -> Check:
    shown = ".".join(map(str, version))
    if version < SAFE_SQLITE:
        return warn(
            _(
                "SQLite {version} is older than {safe}, which fixes a WAL corruption bug; "
                "use a Python built with a newer SQLite when you can"
            ).format(version=shown, safe=".".join(map(str, SAFE_SQLITE)))
        )
    return ok(f"SQLite {shown}")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def permissions(database: Path) -> Iterator[Check]:
    """The files hold personal data: owner-only (0600), in an owner-only directory (0700)."""
    directory = database.parent
    mode = _mode(directory)
    if mode & 0o077:
        yield warn(
            _(
                "directory {path} is open to others (mode {mode:o}); nasales creates its data "
                "directory 0700: chmod 700 '{path}'"
            ).format(path=directory, mode=mode)
        )
    else:
        yield ok(_("directory {path} is owner-only ({mode:o})").format(path=directory, mode=mode))
    files = [database, *companions(database)]
    files += all_backups(database)
    exposed = [f for f in files if f.exists() and _mode(f) & 0o077]
    for f in exposed:
        yield fail(
            _("{path} is readable by others (mode {mode:o}): chmod 600 '{path}'").format(
                path=f, mode=_mode(f)
            )
        )
    if not exposed:
        present = sum(f.exists() for f in files)
        yield ok(
            ngettext(
                "{n} file (database, WAL, backups) is owner-only (600)",
                "{n} files (database, WAL, backups) are owner-only (600)",
                present,
            ).format(n=present)
        )


def writable(database: Path) -> Iterator[Check]:
    """Every write needs the directory, the database and its -wal/-shm to be writable."""
    found = read_only_file(database)
    if found is None:
        yield ok(_("the database and its directory are writable"))
    else:
        yield fail(
            _("{path} is read-only, so nothing can be saved: chmod u+w '{path}'").format(path=found)
        )


def leftovers(database: Path) -> Iterator[Check]:
    """Half-written copies of a killed backup hold personal data and are no backup."""
    for path in partial_copies(database):
        yield fail(
            _("{path} is a half-written copy left by an interrupted backup: rm '{path}'").format(
                path=path
            )
        )


def pragmas(db: Database) -> Iterator[Check]:
    wrong, found = [], []
    for name, expected, meaning in PRAGMAS:
        value = journal_mode(db) if name == "journal_mode" else db.scalar(f"PRAGMA {name}")
        found.append(f"{name}={value}")
        if value != expected:
            wrong.append(
                _("{name} is {value}, not {expected} ({meaning})").format(
                    name=name, value=value, expected=expected, meaning=_(meaning)
                )
            )
    for problem in wrong:
        yield fail(problem)
    if not wrong:
        yield ok(_("pragmas in force: {pragmas}").format(pragmas=", ".join(found)))


def integrity(db: Database) -> Iterator[Check]:
    rows = [r[0] for r in db.all("PRAGMA integrity_check")]
    if rows == ["ok"]:
        yield ok(_("integrity_check: ok"))
    else:
        yield fail(
            _(
                "integrity_check: {n} problem(s), first: {first}; restore the latest backup "
                "(docs/reliability.md)"
            ).format(n=len(rows), first=rows[0])
        )
    broken = db.all("PRAGMA foreign_key_check")
    if broken:
        yield fail(
            _("foreign_key_check: {n} broken reference(s), first in {table}").format(
                n=len(broken), table=broken[0][0]
            )
        )
    else:
        yield ok(_("foreign_key_check: every reference resolves"))


def migrations(db: Database) -> Iterator[Check]:
    done = applied(db)
    newer = unknown(db, done)
    if newer:
        yield fail(
            _(
                "the database has migrations this nasales does not know ({names}): it was "
                "upgraded by a newer nasales; upgrade nasales"
            ).format(names=", ".join(newer))
        )
    waiting = pending(db, done)
    if waiting:
        yield warn(
            _(
                "{n} migration(s) pending ({names}): the next command applies them after a "
                "verified backup"
            ).format(n=len(waiting), names=", ".join(waiting))
        )
    elif not newer:
        yield ok(_("schema up to date ({n} migrations applied)").format(n=len(done)))
