"""The database: where it lives, how it is opened, and one transaction per command."""

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from nasales.errors import NasalesError
from nasales.store.migrations import MIGRATIONS, Migration

BUSY_TIMEOUT_MS = 10_000
WRITE_LOCK = "nasales_write_lock"  # execution option: BEGIN IMMEDIATE whatever the engine
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",  # a commit survives a power cut, WAL or not
    "PRAGMA secure_delete = ON",  # erased personal data is overwritten, not just unlinked
)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("nasales") / "nasales.db"


def database_url(db: str | None) -> str:
    """`--db`/`NASALES_DB` as an SQLAlchemy URL: a URL as given, a path as SQLite."""
    db = db or os.environ.get("NASALES_DB") or str(default_path())
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().absolute()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _create_private(path: Path) -> None:
    """Create the database file owner-only (it holds personal data) in an owner-only dir."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def make_engine(url: str, *, write: bool) -> Engine:
    path = sqlite_path(url)
    if path is None:
        return create_engine(url)
    try:
        _create_private(path)
    except OSError as exc:
        raise NasalesError(f"cannot create the database at {path}: {exc.strerror}") from None
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        for pragma in SQLITE_PRAGMAS:
            dbapi_connection.execute(pragma)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the lock up front so a read-then-write never fails half-way;
        # they wait up to the busy timeout for another writer to finish.
        immediate = conn.get_execution_options().get(WRITE_LOCK, write)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def applied_migrations(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_LOCK: False})
        return _applied(conn)


def _applied(conn: Connection) -> set[str]:
    if not inspect(conn).has_table("schema_migration"):
        return set()
    return {row[0] for row in conn.execute(text("SELECT name FROM schema_migration"))}


def pending_migrations(engine: Engine) -> list[str]:
    done = applied_migrations(engine)
    return [m.__name__ for m in MIGRATIONS if m.__name__ not in done]


def unknown_migrations(engine: Engine) -> list[str]:
    """Migrations recorded in the database that this nasales does not know (it is older)."""
    known = {m.__name__ for m in MIGRATIONS}
    return sorted(applied_migrations(engine) - known)


def migrate(engine: Engine) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names.

    Each step holds the write lock from its first statement and checks again that it is
    still pending, so two commands starting at once on an old database migrate it once.
    Before the first step on a database that has data, a verified backup is taken while the
    lock is held. On SQLite, foreign keys are off during a step (so a table rebuild, done
    the sqlite.org way, cannot cascade a delete or a SET NULL onto its children) and
    `foreign_key_check` must come back empty before the step commits.

    A database that a newer nasales has migrated further is refused, not used half-known.
    """
    done = applied_migrations(engine)
    if newer := sorted(done - {m.__name__ for m in MIGRATIONS}):
        raise NasalesError(
            f"the database was upgraded by a newer nasales ({newer[-1]}); upgrade nasales"
        )
    if all(m.__name__ in done for m in MIGRATIONS):
        return []
    path = sqlite_path(str(engine.url))
    sqlite = engine.dialect.name == "sqlite"
    applied: list[str] = []
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_LOCK: True})
        if sqlite:
            _driver(conn).execute("PRAGMA foreign_keys = OFF")  # only works between transactions
        try:
            for fn in MIGRATIONS:
                with conn.begin():
                    if engine.dialect.name == "postgresql":  # SQLite: BEGIN IMMEDIATE did it
                        conn.execute(text("SELECT pg_advisory_xact_lock(7274737)"))
                    done = _applied(conn)
                    if fn.__name__ in done:
                        continue
                    if path is not None and done and not applied:
                        from nasales.store.backup import backup_before_migration

                        backup_before_migration(path, fn.__name__)
                    _apply(conn, fn, engine.dialect.name)
                applied.append(fn.__name__)
        finally:
            if sqlite:
                _driver(conn).execute("PRAGMA foreign_keys = ON")
    return applied


def _apply(conn: Connection, fn: Migration, dialect: str) -> None:
    conn.execute(
        text(
            "CREATE TABLE IF NOT EXISTS schema_migration "
            "(name VARCHAR PRIMARY KEY, applied_at VARCHAR NOT NULL)"
        )
    )
    fn(conn, dialect)
    if dialect == "sqlite":
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            table = broken[0][0]
            raise NasalesError(
                f"migration {fn.__name__} left {len(broken)} broken references "
                f"(first in table {table}); nothing was changed"
            )
    conn.execute(
        text("INSERT INTO schema_migration (name, applied_at) VALUES (:n, :t)"),
        {"n": fn.__name__, "t": datetime.now(UTC).isoformat(timespec="seconds")},
    )


def _driver(conn: Connection):  # type: ignore[no-untyped-def]
    """The sqlite3 connection under `conn`, for pragmas that must run outside a transaction."""
    return conn.connection.driver_connection


@contextmanager
def session_scope(db: str | None, *, write: bool) -> Iterator[Session]:
    """One command, one transaction: commit at the end, roll back on any error."""
    engine = make_engine(database_url(db), write=write)
    try:
        migrate(engine)
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()
