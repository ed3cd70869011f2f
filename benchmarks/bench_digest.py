"""A team on PostgreSQL (PRODUCT.md §6, round 2): `digest` for 25 people over 10 000 accounts
and 1 000 000 touchpoints on a local PostgreSQL, against SQLite's `today` on the same book.

    python benchmarks/generate.py --touchpoints 1000000 --owners 25 \
        --out benchmarks/data/team.db
    python benchmarks/load_pg.py --db benchmarks/data/team.db \
        --pg postgresql://nasales:nasales@localhost:5432/nasales_bench
    python benchmarks/bench_digest.py --db benchmarks/data/team.db \
        --pg postgresql://nasales:nasales@localhost:5432/nasales_bench --runs 7

Wall time is the figure here: on PostgreSQL much of the work is the server's, which the
CPU time of the nasales process does not count.
"""

import sys
from pathlib import Path

from timing import ON, Command, arguments, best, counts, environment, machine, table, verdict


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/team.db"))
    parser.add_argument("--pg", default="postgresql://nasales:nasales@localhost:5432/nasales_bench")
    args = parser.parse_args(argv)
    print(f"{args.db}: {counts(args.db)}", file=sys.stderr)

    env = environment()
    lite, pg = [*args.nasales, "--db", str(args.db)], [*args.nasales, "--db", args.pg]
    commands = {
        "SQLite: nasales today": Command([*lite, "today", "--on", ON], env),
        "SQLite: nasales digest": Command([*lite, "digest", "--on", ON], env),
        "PostgreSQL: nasales digest": Command([*pg, "digest", "--on", ON], env),
        "PostgreSQL: nasales today": Command([*pg, "today", "--on", ON], env),
    }
    r = best(commands, args.runs)
    print(machine(args.runs) + "\n")
    print(table(list(r.items())) + "\n")
    print("| target | limit | measured | |")
    print("| --- | --- | --- | --- |")
    digest, today = r["PostgreSQL: nasales digest"], r["SQLite: nasales today"]
    print(verdict("`digest` on PostgreSQL / `today` on SQLite", digest, today, 2.0))


if __name__ == "__main__":
    main()
