"""Amounts are stored as meant (PRODUCT.md §7, round 3): typed in the language in force,
imported by the file's own decimal mark, never a thousandth of themselves, and confirmed as
stored so that a misreading shows at once."""

import sqlite3
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nasales import i18n
from nasales.domain.values import amount
from nasales.errors import Invalid
from snapshot import snapshot

DAY = "2026-11-20"


def typed(text: str, lang: str) -> float | None:
    i18n.activate(lang)
    return amount(text, "value")


def stored(db, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


# -- typed on the command line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("185.000", "nl", 185_000),
        ("185.000,00", "nl", 185_000),
        ("185.000,50", "nl", 185_000.5),
        ("185000,50", "nl", 185_000.5),
        ("€ 185.000", "nl", 185_000),
        ("€185.000,50", "nl", 185_000.5),
        ("€ 185.000,-", "nl", 185_000),  # whole euros, as a Dutch invoice writes them
        ("185 000", "nl", 185_000),
        ("185\u00a0000,50", "nl", 185_000.5),  # a no-break space groups, as Babel prints it
        ("1.234.567", "nl", 1_234_567),
        ("1,5", "nl", 1.5),
        ("0,125", "nl", 0.125),
        ("EUR 1.250", "nl", 1250),
        ("185000", "nl", 185_000),
        ("185,000", "en", 185_000),
        ("185,000.50", "en", 185_000.5),
        ("€185,000", "en", 185_000),
        ("1.5", "en", 1.5),
        ("185000", "en", 185_000),
        ("185 000.50", "en", 185_000.5),
        ("1e+16", "en", 1e16),  # what Python writes for a large float (and so export)
    ],
)
def test_an_amount_is_read_as_the_language_writes_it(text, lang, value):
    assert typed(text, lang) == value


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("185,000", "nl", "is dubbelzinnig: bedoelt u 185.000 of 185,00? Typ een van beide."),
        ("1,500", "nl", "is dubbelzinnig: bedoelt u 1.500 of 1,50?"),
        ("185.000", "en", "did you mean 185,000 or 185.00? type one of these"),
        ("1,5", "en", "amounts are written with a decimal point, e.g. 1.50"),
        ("12,50", "en", "amounts are written with a decimal point, e.g. 12.50"),
        ("185000.50", "nl", "schrijft u met een decimale komma, bijvoorbeeld 185.000,50"),
        ("185,000.50", "nl", "schrijft u met een decimale komma, bijvoorbeeld 185.000,50"),
        ("1.5", "nl", "schrijft u met een decimale komma, bijvoorbeeld 1,50"),
        ("1,2,3", "nl", "is geen getal"),
        ("1e5x", "en", "not a number"),
        ("NaN", "en", "not a number"),
        ("lots", "nl", "is geen getal"),
        ("-5", "en", "must be a finite amount of zero or more"),
    ],
)
def test_an_amount_that_could_be_misread_is_refused_saying_how_to_write_it(text, lang, message):
    with pytest.raises(Invalid) as refused:
        typed(text, lang)
    assert message in str(refused.value)


@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["nl", "en"]))
@example(185_000_00, "nl")
@example(105_450, "en")
def test_an_amount_as_nasales_prints_it_reads_back_the_same(cents, lang):
    """format(x) in either language parses back to x."""
    value = float(Decimal(cents) / 100)
    i18n.activate(lang)
    assert amount(i18n.money(value), "value") == value


@given(
    st.integers(min_value=1, max_value=999),
    st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=3),
    st.sampled_from(["nl", "en"]),
)
@example(185, [0], "nl")
@example(1, [250], "en")
def test_an_ambiguous_amount_is_never_stored_as_a_thousandth_of_itself(head, groups, lang):
    """`185.000`, `1.250`, `1.234.567`, typed with either mark in either language: read as
    the thousands it groups, or refused; never as 185 or 1,25."""
    meant = int(f"{head}{''.join(f'{g:03d}' for g in groups)}")
    for mark in ".,":
        text = mark.join([str(head), *(f"{g:03d}" for g in groups)])
        try:
            value = typed(text, lang)
        except Invalid:
            continue
        assert value == meant, (text, lang, value)


# -- through the commands: stored as meant, and confirmed as stored -----------------------


@pytest.mark.parametrize(
    ("typed_value", "shown", "value"),
    [
        ("185.000", "€ 185.000", 185_000),
        ("185.000,00", "€ 185.000", 185_000),
        ("€ 185.000", "€ 185.000", 185_000),
        ("185000,50", "€ 185.000,50", 185_000.5),
    ],
)
def test_order_won_in_dutch_stores_the_amount_as_typed_and_confirms_it(
    cli, isolated, typed_value, shown, value
):
    cli("account add 'Test BV'")
    won = cli(
        ["order", "won", "test bv", "Machine", "--value", typed_value, "--on", "20-11-2026"],
        env={"NASALES_LANG": "nl"},
    )
    assert won.stdout == "N00001\n"  # the ref alone: scripts read it
    assert won.stderr == f"gewonnen op 20-11-2026: Test BV, Machine, {shown}\n"
    assert stored(isolated, "SELECT value FROM orders") == [(value,)]


def test_the_tier_follows_the_amount_typed_in_dutch(cli):
    """A data loss once: `--value 185.000` stored 185, the tier fell from A to C."""
    nl = {"NASALES_LANG": "nl"}
    cli("account add 'Test BV'")
    cli(["order", "won", "Test BV", "Machine", "--value", "185.000", "--on", DAY], env=nl)
    shown = cli(["show", "Test BV", "--on", DAY], env=nl).stdout
    assert "A-klant (op basis van de gewonnen orderwaarde)" in shown
    assert "€ 185.000" in shown


def test_amounts_typed_in_english_and_confirmed(cli, isolated):
    cli("account add Acme")
    lost = cli(["order", "lost", "Acme", "Press", "--value", "185,000.50", "--on", DAY])
    assert lost.stderr == "lost on 2026-11-20: Acme, Press, €185,000.50\n"
    added = cli(["account", "add", "Bouw BV", "--clv", "1,250,000"])
    assert added.stdout == "added account Bouw BV, CLV €1,250,000\n"
    changed = cli(["account", "set", "Acme", "--clv", "€ 20,000"])
    assert changed.stdout == "changed Acme: owner –, tier derived, CLV €20,000\n"
    assert stored(isolated, "SELECT name, clv FROM account ORDER BY name") == [
        ("Acme", 20_000),
        ("Bouw BV", 1_250_000),
    ]


def test_account_clv_in_dutch(cli, isolated):
    nl = {"NASALES_LANG": "nl"}
    added = cli(["account", "add", "Test BV", "--clv", "1.250"], env=nl)
    assert added.stdout == "account Test BV toegevoegd, CLV € 1.250\n"
    cli(["account", "set", "Test BV", "--clv", "1.250.000,50"], env=nl)
    assert stored(isolated, "SELECT clv FROM account") == [(1_250_000.5,)]


@pytest.mark.parametrize(
    ("args", "lang", "line"),
    [
        (
            ["order", "won", "Acme", "Press", "--value", "1,5", "--on", DAY],
            "en",
            "nasales: bad value '1,5': amounts are written with a decimal point, e.g. 1.50\n",
        ),
        (
            ["order", "won", "Acme", "Press", "--value", "185,000", "--on", DAY],
            "nl",
            "nasales: orderwaarde '185,000' is dubbelzinnig: bedoelt u 185.000 of 185,00? "
            "Typ een van beide.\n",
        ),
        (
            ["account", "set", "Acme", "--clv", "12.50"],
            "nl",
            "nasales: CLV '12.50' is ongeldig: een bedrag schrijft u met een decimale komma, "
            "bijvoorbeeld 12,50\n",
        ),
    ],
)
def test_a_misreadable_amount_is_one_line_and_changes_nothing(cli, isolated, args, lang, line):
    cli("account add Acme")
    before = snapshot(isolated)
    refused = cli(args, ok=False, env={"NASALES_LANG": lang})
    assert refused.exit_code == 1
    assert refused.stderr == line and refused.stdout == ""
    assert snapshot(isolated) == before


# -- imported: each file by its own decimal mark -------------------------------------------


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_a_dutch_excel_export_imports_as_meant(cli, isolated, tmp_path):
    """Semicolons, Windows-1252, a decimal comma, dots grouping thousands, euro signs."""
    path = write(
        tmp_path,
        "orders.csv",
        "ref;account;title;value;status;signed_on\n"
        "O-1;Bakkerij Jansen;Oven;185.000,00;gewonnen;20-11-2026\n"
        "O-2;Meijer;Heftruck;1.234.567;gewonnen;20-11-2026\n"
        "O-3;Meijer;Kraan;185.000;gewonnen;20-11-2026\n"
        "O-4;Café Noord;Koffie;€ 1.054,50;verloren;21-11-2026\n",
        encoding="cp1252",
    )
    result = cli(["import", "orders", str(path)])
    assert result.stdout.splitlines() == [
        "orders: 4 rows read, imported 4 (4 new, 0 updated, 0 unchanged); 3 accounts created"
    ]
    assert stored(isolated, "SELECT ref, value FROM orders ORDER BY ref") == [
        ("O-1", 185_000),
        ("O-2", 1_234_567),
        ("O-3", 185_000),  # never 185: the file writes cents after a comma
        ("O-4", 1054.5),
    ]


def test_a_file_with_both_decimal_marks_is_refused_naming_the_lines(cli, isolated, tmp_path):
    path = write(
        tmp_path,
        "orders.csv",
        'ref,account,title,value,status,signed_on\nO-1,A,X,"1,5",won,2026-11-20\n'
        "O-2,B,Y,2.50,won,2026-11-20\nO-3,C,Z,3.75,won,2026-11-20\n",
    )
    cli("account add A")
    before = snapshot(isolated)
    refused = cli(["import", "orders", str(path)], ok=False)
    assert refused.exit_code == 1
    assert refused.stderr == (
        "nasales: this file writes amounts with a decimal comma (line 2: 1,5) and with a "
        "decimal point (line 3: 2.50, line 4: 3.75); correct the file, or choose with "
        "--decimal , or --decimal .\n"
    )
    assert snapshot(isolated) == before
    chosen = cli(["import", "orders", str(path), "--decimal", ".", "--skip-invalid"])
    assert chosen.stderr == (
        "line 2: bad value '1,5': amounts are written with a decimal point, e.g. 1.50\n"
    )
    assert stored(isolated, "SELECT ref, value FROM orders ORDER BY ref") == [
        ("O-2", 2.5),
        ("O-3", 3.75),
    ]


@pytest.mark.parametrize(
    ("lang", "value", "note"),
    [
        (
            "nl",
            185_000,
            "bedragen gelezen met een decimale komma, zoals in het Nederlands: regel 2: "
            "185.000 is € 185.000; klopt dat niet, importeer dan opnieuw met --decimal .",
        ),
        (
            "en",
            185,
            "amounts read with a decimal point, as in English: line 2: 185.000 is €185; if "
            "not, import again with --decimal ,",
        ),
    ],
)
def test_a_file_of_only_ambiguous_amounts_is_read_by_the_language_and_says_so(
    cli, isolated, tmp_path, lang, value, note
):
    path = write(
        tmp_path,
        "orders.csv",
        "ref;account;value;status;signed_on\nO-1;A;185.000;won;20-11-2026\n"
        "O-2;B;12.500;won;20-11-2026\nO-3;C;40000;won;20-11-2026\n",
    )
    result = cli(["import", "orders", str(path)], env={"NASALES_LANG": lang})
    assert result.stdout.splitlines()[-1] == note
    assert stored(isolated, "SELECT value FROM orders WHERE ref = 'O-1'") == [(value,)]
    again = cli(["import", "orders", str(path), "--decimal", ","], env={"NASALES_LANG": lang})
    assert len(again.stdout.splitlines()) == 1  # it was told: nothing to say
    assert stored(isolated, "SELECT value FROM orders ORDER BY ref") == [
        (185_000,),
        (12_500,),
        (40_000,),
    ]


def test_a_file_that_shows_its_mark_says_nothing_about_it(cli, tmp_path):
    path = write(
        tmp_path,
        "accounts.csv",
        'name,clv\nA,"185,000"\nB,12.50\nC,7\n',
    )
    result = cli(["import", "accounts", str(path)])
    assert result.stdout == ("accounts: 3 rows read, imported 3 (3 new, 0 updated, 0 unchanged)\n")


def test_decimal_takes_a_comma_or_a_point(cli, tmp_path):
    path = write(tmp_path, "accounts.csv", "name,clv\nA,7\n")
    for mark in (",", ".", "komma", "point"):
        assert cli(["import", "accounts", str(path), "--decimal", mark]).exit_code == 0
    refused = cli(["import", "accounts", str(path), "--decimal", "x"], ok=False)
    assert refused.exit_code == 2
    assert refused.stderr.startswith("nasales: invalid value for '--decimal': 'x' is neither a")
