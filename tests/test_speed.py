"""Fast guards for the speed targets (PRODUCT.md §6); the figures are in docs/benchmarks.md.

- `nasales --help` never imports the database stack; `today`, `show` and `log` on SQLite
  neither, nor pydantic (Typer's coercion, cli/startup.py), nor `holidays` once its cache
  is written (domain/holiday_dates.py, holiday_cache.py), nor what only capture needs
  (phonenumbers, icalendar, recurring-ical-events);
- every correlated aggregate in store/facts.py is a seek on its partial index (SQLite's
  min/max optimisation: one seek per account or order, whatever the number of touchpoints),
  never a scan of the touchpoint table nor a sort.
"""

import importlib.util
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nasales.store import facts

ROOT = Path(__file__).resolve().parents[1]

HELP_IMPORTS = """
import sys
sys.argv = ["nasales", "--help"]
from nasales.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel"))
print("HEAVY:" + ",".join(heavy))
"""


def test_help_does_not_import_the_database_stack() -> None:
    result = subprocess.run(
        [sys.executable, "-c", HELP_IMPORTS], capture_output=True, text=True, check=True
    )
    assert "Usage" in result.stdout
    (heavy,) = [line for line in result.stdout.splitlines() if line.startswith("HEAVY:")]
    assert heavy == "HEAVY:", heavy


RUN_IMPORTS = """
import sys
sys.argv = ["nasales", *sys.argv[1:]]
from nasales.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print("IMPORTED:" + ",".join(sorted({m.split(".")[0] for m in sys.modules})))
print("NASALES:" + ",".join(sorted(m for m in sys.modules if m.startswith("nasales."))))
"""


def imported(*args: str, prefix: str = "IMPORTED:") -> set[str]:
    """The top-level packages a real run of `nasales ARGS` imports (or with prefix
    "NASALES:", its own modules)."""
    result = subprocess.run(
        [sys.executable, "-c", RUN_IMPORTS, *args], capture_output=True, text=True, check=True
    )
    (line,) = [line for line in result.stdout.splitlines() if line.startswith(prefix)]
    return set(line.removeprefix(prefix).split(","))


HEAVY = {"sqlalchemy", "sqlmodel", "pydantic", "pydantic_core", "holidays", "babel"}
HEAVY |= {"phonenumbers", "icalendar", "recurring_ical_events"}  # capture's, not every day's


@pytest.mark.parametrize(
    "command",
    [
        ["today", "--on", "2026-06-15"],
        ["today", "--on", "2026-06-15", "--owner", "Eva", "--format", "plain"],
        ["show", "Account 000001 BV", "--on", "2026-06-15"],
        ["log", "Account 000001 BV", "call", "--on", "2026-06-15", "--note", "x"],
        ["agenda", "--on", "2026-06-15", "--days", "30"],
        ["agenda", "--on", "2026-06-15"],  # the default number of days
        ["digest", "--on", "2026-06-15"],  # the default format, an Enum
    ],
)
def test_the_everyday_commands_import_nothing_heavy(tmp_path: Path, small_book: Path, command):
    db = tmp_path / "book.db"
    shutil.copy(small_book, db)
    first = imported("--db", str(db), *command)  # writes the holidays cache
    assert not first & {"sqlalchemy", "sqlmodel", "pydantic"}, first
    assert not imported("--db", str(db), *command) & HEAVY


def test_today_compiles_no_amount_parser(tmp_path: Path, small_book: Path):
    """The amount parser's regexes (domain/values.py) are for typed and imported amounts:
    `today` has none to read (importing it cost 4 ms of a 180 ms run)."""
    db = tmp_path / "book.db"
    shutil.copy(small_book, db)
    own = imported("--db", str(db), "today", "--on", "2026-06-15", prefix="NASALES:")
    assert "nasales.domain.rules" in own and "nasales.domain.values" not in own


@pytest.fixture(scope="module")
def small_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks/generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    db = tmp_path_factory.mktemp("speed") / "small.db"
    generate.generate(db, accounts=100, orders=200, touchpoints=5_000)
    return db


def plan(db: Path, query: str, owner: bool) -> list[str]:
    sql = query.replace("{scope}", " AND a.owner IN ('Eva')" if owner else "")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            f"EXPLAIN QUERY PLAN {sql}",
            {"today": "2026-06-15", "until": "2026-06-15", "epoch": "0001-01-01"},
        ).fetchall()
    return [row[3] for row in rows]


@pytest.mark.parametrize("owner", [False, True])
@pytest.mark.parametrize(
    ("query", "indexes"),
    [
        (
            "ACCOUNTS",
            [
                "ix_touchpoint_personal",
                "ix_touchpoint_mood",
                "ix_touchpoint_agreement_day",
                "ix_touchpoint_agreement_day",
                "ix_touchpoint_agreement",
            ],
        ),
        ("ORDERS", ["ix_touchpoint_agreement"]),
        # the second: the contacts logged after a problem the user said was not discussed
        ("HURDLES", ["ix_touchpoint_personal", "ix_touchpoint_personal"]),
        ("CONTACTS", ["ix_touchpoint_contact"]),
    ],
)
def test_each_aggregate_seeks_its_partial_index(
    small_book: Path, query: str, indexes: list[str], owner: bool
) -> None:
    steps = plan(small_book, getattr(facts, query), owner)
    on_touchpoints = [
        s for s in steps if s.startswith(("SEARCH t ", "SCAN t", "SEARCH g ", "SCAN g"))
    ]
    assert len(on_touchpoints) == len(indexes), steps
    for step in on_touchpoints:
        assert step.startswith(("SEARCH t USING", "SEARCH g USING")), steps
        assert "date<?" in step or "date=?" in step, steps  # the day is part of the seek
    used = sorted(step.split("INDEX ", 1)[1].split(" (", 1)[0] for step in on_touchpoints)
    assert used == sorted(indexes), steps  # in the order SQLite runs them
    assert not any("TEMP B-TREE" in s for s in steps), steps
