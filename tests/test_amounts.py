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
        ("0,12", "nl", 0.12),
        ("EUR 1.250", "nl", 1250),
        ("185000", "nl", 185_000),
        ("185,000", "en", 185_000),
        ("185,000.50", "en", 185_000.5),
        ("€185,000", "en", 185_000),
        ("1.5", "en", 1.5),
        ("185000", "en", 185_000),
        ("185 000.50", "en", 185_000.5),
        ("1e+15", "en", 1e15),  # Python's way to write a large float: the largest amount
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
        (
            "1e400",
            "en",
            "bad value '1e400': too large; an amount is at most €1,000,000,000,000,000",
        ),
        ("99999999999999999999", "en", "too large; an amount is at most"),
        (
            "1.000.000.000.000.001",
            "nl",
            "te groot: een bedrag is hoogstens € 1.000.000.000.000.000",
        ),
        (
            "1,2345",
            "nl",
            "'1,2345' is ongeldig: een bedrag heeft hoogstens twee decimalen (centen)",
        ),
        ("0,125", "nl", "hoogstens twee decimalen"),
        ("0.125", "en", "bad value '0.125': an amount has at most two decimals (cents)"),
        ("1.2345e0", "en", "at most two decimals"),
        ("1.2345", "nl", "'1.2345' is ongeldig: een bedrag heeft hoogstens twee decimalen"),
        ("0,125", "en", "bad value '0,125': an amount has at most two decimals (cents)"),
        ("12,345", "nl", "'12,345' is dubbelzinnig: bedoelt u 12.345? Een bedrag heeft"),
        ("12.345", "en", "bad value '12.345': did you mean 12,345? an amount has at most two"),
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
        (
            ["order", "won", "Acme", "Press", "--value", "1e400", "--on", DAY],
            "nl",
            "nasales: orderwaarde '1e400' is te groot: een bedrag is hoogstens "
            "€ 1.000.000.000.000.000\n",
        ),
        (
            ["order", "won", "Acme", "Press", "--value", "99999999999999999999", "--on", DAY],
            "en",
            "nasales: bad value '99999999999999999999': too large; an amount is at most "
            "€1,000,000,000,000,000\n",
        ),
        (
            ["order", "won", "Acme", "Press", "--value", "1,2345", "--on", DAY],
            "nl",
            "nasales: orderwaarde '1,2345' is ongeldig: een bedrag heeft hoogstens twee "
            "decimalen (centen)\n",
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
        "orders: 4 rows read, imported 4 (4 new, 0 updated, 0 unchanged); 3 accounts created",
        # English reads 185.000 otherwise: the summary says how it was read
        "amounts read with a decimal comma (as 185.000,00 on line 2): 185.000 on line 4 is "
        "€185,000",
    ]
    assert (
        cli(["import", "orders", str(path)], env={"NASALES_LANG": "nl"}).stdout.count("\n") == 1
    )  # as Dutch reads it: nothing to say
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


# -- an ambiguous amount in a file that shows its mark: read as meant, or refused ----------

REFUSED_MIXES = [
    (  # decimal-point by 12.5: 185.000 would be 185 (three decimals), or was 185 000 meant?
        "O-1,A,P,185.000,won,2026-11-20\nO-2,A,K,12.5,won,2026-11-20\n",
        "this file writes amounts with a decimal point (line 3: 12.5), but three digits "
        "follow it in line 2: 185.000: is 185.000 €185 or €185,000? correct the file, or "
        "read them as decimals with --decimal .",
        ".",
        [("O-1", 185), ("O-2", 12.5)],
    ),
    (  # decimal-comma by 185.000,00: 1,250 would be 1.25
        'O-1,A,P,"185.000,00",won,2026-11-20\nO-2,A,K,"1,250",won,2026-11-20\n',
        "this file writes amounts with a decimal comma (line 2: 185.000,00), but three digits "
        "follow it in line 3: 1,250: is 1,250 €1.25 or €1,250? correct the file, or read them "
        "as decimals with --decimal ,",
        ",",
        [("O-1", 185_000), ("O-2", 1.25)],
    ),
    (  # each ambiguous, with different marks: read either way, one is a thousand times off
        'O-1,A,P,"185,000",won,2026-11-20\nO-2,A,K,1.250,won,2026-11-20\n',
        "this file writes ambiguous amounts with a comma (line 2: 185,000) and with a point "
        "(line 3: 1.250): whichever mark is the decimal one, some are a thousand times off; "
        "correct the file, or choose with --decimal , or --decimal .",
        ".",
        [("O-1", 185_000), ("O-2", 1.25)],
    ),
]


@pytest.mark.parametrize(("rows", "line", "mark", "chosen"), REFUSED_MIXES)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_an_amount_a_thousand_times_off_either_way_is_refused_until_decimal_decides(
    cli, isolated, tmp_path, rows, line, mark, chosen, lang
):
    path = write(tmp_path, "orders.csv", "ref,account,title,value,status,signed_on\n" + rows)
    cli("account add A")
    before = snapshot(isolated)
    refused = cli(["import", "orders", str(path)], ok=False, env={"NASALES_LANG": lang})
    assert refused.exit_code == 1 and refused.stdout == ""
    if lang == "en":
        assert refused.stderr == f"nasales: {line}\n"
    else:
        assert refused.stderr.startswith("nasales: dit bestand ")
        assert "--decimal" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert snapshot(isolated) == before
    told = cli(["import", "orders", str(path), "--decimal", mark], env={"NASALES_LANG": lang})
    assert len(told.stdout.splitlines()) == 1  # it was told: nothing to say
    assert stored(isolated, "SELECT ref, value FROM orders ORDER BY ref") == chosen


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        (
            "nl",
            "bedragen gelezen met een decimale punt (zoals 12.5 op regel 3): 1,234 op regel 2 "
            "is € 1.234, 2,500 op regel 4 is € 2.500",
        ),
        ("en", None),  # read as English reads them: nothing to say
    ],
)
def test_amounts_read_otherwise_than_the_language_reads_them_are_named(
    cli, isolated, tmp_path, lang, note
):
    path = write(
        tmp_path,
        "orders.csv",
        'ref,account,title,value,status,signed_on\nO-1,A,P,"1,234",won,2026-11-20\n'
        'O-2,A,K,12.5,won,2026-11-20\nO-3,A,L,"2,500",won,2026-11-20\n',
    )
    result = cli(["import", "orders", str(path)], env={"NASALES_LANG": lang})
    assert result.stdout.splitlines()[1:] == ([note] if note else [])
    assert stored(isolated, "SELECT ref, value FROM orders ORDER BY ref") == [
        ("O-1", 1234),
        ("O-2", 12.5),
        ("O-3", 2500),
    ]


def test_decide_unit(tmp_path):
    """transfer.amounts.decide on its own: the mark, the note, the refusals."""
    from nasales.transfer.amounts import decide
    from nasales.transfer.kinds import KINDS
    from nasales.transfer.reading import Table

    def table(*values: str) -> Table:
        rows = iter([(n + 2, ["O", v]) for n, v in enumerate(values)])
        return Table(columns={"ref": 0, "value": 1}, ignored=[], rows=rows)

    i18n.activate("en")
    kind = KINDS["orders"]
    assert decide(table("12.5", "1,234"), kind, None)[0].decimal == "."
    assert decide(table("12.5", "1,234"), kind, None)[1] is None
    assert decide(table("185.000", "12.5"), kind, ".")[0].decimal == "."
    for values in (("185.000", "12.5"), ("1,250", "185.000,00"), ("185,000", "1.250")):
        with pytest.raises(Invalid, match="--decimal"):
            decide(table(*values), kind, None)
    i18n.activate("nl")
    assert "1,234 op regel 3 is € 1.234" in (decide(table("12.5", "1,234"), kind, None)[1] or "")


def test_export_never_writes_an_amount_an_import_could_misread():
    """An older book may hold 12.345 (typed before amounts were whole cents): its export
    shows the point, so the file reads back as it was and never as 12 345."""
    from nasales.transfer.exporter import cell

    assert [cell(v) for v in (12.345, 1.5, 185_000.0, 0.125, 2.0**53)] == [
        "12.3450",
        "1.5",
        "185000",
        "0.125",
        "9007199254740992.0",
    ]
    i18n.activate("en")
    assert amount("12.3450", "value", ".") == 12.345  # read from a file: kept as written
    with pytest.raises(Invalid, match="at most €9,007,199,254,740,992"):
        amount("1e20", "value", ".")
