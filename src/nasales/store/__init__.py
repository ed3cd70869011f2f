"""The database: where it lives, how it is opened, and one transaction per command."""

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from nasales.errors import NasalesError
from nasales.store.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 10_000
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
        path.parent.mkdir(parents=True, mode=0o700)
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
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def applied_migrations(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if not inspect(conn).has_table("schema_migration"):
            return set()
        return {row[0] for row in conn.execute(text("SELECT name FROM schema_migration"))}


def pending_migrations(engine: Engine) -> list[str]:
    done = applied_migrations(engine)
    return [m.__name__ for m in MIGRATIONS if m.__name__ not in done]


def migrate(engine: Engine) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names."""
    pending = pending_migrations(engine)
    if not pending:
        return []
    path = sqlite_path(str(engine.url))
    if path is not None and applied_migrations(engine):
        from nasales.store.backup import backup_before_migration

        backup_before_migration(engine, path, pending[0])
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ not in pending:
            continue
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS schema_migration "
                    "(name VARCHAR PRIMARY KEY, applied_at VARCHAR NOT NULL)"
                )
            )
            fn(conn, engine.dialect.name)
            conn.execute(
                text("INSERT INTO schema_migration (name, applied_at) VALUES (:n, :t)"),
                {"n": fn.__name__, "t": datetime.now(UTC).isoformat(timespec="seconds")},
            )
        applied.append(fn.__name__)
    return applied


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
