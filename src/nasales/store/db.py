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
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from nasales.errors import NasalesError
from nasales.i18n import N_, _
from nasales.store.files import (
    BACKUP_APPLICATION_ID,
    create_private,
    looks_like_ours,
    must_exist,
    reading_uri,
    remove_new,
)
from nasales.store.files import COMPANIONS as COMPANIONS
from nasales.store.files import NoDatabase as NoDatabase
from nasales.store.files import cannot_save as cannot_save
from nasales.store.files import companions as companions
from nasales.store.files import damaged as damaged
from nasales.store.files import default_path as default_path
from nasales.store.files import no_database as no_database
from nasales.store.files import read_only_file as read_only_file
from nasales.store.files import refuse_database_files as refuse_database_files
from nasales.store.files import same_file as same_file

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",  # a commit survives a power cut, WAL or not
    "PRAGMA secure_delete = ON",  # erased personal data is overwritten, not just unlinked
)
# SQLite keeps a DATE as ISO text; adapting it here replaces sqlite3's deprecated default.
sqlite3.register_adapter(date, date.isoformat)

# The store's row types, each a whole record of one table: {row dataclass: table}.
# tests/test_schema.py holds each one's fields to its table's columns in store/models.py.
ROWS: dict[type, str] = {}


def select(row: type, table: str) -> str:
    """`SELECT <the fields of the dataclass row, in its order> FROM table`: the row type's
    own fields are the SELECT list, so the two cannot drift apart."""
    ROWS[row] = table
    return f"SELECT {columns(row)} FROM {table}"


def columns(row: type, alias: str = "") -> str:
    """The fields of the dataclass `row` as a SELECT list, each prefixed with `alias.`."""
    from dataclasses import fields

    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + f.name for f in fields(row))


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


def locate(db: str | None) -> Location:
    """`--db`/`NASALES_DB`: a file path, `sqlite:///PATH`, or `postgresql[+psycopg]://…`.
    (A run's options, `cli.options.Run`, stand for their `db`.)"""
    if db is not None and not isinstance(db, str):
        db = getattr(db, "db", None)
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


class Database:
    """One open connection: plain SQL with `:name` (or `?`) parameters, either driver."""

    def __init__(self, conn: Any, location: Location) -> None:
        self.conn = conn
        self.location = location
        self.dialect = location.dialect
        self.path = location.path
        self.tables_when_opened: set[str] | None = None  # SQLite: read once, on opening
        self.immutable = False  # SQLite: read as it stands (see `files.reading_uri`)
        self.created = False  # SQLite: the file was created by this connect
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


def connect(location: Location, *, read_only: bool = False, create: bool = True) -> Database:
    """Open the database. A command that writes creates a SQLite file owner-only on first
    use; one that only reads (`create=False`) opens a database that exists, or says there is
    none; `read_only` never writes a byte (doctor). A file this user cannot write is read
    without leaving `-wal`/`-shm` files behind (`files.reading_uri`)."""
    if location.path is None:
        database = Database(_connect_postgres(location.conninfo or ""), location)
        if not create and not read_only:
            _exists(database)
        return database
    path, uri, created = location.path, "", False
    if not create or read_only:
        must_exist(path)
    if read_only:
        conn = _sqlite(uri := reading_uri(path), uri=True)
    elif create:
        created = create_private(path)
        if (found := read_only_file(path)) is not None:  # before SQLite leaves 0444 files
            if created:
                remove_new(path)
            raise NasalesError(cannot_save(found))
        conn = _sqlite(str(path))
    elif read_only_file(path) is None:
        conn = _sqlite(f"{path.as_uri()}?mode=rw", uri=True)  # never creates the file
    else:
        conn, read_only = _sqlite(uri := reading_uri(path), uri=True), True
    database = Database(conn, location)
    database.immutable = read_only and uri.endswith("immutable=1")
    database.created = created
    try:
        _refuse_foreign(database)
        if not create:
            _exists(database)
        for pragma in SQLITE_PRAGMAS:
            conn.execute(pragma)
        if not read_only:
            _use_wal(conn)  # a restored backup (one file, no log) too
            _no_longer_a_backup(conn)
    except BaseException:
        conn.close()
        if created:
            remove_new(path)
        raise
    return database


def journal_mode(database: Database) -> str:
    """The journal mode, also of a file read as it stands (which SQLite reports as
    `delete`): the file's header says WAL with its read and write versions 2."""
    if database.immutable and database.path is not None:
        with database.path.open("rb") as f:
            return "wal" if f.read(20)[18:20] == b"\x02\x02" else "delete"
    return str(database.scalar("PRAGMA journal_mode"))


def _exists(database: Database) -> None:
    """A database this nasales (or an older one) set up, or no database at all."""
    tables = database.tables_when_opened
    if tables is None:
        tables = database.tables()
        database.conn.commit()  # PostgreSQL: end the implicit transaction of that read
    if "schema_migration" not in tables:
        raise NoDatabase(no_database(database.location))


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


def _no_longer_a_backup(conn: sqlite3.Connection) -> None:
    """A backup restored as a book, about to be written to, is a backup no more: a later
    `backup FILE` naming it is refused like any other database's file."""
    if conn.execute("PRAGMA application_id").fetchone()[0] == BACKUP_APPLICATION_ID:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("PRAGMA user_version = 0")


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


def _refuse_foreign(database: Database) -> None:
    """Another application's database (tables, but not ours) is left exactly as it is."""
    try:
        tables = database.tables()
    except sqlite3.DatabaseError as exc:
        if database.path is not None and looks_like_ours(database.path):
            raise NasalesError(damaged(database.path, said(exc))) from None
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
def transaction(db: str | None, *, write: bool, create: bool | None = None) -> Iterator[Database]:
    """One command, one transaction: commit at the end, roll back on any error. A command
    that only reads never creates the database; one that writes does, unless `create` is
    False (it can only change what is there: `contact forget`)."""
    from nasales.store.migrations import ensure_current

    database = connect(locate(db), create=write if create is None else create)
    failed = True
    try:
        ensure_current(database)
        begin(database, write=write)
        try:
            yield database
            database.conn.commit()
        except BaseException:
            database.conn.rollback()
            raise
        failed = False
    except BaseException as exc:
        failed = getattr(exc, "exit_code", getattr(exc, "code", 1)) not in (0, None)
        raise
    finally:
        database.conn.close()
        if failed and database.created and database.path is not None:
            remove_new(database.path)  # a command that failed leaves no new database


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
