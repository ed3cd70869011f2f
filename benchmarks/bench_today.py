"""Time `nasales today` against the floor of PRODUCT.md §6, and `nasales --help`.

    python benchmarks/generate.py --touchpoints 1000000 --out benchmarks/data/1m.db
    python benchmarks/generate.py --touchpoints 10000000 --out benchmarks/data/10m.db
    python benchmarks/bench_today.py --db benchmarks/data/1m.db --db10 benchmarks/data/10m.db

Every figure is the best of --runs runs of a fresh subprocess (after one warm-up run, so the
database is in the OS page cache), wall time and the peak RSS of that process (os.wait4).
The commands take turns run by run, so that load from elsewhere on the machine weighs on
the floor and on nasales alike.

The floor is a plain Python script that imports SQLModel, opens the database with `sqlite3`
and runs the same aggregate queries as `nasales.store.facts` (taken from that module, with no
owner filter) with fetchall: what any program answering the question must at least pay.
"""

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
NASALES = str(BIN / "nasales")
ON = "2026-06-15"

FLOOR = """
import sys, json, sqlite3
import sqlmodel
db, today, queries = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
conn = sqlite3.connect(db)
rows = 0
for sql in queries:
    rows += len(conn.execute(sql, {"today": today, "until": today}).fetchall())
conn.close()
print(rows)
"""

HELP_IMPORTS = """
import sys
sys.argv = ["nasales", "--help"]
from nasales.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel"))
print(len(heavy), file=sys.stderr)
"""


def floor_queries() -> list[str]:
    from nasales.store import facts

    snooze = "SELECT key, until FROM snooze WHERE until > :today"
    queries = [facts.ACCOUNTS, facts.ORDERS, facts.HURDLES, facts.REMINDERS, snooze]
    return [q.replace("{scope}", "") for q in [*queries, facts.CONTACTS]]


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(
    cmds: dict[str, list[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, tuple[float, float, float]]:
    """Best wall time, best CPU time and highest peak RSS of each command; the commands take
    turns, so a busy moment on the machine costs them all alike."""
    for cmd in cmds.values():
        run(cmd, env)  # warm-up: page cache, .pyc files
    results: dict[str, list[tuple[float, float, float]]] = {key: [] for key in cmds}
    for _ in range(runs):
        for key, cmd in cmds.items():
            results[key].append(run(cmd, env))
    return {
        key: (min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs))
        for key, rs in results.items()
    }


def help_imports_heavy() -> tuple[bool, float]:
    """Whether `nasales --help` imports SQLAlchemy/SQLModel (-X importtime), and the
    cumulative import time of nasales.cli in ms."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", HELP_IMPORTS],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    heavy, cli_us = False, 0
    for line in out.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line[12:].split("|"))
        if name.split(".")[0] in ("sqlalchemy", "sqlmodel"):
            heavy = True
        if name == "nasales.cli":
            cli_us = int(cumulative)
    return heavy, cli_us / 1000


def counts(db: Path) -> str:
    conn = sqlite3.connect(db)
    n = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("account", "orders")]
    tps = conn.execute("SELECT max(id) FROM touchpoint").fetchone()[0]
    conn.close()
    return f"{n[0]:,} accounts, {n[1]:,} orders, {tps:,} touchpoints"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/1m.db"))
    parser.add_argument("--db10", type=Path, help="the same book with 10x the touchpoints")
    parser.add_argument("--on", default=ON)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    env = {**os.environ, "NASALES_CONFIG": os.devnull + ".absent"}  # default rules
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(floor_queries(), f)
    rows: list[tuple[str, ...]] = []
    cmds: dict[str, list[str]] = {}
    for label, db in (("1x", args.db), ("10x", args.db10)):
        if db is None:
            continue
        print(f"{label}: {counts(db)}", file=sys.stderr)
        cmds[f"floor {label}"] = [sys.executable, "-c", FLOOR, str(db), args.on, f.name]
        cmds[f"today {label}"] = [NASALES, "--db", str(db), "today", "--on", args.on]
        cmds[f"today {label}"] += ["--format", "json"]
    cmds["--help"] = [NASALES, "--help"]
    try:
        results = best(cmds, args.runs, env)
    finally:
        os.unlink(f.name)

    for key, (wall, cpu, rss) in results.items():
        what = {
            "floor": "floor: import sqlmodel + sqlite3 queries",
            "today": "nasales today --format json",
            "--help": "nasales --help",
        }[key.split()[0]]
        size = key.split()[1] if " " in key else ""
        rows.append((what, size, f"{wall:.3f}", f"{cpu:.3f}", f"{rss:.0f}"))

    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, ", end="")
    print(f"{os.cpu_count()} cores, best of {args.runs}\n")
    print("| command | touchpoints | wall (s) | CPU (s) | peak RSS (MB) |")
    print("| --- | --- | ---: | ---: | ---: |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()

    def ratio(a: str, b: str) -> str:
        wall, cpu = (results[a][i] / results[b][i] for i in (0, 1))
        return f"{wall:.2f} wall, {cpu:.2f} CPU"

    print(f"- today / floor (1x): {ratio('today 1x', 'floor 1x')} (target < 1.5)")
    print(f"- today peak RSS (1x): {results['today 1x'][2]:.0f} MB (target < 150)")
    if "today 10x" in results:
        print(f"- today 10x / today 1x: {ratio('today 10x', 'today 1x')} (target < 2)")
        print(f"- today / floor (10x): {ratio('today 10x', 'floor 10x')}")
    heavy, cli_ms = help_imports_heavy()
    print(f"- --help imports SQLAlchemy/SQLModel: {'YES' if heavy else 'no'}", end="")
    print(f" (nasales.cli imports in {cli_ms:.0f} ms, -X importtime)")


if __name__ == "__main__":
    main()
