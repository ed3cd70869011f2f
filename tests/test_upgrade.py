"""A database written by release 0.1.0 opens in this nasales with every row and value intact.

tests/data/release-0.1.0/nasales.db was built by the released code's own command line (see
SOURCE.md there); rows.json is every row of every table as Python's sqlite3 read it then.
The current code opens a copy (applying its pending migrations), and then every old row must
still be there with every old value, of the same type: later migrations may add columns,
tables and migration records, never lose or change a value.

The test talks to nasales only through its command line (the `cli` fixture), so it keeps
working whatever the modules inside are called.
"""

import csv
import io
import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).parent / "data" / "release-0.1.0"
DAY = "2026-11-27"  # the last day the book was written
PRIMARY_KEYS = {
    "account": "id",
    "contact": "id",
    "orders": "id",
    "touchpoint": "id",
    "hurdle": "id",
    "reminder": "id",
    "snooze": "key",
    "schema_migration": "name",
}
KINDS = ("accounts", "contacts", "orders", "touchpoints", "hurdles", "reminders")

Rows = dict[str, list[dict[str, Any]]]


def unguard(cell: str) -> str:
    """A CSV cell as written, without the apostrophe export adds against spreadsheet
    formulas (docs/import.md): only before =, +, -, @, tab, CR or another apostrophe."""
    return (
        cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r", "'") else cell
    )


def expected_rows() -> Rows:
    return json.loads((FIXTURE / "rows.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def read_rows(db: Path, tables) -> Rows:
    """Every row of `tables`, as Python's sqlite3 returns them, in primary-key order."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = {}
        for table in tables:
            cur = con.execute(f'SELECT * FROM "{table}" ORDER BY "{PRIMARY_KEYS[table]}"')
            columns = [d[0] for d in cur.description]
            rows[table] = [dict(zip(columns, row, strict=True)) for row in cur]
        return rows
    finally:
        con.close()


def table_names(db: Path) -> set[str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def typed(value: Any) -> tuple[str, Any]:
    """A value with its type: 1 and 1.0 and '1' are different values here."""
    return type(value).__name__, value


def differences(expected: Rows, found: Rows, found_tables: set[str]) -> list[str]:
    """Every old row, column and value that is not in `found` exactly as it was."""
    problems = []
    for table, rows in expected.items():
        if table not in found_tables:
            problems.append(f"table {table} is gone ({len(rows)} rows)")
            continue
        pk = PRIMARY_KEYS[table]
        by_key = {row[pk]: row for row in found[table]}
        old_columns = list(rows[0]) if rows else []
        new_columns = set(found[table][0]) if found[table] else set()
        for column in old_columns:
            if found[table] and column not in new_columns:
                problems.append(f"column {table}.{column} is gone (dropped or renamed)")
        for row in rows:
            now = by_key.get(row[pk])
            if now is None:
                problems.append(f"{table} row {pk}={row[pk]!r} is gone: {row}")
                continue
            for column, value in row.items():
                if column in now and typed(now[column]) != typed(value):
                    problems.append(
                        f"{table} {pk}={row[pk]!r} {column}: was {value!r} "
                        f"({type(value).__name__}), now {now[column]!r} "
                        f"({type(now[column]).__name__})"
                    )
    return problems


def assert_same(expected: Rows, db: Path) -> None:
    tables = table_names(db)
    found = read_rows(db, [t for t in expected if t in tables])
    problems = differences(expected, found, tables)
    assert not problems, f"{len(problems)} old values lost or changed:\n" + "\n".join(problems)


@pytest.fixture
def upgraded(tmp_path, cli) -> Path:
    """A copy of the 0.1.0 database, opened once by this nasales (which migrates it)."""
    copy = tmp_path / "upgrade" / "nasales.db"
    copy.parent.mkdir()
    shutil.copyfile(FIXTURE / "nasales.db", copy)
    result = cli(["--db", str(copy), "today", "--on", DAY, "--format", "json"])
    calls = json.loads(result.stdout)
    names = {a["name"] for a in expected_rows()["account"]}
    assert calls, "the 0.1.0 book has calls due on its last day"
    assert {call["account"] for call in calls} <= names
    return copy


def test_the_fixture_and_rows_json_agree():
    """rows.json is exactly the fixture database: no table, column or row more or less."""
    db = FIXTURE / "nasales.db"
    expected = expected_rows()
    assert table_names(db) == set(expected) == set(PRIMARY_KEYS)
    assert read_rows(db, expected) == expected
    assert_same(expected, db)  # and, typed, the comparison the upgrade test makes
    assert all(expected.values()), "every table holds rows"


def test_every_row_and_value_of_release_0_1_0_survives_the_upgrade(upgraded):
    assert_same(expected_rows(), upgraded)


def test_a_changed_value_is_reported(upgraded):
    """The comparison is not vacuous: a changed value, type or a lost row is named."""
    expected = expected_rows()
    con = sqlite3.connect(upgraded)
    with con:
        con.execute("UPDATE orders SET value = 1054.0 WHERE value = 1054.5")
        con.execute("UPDATE contact SET is_primary = 'true' WHERE is_primary = 1 AND id = 1")
        con.execute("DELETE FROM snooze WHERE key = 'hurdle:1'")
    con.close()
    found = read_rows(upgraded, expected)
    problems = differences(expected, found, table_names(upgraded))
    assert any("orders id=2 value: was 1054.5" in p for p in problems), problems
    assert any("contact id=1 is_primary: was 1 (int), now 'true' (str)" in p for p in problems)
    assert any("snooze row key='hurdle:1' is gone" in p for p in problems), problems
    with pytest.raises(AssertionError, match="old values lost or changed"):
        assert_same(expected, upgraded)


# -- export: what the upgraded book gives back ------------------------------------------------


def identities(kind: str, rows: Rows) -> Counter:
    """What names each record of `kind` in an export, from the 0.1.0 rows."""
    account = {a["id"]: a["name"] for a in rows["account"]}
    order = {o["id"]: o["ref"] for o in rows["orders"]}
    contact = {c["id"]: c["name"] for c in rows["contact"]}
    if kind == "accounts":
        keys = [(a["name"],) for a in rows["account"]]
    elif kind == "contacts":
        keys = [(account[c["account_id"]], c["name"]) for c in rows["contact"]]
    elif kind == "orders":
        keys = [(o["ref"], account[o["account_id"]]) for o in rows["orders"]]
    elif kind == "touchpoints":
        keys = [
            (
                account[t["account_id"]],
                t["kind"],
                t["date"],
                order.get(t["order_id"]),
                contact.get(t["contact_id"]),
            )
            for t in rows["touchpoint"]
        ]
    elif kind == "hurdles":
        keys = [(order[h["order_id"]], h["description"], h["raised_on"]) for h in rows["hurdle"]]
    else:
        keys = [
            (account[r["account_id"]], order.get(r["order_id"]), r["text"], r["due"])
            for r in rows["reminder"]
        ]
    return Counter(keys)


FIELDS = {
    "accounts": ("name",),
    "contacts": ("account", "name"),
    "orders": ("ref", "account"),
    "touchpoints": ("account", "kind", "date", "order", "contact"),
    "hurdles": ("order", "description", "raised_on"),
    "reminders": ("account", "order", "text", "due"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_export_of_the_upgraded_book_names_every_record(kind, upgraded, cli):
    expected = identities(kind, expected_rows())
    fields = FIELDS[kind]

    records = json.loads(cli(["--db", str(upgraded), "export", kind, "--format", "json"]).stdout)
    assert Counter(tuple(rec[f] for f in fields) for rec in records) == expected

    text = cli(["--db", str(upgraded), "export", kind]).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    from_csv = Counter(tuple(unguard(row[f]) for f in fields) for row in rows)
    assert from_csv == Counter({tuple(v or "" for v in k): n for k, n in expected.items()})


def test_export_of_the_upgraded_book_keeps_the_awkward_values(upgraded, cli):
    def export(kind: str) -> list[dict[str, Any]]:
        out = cli(["--db", str(upgraded), "export", kind, "--format", "json"]).stdout
        return json.loads(out)  # type: ignore[no-any-return]

    accounts = {a["name"]: a for a in export("accounts")}
    assert {"Zoë Bakkerij", "Ærø Færgeri ApS", "東京 Trading", "[/x] Markup & Co"} <= set(accounts)
    assert accounts["東京 Trading"]["clv"] == 1054.5
    assert accounts["fine Foods"]["clv"] == 0
    assert accounts["Bare Account"]["clv"] is None
    # stored with CRLF by 0.1.0's import; exported normalised, as every path in reads it
    assert accounts["Bakkerij Jansen"]["notes"] == "Pays late; always\ncall before noon"
    assert accounts["=SUM(A1) Holding"]["notes"] == "@formula guarded"
    contacts = {(c["account"], c["name"]): c for c in export("contacts")}
    sanne = contacts["Van Dijk Machinebouw", "Sanne van Dijk"]
    assert (sanne["phone"], sanne["primary"], sanne["do_not_call"]) == (
        "+31 6 1234 5678",
        True,
        False,
    )
    tom = contacts["[/x] Markup & Co", "[/x] Tom [bold]"]
    assert (tom["primary"], tom["do_not_call"]) == (False, True)
    assert not any(c["name"] == "Piet Privé" for c in contacts.values())  # forgotten in 0.1.0
    orders = {o["ref"]: o for o in export("orders")}
    assert orders["TK-東京-7"]["value"] == 98765432.1
    assert orders["N00004"]["competitor"] == "Концерн Север"
    assert orders["[/x]7"]["value"] is None
    notes = {t["note"] for t in export("touchpoints")}
    assert 'Line 1: tour\nLine 2: coffee, "good"; next step agreed' in notes
    assert "Zoë: “prima” 👍" in notes
    texts = {r["text"] for r in export("reminders")}
    assert "Send [erased] the brochure" in texts
