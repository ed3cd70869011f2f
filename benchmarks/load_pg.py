"""Copy a generated SQLite book into a PostgreSQL database, for bench_digest.py.

    python benchmarks/load_pg.py --db benchmarks/data/team.db \
        --pg postgresql://nasales:nasales@localhost:5432/nasales_bench

The database is created if it is missing (the user needs CREATEDB) and its public schema is
wiped: never point this at a database that matters. The schema comes from nasales's own
migrations; every row is then sent with COPY, table by table, and the identity sequences
are moved past the copied ids, so the book works for nasales as if it had been typed in.
"""

import argparse
import sqlite3
import sys
import time
from pathlib import Path

# parents before children (foreign keys)
TABLES = (
    "account",
    "contact",
    "orders",
    "touchpoint",
    "hurdle",
    "reminder",
    "snooze",
    "proposal",
    "team_member",
    "handoff",
    "opportunity",
)
BOOLEANS = {"contact": ("is_primary", "do_not_call")}


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    plain = url.replace("+psycopg", "", 1)
    name = plain.rsplit("/", 1)[1].split("?", 1)[0]
    with psycopg.connect(plain.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def create_schema(url: str) -> None:
    from nasales.store.db import connect, locate
    from nasales.store.migrations import ensure_current

    db = connect(locate(url))
    try:
        ensure_current(db)
    finally:
        db.conn.close()


def copy_rows(source: Path, url: str) -> None:
    import psycopg
    from psycopg import sql

    lite = sqlite3.connect(source)
    with psycopg.connect(url.replace("+psycopg", "", 1)) as conn:
        for table in TABLES:
            columns = [row[1] for row in lite.execute(f"PRAGMA table_info({table})")]
            flags = [columns.index(c) for c in BOOLEANS.get(table, ())]
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            start, count = time.perf_counter(), 0
            with conn.cursor().copy(statement) as copy:
                for row in lite.execute(f"SELECT * FROM {table}"):
                    if flags:
                        row = tuple(bool(v) if i in flags else v for i, v in enumerate(row))
                    copy.write_row(row)
                    count += 1
            if "id" in columns:
                conn.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({table}, 'id'), "
                        "COALESCE((SELECT MAX(id) FROM {ident}), 0) + 1, false)"
                    ).format(table=sql.Literal(table), ident=sql.Identifier(table))
                )
            took = time.perf_counter() - start
            print(f"{table}: {count:,} rows in {took:.1f} s", file=sys.stderr)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    lite.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/team.db"))
    parser.add_argument("--pg", default="postgresql://nasales:nasales@localhost:5432/nasales_bench")
    args = parser.parse_args(argv)
    ensure_database(args.pg)
    create_schema(args.pg)
    copy_rows(args.db, args.pg)


if __name__ == "__main__":
    main()
