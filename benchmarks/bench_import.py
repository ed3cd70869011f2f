"""Time `nasales import touchpoints` against `sqlite-utils insert --csv` of the same file
(PRODUCT.md §6: CSV import runs at least as fast as sqlite-utils).

    python benchmarks/bench_import.py                 # 1 000 000 touchpoints, 10 000 accounts
    python benchmarks/bench_import.py --rows 100000 --runs 3

It writes accounts.csv and touchpoints.csv (seeded, so the same bytes every time) into
--dir, then times, each in a fresh database and a fresh subprocess (wall time, CPU time and
peak RSS from os.wait4; on a busy machine the CPU time is the steadier figure):

- nasales: `nasales import accounts` (not timed), then `nasales import touchpoints` — every
  row validated, accounts looked up, the touchpoint indexes built, one transaction;
- nasales, accounts created: the touchpoints file into an empty database, the import
  creating the 10 000 accounts it names;
- nasales, re-import: the same file again (every row matched, nothing written);
- sqlite-utils: `sqlite-utils insert DB touchpoint touchpoints.csv --csv` (all TEXT
  columns, no indexes, no validation), with its default batch size and with one batch.
"""

import argparse
import csv
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BIN = Path(sys.executable).parent
KINDS = ("call", "visit", "meeting", "agreement", "email", "note")
MOODS = ("", "", "", "positive", "neutral", "doubt", "negative")


def generate(folder: Path, rows: int, accounts: int) -> tuple[Path, Path]:
    rng = random.Random(20261127)
    names = [f"Klant {i:05d} B.V." for i in range(accounts)]
    owners = ("Eva de Boer", "Sam Jansen", "Noor Visser")
    accounts_csv = folder / "accounts.csv"
    with accounts_csv.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "owner", "tier"])
        for i, name in enumerate(names):
            w.writerow([name, owners[i % 3], "ABC"[i % 3]])
    touchpoints_csv = folder / "touchpoints.csv"
    start = date(2024, 1, 1)
    with touchpoints_csv.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account", "kind", "date", "order", "contact", "note", "mood", "by"])
        for i in range(rows):
            w.writerow(
                [
                    rng.choice(names),
                    rng.choice(KINDS),
                    (start + timedelta(days=rng.randrange(900))).isoformat(),
                    "",
                    "",
                    f"spoke about the delivery plan, step {i % 97}",
                    rng.choice(MOODS),
                    rng.choice(owners),
                ]
            )
    return accounts_csv, touchpoints_csv


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one subprocess."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
    rss = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024**2
    return wall, usage.ru_utime + usage.ru_stime, rss


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def nasales(db: Path, *args: str) -> list[str]:
    return [str(BIN / "nasales"), "--db", str(db), *args]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1, help="best of N runs")
    parser.add_argument("--dir", type=Path, default=None, help="where the files go")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="nasales-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    accounts_csv, touchpoints_csv = generate(folder, args.rows, args.accounts)
    size = touchpoints_csv.stat().st_size / 1e6
    db = folder / "bench.db"
    settings = folder / "settings.toml"  # empty: the defaults (a named settings file must exist)
    settings.write_text("", encoding="utf-8")
    env = {**os.environ, "NASALES_CONFIG": str(settings)}

    def nasales_import() -> tuple[float, float, float]:
        subprocess.run(
            nasales(fresh(db), "import", "accounts", str(accounts_csv)),
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        return run(nasales(db, "import", "touchpoints", str(touchpoints_csv)), env)

    def nasales_creating() -> tuple[float, float, float]:
        return run(nasales(fresh(db), "import", "touchpoints", str(touchpoints_csv)), env)

    def nasales_again() -> tuple[float, float, float]:
        return run(nasales(db, "import", "touchpoints", str(touchpoints_csv)), env)

    def sqlite_utils(*extra: str) -> tuple[float, float, float]:
        cmd = [
            str(BIN / "sqlite-utils"),
            "insert",
            str(fresh(db)),
            "touchpoint",
            str(touchpoints_csv),
            "--csv",
            *extra,
        ]
        return run(cmd)

    cases = [
        ("nasales import touchpoints (accounts imported first)", nasales_import),
        ("nasales import touchpoints, re-import of the same file", nasales_again),
        ("nasales import touchpoints (creating the accounts)", nasales_creating),
        ("sqlite-utils insert --csv", lambda: sqlite_utils()),
        (
            "sqlite-utils insert --csv --batch-size 1000000",
            lambda: sqlite_utils("--batch-size", "1000000"),
        ),
    ]
    print(
        f"{args.rows:,} touchpoints, {args.accounts:,} accounts, {size:.0f} MB CSV; "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
        f"best of {args.runs}\n"
    )
    print("| command | wall s | rows/s | CPU s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, case in cases:
        results = []
        for _ in range(args.runs):
            if name.endswith("same file"):
                nasales_import()  # the database the re-import meets
            results.append(case())
        wall, cpu, rss = min(results)
        print(
            f"| {name} | {wall:.1f} | {args.rows / wall:,.0f} | {cpu:.1f} | {rss:.0f} |", flush=True
        )


if __name__ == "__main__":
    main()
