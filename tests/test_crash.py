"""`kill -9` in the middle of a write: the database stays sound and the write is all gone."""

import os
import random
import signal
import time
from collections import Counter

import pytest

import realproc as rp

pytestmark = pytest.mark.slow  # real processes killed


def _wal_size(db) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_kill_9_in_the_middle_of_a_large_write_leaves_none_of_it(cli, isolated):
    db = isolated
    cli("account add 'Bakkerij Jansen'")
    cli("log 'Bakkerij Jansen' call --on 2026-01-02 --note before")
    big = rp.script(db, rp.BIG_WRITE, "Bakkerij Jansen", "big", 20_000, 2_000, "stdin")
    rp.wait_for_line(big, "written")
    assert _wal_size(db) > 2_000_000  # uncommitted pages really reached the file
    os.kill(big.pid, signal.SIGKILL)
    big.communicate()
    assert rp.integrity(db) == "ok"
    assert rp.query(db, "SELECT count(*) FROM touchpoint WHERE note LIKE 'big:%'") == [(0,)]
    assert rp.query(db, "SELECT note FROM touchpoint") == [("before",)]
    cli("log 'Bakkerij Jansen' call --on 2026-01-03 --note after")  # and work goes on
    assert rp.query(db, "SELECT count(*) FROM touchpoint") == [(2,)]


def test_kill_9_at_random_moments_never_leaves_half_a_transaction(cli, isolated):
    db = isolated
    cli("account add 'Bakkerij Jansen'")
    rng = random.Random(20261127)
    tags = ["w1", "w2", "w3"]
    writers = {tag: rp.script(db, rp.WRITE_LOOP, "Bakkerij Jansen", tag, 40) for tag in tags}
    for proc in writers.values():
        rp.wait_for_line(proc, "committed")
    acknowledged = {}
    for tag, proc in writers.items():  # three writers contend for the lock; kill one by one
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        out = proc.stdout.read()  # type: ignore[union-attr]  (what wait_for_line left buffered)
        proc.wait()
        acknowledged[tag] = max([1] + [int(line.split()[1]) for line in out.splitlines()])
    assert rp.integrity(db) == "ok"
    for tag in tags:
        batches = rp.query(db, "SELECT text FROM reminder WHERE text LIKE ? || ':%'", tag)
        numbers = sorted(int(text.split(":")[1]) for (text,) in batches)
        # every acknowledged commit is there; at most one more (killed before it printed)
        assert numbers == list(range(1, len(numbers) + 1))
        assert acknowledged[tag] <= len(numbers) <= acknowledged[tag] + 1
        notes = rp.query(db, "SELECT note FROM touchpoint WHERE note LIKE ? || ':%'", tag)
        per_batch = Counter(int(note.split(":")[1]) for (note,) in notes)
        assert per_batch == dict.fromkeys(numbers, 40)
