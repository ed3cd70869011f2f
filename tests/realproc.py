"""Run nasales as real processes (what cron and a salesperson do) against a test database."""

import os
import pty
import select
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


def on_a_terminal(
    db: Path, args: list[str], prompt: bytes, answers: list[bytes], **extra: str
) -> tuple[int, str]:
    """`nasales ARGS` on a pseudo-terminal, typing the next answer each time `prompt` appears;
    returns the exit code and all it showed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nasales", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env(db, **extra),
    )
    os.close(slave)
    answers, seen, asked = list(answers), b"", 0
    while proc.poll() is None or select.select([master], [], [], 0)[0]:
        if not select.select([master], [], [], 10)[0]:
            break
        try:
            seen += os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if seen.count(prompt) > asked and answers:
            asked += 1
            os.write(master, answers.pop(0))
    os.close(master)
    return proc.wait(timeout=30), seen.decode(errors="replace")


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


def waiting_for_the_lock(proc: subprocess.Popen, db: Path, timeout: float = 60) -> bool:
    """Wait until `proc` waits for another writer's lock: it has the database open and sleeps
    in SQLite's busy handler (Linux: /proc/PID/wchan says hrtimer_nanosleep; nasales sleeps
    nowhere else once the file is open). False if it ends first: it did not wait."""
    fds, wchan = Path(f"/proc/{proc.pid}/fd"), Path(f"/proc/{proc.pid}/wchan")
    path = os.path.realpath(db)
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        assert time.monotonic() < deadline, f"no wait for the lock within {timeout}s"
        try:
            sleeping = "nanosleep" in wchan.read_text()
            opened = sleeping and any(os.readlink(fd) == path for fd in fds.iterdir())
        except OSError:  # it ended between the looks
            continue
        if opened:
            return True
        time.sleep(0.005)
    return False


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
