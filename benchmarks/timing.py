"""Paired timing of commands as fresh subprocesses, shared by the bench_*.py scripts.

Every command runs once to warm up (the database in the OS page cache, the .pyc files
written), then the commands take turns for `runs` rounds, so that load from elsewhere on the
machine weighs on all of them alike. Each keeps its best wall time, its best CPU time (user +
system, from `os.wait4`) and its highest peak RSS.
"""

import argparse
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
ON = "2026-06-15"  # the evaluation date of generate.py's books (a Monday)


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every benchmark takes: how many rounds, and which nasales to run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=7, help="rounds after the warm-up")
    parser.add_argument(
        "--nasales",
        type=shlex.split,
        default=[str(BIN / "nasales")],
        help="the command that runs nasales (default: this venv's), e.g. another checkout's",
    )
    return parser


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system
    rss: float  # MB, peak resident set


CONFIG_HOME = Path(__file__).parent / "data" / "config-home"  # empty: the default rules
CACHE_HOME = Path(__file__).parent / "data" / "cache-home"  # the holidays, after a warm-up
DROPPED = ("PYTHONDONTWRITEBYTECODE", "NASALES_CONFIG", "NASALES_DB", "NASALES_LANG")


def environment(**extra: str) -> dict[str, str]:
    """The environment of the timed commands: English, and the default rules found the way a
    salesperson's are (no settings file in the user's config directory, XDG_CONFIG_HOME),
    and the holidays cache that the warm-up run writes (XDG_CACHE_HOME).
    The .pyc files are written: a sandbox's PYTHONDONTWRITEBYTECODE would make every run
    compile nasales from source, which no installed copy does."""
    CONFIG_HOME.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env |= {"XDG_CONFIG_HOME": str(CONFIG_HOME), "XDG_CACHE_HOME": str(CACHE_HOME)}
    env |= {"LANG": "C.UTF-8", "LANGUAGE": "en"}
    return env | {"COLUMNS": "120"} | extra


def run(cmd: Sequence[str], env: Mapping[str, str]) -> Sample:
    """One run of `cmd`, its output thrown away; a failure stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(env))
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass(frozen=True)
class Command:
    cmd: Sequence[str]
    env: Mapping[str, str]
    before: Callable[[], None] | None = None  # untimed set-up before each run


def best(commands: Mapping[str, Command], runs: int) -> dict[str, Sample]:
    """Best wall, best CPU and highest peak RSS of each command, taking turns."""
    samples: dict[str, list[Sample]] = {key: [] for key in commands}
    for rnd in range(runs + 1):
        for key, command in commands.items():
            if command.before is not None:
                command.before()
            sample = run(command.cmd, command.env)
            if rnd:  # round 0 warms up
                samples[key].append(sample)
    return {
        key: Sample(
            min(s.wall for s in found), min(s.cpu for s in found), max(s.rss for s in found)
        )
        for key, found in samples.items()
    }


def heavy_imports(args: Sequence[str], env: Mapping[str, str]) -> list[str]:
    """The top-level packages of SQLAlchemy/SQLModel that `nasales ARGS` imports (the nasales
    this Python imports, whatever --nasales says)."""
    probe = (
        "import sys\n"
        f"sys.argv = ['nasales', *{list(args)!r}]\n"
        "from nasales.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'sqlalchemy', 'sqlmodel'})), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env=dict(env),
    )
    return out.stderr.split()


def machine(runs: int) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.machine()} with {os.cpu_count()} CPUs, best of {runs}, "
        f"load average at the end {load}"
    )


def table(rows: Sequence[tuple[str, Sample]]) -> str:
    lines = ["| command | wall s | CPU s | peak RSS MB |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {s.wall:.3f} | {s.cpu:.3f} | {s.rss:.0f} |" for name, s in rows]
    return "\n".join(lines)


def verdict(what: str, a: Sample, b: Sample, limit: float) -> str:
    """One target line: the wall and CPU ratios of `a` to `b` against `limit`."""
    wall, cpu = a.wall / b.wall, a.cpu / b.cpu
    met = "met" if wall <= limit else "NOT met"
    return f"| {what} | ≤ {limit}× | {wall:.2f}× wall, {cpu:.2f}× CPU | {met} |"


def counts(db: Path) -> str:
    conn = sqlite3.connect(db)
    n = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("account", "orders")]
    tps = conn.execute("SELECT count(*) FROM touchpoint").fetchone()[0]
    conn.close()
    return f"{n[0]:,} accounts, {n[1]:,} orders, {tps:,} touchpoints"


def floor_script(imports: str) -> str:
    """A floor script: import `imports`, open the database (argv[1]) with `sqlite3` and fetch
    every row of the queries in the spec file (argv[2]): what any program answering the
    question must at least pay."""
    return f"""
import json, sqlite3, sys
import {imports}
spec = json.load(open(sys.argv[2]))
conn = sqlite3.connect(sys.argv[1])
print(sum(len(conn.execute(sql, spec["params"]).fetchall()) for sql in spec["queries"]))
conn.close()
"""


def aggregate_queries(scope: str = "") -> list[str]:
    """The aggregate queries `nasales.store.facts` runs for the call list, with `scope`."""
    from nasales.store import facts

    queries = [facts.ACCOUNTS, facts.ORDERS, facts.HURDLES, facts.REMINDERS, facts.PROPOSALS]
    queries += [facts.HANDOFFS, facts.SNOOZES, facts.CONTACTS]
    return [q.replace("{scope}", scope) for q in queries]


def spec_file(folder: Path, name: str, queries: list[str], **params: object) -> str:
    """The queries and their parameters, in a file for a floor script."""
    path = folder / f"{name}.json"
    base = {"today": ON, "until": ON, "epoch": "0001-01-01"}
    path.write_text(json.dumps({"queries": queries, "params": base | params}))
    return str(path)
