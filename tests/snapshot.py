"""One way to photograph a SQLite database, to compare it before and after something.

`snapshot(db)` is every table's rows (and the schema, under "sqlite_master"), each table's
rows in a fixed order; `tables=` narrows it to some tables, `leave_out=` drops columns (for
a comparison across a migration that adds some). Read with plain sqlite3, as an outsider.
"""

import sqlite3
from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[str, list[tuple]]


def snapshot(
    db: Path | str, tables: Iterable[str] | None = None, leave_out: Iterable[str] = ()
) -> Snapshot:
    conn = sqlite3.connect(db)
    try:
        master = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        if tables is None:
            names = [name for kind, name, _, _ in master if kind == "table"]
            found: Snapshot = {"sqlite_master": master}
        else:
            names, found = list(tables), {}
        dropped = set(leave_out)
        for table in names:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            kept = [f'"{c}"' for c in columns if c not in dropped]
            order = ", ".join(str(n) for n in range(1, len(kept) + 1))  # every column, in turn
            found[table] = conn.execute(
                f'SELECT {", ".join(kept)} FROM "{table}" ORDER BY {order}'
            ).fetchall()
        return found
    finally:
        conn.close()
