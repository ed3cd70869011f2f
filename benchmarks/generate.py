"""Build a realistic nasales database of a given size, through the real schema.

The schema comes from the real migrations (`nasales.store.migrate` on a fresh SQLite file);
the rows are bulk-inserted with `sqlite3.executemany`. The touchpoint indexes are dropped
during the load and recreated from their own DDL afterwards (much faster than maintaining six
indexes row by row; the result is the same database).

    python benchmarks/generate.py --accounts 10000 --orders 20000 --touchpoints 1000000 \
        --out benchmarks/data/1m.db

`--owners N` spreads the accounts over N account managers (default 8, at most 30).

The book covers two years up to --until (default 2026-06-15): won and lost orders, delivered
or still in delivery, touchpoints of every kind in chronological order (busy accounts get many
more than quiet ones), agreements linked to an order or to none, moods, contacts, open and
resolved hurdles, reminders and a few snoozes. Seeded, so the same arguments give the same
database.
"""

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

UNTIL = date(2026, 6, 15)  # a Monday: the default evaluation date of the benchmarks
SPAN_DAYS = 730
OWNERS = (
    *("Eva", "Joost", "Fatima", "Daan", "Lotte", "Sem", "Noor", "Bram", "Anouk", "Bas"),
    *("Chantal", "Dirk", "Esra", "Femke", "Gijs", "Hanna", "Ivo", "Jasmijn", "Koen", "Lieke"),
    *("Mohamed", "Nina", "Olaf", "Priya", "Ruben", "Sanne", "Thijs", "Yara", "Wouter", "Zoë"),
)
KINDS = ("call", "visit", "meeting", "agreement", "email", "note")
KIND_WEIGHTS = (25, 6, 9, 15, 33, 12)
MOODS = ("positive", "neutral", "doubt", "negative")
MOOD_WEIGHTS = (40, 40, 13, 7)
ROLES = ("buyer", "decision maker", "finance", "engineer", "planner", None)
COMPETITORS = ("Trumpf", "DMG Mori", "Haas", "Mazak", None)
CHUNK = 100_000


def _days(until: date) -> list[date]:
    return [until - timedelta(days=n) for n in range(SPAN_DAYS, -1, -1)]


def _create_schema(path: Path) -> None:
    from nasales.store.db import Location, connect
    from nasales.store.migrations import ensure_current

    db = connect(Location(path=path))
    try:
        ensure_current(db)
    finally:
        db.conn.close()


def generate(
    path: Path,
    accounts: int,
    orders: int,
    touchpoints: int,
    until: date = UNTIL,
    owners: int = 8,
) -> None:
    rnd = random.Random(20260615)
    managers = OWNERS[:owners]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    _create_schema(path)

    days = _days(until)
    iso = [d.isoformat() for d in days]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB while loading
    conn.execute("BEGIN")

    # Accounts: most without an explicit tier (derived from won value), a few A/B/C.
    account_rows = []
    for a in range(1, accounts + 1):
        tier = rnd.choices(("A", "B", "C", None), (3, 5, 4, 88))[0]
        clv = round(rnd.lognormvariate(11, 1.2)) if rnd.random() < 0.3 else None
        name = f"Account {a:06d} BV"
        account_rows.append(
            (a, name, name.casefold(), rnd.choice(managers), tier, clv, "" if a % 7 else "key")
        )
    conn.executemany(
        "INSERT INTO account (id, name, name_key, owner, tier, clv, notes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        account_rows,
    )

    # Contacts: 1-3 per account, the first usually primary, some who object to calls.
    contact_rows, contacts_of = [], [[] for _ in range(accounts + 1)]
    cid = 0
    for a in range(1, accounts + 1):
        for n in range(rnd.choice((1, 2, 2, 3))):
            cid += 1
            contacts_of[a].append(cid)
            contact_rows.append(
                (
                    cid,
                    a,
                    f"Contact {n + 1} of {a}",
                    rnd.choice(ROLES),
                    f"+31 6 {rnd.randrange(10**8):08d}" if rnd.random() < 0.8 else None,
                    f"c{n + 1}@a{a}.example" if rnd.random() < 0.7 else None,
                    n == 0 and rnd.random() < 0.7,
                    rnd.random() < 0.05,
                )
            )
    conn.executemany("INSERT INTO contact VALUES (?, ?, ?, ?, ?, ?, ?, ?)", contact_rows)

    # Activity skew: a few big accounts carry much of the work (also for orders).
    weights = [1 / (rank**0.7) for rank in range(1, accounts + 1)]
    rnd.shuffle(weights)
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    ids = list(range(1, accounts + 1))

    # Orders: 70 % won, signed over the two years; most won orders delivered by now.
    order_rows, orders_of = [], [[] for _ in range(accounts + 1)]
    for o, a in enumerate(rnd.choices(ids, cum_weights=cum, k=orders), 1):
        signed = rnd.randrange(len(days))
        won = rnd.random() < 0.7
        delivered = None
        if won and rnd.random() < 0.85:
            d = signed + rnd.randint(10, 150)
            delivered = (days[0] + timedelta(days=d)).isoformat()  # may lie after --until
        orders_of[a].append((o, signed))
        order_rows.append(
            (
                o,
                f"O-{o:07d}",
                a,
                f"Machine line {o % 97}",
                round(rnd.lognormvariate(10, 1.3), 2),
                "won" if won else "lost",
                iso[signed],
                delivered,
                None if won else rnd.choice(COMPETITORS),
                rnd.choices(("clear", "narrow", None), (50, 20, 30))[0],
            )
        )
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", order_rows)

    # Hurdles on ~6 % of orders, most resolved; reminders, some done; a few snoozes.
    hurdle_rows = []
    for o, _ref, _a, _t, _v, _s, signed_on, *_ in order_rows:
        if rnd.random() < 0.06:
            raised = date.fromisoformat(signed_on) + timedelta(days=rnd.randint(3, 120))
            resolved = raised + timedelta(days=rnd.randint(1, 40)) if rnd.random() < 0.7 else None
            hurdle_rows.append(
                (None, o, "Late delivery of a part", raised.isoformat(), resolved and str(resolved))
            )
    conn.executemany(
        "INSERT INTO hurdle (id, order_id, description, raised_on, resolved_on) "
        "VALUES (?, ?, ?, ?, ?)",
        hurdle_rows,
    )
    reminder_rows = []
    for _ in range(max(1, accounts // 5)):
        a = rnd.randint(1, accounts)
        order = rnd.choice(orders_of[a])[0] if orders_of[a] and rnd.random() < 0.5 else None
        due = until + timedelta(days=rnd.randint(-60, 30))
        done = due + timedelta(days=rnd.randint(-3, 5)) if rnd.random() < 0.6 else None
        reminder_rows.append(
            (None, a, order, "Send the service contract", due.isoformat(), done and str(done))
        )
    conn.executemany("INSERT INTO reminder VALUES (?, ?, ?, ?, ?, ?)", reminder_rows)
    conn.executemany(
        "INSERT INTO snooze VALUES (?, ?)",
        [
            (f"relationship:Account {a:06d} BV", (until + timedelta(days=7)).isoformat())
            for a in range(1, accounts + 1, 50)
        ],
    )

    # Touchpoints in chronological order (ids grow with dates, as when logged day by day);
    # weekends are quiet; 1 % are dated after --until (planned visits, typos) and must be
    # ignored by `today --on`.
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'touchpoint' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f"DROP INDEX {name}")
    day_weights = [1 if d.weekday() < 5 else 0.08 for d in days]
    future = touchpoints // 100
    per_day = _spread(rnd, touchpoints - future, day_weights)
    tp_id = 0
    batch: list[tuple] = []

    def flush() -> None:
        conn.executemany(
            "INSERT INTO touchpoint (id, account_id, kind, date, order_id, contact_id, note, "
            "mood, made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )
        batch.clear()

    later = [(until + timedelta(days=n)).isoformat() for n in range(1, 61)]
    for day_index, count in enumerate([*per_day, future]):
        if count == 0:
            continue
        is_future = day_index == len(days)
        day_iso = iso[day_index] if not is_future else None
        accts = rnd.choices(ids, cum_weights=cum, k=count)
        kinds = rnd.choices(KINDS, KIND_WEIGHTS, k=count)
        moods = rnd.choices((*MOODS, None), (*MOOD_WEIGHTS, 400), k=count)
        for a, kind, mood in zip(accts, kinds, moods, strict=True):
            tp_id += 1
            order_id = None
            if kind == "agreement" and orders_of[a] and rnd.random() < 0.6:
                order_id = rnd.choice(orders_of[a])[0]
            people = contacts_of[a]
            contact = people[tp_id % len(people)] if people and tp_id % 5 else None
            batch.append(
                (
                    tp_id,
                    a,
                    kind,
                    day_iso or rnd.choice(later),
                    order_id,
                    contact,
                    "" if tp_id % 3 else "Discussed the planning",
                    mood,
                    managers[a % len(managers)],
                )
            )
            if len(batch) >= CHUNK:
                flush()
    flush()
    conn.execute("COMMIT")
    for _name, sql in indexes:
        conn.execute(sql)
    conn.close()


def _spread(rnd: random.Random, total: int, weights: list[float]) -> list[int]:
    """`total` split over the days in proportion to `weights`, with a little noise."""
    noisy = [w * rnd.uniform(0.8, 1.2) for w in weights]
    scale = total / sum(noisy)
    counts = [int(w * scale) for w in noisy]
    for i in rnd.choices(range(len(counts)), weights, k=total - sum(counts)):
        counts[i] += 1
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--touchpoints", type=int, default=1_000_000)
    parser.add_argument("--until", type=date.fromisoformat, default=UNTIL)
    parser.add_argument(
        "--owners", type=int, default=8, choices=range(1, len(OWNERS) + 1), metavar="N"
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/data/bench.db"))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generate(args.out, args.accounts, args.orders, args.touchpoints, args.until, args.owners)
    size = args.out.stat().st_size / 2**20
    print(
        f"{args.out}: {args.accounts} accounts, {args.orders} orders, "
        f"{args.touchpoints} touchpoints, {args.owners} account managers, {size:.0f} MB in "
        f"{time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
