"""The SQL of capture (PRODUCT.md §9): what a capture matches against, and writing what it
found, set-based.

A capture stages the touchpoints it would log in a temporary table, then decides in a few
statements which are new: one that exists already (same account and source key, or twice in
the source), or that was typed (same account, day and kind, the same contact or none) is
not logged again; the rest go in with one INSERT … SELECT. No query per record: a 100 000-
line call log costs a handful of statements. On PostgreSQL the deciding and writing hold a
transaction lock, so two people capturing the same calendar at once log each meeting once
(the unique index on account and source key is the last guard).
"""

import json
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from nasales.store.db import Database

STAGING = "capture_staging"
BATCH = 5_000
CAPTURE_LOCK = 7274738  # pg_advisory_xact_lock key (the migrations use 7274737)
COLUMNS = (
    "account_id",
    "contact_id",
    "kind",
    "date",
    "note",
    "made_by",
    "source",
    "source_key",
    "direction",
    "seconds",
)


class Book(NamedTuple):
    """What a capture matches records against."""

    contacts: list[tuple[int, int, str | None, str | None]]  # id, account id, phone, email
    domains: list[tuple[int, str]]  # account id, its domains (space-separated)
    owners: dict[int, str | None]  # account id -> owner


def book(db: Database) -> Book:
    contacts = db.all(
        "SELECT id, account_id, phone, email FROM contact "
        "WHERE phone IS NOT NULL OR email IS NOT NULL ORDER BY id"
    )
    domains = db.all("SELECT id, domains FROM account WHERE domains <> '' ORDER BY id")
    owners = dict(db.all("SELECT id, owner FROM account"))
    return Book([tuple(c) for c in contacts], [tuple(d) for d in domains], owners)  # type: ignore[misc]


# Deciding what is new, set-based: each is one statement over the staged rows, a seek per
# row on an index of touchpoint (tests/test_capture_engine.py checks the query plans).
ALREADY = (
    f"UPDATE {STAGING} AS s SET state = 'had' WHERE EXISTS (SELECT 1 FROM touchpoint t "
    "WHERE t.account_id = s.account_id AND t.source_key = s.source_key)"
)
TWICE = (
    f"UPDATE {STAGING} AS s SET state = 'had' WHERE state IS NULL AND EXISTS "
    f"(SELECT 1 FROM {STAGING} d WHERE d.account_id = s.account_id "
    "AND d.source_key = s.source_key AND d.n < s.n)"
)
# A typed call, meeting or e-mail of that day at that account says the same: a visit counts
# for a meeting; a contact left out on either side matches any.
TYPED = (
    f"UPDATE {STAGING} AS s SET state = 'typed' WHERE state IS NULL AND EXISTS "
    "(SELECT 1 FROM touchpoint t WHERE t.account_id = s.account_id "
    "AND t.date = s.date AND t.source_key IS NULL "
    "AND (t.kind = s.kind OR (s.kind = 'meeting' AND t.kind = 'visit')) "
    "AND (t.contact_id IS NULL OR s.contact_id IS NULL OR t.contact_id = s.contact_id))"
)


class Staging:
    """The touchpoints a capture would log, before it decides which are new."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # the touchpoints to stage, appended by the caller (who flushes every BATCH): the
        # number of its record in the source, then the values of COLUMNS, the date by `day`
        self.rows: list[tuple] = []
        sqlite = db.dialect == "sqlite"
        # SQLite keeps a date as ISO text: made once per day, a log has thousands of calls a day
        self.day: Callable[[date], Any] = _IsoDays().__getitem__ if sqlite else (lambda day: day)
        db.execute(f"DROP TABLE IF EXISTS {STAGING}")
        db.execute(
            f"CREATE TEMPORARY TABLE {STAGING} (n INTEGER NOT NULL, account_id INTEGER NOT NULL, "
            "contact_id INTEGER, kind VARCHAR NOT NULL, date DATE NOT NULL, "
            "note VARCHAR NOT NULL, made_by VARCHAR, source VARCHAR NOT NULL, "
            "source_key VARCHAR NOT NULL, direction VARCHAR, seconds INTEGER, state VARCHAR)"
            + ("" if sqlite else " ON COMMIT DROP")
        )
        marks = ", ".join(["?"] * (len(COLUMNS) + 1))
        self.insert = f"INSERT INTO {STAGING} (n, {', '.join(COLUMNS)}) VALUES ({marks})"

    def flush(self) -> None:
        if self.rows:
            self.db.executemany(self.insert, self.rows)
            self.rows.clear()

    def decide(self) -> None:
        """Mark what is not new: already captured (or twice in this source), or typed."""
        db = self.db
        self.flush()
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(:key)", {"key": CAPTURE_LOCK})
        db.execute(f"CREATE INDEX ix_{STAGING} ON {STAGING} (account_id, source_key, n)")
        for statement in (ALREADY, TWICE, TYPED):
            db.execute(statement)

    def write(self) -> int:
        """Log the new ones; return how many touchpoints were written."""
        names = ", ".join(COLUMNS)
        cursor = self.db.execute(
            f"INSERT INTO touchpoint ({names}) SELECT {names} FROM {STAGING} "
            "WHERE state IS NULL ORDER BY n ON CONFLICT DO NOTHING"
        )
        return int(cursor.rowcount)

    def outcome(self) -> tuple[int, int]:
        """(records logged, records already logged): a record is logged when any of its
        touchpoints is new."""
        rows = self.db.all(
            "SELECT best, COUNT(*) FROM (SELECT n, MIN(CASE WHEN state IS NULL THEN 0 "
            f"ELSE 1 END) AS best FROM {STAGING} GROUP BY n) x GROUP BY best"
        )
        found = dict(rows)
        return int(found.get(0, 0)), int(found.get(1, 0))

    def new(self) -> list[tuple]:
        """The touchpoints that are new: day, account, contact, kind, direction, seconds,
        note, by; in the source's order within a day."""
        return self.db.all(
            "SELECT s.date, a.name, c.name, s.kind, s.direction, s.seconds, s.note, s.made_by "
            f"FROM {STAGING} s JOIN account a ON a.id = s.account_id "
            "LEFT JOIN contact c ON c.id = s.contact_id "
            "WHERE s.state IS NULL ORDER BY s.date, s.n, a.name_key"
        )

    def close(self) -> None:
        if self.db.dialect == "sqlite":
            self.db.execute(f"DROP TABLE IF EXISTS {STAGING}")


class _IsoDays(dict):
    def __missing__(self, day: date) -> str:
        self[day] = text = day.isoformat()
        return text


# -- the state of an incremental source -------------------------------------------------------


def load_state(db: Database, source: str) -> dict[str, str]:
    """What the reader of `source` left last time (empty the first time)."""
    text = db.scalar("SELECT state FROM capture_state WHERE source = :source", {"source": source})
    if not text:
        return {}
    try:
        state = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(state, dict):
        return {}
    return {str(k): str(v) for k, v in state.items()}


def save_state(db: Database, source: str, state: dict[str, str], on: date) -> None:
    db.execute(
        "INSERT INTO capture_state (source, state, saved_on) VALUES (:source, :state, :on) "
        "ON CONFLICT (source) DO UPDATE SET state = excluded.state, saved_on = excluded.saved_on",
        {"source": source, "state": json.dumps(state, sort_keys=True), "on": on},
    )
