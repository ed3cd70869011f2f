"""Names as a person reads them: invisible characters never make a
second `Acme`, are never echoed to the terminal (bidi controls), and a name never looks
like an item key, whichever way it comes in."""

import json
import sqlite3

import pytest

import realproc as rp
from snapshot import snapshot

# Format characters (Unicode Cf): zero-width space, non-joiner, joiner, word joiner, BOM,
# soft hyphen, left-to-right mark, right-to-left override, isolates, Arabic letter mark.
INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u200e",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u061c",
]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_never_makes_a_twin(cli, isolated, char):
    cli("account add Acme --owner Eva")
    before = snapshot(isolated)
    result = cli(["account", "add", f"Ac{char}me"], ok=False)
    assert (result.exit_code, result.stderr) == (1, "nasales: account 'Acme' exists already\n")
    assert snapshot(isolated) == before
    cli(["order", "won", f"{char}Acme", "Press", "--ref", "P-1", "--on", "2026-11-02"])
    assert "P-1" in cli("show Acme --on 2026-11-03").stdout


@pytest.mark.parametrize("char", INVISIBLE)
def test_every_name_is_stored_without_them(cli, isolated, char):
    cli(["account", "add", f"Bouw{char} BV", "--owner", f"E{char}va"])
    cli(["contact", "add", "Bouw BV", f"Jan{char} de Vries"])
    cli(["team", "add", "Bouw BV", f"Pi{char}et"])
    cli(["log", "Bouw BV", "call", "--on", "2026-11-02", "--by", f"Pi{char}et"])
    raw = rp.query(
        isolated,
        "SELECT a.name || a.owner || c.name || t.person || p.made_by FROM account a "
        "JOIN contact c ON c.account_id = a.id JOIN team_member t ON t.account_id = a.id "
        "JOIN touchpoint p ON p.account_id = a.id",
    )
    assert raw == [("Bouw BVEvaJan de VriesPietPiet",)]


def test_an_import_reads_names_as_the_command_line_does(cli, isolated, tmp_path):
    cli("account add Acme --owner Eva")
    path = tmp_path / "accounts.csv"
    path.write_text("name,owner\nAc\u200bme,Eva\n\ufeffBeta\u00ad BV,Piet\n", encoding="utf-8")
    cli(f"import accounts {path}")
    assert rp.query(isolated, "SELECT name FROM account ORDER BY id") == [("Acme",), ("Beta BV",)]


def _legacy(db, sql: str, *params) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(sql, params)
    conn.close()


def test_bidi_controls_stored_earlier_are_never_echoed(cli, isolated):
    cli("account add Acme --owner Eva")
    cli("order won Acme Press --ref P-1 --on 2026-11-02")
    evil = "".join(BIDI) + "\u202eevil"
    _legacy(isolated, "UPDATE account SET notes = ?, owner = ?", evil, f"Eva{evil}")
    _legacy(isolated, "UPDATE orders SET title = ?", f"Press {evil}")
    outputs = [
        cli(["today", "--on", "2026-11-03", "--format", fmt]).stdout for fmt in ("plain", "table")
    ]
    outputs.append(cli("show Acme --on 2026-11-03").stdout)
    outputs.append(cli("agenda --on 2026-11-03 --format table", env={"COLUMNS": "150"}).stdout)
    outputs.append(cli(["show", f"\u202eAcme{evil}"], ok=False).stderr)
    for out in outputs:
        assert "evil" in out
        assert not any(char in out for char in BIDI), out
    data = json.loads(cli("today --on 2026-11-03 --format json").stdout)
    assert evil in data[0]["why"]  # data for scripts stays as stored


def test_the_upgrade_cleans_stored_names_and_keeps_twins_apart(cli, isolated):
    cli("account add Acme --owner Eva")
    cli("order won Acme Press --ref P-1 --on 2026-11-02")
    conn = sqlite3.connect(isolated)
    with conn:  # written by an earlier nasales, which kept invisible characters
        conn.execute("DELETE FROM schema_migration WHERE name LIKE 'm003%'")
        for name in ("Ac\u200bme", "Be\u00adta"):
            conn.execute(
                "INSERT INTO account (name, name_key, owner, notes) VALUES (?, ?, ?, '')",
                (name, name.casefold(), "Pi\u200bet"),
            )
        conn.execute(
            "INSERT INTO orders (ref, account_id, title, status, signed_on) "
            "VALUES ('T-1', 2, 'Twin', 'lost', '2026-01-05')"
        )
        conn.execute("INSERT INTO contact (account_id, name) VALUES (1, 'Jan'), (1, 'J\u200ban')")
        conn.execute(
            "INSERT INTO snooze (key, until) VALUES ('relationship:Be\u00adta', '2027-01-01')"
        )
    conn.close()
    cli("account add Gamma")  # the next command upgrades the database
    accounts = rp.query(isolated, "SELECT name, name_key, owner FROM account ORDER BY id")
    assert accounts == [
        ("Acme", "acme", "Eva"),
        ("Acme (2)", "acme (2)", "Piet"),  # not merged with Acme, and shown apart
        ("Beta", "beta", "Piet"),
        ("Gamma", "gamma", None),
    ]
    assert rp.query(isolated, "SELECT name FROM contact ORDER BY id") == [("Jan",), ("Jan (2)",)]
    assert rp.query(isolated, "SELECT key FROM snooze") == [("relationship:Beta",)]
    assert "T-1" in cli("show 'Acme (2)' --on 2026-11-03").stdout
    assert "P-1" in cli("show Acme --on 2026-11-03").stdout
    assert list(isolated.parent.glob("nasales.db.before-m003*"))  # the copy before the upgrade


# -- names shaped like item keys (21.11) --------------------------------------------------

KEY_SHAPED = [
    "manual:1",
    "Manual:1",
    "manual : 1",
    "toezegging:1",
    "TOEZEGGING:4",
    "relationship:Acme",
    "relatie:Acme",
    "confirm:P-1",
    "bevestigen:P-1",
    "hurdle:x",
    "probleem:1",
    "post_delivery:Q",
    "nalevering:Q",
    "verloren:Q",
    "lost_followup:Q",
    "voorstel:2",
    "proposal:2",
    "agreement:P-1",
    "instemming:P-1",
    "manual\uff1a1",  # a full-width colon, which the name's normalisation makes ':'
    "man\u200bual:1",  # an invisible character in the prefix
]


@pytest.mark.parametrize("name", KEY_SHAPED)
def test_a_name_shaped_like_a_key_is_refused(cli, isolated, name):
    cli("account add Acme")
    before = snapshot(isolated)
    result = cli(["account", "add", name], ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("nasales: an account cannot be called ")
    assert "that is how nasales done names an item on the list" in result.stderr
    assert snapshot(isolated) == before


@pytest.mark.parametrize("name", ["manual:3", "relatie:Beta"])
@pytest.mark.parametrize("kind", ["accounts", "orders", "contacts", "touchpoints"])
def test_an_import_refuses_a_key_shaped_account(cli, isolated, tmp_path, name, kind):
    cli("account add Acme")
    rows = {
        "accounts": f"name\n{name}\n",
        "orders": f"account,title,status,signed_on\n{name},Press,won,2026-11-02\n",
        "contacts": f"account,name\n{name},Jan\n",
        "touchpoints": f"account,kind,date\n{name},call,2026-11-02\n",
    }
    path = tmp_path / f"{kind}.csv"
    path.write_text(rows[kind], encoding="utf-8")
    before = snapshot(isolated)
    result = cli(f"import {kind} {path}", ok=False)
    assert result.exit_code == 1
    assert f"line 2: an account cannot be called '{name}'" in result.stdout + result.stderr
    assert snapshot(isolated) == before


@pytest.mark.parametrize("name", ["Ratio: 1", "manual:", "Bakkerij: Jansen", "Re:Act BV"])
def test_a_colon_alone_is_fine(cli, name):
    cli(["account", "add", name])


def test_done_with_a_key_is_never_an_account(cli):
    cli("account add Acme")
    cli("remind Acme 'Bel terug' --due 2026-11-03")
    assert "manual:1" in cli("done manual:1 --on 2026-11-03").stdout
