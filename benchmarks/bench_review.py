"""The review in one pass (PRODUCT.md §6, round 3): `review --weeks 52` on the 1M-touchpoint
book within 2× `today` on the same book, `--weeks 4` within 1.5× (JSON, paired runs).

    python benchmarks/generate.py --touchpoints 1000000 --owners 25 \
        --out benchmarks/data/team.db
    python benchmarks/bench_review.py --db benchmarks/data/team.db --runs 7

Also timed, not targets: `--weeks 13`, one account manager's review, the HTML page of a year,
and the table; and on PostgreSQL with `--pg URL` (a copy of the same book, benchmarks/load_pg.py).
`--nasales "CMD"` times another nasales (e.g. a checkout of the round-2 review) for "before".
"""

import sys
from pathlib import Path

from timing import ON, Command, arguments, best, counts, environment, machine, table, verdict


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/team.db"))
    parser.add_argument("--pg", help="also time the review on this PostgreSQL copy of the book")
    args = parser.parse_args(argv)
    print(f"{args.db}: {counts(args.db)}", file=sys.stderr)

    env = environment()
    lite = [*args.nasales, "--db", str(args.db)]
    json = ["--on", ON, "--format", "json"]
    commands = {
        "nasales today --format json": Command([*lite, "today", *json], env),
        "nasales review --format json (4 weeks)": Command([*lite, "review", *json], env),
        "nasales review --weeks 13 --format json": Command(
            [*lite, "review", "--weeks", "13", *json], env
        ),
        "nasales review --weeks 52 --format json": Command(
            [*lite, "review", "--weeks", "52", *json], env
        ),
        "nasales review --weeks 52 --format html": Command(
            [*lite, "review", "--weeks", "52", "--on", ON, "--format", "html"], env
        ),
        "nasales review --format table (4 weeks)": Command(
            [*lite, "review", "--on", ON, "--format", "table"], env
        ),
        "nasales review --owner Eva --format json (4 weeks)": Command(
            [*lite, "review", "--owner", "Eva", *json], env
        ),
    }
    if args.pg:
        pg = [*args.nasales, "--db", args.pg]
        commands["PostgreSQL: nasales today --format json"] = Command([*pg, "today", *json], env)
        commands["PostgreSQL: nasales review --weeks 52 --format json"] = Command(
            [*pg, "review", "--weeks", "52", *json], env
        )
    r = best(commands, args.runs)
    print(machine(args.runs) + "\n")
    print(table(list(r.items())) + "\n")
    print("| target | limit | measured | |")
    print("| --- | --- | --- | --- |")
    today = r["nasales today --format json"]
    print(verdict("`review --weeks 52` / `today`", r[list(r)[3]], today, 2.0))
    print(verdict("`review --weeks 4` / `today`", r[list(r)[1]], today, 1.5))


if __name__ == "__main__":
    main()
