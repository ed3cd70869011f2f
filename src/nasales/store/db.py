"""The database: where it lives, how it is opened, and one transaction per command.

Commands speak plain SQL to the DBAPI driver itself: `sqlite3` for a file, `psycopg` for a
PostgreSQL URL. (Importing SQLAlchemy alone cost a salesperson's `today` four times the
work it then did; SQLModel's classes in `store/models.py` declare the schema, and a test
holds the migrations to them.) SQL is written once, with `:name` parameters, for both.
"""

import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from nasales.errors import NasalesError
from nasales.i18n import N_, _

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",  # a commit survives a power cut, WAL or not
    "PRAGMA secure_delete = ON",  # erased personal data is overwritten, not just unlinked
)
COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps next to a database


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps next to the database at `path`, whether they exist or not."""
    return [Path(f"{path}{suffix}") for suffix in COMPANIONS]


# SQLite keeps a DATE as ISO text; adapting it here replaces sqlite3's deprecated default.
sqlite3.register_adapter(date, date.isoformat)


@dataclass(frozen=True)
class Location:
    """Where the database is: a SQLite file, or a PostgreSQL server (libpq conninfo)."""

    path: Path | None = None
    conninfo: str | None = None

    @property
    def dialect(self) -> str:
        return "sqlite" if self.path is not None else "postgresql"

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else redact(self.conninfo or "")


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("nasales") / "nasales.db"


def locate(db: str | None) -> Location:
    """`--db`/`NASALES_DB`: a file path, `sqlite:///PATH`, or `postgresql[+psycopg]://…`."""
    db = db or os.environ.get("NASALES_DB") or str(default_path())
    if "://" not in db:
        return Location(path=Path(db).expanduser().absolute())
    scheme, _sep, rest = db.partition("://")
    backend = scheme.split("+", 1)[0].lower()
    if backend == "sqlite":
        path = unquote(rest.split("?", 1)[0])
        if path in ("", "/", "/:memory:"):
            raise NasalesError(_("give the SQLite database a file: sqlite:///path/to/nasales.db"))
        return Location(path=Path(path[1:] if path.startswith("/") else path).absolute())
    if backend in ("postgresql", "postgres"):
        conninfo = f"postgresql://{rest}"
        _check_port(conninfo)
        return Location(conninfo=conninfo)
    raise NasalesError(
        _(
            "unsupported database URL {scheme!r}: use a file path or postgresql://USER@HOST/DB"
        ).format(scheme=backend)
    )


def _check_port(conninfo: str) -> None:
    try:
        _port = urlsplit(conninfo).port  # reading the port checks it
    except ValueError:
        raise NasalesError(_("bad database URL: the port must be a number")) from None


def redact(text: str) -> str:
    """`text` with any password of a database URL in it replaced by `***`."""
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, through `..`, symlinks and hard links alike."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_database_files(target: Path, database: Path | None) -> None:
    """Refuse to write `target` when it is the database or one of its companion files."""
    if database is None:
        return
    for name in (database, *companions(database)):
        if same_file(target, name):
            raise NasalesError(
                _("refusing to overwrite the database file {path}").format(path=name)
            )


class Database:
    """One open connection: plain SQL with `:name` (or `?`) parameters, either driver."""

    def __init__(self, conn: Any, location: Location) -> None:
        self.conn = conn
        self.location = location
        self.dialect = location.dialect
        self.path = location.path
        self.tables_when_opened: set[str] | None = None  # SQLite: read once, on opening
        self._sql: dict[str, str] = {}

    def sql(self, sql: str) -> str:
        """`sql` in the driver's parameter style (psycopg: `%(name)s` and `%s`)."""
        if self.dialect == "sqlite":
            return sql
        converted = self._sql.get(sql)
        if converted is None:
            converted = sql.replace("%", "%%")
            converted = re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", converted)
            converted = self._sql[sql] = converted.replace("?", "%s")
        return converted

    def execute(self, sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> Any:
        cursor = self.conn.cursor()
        cursor.execute(self.sql(sql), params)
        return cursor

    def executemany(self, sql: str, rows: Sequence[Any]) -> Any:
        cursor = self.conn.cursor()
        cursor.executemany(self.sql(sql), rows)
        return cursor

    def stream(self, sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> Any:
        """The rows of a large result, fetched as they are read (a server-side cursor on
        PostgreSQL, where a plain cursor would hold every row in memory)."""
        if self.dialect == "sqlite":
            return self.execute(sql, params)
        cursor = self.conn.cursor(name="nasales_stream")
        cursor.execute(self.sql(sql), params)
        return cursor

    def all(self, sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> list[Any]:
        return self.execute(sql, params).fetchall()  # type: ignore[no-any-return]

    def first(self, sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def scalar(self, sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> Any:
        row = self.first(sql, params)
        return None if row is None else row[0]

    def insert(self, sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> int:
        """Run an INSERT and return the new row's id."""
        return int(self.scalar(sql + " RETURNING id", params))

    def in_list(self, name: str, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
        """`IN (…)` for a list of values: the SQL and its parameters."""
        params = {f"{name}_{n}": v for n, v in enumerate(values)}
        marks = ", ".join(f":{p}" for p in params) or "NULL"
        return f"IN ({marks})", params

    def tables(self) -> set[str]:
        if self.dialect == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            query = (
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        return {name for (name,) in self.all(query)}


def connect(location: Location, *, read_only: bool = False) -> Database:
    """Open the database; a SQLite file is created owner-only on first use."""
    if location.path is None:
        return Database(_connect_postgres(location.conninfo or ""), location)
    path = location.path
    if read_only:
        conn = _sqlite(f"{path.as_uri()}?mode=ro", uri=True)
    else:
        _create_private(path)
        conn = _sqlite(str(path))
    database = Database(conn, location)
    try:
        _refuse_foreign(database)
        for pragma in SQLITE_PRAGMAS:
            conn.execute(pragma)
        if not read_only:
            _use_wal(conn)
    except BaseException:
        conn.close()
        raise
    return database


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL, so readers and a writer work side by side. Switching a new file to it needs a
    moment alone with the file, which SQLite does not wait for: wait here, as for a lock."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite(target: str, uri: bool = False) -> sqlite3.Connection:
    try:
        # isolation_level None: we issue BEGIN ourselves, one transaction per command
        return sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=uri
        )
    except sqlite3.Error as exc:
        raise NasalesError(
            _("cannot open the database: {reason}").format(reason=said(exc))
        ) from None


def _connect_postgres(conninfo: str) -> Any:
    try:
        import psycopg
    except ImportError:
        raise NasalesError(_("PostgreSQL needs psycopg: pip install 'nasales[postgres]'")) from None
    try:
        return psycopg.connect(conninfo, connect_timeout=10)
    except psycopg.Error as exc:
        raise NasalesError(
            _("cannot connect to the database: {reason}").format(reason=redact(describe(exc)))
        ) from None


def _create_private(path: Path) -> None:
    """Create the database file owner-only (it holds personal data) in an owner-only dir."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            with suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise NasalesError(
            _("cannot create the database at {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from None
    if path.is_dir():
        raise NasalesError(_("{path} is a directory, not a database file").format(path=path))


def _refuse_foreign(database: Database) -> None:
    """Another application's database (tables, but not ours) is left exactly as it is."""
    try:
        tables = database.tables()
    except sqlite3.DatabaseError as exc:
        raise NasalesError(
            _("{path} is not a nasales database ({reason}); nothing was changed").format(
                path=database.location, reason=said(exc)
            )
        ) from None
    database.tables_when_opened = tables
    if tables and "schema_migration" not in tables:
        shown = ", ".join(sorted(tables)[:3]) + (", …" if len(tables) > 3 else "")
        raise NasalesError(
            _(
                "{path} is not a nasales database (it has the tables {tables}); nothing was changed"
            ).format(path=database.location, tables=shown)
        )


def begin(database: Database, *, write: bool) -> None:
    if database.dialect == "sqlite":
        # Writers take the lock up front so a read-then-write never fails half-way; they
        # wait up to the busy timeout for another writer to finish.
        database.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def transaction(db: str | None, *, write: bool) -> Iterator[Database]:
    """One command, one transaction: commit at the end, roll back on any error."""
    from nasales.store.migrations import ensure_current

    database = connect(locate(db))
    try:
        ensure_current(database)
        begin(database, write=write)
        try:
            yield database
            database.conn.commit()
        except BaseException:
            database.conn.rollback()
            raise
    finally:
        database.conn.close()


def describe(exc: BaseException) -> str:
    """What went wrong, in one line: the driver's own message, which never shows the SQL
    parameters (personal data), nor a password."""
    text = str(exc)
    return redact(text.splitlines()[0]) if text.strip() else type(exc).__name__


# SQLite's own English for what a person can run into, in the user's language (`said`).
SQLITE_SAYS = {
    "file is not a database": N_("the file is not a database"),
    "database disk image is malformed": N_("the database file is damaged"),
    "unable to open database file": N_("the database file cannot be opened"),
    "database is locked": N_("another program is writing to the database"),
    "attempt to write a readonly database": N_("the database is read-only"),
    "database or disk is full": N_("the disk is full"),
    "disk I/O error": N_("the disk could not be read or written"),
}


def said(exc: BaseException) -> str:
    """`describe(exc)` in the user's words, where it is one of SQLite's messages we know."""
    text = describe(exc)
    return _(SQLITE_SAYS[text]) if text in SQLITE_SAYS else text


def read_only_file(path: Path | None) -> Path | None:
    """The first of the database's directory and files that this user cannot write."""
    if path is None:
        return None
    for name in (path.parent, path, *companions(path)):
        if name.exists() and not os.access(name, os.W_OK):
            return name
    return None
