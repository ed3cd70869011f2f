"""`nasales doctor`: is the database sound, private and up to date?

Every check gives `ok`, `warn` (worth knowing, nothing is wrong yet) or `fail` (something
is wrong; the command exits 1). The doctor never migrates or repairs anything.
"""

import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from nasales.errors import NasalesError, first_line
from nasales.store import (
    BUSY_TIMEOUT_MS,
    WRITE_LOCK,
    database_url,
    make_engine,
    pending_migrations,
    sqlite_path,
    unknown_migrations,
)
from nasales.store.backup import all_backups

# SQLite 3.51.3 fixes a bug that can corrupt a database in WAL mode; older is a warning.
SAFE_SQLITE = (3, 51, 3)

# What every nasales connection must run with: (pragma, expected value, meaning).
PRAGMAS = (
    ("journal_mode", "wal", "readers and a writer work at the same time"),
    ("foreign_keys", 1, "references are enforced"),
    ("synchronous", 2, "FULL: a commit survives a power cut"),
    ("secure_delete", 1, "erased data is overwritten"),
)


@dataclass(frozen=True)
class Check:
    status: str  # ok | warn | fail
    message: str

    def line(self) -> str:
        return f"{self.status:<5} {self.message}"


def ok(message: str) -> Check:
    return Check("ok", message)


def warn(message: str) -> Check:
    return Check("warn", message)


def fail(message: str) -> Check:
    return Check("fail", message)


def examine(db: str | None) -> list[Check]:
    """Every check on the database chosen by --db / NASALES_DB, then on the settings."""
    return [*_database(db), settings()]


def _database(db: str | None) -> list[Check]:
    url = database_url(db)
    path = sqlite_path(url)
    checks: list[Check] = []
    if path is not None:
        checks.append(sqlite_version(sqlite3.sqlite_version_info))
        if not path.exists():
            checks.append(ok(f"no database yet at {path}; it is created owner-only on first use"))
            return checks
        checks += permissions(path)
    engine = make_engine(url, write=False)
    try:
        checks += _guarded("the database", lambda: _inside(engine, path is not None))
    finally:
        engine.dispose()
    return checks


def _inside(engine, sqlite: bool) -> Iterator[Check]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_LOCK: False})
        if sqlite:
            yield from _guarded("pragmas", lambda: pragmas(conn))
            yield from _guarded("integrity", lambda: integrity(conn))
    yield from _guarded("migrations", lambda: migrations(engine))


def _guarded(what: str, run: Callable[[], Iterator[Check]]) -> list[Check]:
    """A check that cannot even run is a failure, not a traceback."""
    try:
        return list(run())
    except Exception as exc:
        first = first_line(exc)
        if "malformed" in first or "not a database" in first:
            first += "; restore the latest backup (docs/reliability.md)"
        return [fail(f"cannot check {what}: {first}")]


def settings() -> Check:
    """The playbook's configuration file, read as `today` reads it."""
    from nasales.domain.rules import config_path, load_rules

    path = config_path()
    try:
        load_rules(path)
    except NasalesError as exc:
        return fail(str(exc))
    if not path.exists():
        return ok(f"settings: the defaults (no {path})")
    return ok(f"settings: {path} is valid")


def sqlite_version(version: tuple[int, int, int]) -> Check:
    shown = ".".join(map(str, version))
    if version < SAFE_SQLITE:
        safe = ".".join(map(str, SAFE_SQLITE))
        return warn(
            f"SQLite {shown} is older than {safe}, which fixes a WAL corruption bug; "
            "use a Python built with a newer SQLite when you can"
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
            f"directory {directory} is open to others (mode {mode:o}); "
            f"nasales creates its data directory 0700: chmod 700 '{directory}'"
        )
    else:
        yield ok(f"directory {directory} is owner-only ({mode:o})")
    files = [database] + [Path(f"{database}{s}") for s in ("-wal", "-shm")]
    files += all_backups(database)
    exposed = [f for f in files if f.exists() and _mode(f) & 0o077]
    for f in exposed:
        yield fail(f"{f} is readable by others (mode {_mode(f):o}): chmod 600 '{f}'")
    if not exposed:
        present = sum(f.exists() for f in files)
        yield ok(f"{present} files (database, WAL, backups) are owner-only (600)")


def pragmas(conn: Connection) -> Iterator[Check]:
    wrong = []
    found = []
    for name, expected, meaning in PRAGMAS:
        value = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
        found.append(f"{name}={value}")
        if value != expected:
            wrong.append(f"{name} is {value}, not {expected} ({meaning})")
    timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    found.append(f"busy_timeout={timeout}")
    if timeout is None or int(timeout) < BUSY_TIMEOUT_MS:
        wrong.append(f"busy_timeout is {timeout} ms, not {BUSY_TIMEOUT_MS}")
    for problem in wrong:
        yield fail(problem)
    if not wrong:
        yield ok("pragmas in force: " + ", ".join(found))


def integrity(conn: Connection) -> Iterator[Check]:
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    if rows == ["ok"]:
        yield ok("integrity_check: ok")
    else:
        yield fail(
            f"integrity_check: {len(rows)} problem(s), first: {rows[0]}; "
            "restore the latest backup (docs/reliability.md)"
        )
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        yield fail(f"foreign_key_check: {len(broken)} broken reference(s), first in {broken[0][0]}")
    else:
        yield ok("foreign_key_check: every reference resolves")


def migrations(engine) -> Iterator[Check]:  # type: ignore[no-untyped-def]
    unknown = unknown_migrations(engine)
    if unknown:
        yield fail(
            f"the database has migrations this nasales does not know ({', '.join(unknown)}): "
            "it was upgraded by a newer nasales; upgrade nasales"
        )
    pending = pending_migrations(engine)
    if pending:
        yield warn(
            f"{len(pending)} migration(s) pending ({', '.join(pending)}): the next command "
            "applies them after a verified backup"
        )
    elif not unknown:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE_LOCK: False})
            count = conn.execute(text("SELECT count(*) FROM schema_migration")).scalar()
        yield ok(f"schema up to date ({count} migrations applied)")


def healthy(checks: list[Check]) -> bool:
    return not any(c.status == "fail" for c in checks)
