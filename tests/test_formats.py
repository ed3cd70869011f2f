"""Dates and amounts print as Babel (CLDR) prints them, without Babel at run time."""

import datetime as dt
import random
import subprocess
import sys
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

from nasales import i18n

# The reference: whole euros without cents, anything else with two decimals.
PATTERNS = {
    ("nl", True): "¤ #,##0",
    ("nl", False): "¤ #,##0.00",
    ("en", True): "¤#,##0",
    ("en", False): "¤#,##0.00",
}
BABEL_LOCALE = {"nl": "nl_NL", "en": "en"}


def babel_money(amount: float | Decimal, lang: str) -> str:
    value = Decimal(str(amount))
    whole = value == value.to_integral_value()
    return format_currency(
        amount,
        "EUR",
        locale=BABEL_LOCALE[lang],
        format=PATTERNS[lang, whole],
        currency_digits=False,
    )


def money(amount: float | Decimal, lang: str) -> str:
    i18n.activate(lang)
    return i18n.money(amount)


def date_text(day: dt.date, lang: str) -> str:
    i18n.activate(lang)
    return i18n.date_text(day)


def _amounts() -> list:
    rng = random.Random(20261127)
    edges = [
        *(0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 185_000),
        *(999_999, 1_000_000, 1_234_567, 10**9, 10**12),
        *(0.5, 0.01, 0.99, 1.5, 2.5, 1054.5, 1055.5, 0.125, 0.135, 999.995, 999.999),
        *(1234567.891, Decimal("1054.50"), Decimal("0.005"), Decimal("1000000.10")),
    ]
    whole = [rng.randrange(0, 10 ** rng.randrange(1, 13)) for _ in range(800)]
    cents = [Decimal(rng.randrange(0, 10 ** rng.randrange(1, 11))) / 100 for _ in range(800)]
    floats = [
        round(rng.uniform(0, 10 ** rng.randrange(1, 9)), rng.choice([1, 2, 3])) for _ in range(800)
    ]
    values = edges + whole + cents + floats
    return values + [-v for v in values if v]  # amounts are >= 0, but negatives must not lie


AMOUNTS = _amounts()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_money_matches_babel(lang):
    mismatches = [
        (a, money(a, lang), babel_money(a, lang))
        for a in AMOUNTS
        if money(a, lang) != babel_money(a, lang)
    ]
    # One deliberate difference: a negative amount that rounds to zero prints "€ 0,00", not
    # Babel's "-€ 0,00".
    mismatches = [m for m in mismatches if m[2] != "-" + m[1] or m[1].strip("€ 0,.")]
    assert not mismatches[:20]


def test_money_examples():
    assert money(185_000, "nl") == "€ 185.000"
    assert money(185_000, "en") == "€185,000"
    assert money(1054.5, "nl") == "€ 1.054,50"  # cents are shown, never rounded away
    assert money(1054.5, "en") == "€1,054.50"
    assert money(0, "nl") == "€ 0"
    assert money(None, "nl") == ""


def _days():
    day, end = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
    while day <= end:
        yield day
        day += dt.timedelta(days=11)
    yield from (dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(9999, 12, 31))


def test_dutch_dates_match_babel_short():
    bad = [
        (d, date_text(d, "nl"))
        for d in _days()
        if date_text(d, "nl") != format_date(d, "short", locale="nl_NL")
    ]
    assert not bad[:10]
    assert date_text(dt.date(2026, 11, 27), "nl") == "27-11-2026"


def test_english_dates_are_iso():
    assert all(date_text(d, "en") == d.isoformat() for d in _days())
    assert date_text(dt.date(2026, 11, 27), "en") == "2026-11-27"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dates_in_words_match_babel(lang):
    """The review's period and its charts' axes: `2 november 2026`, `2 nov`."""
    i18n.activate(lang)
    for month in range(1, 13):
        day = dt.date(2026, month, 2)
        assert i18n.long_date(day) == format_date(day, "d MMMM y", locale=BABEL_LOCALE[lang])
        assert i18n.long_date(day, year=False) == format_date(day, "d MMMM", locale=lang)
        assert i18n.short_date(day) == format_date(day, "d MMM", locale=BABEL_LOCALE[lang])
    i18n.activate("en")


IMPORTED = (
    "import sys\n"
    "from nasales.cli import app\n"
    "try:\n"
    "    app(sys.argv[1:], prog_name='nasales')\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & {'babel', 'rich'}))\n"
)


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["today", "--on", "2026-11-27", "-f", "plain"], "Bellijst voor 27-11-2026"),
        (["log", "--help"], "Gebruik: nasales log"),  # help, as nasales renders it (plain)
        (["show", "Nobody"], "nasales: onbekend account 'Nobody'"),  # an error
    ],
)
def test_the_command_path_never_imports_babel_or_rich(args, dutch, tmp_path, empty_book):
    """Dutch comes from the compiled .mo through the standard library's gettext alone."""
    env = {
        "NASALES_LANG": "nl",
        "NASALES_DB": str(empty_book),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # no settings file
        "PATH": "",
    }
    out = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args], capture_output=True, text=True, env=env
    )
    assert dutch in out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == "[]"
