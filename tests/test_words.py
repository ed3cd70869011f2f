"""Dutch you can type (PRODUCT.md §7, round 3): the words nasales prints are words it reads,
and dates read as a salesperson says them (`vrijdag`, `11-12`, `volgende week`)."""

import sqlite3
from datetime import date

import pytest

from nasales import i18n
from nasales.domain.vocabulary import DECISIONS, KINDS, MOODS, STATUSES, choice
from nasales.output.sentences import DECISIONS as DECISION_WORDS
from nasales.output.sentences import WORDS

NL = {"NASALES_LANG": "nl"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("allowed", "what"),
    [(KINDS, "kind"), (MOODS, "mood"), (STATUSES, "status"), (DECISIONS, "decision")],
)
def test_every_word_nasales_prints_for_a_code_is_read_back(lang, allowed, what):
    """`show` prints `telefoongesprek`, `nipte keuze`, `gewonnen`: typed back, in either
    language, they are the code they came from."""
    i18n.activate(lang)
    for code in allowed:
        printed = [i18n._(WORDS[code])]
        if what == "decision":
            printed.append(i18n._(DECISION_WORDS[code]))
        for word in printed:
            i18n.activate("en")  # read in the other language too
            assert choice(word, allowed, what) == code, word
            assert choice(word.upper(), allowed, what) == code, word
            i18n.activate(lang)


def test_log_takes_the_word_the_list_prints(cli, isolated):
    cli("account add Jansen")
    for word in ("telefoongesprek", "gesprek", "Telefoontje", "bespreking"):
        cli(["log", "Jansen", word, "--on", "2026-11-27"], env=NL)
    cli(["order", "won", "Jansen", "Oven", "--decision", "nipte keuze", "--on", "2026-11-20"])
    with sqlite3.connect(isolated) as conn:
        kinds = conn.execute("SELECT kind FROM touchpoint ORDER BY id").fetchall()
        decision = conn.execute("SELECT decision FROM orders").fetchall()
    assert kinds == [("call",), ("call",), ("call",), ("meeting",)]
    assert decision == [("narrow",)]
    shown = cli(["show", "Jansen", "--on", "2026-11-27"], env=NL).stdout
    assert "gewonnen 20-11-2026 · Oven · in de waarmaakfase · nipte keuze" in shown
    assert "27-11-2026 telefoongesprek" in shown


# -- dates ----------------------------------------------------------------------------------

FRIDAY = date(2026, 11, 27)


@pytest.fixture
def friday(monkeypatch):
    """The clock says Friday 27 November 2026 (options.today: the one seam to the clock)."""
    monkeypatch.setattr("nasales.cli.options.today", lambda: FRIDAY)


def stored(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_weekday_looks_back_for_what_happened_and_ahead_for_what_is_planned(
    cli, isolated, friday
):
    cli("account add Jansen")
    cli("log Jansen gebeld --on vrijdag", env=NL)  # the call was last Friday
    cli("log Jansen bezoek --on 26-11", env=NL)  # yesterday, this year
    cli("remind Jansen 'Offerte nabellen' --due vrijdag", env=NL)  # next Friday
    cli("remind Jansen 'Jaargesprek plannen' --due 'volgende week'", env=NL)
    cli("remind Jansen 'Bellen over de kraan' --due 11-12", env=NL)
    assert stored(isolated, "SELECT kind, date FROM touchpoint ORDER BY id") == [
        ("call", "2026-11-20"),
        ("visit", "2026-11-26"),
    ]
    assert stored(isolated, "SELECT due FROM reminder ORDER BY id") == [
        ("2026-12-04",),
        ("2026-11-30",),
        ("2026-12-11",),
    ]
    shown = cli("today --on vandaag -f plain", env=NL).stdout
    assert shown == "Bellijst voor 27-11-2026: niemand te bellen.\n"


def test_relative_dates_follow_the_commands_own_day(cli, isolated, friday):
    """`proposal add --on 20-11-2026 --answer-by dinsdag`: the Tuesday after it was sent."""
    cli("account add Jansen")
    cli("order won Jansen Oven --ref O-1 --on 2026-11-16")
    cli("proposal add O-1 Opstartvoorstel --on 20-11-2026 --answer-by dinsdag", env=NL)
    cli("proposal add O-1 Planning --on '3 dagen geleden' --answer-by 'over 2 dagen'")
    assert stored(isolated, "SELECT sent_on, answer_by FROM proposal ORDER BY id") == [
        ("2026-11-20", "2026-11-24"),
        ("2026-11-24", "2026-11-26"),
    ]


def test_a_date_without_a_year_that_does_not_exist_is_one_line(cli, isolated, friday):
    cli("account add Jansen")
    refused = cli("log Jansen bel --on 31-11", ok=False, env=NL)
    assert refused.exit_code == 1
    assert refused.stderr == "nasales: ongeldige datum '31-11': die dag bestaat niet\n"
