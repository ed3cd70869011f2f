"""GDPR: show everything held on a person, erase them from the very bytes of the files."""

import json
import os
import sqlite3
import stat

import pytest

import realproc as rp
from snapshot import snapshot

EMAIL = "jan.forgetme@example.nl"


@pytest.fixture
def jan_de_vries_db(cli, isolated):
    """The path of a database holding Jan de Vries at Bakkerij Jansen, a colleague, and a
    namesake at another company."""
    cli("account add 'Bakkerij Jansen' --owner Piet")
    cli("account add 'Van Dam Bouw' --owner Piet")
    cli(f"contact add 'Bakkerij Jansen' 'Jan de Vries' --email {EMAIL} --phone '+31 6 1234 5678'")
    cli("contact add 'Bakkerij Jansen' 'Marie Bakker' --email marie@example.nl --primary")
    cli("contact add 'Van Dam Bouw' 'Jan de Vries' --email jdv@vandam.nl")
    cli(f"order won 'Bakkerij Jansen' 'Oven, contact {EMAIL}' --ref O-1 --on 2026-01-05")
    cli("order won 'Van Dam Bouw' 'Kraan' --ref O-2 --on 2026-01-05")
    log = "log 'Bakkerij Jansen' call --on 2026-01-06"
    cli(f"{log} --contact 'jan de vries' --note 'twijfelt over de prijs' --mood doubt")
    cli(f"{log} --note 'Jan  de VRIES wil een demo'")  # names him, not linked
    cli(f"{log} --contact 'Marie Bakker' --note 'Marie akkoord met planning'")
    cli(f"log 'Van Dam Bouw' email --on 2026-01-06 --note 'per ongeluk {EMAIL.upper()} gemaild'")
    cli("log 'Van Dam Bouw' call --on 2026-01-06 --contact 'Jan de Vries' --note 'Jan de Vries ok'")
    cli("remind 'Bakkerij Jansen' 'bel Jan de Vries terug over de oven' --due 2026-01-09")
    cli("hurdle add O-1 'onderdeel te laat, +31 (6) 1234-5678 gebeld' --on 2026-01-07")
    conn = sqlite3.connect(isolated)
    with conn:
        conn.execute("UPDATE account SET notes = 'Beslisser: Jan de Vries' WHERE id = 1")
    conn.close()
    return isolated


def test_export_shows_everything_held_on_the_person(cli, jan_de_vries_db):
    held = json.loads(cli(f"contact export {EMAIL} --format json").stdout)
    assert held["contacts"] == [
        {
            "account": "Bakkerij Jansen",
            "name": "Jan de Vries",
            "role": None,
            "phone": "+31 6 1234 5678",
            "email": EMAIL,
            "primary": False,
            "do_not_call": False,
        }
    ]
    notes = [(t["account"], t["note"], t["with_them"]) for t in held["touchpoints"]]
    assert notes == [
        ("Bakkerij Jansen", "twijfelt over de prijs", True),
        ("Bakkerij Jansen", "Jan  de VRIES wil een demo", False),
        ("Van Dam Bouw", f"per ongeluk {EMAIL.upper()} gemaild", False),  # the address, anywhere
    ]
    assert [p["text"] for p in held["promises"]] == ["bel Jan de Vries terug over de oven"]
    assert [h["order"] for h in held["hurdles"]] == ["O-1"]  # his phone number, other format
    assert [o["ref"] for o in held["orders"]] == ["O-1"]
    assert held["account_notes"] == [
        {"account": "Bakkerij Jansen", "notes": "Beslisser: Jan de Vries"}
    ]
    plain = cli("contact export 'JAN DE VRIES' --account 'bakkerij jansen'").stdout
    assert f"email: {EMAIL}" in plain
    assert "Marie" not in plain
    both = cli("contact export 'Jan de Vries'").stdout  # a name matches the namesake too
    assert "Contact Jan de Vries at Van Dam Bouw" in both


def _files(db):
    return {s: db.with_name(db.name + s) for s in ("", "-wal", "-shm")}


def _raw(db) -> bytes:
    return b"".join(p.read_bytes() for p in _files(db).values() if p.exists())


def test_forget_erases_the_person_from_the_database_files(cli, jan_de_vries_db):
    idle = sqlite3.connect(jan_de_vries_db)  # another user of the file keeps the WAL around
    idle.execute("SELECT count(*) FROM account").fetchall()
    secrets = [EMAIL.encode(), b"1234 5678", b"vries wil een demo", b"bel jan de vries"]
    raw = _raw(jan_de_vries_db).lower()
    assert all(s.lower() in raw for s in secrets)  # the check below can see them
    touchpoints = rp.query(jan_de_vries_db, "SELECT count(*) FROM touchpoint")
    result = cli(f"contact forget {EMAIL} --yes")
    assert result.stdout.startswith("erased 1 contact record(s); unlinked 1 touchpoint(s); ")
    assert EMAIL not in result.stdout + result.stderr
    assert _files(jan_de_vries_db)["-wal"].exists()
    raw = _raw(jan_de_vries_db).lower()
    assert [s for s in secrets if s.lower() in raw] == []
    idle.close()
    assert (
        rp.query(jan_de_vries_db, "SELECT count(*) FROM touchpoint") == touchpoints
    )  # business kept
    # a note of a talk with him that does not name him stays, no longer linked to anyone
    assert rp.query(
        jan_de_vries_db, "SELECT contact_id FROM touchpoint WHERE note LIKE 'twijfelt%'"
    ) == [(None,)]
    # notes on no one, or on someone else, lose only the mention: the rest is business
    assert rp.query(
        jan_de_vries_db, "SELECT note FROM touchpoint WHERE contact_id IS NULL ORDER BY id"
    ) == [
        ("twijfelt over de prijs",),
        ("[erased] wil een demo",),
        ("per ongeluk [erased] gemaild",),
    ]
    assert rp.query(jan_de_vries_db, "SELECT text FROM reminder") == [
        ("bel [erased] terug over de oven",)
    ]
    assert rp.query(jan_de_vries_db, "SELECT description FROM hurdle") == [
        ("onderdeel te laat, [erased] gebeld",)
    ]
    assert rp.query(jan_de_vries_db, "SELECT notes FROM account WHERE id = 1") == [
        ("Beslisser: [erased]",)
    ]
    assert rp.query(jan_de_vries_db, "SELECT title FROM orders WHERE ref = 'O-1'") == [
        ("Oven, contact [erased]",)
    ]
    # the colleague and the namesake elsewhere are untouched
    assert "Marie akkoord" in cli("show 'Bakkerij Jansen' --on 2026-01-31").stdout
    assert "Jan de Vries ok" in cli("show 'Van Dam Bouw' --on 2026-01-31").stdout
    gone = cli(f"contact export {EMAIL}", ok=False)
    assert gone.exit_code == 1
    assert EMAIL not in gone.stderr
    assert rp.integrity(jan_de_vries_db) == "ok"


def test_forget_without_yes_and_without_a_terminal_refuses(cli, jan_de_vries_db):
    before = snapshot(jan_de_vries_db)
    result = cli("contact forget 'Jan de Vries' --account 'Bakkerij Jansen'", ok=False)
    assert result.exit_code == 1
    assert result.stderr == "nasales: not erasing without --yes: there is no terminal to ask on\n"
    assert snapshot(jan_de_vries_db) == before


def test_forget_asks_on_a_terminal(jan_de_vries_db):
    args = ["contact", "forget", EMAIL]
    code, seen = rp.on_a_terminal(jan_de_vries_db, args, b"[y/N]: ", [b"n\n"])
    assert (code, "nothing erased" in seen) == (1, True)
    assert "This erases Jan de Vries at Bakkerij Jansen" in seen
    assert rp.query(jan_de_vries_db, "SELECT count(*) FROM contact") == [(3,)]
    code, seen = rp.on_a_terminal(jan_de_vries_db, args, b"[y/N]: ", [b"y\n"])
    assert code == 0, seen
    assert "erased 1 contact record(s)" in seen
    assert rp.query(jan_de_vries_db, "SELECT count(*) FROM contact") == [(2,)]


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_directory_and_files_are_owner_only(cli, tmp_path, monkeypatch):
    db = tmp_path / "data" / "nasales" / "nasales.db"
    monkeypatch.setenv("NASALES_DB", str(db))
    old = os.umask(0o022)  # a permissive umask, as when nasales is used as a library
    try:
        cli("account add Klant")
        conn = sqlite3.connect(db)  # an open connection: -wal and -shm exist
        conn.execute("SELECT count(*) FROM account").fetchall()
        assert _mode(db.parent) == 0o700
        assert {s: _mode(p) for s, p in _files(db).items()} == dict.fromkeys(_files(db), 0o600)
        conn.close()
        cli(f"backup {tmp_path / 'copy.db'}")
        assert _mode(tmp_path / "copy.db") == 0o600
    finally:
        os.umask(old)


def test_a_database_error_is_one_line_without_the_data_it_was_writing(tmp_path):
    from nasales.cli import _describe

    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE contact (name UNIQUE, email)")
    conn.execute("INSERT INTO contact VALUES ('Jan', 'x')")
    with pytest.raises(sqlite3.IntegrityError) as caught:
        conn.execute("INSERT INTO contact VALUES (?, ?)", ("Jan", EMAIL))
    message = _describe(caught.value)
    assert EMAIL not in message and "\n" not in message  # no parameters in the message
    assert message == "IntegrityError: UNIQUE constraint failed: contact.name"
