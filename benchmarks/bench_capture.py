"""Time `nasales capture calls` of a 100 000-line call log against a floor script
(PRODUCT.md §6, round 3: at most 2× the floor; a second capture at most 0.5× the first;
peak memory under 150 MB).

    python benchmarks/bench_capture.py               # 100 000 lines, 2 000 accounts
    python benchmarks/bench_capture.py --lines 20000 --runs 3

It writes, seeded (the same bytes every time), into --dir: a book of 2 000 accounts with
6 000 contacts (phone numbers as people type them: `06 1234 5678`, `+31 6 …`, `020-…`),
imported with `nasales import`, and an Asterisk Master.csv in its default layout: answered
calls to and from contacts (the other party's number written as a PBX writes it: `06…`,
`0031 6…`, `+31 6…`), unanswered and short ones, calls between extensions and calls with
numbers not on file. Then it times, each in a fresh subprocess on a fresh copy of the book:

- floor: a script that reads the same file with the standard library's `csv`, keeps the
  same calls (answered, at least 30 seconds, a contact's number), finds each number's
  contact in a dict by its last nine digits (no E.164, no time zones) and inserts the same
  rows into the same touchpoint table (with its indexes) with `sqlite3.executemany`;
- nasales, first capture: `nasales capture calls Master.csv --on T`;
- nasales, second capture: the same file again (nothing new).
"""

import csv
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from timing import Command, Sample, arguments, best, environment, machine, table

T = "2026-06-15"


def generate(folder: Path, lines: int, accounts: int) -> tuple[Path, Path, Path]:
    rng = random.Random(20261127)
    accounts_csv, contacts_csv = folder / "accounts.csv", folder / "contacts.csv"
    numbers: list[str] = []  # the contacts' numbers, national, digits only (06…, 020…)
    with accounts_csv.open("w", newline="") as a, contacts_csv.open("w", newline="") as c:
        wa, wc = csv.writer(a), csv.writer(c)
        wa.writerow(["name", "owner"])
        wc.writerow(["account", "name", "phone"])
        for i in range(accounts):
            name = f"Klant {i:05d} B.V."
            wa.writerow([name, ("Eva", "Sam", "Noor")[i % 3]])
            for n in range(3):
                mobile = rng.random() < 0.6
                digits = (
                    f"06{rng.randrange(10**8):08d}"
                    if mobile
                    else f"0{rng.choice((10, 20, 30, 40, 50, 70))}{rng.randrange(10**7):07d}"
                )
                numbers.append(digits)
                typed = (
                    f"{digits[:2]} {digits[2:6]} {digits[6:]}"
                    if n == 0
                    else f"+31 {digits[1:2]} {digits[2:]}"
                    if n == 1
                    else f"{digits[:3]}-{digits[3:]}"
                )
                wc.writerow([name, f"Contact {n} van {i}", typed])
    log = folder / "Master.csv"
    start = datetime(2026, 1, 5, 8, 0)
    with log.open("w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        for i in range(lines):
            when = start + timedelta(minutes=2 * i)
            roll = rng.random()
            other = rng.choice(numbers)
            pbx = rng.choice((other, "0031" + other[1:], "+31" + other[1:]))
            if roll < 0.1:
                pbx = f"06{rng.randrange(10**8):08d}"  # not on file
            ext = str(rng.randrange(200, 230))
            billsec = rng.choice((0, 12, 45, 95, 240, 600)) if roll < 0.9 else 300
            answered = billsec > 0 and rng.random() < 0.85
            src, dst = (ext, pbx) if rng.random() < 0.6 else (pbx, ext)
            if 0.9 <= roll < 0.95:
                src, dst = ext, str(rng.randrange(200, 230))  # between colleagues
            end = when + timedelta(seconds=billsec + 5)
            w.writerow(
                [
                    "",
                    src,
                    dst,
                    "from-internal",
                    f'"Ext {ext}" <{ext}>',
                    f"SIP/{ext}-{i:08x}",
                    f"SIP/trunk-{i:08x}",
                    "Dial",
                    f"SIP/trunk/{dst}",
                    f"{when:%Y-%m-%d %H:%M:%S}",
                    f"{when + timedelta(seconds=5):%Y-%m-%d %H:%M:%S}" if answered else "",
                    f"{end:%Y-%m-%d %H:%M:%S}",
                    billsec + 5,
                    billsec if answered else 0,
                    "ANSWERED" if answered else "NO ANSWER",
                    "DOCUMENTATION",
                    f"{1767600000 + i}.{i}",
                    "",
                ]
            )
    return accounts_csv, contacts_csv, log


FLOOR = r"""
import csv, hashlib, sqlite3, sys
db, log = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db, isolation_level=None)
by_digits = {}
for cid, aid, phone in conn.execute("SELECT id, account_id, phone FROM contact"):
    by_digits["".join(ch for ch in phone if ch.isdigit())[-9:]] = (aid, cid)
rows = []
with open(log, newline="") as f:
    for n, cells in enumerate(csv.reader(f), 1):
        if cells[14] != "ANSWERED" or int(cells[13]) < 30:
            continue
        src, dst = cells[1], cells[2]
        other, direction = (dst, "out") if len(src) <= 4 else (src, "in")
        found = by_digits.get(other[-9:])
        if found is None:
            continue
        key = hashlib.blake2b(f"calls\0{cells[16]}|{cells[9]}".encode(), digest_size=16)
        rows.append((found[0], found[1], "call", cells[9][:10], "", src if direction == "out"
                     else dst, "calls", key.hexdigest(), direction, int(cells[13])))
conn.execute("BEGIN")
conn.executemany(
    "INSERT INTO touchpoint (account_id, contact_id, kind, date, note, made_by, source, "
    "source_key, direction, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
conn.execute("COMMIT")
print(len(rows))
"""


def main(argv: list[str] | None = None) -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=None, help="where the files go")
    args = parser.parse_args(argv)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="nasales-bench-capture-"))
    folder.mkdir(parents=True, exist_ok=True)
    accounts_csv, contacts_csv, log = generate(folder, args.lines, args.accounts)
    env = environment()
    base, db = folder / "book.db", folder / "capture.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{base}{suffix}").unlink(missing_ok=True)
    for kind, path in (("accounts", accounts_csv), ("contacts", contacts_csv)):
        subprocess.run(
            [*args.nasales, "--db", str(base), "import", kind, str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
    floor_py = folder / "floor.py"
    floor_py.write_text(FLOOR)

    def fresh() -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, db)

    def captured_once() -> None:
        fresh()
        subprocess.run(
            [*args.nasales, "--db", str(db), "capture", "calls", str(log), "--on", T],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )

    capture = [*args.nasales, "--db", str(db), "capture", "calls", str(log), "--on", T]
    commands = {
        "floor": Command([sys.executable, str(floor_py), str(db), str(log)], env, fresh),
        "first": Command(capture, env, fresh),
        "second": Command(capture, env, captured_once),
    }
    found = best(commands, args.runs)
    size = log.stat().st_size / 1e6
    print(f"{args.lines:,}-line Master.csv ({size:.1f} MB), {args.accounts:,} accounts, ")
    print(f"{3 * args.accounts:,} contacts; {machine(args.runs)}\n")
    rows: list[tuple[str, Sample]] = [
        ("floor: csv + dict by the last 9 digits + sqlite3.executemany", found["floor"]),
        ("nasales capture calls (first)", found["first"]),
        ("nasales capture calls (second: nothing new)", found["second"]),
    ]
    print(table(rows))
    first, second, floor = found["first"], found["second"], found["floor"]
    print()
    print("| target | limit | measured | |")
    print("| --- | --- | --- | --- |")
    ratio = first.wall / floor.wall
    print(
        f"| first capture / floor | ≤ 2× | {ratio:.2f}× wall, {first.cpu / floor.cpu:.2f}× CPU "
        f"| {'met' if ratio <= 2 else 'NOT met'} |"
    )
    again = second.wall / first.wall
    print(
        f"| second capture / first | ≤ 0.5× | {again:.2f}× wall, "
        f"{second.cpu / first.cpu:.2f}× CPU | {'met' if again <= 0.5 else 'NOT met'} |"
    )
    peak = max(first.rss, second.rss)
    print(f"| peak memory | < 150 MB | {peak:.0f} MB | {'met' if peak < 150 else 'NOT met'} |")


if __name__ == "__main__":
    main()
