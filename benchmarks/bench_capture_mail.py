"""`nasales capture mail` of an mbox against its floor (PRODUCT.md §6, round 3: capture at the
speed of import), a second capture of the same mbox (nothing new), and peak memory.

    python benchmarks/generate.py --accounts 300 --orders 600 --touchpoints 20000 \\
        --out benchmarks/data/own.db
    python benchmarks/bench_capture_mail.py --db benchmarks/data/own.db --messages 10000

The mbox is benchmarks/mailgen.py's (seeded): a salesperson's mail with the customers of the
book (`c1@a42.example` is a contact of account 42, `a42.example` its domain), colleagues,
strangers and newsletters, some with attachments. Every run captures into a fresh copy of
the book (the copy is not timed).

- floor: a plain script that reads the mbox with the standard library's `mailbox.mbox` and
  `email.parser.BytesHeaderParser` (headers only), takes the addresses, date and subject
  each message's touchpoint needs, looks them up in dicts of the book's contacts and
  domains (read with `sqlite3`), and inserts the same rows with `sqlite3.executemany` in one
  transaction: what any program doing this must at least pay;
- nasales capture mail: the same mbox, the same touchpoints (the benchmark checks the
  counts agree);
- nasales capture mail, again: the same mbox into the captured book (nothing new).

`--messages 100000` shows the peak memory stays flat on an mbox of a gigabyte.
"""

import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import mailgen
from timing import ON, Command, arguments, best, environment, machine, table, verdict

FLOOR = r"""
import mailbox, sqlite3, sys
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from zoneinfo import ZoneInfo

db, path = sys.argv[1], sys.argv[2]
zone = ZoneInfo("Europe/Amsterdam")
conn = sqlite3.connect(db)
contacts = {e.lower(): (a, c) for c, a, e in conn.execute(
    "SELECT id, account_id, email FROM contact WHERE email IS NOT NULL")}
domains = {d: a for a, ds in conn.execute("SELECT id, domains FROM account") for d in ds.split()}
owners = dict(conn.execute("SELECT id, owner FROM account"))
rows, parser = [], BytesHeaderParser()
box = mailbox.mbox(path, create=False)
for key in box.iterkeys():
    with box.get_file(key) as f:
        h = parser.parse(f)
    people = [a.lower() for _n, a in getaddresses(h.get_all("from", []) + h.get_all("to", [])
              + h.get_all("cc", []))]
    hits = {}
    for a in people:
        if a in contacts:
            hits.setdefault(contacts[a][0], contacts[a][1])
        elif (d := a.rpartition("@")[2]) in domains:
            hits.setdefault(domains[d], None)
    if not hits:
        continue
    day = parsedate_to_datetime(h["date"]).astimezone(zone).date().isoformat()
    subject = str(make_header(decode_header(h["subject"] or "")))
    out = "out" if people and people[0].endswith("@ourfirm.example") else "in"
    for account, contact in hits.items():
        rows.append((account, contact, "email", day, subject, owners[account], "mail",
                     h["message-id"], out))
conn.executemany(
    "INSERT INTO touchpoint (account_id, contact_id, kind, date, note, made_by, source, "
    "source_key, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)
conn.commit()
print(len(rows))
"""


def main() -> None:
    parser = arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("benchmarks/data/own.db"))
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nasales-capture-mail-"))
    book = folder / "book.db"
    shutil.copy(args.db, book)
    with sqlite3.connect(book) as conn:  # every account its domain, aN.example (generate.py)
        conn.execute("UPDATE account SET domains = 'a' || id || '.example'")
    config = folder / "config.toml"
    config.write_text('own_domains = ["ourfirm.example"]\n')
    mbox = folder / "mail.mbox"
    accounts = sqlite3.connect(book).execute("SELECT count(*) FROM account").fetchone()[0]
    mailgen.write_mbox(mbox, mailgen.mails(args.messages, accounts=accounts))
    size = mbox.stat().st_size / 1e6
    env = environment(NASALES_CONFIG=str(config))
    work, captured = folder / "work.db", folder / "captured.db"

    def fresh(target: Path) -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(book, target)

    capture = [*args.nasales, "--db", str(work), "capture", "mail", str(mbox), "--on", ON]
    again = [*args.nasales, "--db", str(captured), "capture", "mail", str(mbox), "--on", ON]
    fresh(captured)
    result = subprocess.run(again, env=env, capture_output=True, text=True)
    print(result.stdout.strip().splitlines()[0], file=sys.stderr)
    commands = {
        "floor": Command(
            [sys.executable, "-c", FLOOR, str(work), str(mbox)], env, lambda: fresh(work)
        ),
        "capture": Command(capture, env, lambda: fresh(work)),
        "again": Command(again, env),
    }
    found = best(commands, args.runs)
    print(f"{args.messages:,} messages, {size:.0f} MB mbox; {machine(args.runs)}\n")
    print(
        table(
            [
                ("floor: mailbox + BytesHeaderParser + sqlite3.executemany", found["floor"]),
                ("nasales capture mail", found["capture"]),
                ("nasales capture mail, again (nothing new)", found["again"]),
            ]
        )
    )
    print("\n| target | limit | measured | |\n| --- | --- | --- | --- |")
    print(verdict("capture mail / floor", found["capture"], found["floor"], 2))
    print(verdict("again / first capture", found["again"], found["capture"], 0.5))
    rss = max(found[key].rss for key in ("capture", "again"))
    print(f"| peak memory | < 150 MB | {rss:.0f} MB | {'met' if rss < 150 else 'NOT met'} |")


if __name__ == "__main__":
    main()
