"""The SQL of import and export (transfer/): every record of a kind read or written at once.

An import writes inside the command's one transaction through the driver's own cursor, in
batches (`executemany`), so a million touchpoints stay fast; tables and columns come from
the declarations in `transfer/kinds.py`, never from a file. An export streams one SELECT per
kind, built here from the same declarations, in an order that does not depend on the
database: text sorts by code point on SQLite and PostgreSQL alike.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from nasales.store.db import Database

BATCH = 10_000
STAGING = "nasales_import_staging"
REBUILD_FROM = 50_000  # rows into SQLite at once: faster to drop the indexes and rebuild them
# What names a record in a file: (its table, the column holding the name, the sort column).
Named = tuple[str, str, str]


class Bulk:
    """One import's reads and writes on the command's connection."""

    def __init__(self, db: Database) -> None:
        self.sqlite = db.dialect == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.cursor = db.conn.cursor()
        if self.sqlite:
            # room for the touchpoint indexes while a million rows go in (this connection only)
            self.cursor.execute("PRAGMA cache_size = -262144")

    def all(self, sql: str, params: tuple = ()) -> list[tuple]:
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    # -- what the file's rows name ------------------------------------------------------------

    def accounts(self) -> list[tuple]:
        return self.all("SELECT id, name_key, owner FROM account")

    def orders(self) -> list[tuple]:
        return self.all("SELECT id, ref, account_id FROM orders")

    def contacts(self) -> list[tuple]:
        return self.all("SELECT id, account_id, name FROM contact")

    def order_states(self) -> list[tuple]:
        """(id, ref, status, signed_on, delivered_on, account_id) of every order."""
        return self.all("SELECT id, ref, status, signed_on, delivered_on, account_id FROM orders")

    def held(self) -> dict[int, dict[str, Any]]:
        """What hangs on each order that has something: its problems and proposals (how
        many, the first one's date) and the earliest need it met (domain/checks `held`)."""
        found: dict[int, dict[str, Any]] = {}
        for sql, names in (
            (
                "SELECT order_id, COUNT(*), MIN(raised_on) FROM hurdle GROUP BY order_id",
                ("hurdles", "first_raised"),
            ),
            (
                "SELECT order_id, COUNT(*), MIN(sent_on) FROM proposal GROUP BY order_id",
                ("proposals", "first_sent"),
            ),
            (
                "SELECT won_order_id, MIN(noted_on) FROM opportunity "
                "WHERE won_order_id IS NOT NULL GROUP BY won_order_id",
                ("first_noted",),
            ),
        ):
            for order_id, *values in self.all(sql):
                found.setdefault(order_id, {}).update(zip(names, values, strict=True))
        return found

    def records(self, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
        """Every record of `table`: its id and `columns`."""
        names = ("id", *columns)
        rows = self.all(f"SELECT {', '.join(names)} FROM {table}")
        return [dict(zip(names, row, strict=True)) for row in rows]

    # -- writing ----------------------------------------------------------------------------

    def insert_sql(self, table: str, columns: Sequence[str], once: bool = False) -> str:
        """`once`: a row a unique index already holds is left out (a captured touchpoint is
        one record by its account and source key, however often a file names it)."""
        marks = ", ".join([self.mark] * len(columns))
        skip = " ON CONFLICT DO NOTHING" if once else ""
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}){skip}"

    def add_account(self, name: str, key: str, owner: str | None) -> int:
        sql = self.insert_sql("account", ("name", "name_key", "owner", "notes"))
        self.cursor.execute(sql + " RETURNING id", (name, key, owner, ""))
        (new_id,) = self.cursor.fetchone()
        return int(new_id)

    def set_owner(self, account_id: int, owner: str) -> None:
        self.cursor.execute(
            f"UPDATE account SET owner = {self.mark} WHERE id = {self.mark}", (owner, account_id)
        )

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        sql = self.insert_sql(table, columns)
        for start in range(0, len(rows), BATCH):
            self.cursor.executemany(sql, rows[start : start + BATCH])

    def update(self, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
        """Rows of (*values of `columns`, id)."""
        if rows:
            sets = ", ".join(f"{c} = {self.mark}" for c in columns)
            sql = f"UPDATE {table} SET {sets} WHERE id = {self.mark}"
            self.cursor.executemany(sql, rows)

    def only_primary(self, contacts: Iterable[tuple[int, int]]) -> None:
        """(contact id, account id): that contact becomes the account's one primary."""
        self.cursor.executemany(
            f"UPDATE contact SET is_primary = (id = {self.mark}) WHERE account_id = {self.mark}",
            list(contacts),
        )

    # -- many rows: straight in, or through a staging table ---------------------------------

    def is_empty(self, table: str) -> bool:
        return not self.all(f"SELECT 1 FROM {table} LIMIT 1")

    def count(self, table: str) -> int:
        ((n,),) = self.all(f"SELECT COUNT(*) FROM {table}")
        return int(n)

    def staging(self, table: str, columns: Sequence[str]) -> str:
        """A temporary table shaped like `table`'s `columns`, for rows to merge in."""
        self.cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} AS "
            f"SELECT {', '.join(columns)} FROM {table} WHERE 1 = 0"
        )
        return STAGING

    def drop(self, table: str) -> None:
        self.cursor.execute(f"DROP TABLE {table}")

    def merge(
        self, staging: str, table: str, columns: Sequence[str], never_null: Sequence[str]
    ) -> tuple[int, int]:
        """Add the staged rows that no row of `table` matches in every column, nor in a
        unique index (a captured touchpoint already there, by account and source key);
        return how many were there already and how many were added. On SQLite a large
        merge drops the other indexes first and rebuilds them after (in the same
        transaction)."""
        staged = left = self.count(staging)
        existing = self.count(table)
        if existing:
            same = "IS" if self.sqlite else "IS NOT DISTINCT FROM"
            match = " AND ".join(
                f"t.{c} = n.{c}" if c in never_null else f"t.{c} {same} n.{c}" for c in columns
            )
            self.cursor.execute(
                f"DELETE FROM {staging} AS n WHERE EXISTS (SELECT 1 FROM {table} t WHERE {match})"
            )
            left -= self.cursor.rowcount
        rebuild = self.sqlite and left >= REBUILD_FROM and left >= existing
        indexes = self.drop_indexes(table) if rebuild else []
        names = ", ".join(columns)
        self.cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} WHERE true "
            "ON CONFLICT DO NOTHING"  # `WHERE true`: SQLite reads ON as a join's otherwise
        )
        new = self.cursor.rowcount
        self.rebuild(indexes)
        return staged - new, new

    def drop_indexes(self, table: str) -> list[str]:
        """Drop a table's indexes (SQLite) and return the SQL that rebuilds them. A unique
        index stays: it decides which rows go in (`insert_sql(once=True)`)."""
        if not self.sqlite:
            return []
        indexes = self.all(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'",
            (table,),
        )
        for name, _sql in indexes:
            self.cursor.execute(f'DROP INDEX "{name}"')
        return [sql for _name, sql in indexes]

    def rebuild(self, indexes: Sequence[str]) -> None:
        for sql in indexes:
            self.cursor.execute(sql)


# -- export -----------------------------------------------------------------------------------


def export_query(
    dialect: str,
    table: str,
    columns: Sequence[tuple[str, Named | None]],
    sort: Sequence[tuple[str, bool]],
) -> str:
    """Every record of `table` as its file has it: each of `columns` as stored, or, for a
    column holding another record's id, that record's name (`Named`); sorted by `sort`
    (column, whether it holds text), then by id. An id column sorts by the name."""
    joins: list[str] = []
    selects: list[str] = []
    sort_by: dict[str, str] = {}  # an id column -> the name its record sorts by
    for column, named in columns:
        if named is None:
            selects.append(f"t.{column}")
            continue
        other, name, key = named
        alias = f"r{len(joins)}"
        joins.append(f"LEFT JOIN {other} {alias} ON {alias}.id = t.{column}")
        selects.append(f"{alias}.{name}")
        sort_by[column] = f"{alias}.{key}"
    by_code_point = ' COLLATE "C"' if dialect == "postgresql" else ""  # SQLite's BINARY
    order = []
    for column, text in sort:
        if column in sort_by:
            order.append(f"{sort_by[column]}{by_code_point}")
        else:
            order.append(f"t.{column}{by_code_point if text else ''}")
    return (
        f"SELECT {', '.join(selects)} FROM {table} t {' '.join(joins)} "
        f"ORDER BY {', '.join((*order, 't.id'))}"
    )
