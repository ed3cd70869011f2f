"""The large book (PRODUCT.md §6): `today` against the round-1 floor, its peak memory, ten
times the touchpoints, `agenda --days 30` against `today`, and `--help`.

    python benchmarks/generate.py --touchpoints 1000000 --out benchmarks/data/1m.db
    python benchmarks/generate.py --touchpoints 10000000 --out benchmarks/data/10m.db
    python benchmarks/bench_today.py --db benchmarks/data/1m.db \
        --db10 benchmarks/data/10m.db --runs 7

The floor is a plain Python script that imports SQLModel, opens the database with `sqlite3`
and fetches every row of the aggregate queries `nasales.store.facts` runs (the text comes
from that module, so it always matches): what any program answering the question must at
least pay. `today` and `agenda` run in the format a pipe or a cron mail gets (plain), and in
JSON, as in round 1.
"""

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

FLOOR = floor_script("sqlmodel")
FLOOR_NAME = "floor: import sqlmodel + sqlite3 queries"


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/1m.db"))
    parser.add_argument("--db10", type=Path, help="the same book with 10x the touchpoints")
    args = parser.parse_args(argv)

    env = environment()
    commands: dict[str, Command] = {}
    with tempfile.TemporaryDirectory() as tmp:
        spec = spec_file(Path(tmp), "floor", aggregate_queries())
        for size, db in (("1M", args.db), ("10M", args.db10)):
            if db is None:
                continue
            print(f"{size}: {db}: {counts(db)}", file=sys.stderr)
            run = [*args.nasales, "--db", str(db)]
            floor_run = [sys.executable, "-c", FLOOR, str(db), spec]
            commands[f"{FLOOR_NAME} ({size})"] = Command(floor_run, env)
            commands[f"nasales today ({size})"] = Command([*run, "today", "--on", ON], env)
            commands[f"nasales today --format json ({size})"] = Command(
                [*run, "today", "--on", ON, "--format", "json"], env
            )
            if size == "1M":
                agenda = [*run, "agenda", "--days", "30", "--on", ON]
                commands["nasales agenda --days 30 (1M)"] = Command(agenda, env)
                commands["nasales agenda --days 30 --format json (1M)"] = Command(
                    [*agenda, "--format", "json"], env
                )
        commands["nasales --help"] = Command([*args.nasales, "--help"], env)
        r = best(commands, args.runs)

    print(machine(args.runs) + "\n")
    print(table(list(r.items())) + "\n")
    floor = r[f"{FLOOR_NAME} (1M)"]
    today, today_json = r["nasales today (1M)"], r["nasales today --format json (1M)"]
    print("| target | limit | measured | |")
    print("| --- | --- | --- | --- |")
    print(verdict("`today` / floor (1M)", today, floor, 1.5))
    print(verdict("`today --format json` / floor (1M)", today_json, floor, 1.5))
    rss = max(today.rss, today_json.rss)
    print(f"| peak memory, `today` (1M) | < 150 MB | {rss:.0f} MB | ", end="")
    print("met |" if rss < 150 else "NOT met |")
    if args.db10 is not None:
        for name in ("nasales today", "nasales today --format json"):
            what = f"`{name.removeprefix('nasales ')}`, 10M / 1M"
            print(verdict(what, r[f"{name} (10M)"], r[f"{name} (1M)"], 2.0))
    agenda = r["nasales agenda --days 30 (1M)"]
    print(verdict("`agenda --days 30` / `today` (1M)", agenda, today, 2.0))
    agenda_json = r["nasales agenda --days 30 --format json (1M)"]
    print(verdict("the same, `--format json` (1M)", agenda_json, today_json, 2.0))
    found = heavy_imports(["--help"], env)
    print(f"- `nasales --help` imports {' '.join(found) or 'no SQLAlchemy/SQLModel'}")


if __name__ == "__main__":
    main()
