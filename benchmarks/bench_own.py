"""A salesperson's own book: `today`, `show` and `log` against their floors (PRODUCT.md §6,
round 2), `--help`, and `today` in Dutch against English.

    python benchmarks/generate.py --accounts 300 --orders 600 --touchpoints 20000 \
        --out benchmarks/data/own.db
    python benchmarks/bench_own.py --db benchmarks/data/own.db --runs 21

The floors are plain Python scripts that import `typer` and `rich`, open the database with
`sqlite3` and do the least the command must do:

- today: fetch every row of the aggregate queries `nasales.store.facts` runs (the query text
  comes from that module, so it always matches);
- show: the same queries for the one account, plus its touchpoints (the page lists them);
- log: one INSERT of a call (looking the account up by name) and a commit.

`today` runs in the format a pipe or a cron mail gets (plain). A terminal gets a Rich table:
that run is compared with a floor that also imports what drawing a table takes
(`rich.console`, `rich.table`). `show` shows the account with the most touchpoints (the
longest page) and one with the median number. `log` writes: it and its floor write to a
copy of the book, so the book the other commands read does not change between runs.
"""

import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from timing import (
    ON,
    Command,
    aggregate_queries,
    arguments,
    best,
    counts,
    environment,
    floor_script,
    heavy_imports,
    machine,
    spec_file,
    table,
    verdict,
)

FLOOR_READ = floor_script("typer, rich")
FLOOR_TABLE = floor_script("typer, rich.console, rich.table")

FLOOR_LOG = """
import sqlite3, sys
import typer, rich
conn = sqlite3.connect(sys.argv[1])
conn.execute(
    "INSERT INTO touchpoint (account_id, kind, date, note, made_by) "
    "SELECT id, 'call', ?, '', owner FROM account WHERE name_key = ?",
    (sys.argv[3], sys.argv[2].casefold()),
)
conn.commit()
conn.close()
"""

TOUCHPOINTS = (
    "SELECT t.date, t.kind, o.ref, c.name, t.note, t.mood, t.made_by FROM touchpoint t "
    "LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN contact c ON c.id = t.contact_id "
    "WHERE t.account_id = :account_id AND t.date <= :today ORDER BY t.date, t.id"
)


def by_touchpoints(db: Path) -> list[tuple[int, str, int]]:
    """The accounts (id, name, touchpoints), most touchpoints first."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT a.id, a.name, count(*) FROM account a JOIN touchpoint t ON t.account_id = a.id "
        "GROUP BY a.id ORDER BY count(*) DESC, a.id"
    ).fetchall()
    conn.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/own.db"))
    args = parser.parse_args(argv)
    print(f"{args.db}: {counts(args.db)}", file=sys.stderr)

    env, env_nl = environment(), environment(NASALES_LANG="nl")
    accounts = by_touchpoints(args.db)
    pages = {"busiest": accounts[0], "median": accounts[len(accounts) // 2]}
    db, py, run = str(args.db), sys.executable, [*args.nasales, "--db", str(args.db)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log_db = folder / "log.db"
        shutil.copy(args.db, log_db)
        today_spec = spec_file(folder, "today", aggregate_queries(""))
        commands = {
            "floor (today)": Command([py, "-c", FLOOR_READ, db, today_spec], env),
            "nasales today": Command([*run, "today", "--on", ON], env),
            "NASALES_LANG=nl nasales today": Command([*run, "today", "--on", ON], env_nl),
            "floor (today, with rich.console and rich.table)": Command(
                [py, "-c", FLOOR_TABLE, db, today_spec], env
            ),
            "nasales today --format table": Command(
                [*run, "today", "--on", ON, "--format", "table"], env
            ),
        }
        for label, (account_id, name, touchpoints) in pages.items():
            spec = spec_file(
                folder,
                label,
                [*aggregate_queries(" AND a.id = :account_id"), TOUCHPOINTS],
                account_id=account_id,
            )
            what = f"{label} account, {touchpoints} touchpoints"
            commands[f"floor (show, {what})"] = Command([py, "-c", FLOOR_READ, db, spec], env)
            commands[f"nasales show ACCOUNT ({what})"] = Command(
                [*run, "show", name, "--on", ON], env
            )
        logged = pages["busiest"][1]
        commands["floor (log)"] = Command([py, "-c", FLOOR_LOG, str(log_db), logged, ON], env)
        commands["nasales log ACCOUNT call"] = Command(
            [*args.nasales, "--db", str(log_db), "log", logged, "call", "--on", ON], env
        )
        commands["nasales --help"] = Command([*args.nasales, "--help"], env)
        r = best(commands, args.runs)
        probes = {
            "--help": ["--help"],
            "today": ["--db", db, "today", "--on", ON],
            "show": ["--db", db, "show", logged, "--on", ON],
            "log": ["--db", str(log_db), "log", logged, "call", "--on", ON],
        }
        imported = {what: heavy_imports(probe, env) for what, probe in probes.items()}

    print(machine(args.runs) + "\n")
    print(table(list(r.items())) + "\n")
    print("| target | limit | measured | |")
    print("| --- | --- | --- | --- |")
    print(verdict("`today` / floor", r["nasales today"], r["floor (today)"], 1.5))
    for label, (_, _, touchpoints) in pages.items():
        what = f"{label} account, {touchpoints} touchpoints"
        shown, floor = r[f"nasales show ACCOUNT ({what})"], r[f"floor (show, {what})"]
        print(verdict(f"`show` / floor ({what})", shown, floor, 1.5))
    print(verdict("`log` / floor", r["nasales log ACCOUNT call"], r["floor (log)"], 2.0))
    dutch, english = r["NASALES_LANG=nl nasales today"], r["nasales today"]
    print(verdict("`today` in Dutch / in English", dutch, english, 1.05))
    drawn, floor = (
        r["nasales today --format table"],
        r["floor (today, with rich.console and rich.table)"],
    )
    print(verdict("`today --format table` / its floor", drawn, floor, 1.5))
    for what, found in imported.items():
        print(f"- `nasales {what}` imports {' '.join(found) or 'no SQLAlchemy/SQLModel'}")


if __name__ == "__main__":
    main()
