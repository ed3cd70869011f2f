"""Hostile and odd input: no traceback, no half-written change, text printed literally."""

import csv
import json
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nasales.cli import app
from nasales.domain.text import clean_text
from snapshot import snapshot

ANY_TEXT = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40
)  # no NUL in argv
SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def nasales(db, *args):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)


def clean_outcome(result, db, before) -> None:  # type: ignore[no-untyped-def]
    """Success, or one line on stderr (exit 1) / a usage error (exit 2) with nothing written."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    assert result.exit_code in (0, 1, 2), text
    if result.exit_code == 1:
        assert result.stderr.startswith("nasales: ") and result.stderr.count("\n") == 1
    if result.exit_code != 0:
        assert snapshot(db) == before


@pytest.fixture
def klant_db(tmp_path):
    """The path of a database holding Klant, its order O-1 and its contact Jan de Vries."""
    path = tmp_path / "hostile.db"
    nasales(path, "account", "add", "Klant")
    nasales(path, "order", "won", "Klant", "Oven", "--ref", "O-1", "--on", "2026-01-05")
    nasales(path, "contact", "add", "Klant", "Jan de Vries")
    return path


# what a salesperson may type, and what it means
DAYS = {"2026-01-06": "2026-01-06", "06-01-2026": "2026-01-06", "7/1/2026": "2026-01-07"}
KINDS = {"call": "call", "CALL": "call", "bel": "call", "Visit": "visit", "e-mail": "email"}
KINDS |= {"notitie": "note", "akkoord": "agreement", "overleg": "meeting"}
MOODS = {"": None, "doubt": "doubt", "Twijfel": "doubt", "positief": "positive"}


@SETTINGS
@given(
    when=st.sampled_from(list(DAYS)) | ANY_TEXT,
    mood=st.sampled_from([*MOODS, "Happy"]),
    kind=st.sampled_from(list(KINDS)) | ANY_TEXT,
)
@example(when="31-02-2026", mood="", kind="call")
@example(when="2026-13-01", mood="doubt", kind="CALL")
@example(when="٢٠٢٦-٠١-٠٥", mood="", kind="call")
@example(when="06-01-2026", mood="Twijfel", kind="bel")
@example(when="2026-01-06", mood="", kind="akkoord")
def test_any_date_kind_or_mood_logs_whole_or_not_at_all(klant_db, when, mood, kind):
    before = snapshot(klant_db)
    args = ["log", "Klant", kind, "--on", when, "--order", "O-1", "--contact", "jan de vries"]
    result = nasales(klant_db, *args, *(["--mood", mood] if mood else []))
    clean_outcome(result, klant_db, before)
    after = snapshot(klant_db)
    if result.exit_code == 0:  # one touchpoint more, as typed; nothing else changed
        new = [row for row in after["touchpoint"] if row not in before["touchpoint"]]
        assert len(after["touchpoint"]) == len(before["touchpoint"]) + 1 and len(new) == 1
        _id, account, kind_, day, order, contact, note, mood_, _by, *captured = new[0]
        assert captured == [None, None, None, None]  # typed: not from a capture
        assert (account, order, contact, note) == (1, 1, 1, "")
        if when in DAYS and kind in KINDS and mood in MOODS:
            assert (kind_, day, mood_) == (KINDS[kind], DAYS[when], MOODS[mood])
        assert {t: r for t, r in after.items() if t != "touchpoint"} == {
            t: r for t, r in before.items() if t != "touchpoint"
        }
    elif when in DAYS and kind in KINDS:
        # the only ways a known date and kind can fail: an unknown mood, or doubt on an
        # agreement (it dissolves doubt: log that as a call)
        assert mood == "Happy" or (
            KINDS[kind] == "agreement" and MOODS.get(mood) in ("doubt", "negative")
        )
    clean_outcome(nasales(klant_db, "today", "--on", when, "--format", "json"), klant_db, after)


@SETTINGS
@given(account=ANY_TEXT, person=ANY_TEXT, email=ANY_TEXT)
@example(account="[/x] Bouw", person="[bold]Jan[/bold]", email="=HYPERLINK(1)")
@example(account="  ", person="Ærø Ölmühle", email="x@y")
@example(account="klant", person="Jan de Vries", email="")
def test_any_names_are_stored_as_typed_or_refused_cleanly(klant_db, account, person, email):
    before = snapshot(klant_db)
    added = nasales(klant_db, "account", "add", "--", account)
    clean_outcome(added, klant_db, before)
    before = snapshot(klant_db)
    contact = nasales(klant_db, "contact", "add", "--email", email, "--", account, person)
    clean_outcome(contact, klant_db, before)
    if contact.exit_code == 0:
        shown = nasales(
            klant_db, "contact", "export", "--account", account, "--format", "json", "--", person
        )
        assert shown.exit_code == 0, shown.stderr
        held = json.loads(shown.stdout)["contacts"]
        # stored as one line, Unicode-normalised (NFKC): as a person means it
        expected = (clean_text(person), clean_text(email) or None)  # one normalisation
        assert expected in [(c["name"], c["email"]) for c in held]
        page = nasales(klant_db, "show", "--", account)
        assert page.exit_code == 0
        assert clean_text(person) in page.stdout


ROW = st.fixed_dictionaries(
    {
        "account": st.sampled_from(["Klant", "klant", "Nieuw BV", ""]) | ANY_TEXT,
        "kind": st.sampled_from(["call", "Visit", "agreement", "fax"]),
        "date": st.sampled_from(["2026-01-06", "06-01-2026", "31-02-2026", ""]) | ANY_TEXT,
        "order": st.sampled_from(["", "O-1", "O-404"]),
        "note": ANY_TEXT,
    }
)


@SETTINGS
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_any_csv_rows_import_whole_or_not_at_all(klant_db, tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("csv") / "touchpoints.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = snapshot(klant_db)
    result = nasales(klant_db, "import", "touchpoints", str(path))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:  # every invalid row listed, then one summary line; nothing written
        assert result.stderr.splitlines()[-1].startswith("nasales: ")
        assert snapshot(klant_db) == before
    else:
        assert set(before) <= set(snapshot(klant_db))  # added to, never lost from


def test_markup_in_names_prints_literally(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    cli("account add '[/x] Bouw'")
    cli("account add '[bold red]Klant[/]'")
    cli("contact add '[/x] bouw' '[link=https://x.example]Jan[/link]' --primary")
    cli("order won '[/x] Bouw' Kraan --ref O-1 --on 2026-01-05")
    cli("order won '[bold red]Klant[/]' Oven --ref O-2 --on 2026-01-05")
    for fmt in ("table", "plain"):
        out = cli(f"today --on 2026-01-07 --format {fmt}").stdout
        assert "[/x] Bouw" in out
        assert "[bold red]Klant[/]" in out
        assert "[link=https://x.example]Jan[/link]" in out
    assert "[/x] Bouw" in cli("show '[/x] Bouw'").stdout
    assert (
        "[link=https://x.example]Jan[/link]"
        in cli("contact export '[link=https://x.example]Jan[/link]'").stdout
    )


NAME, PERSON = "Café Ölmühle", "Jürgen Ærø"


@pytest.fixture
def foreign(cli, isolated):
    cli(f"account add '{NAME}'")
    cli(f"contact add '{NAME}' '{PERSON}' --primary --phone '+49 30 1234567'")
    cli(f"order won '{NAME}' 'Kühlraum' --ref Ö-1 --on 2026-01-05")
    return isolated


def _run(args, env):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "nasales", *args], capture_output=True, env=env, timeout=60
    )


def test_non_ascii_names_under_an_ascii_console(foreign):
    env = {"NASALES_DB": str(foreign), "PYTHONIOENCODING": "ascii", "COLUMNS": "200"}
    result = _run(["today", "--on", "2026-01-07", "--format", "table"], env)
    assert (result.returncode, result.stderr) == (0, b"")
    out = result.stdout.decode("ascii")  # nothing but ASCII reached the console, in boxes
    assert "Caf? ?lm?hle" in out
    assert "J?rgen ?r?" in out
    conn = sqlite3.connect(foreign)
    assert conn.execute("SELECT name FROM contact").fetchall() == [(PERSON,)]
    conn.close()


def test_a_bare_cron_environment_gets_plain_output(foreign):
    result = _run(["today", "--on", "2026-01-07"], {"NASALES_DB": str(foreign)})  # env -i
    assert (result.returncode, result.stderr) == (0, b"")
    out = result.stdout.decode("utf-8", errors="replace")
    assert out.count("\n") == 1  # one line per call
    assert "confirm the choice [confirm:Ö-1]: " in out
    assert f"{NAME} · {PERSON}" in out  # a bare cron still speaks UTF-8 (PEP 538)
    assert "\x1b" not in out and "│" not in out and "┃" not in out  # no colour, no boxes
    # argv that is not even valid UTF-8 is refused in one line
    bad = _run(
        ["log", "Caf\xe9".encode("latin-1").decode("utf-8", "surrogateescape"), "call"],
        {"NASALES_DB": str(foreign)},
    )
    assert bad.returncode == 1
    assert bad.stderr.count(b"\n") == 1 and b"Traceback" not in bad.stderr
