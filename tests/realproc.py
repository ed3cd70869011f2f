"""Run nasales as real processes (what cron and a salesperson do) against a test database."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

# A large write we control: one transaction inserting ROWS touchpoints tagged BATCH in chunks.
# It prints "writing" once it holds the write lock and has written the first chunk, then
# "committed" after COMMIT. With HOLD "stdin" it keeps the lock, uncommitted, until it reads
# a line on stdin; else it holds it HOLD seconds.
BIG_WRITE = """
import sys, time
from datetime import date
from nasales.store.db import transaction

db, account, batch = sys.argv[1], sys.argv[2], sys.argv[3]
rows, chunk, hold = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
with transaction(db, write=True) as s:
    account_id = s.scalar("SELECT id FROM account WHERE name_key = :k", {"k": account.casefold()})
    for start in range(0, rows, chunk):
        s.executemany(
            "INSERT INTO touchpoint (account_id, kind, date, note) VALUES (?, 'note', ?, ?)",
            [(account_id, date(2026, 1, 5), f"{batch}:{i} " + "x" * 200)
             for i in range(start, min(rows, start + chunk))],
        )
        if start == 0:
            print("writing", flush=True)
    print("written", flush=True)
    sys.stdin.readline() if hold == "stdin" else time.sleep(float(hold))
print("committed", flush=True)
"""

# Many small transactions, each all-or-nothing: PER_BATCH touchpoints and one reminder tagged
# TAG:N; prints "committed N" after each commit, until killed.
WRITE_LOOP = """
import sys, time
from datetime import date
from nasales.store.db import transaction

db, account, tag, per_batch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
n = 0
while True:
    n += 1
    with transaction(db, write=True) as s:
        account_id = s.scalar(
            "SELECT id FROM account WHERE name_key = :k", {"k": account.casefold()}
        )
        s.executemany(
            "INSERT INTO touchpoint (account_id, kind, date, note) VALUES (?, 'call', ?, ?)",
            [(account_id, date(2026, 1, 5), f"{tag}:{n}:{i} " + "y" * 300)
             for i in range(per_batch)],
        )
        s.execute(
            "INSERT INTO reminder (account_id, text, due) VALUES (?, ?, ?)",
            (account_id, f"{tag}:{n}", date(2026, 1, 9)),
        )
    print(f"committed {n}", flush=True)
    time.sleep(0.02)  # like commands one after another; a tight loop would starve the others
"""


def env(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "NASALES_DB": str(db), **extra}


def run(db: Path, *args: str, timeout: float = 60, **extra: str) -> subprocess.CompletedProcess:
    """`nasales ARGS` in its own process; returns the finished process (text output)."""
    return subprocess.run(
        [sys.executable, "-m", "nasales", *args],
        capture_output=True,
        text=True,
        env=env(db, **extra),
        timeout=timeout,
    )


def start(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "nasales", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(db),
    )


def script(db: Path, code: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, str(db), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(db),
    )


def wait_for_line(proc: subprocess.Popen, prefix: str, timeout: float = 30) -> str:
    """Read the process's stdout until a line starts with `prefix`."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            _, err = proc.communicate()
            raise AssertionError(f"process ended before {prefix!r}: {err}")
        if line.startswith(prefix):
            return line
    raise AssertionError(f"no {prefix!r} within {timeout}s")


def finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    """Read the database with plain sqlite3, as an outsider would."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return "\n".join(row[0] for row in query(db, "PRAGMA integrity_check"))
