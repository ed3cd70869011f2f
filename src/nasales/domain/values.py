"""Numbers a person gives: amounts of money (order value, CLV), read as they were meant.

An amount is written the way the language in force writes it (PRODUCT.md §7): in Dutch `.`
groups thousands and `,` marks the cents (`185.000`, `185.000,50`, `185000,50`, `€ 185.000,-`),
in English the reverse (`185,000`, `185,000.50`). Babel's number parsing reads it, with its
strict check of the grouping, so `1,5` in English is refused rather than read as 15. An amount
that only a thousand-fold misreading could tell apart (`185,000` in Dutch: 185 or 185 000?)
is refused when typed; an import decides such a file by the file's own marks (transfer/amounts).
An amount typed is at most MAX_AMOUNT (the bound of the settings' amounts too) and euros
and cents: more than two decimals (`1,2345`) is refused rather than stored as no
confirmation shows it. An import keeps what its file writes up to EXACT, the largest whole
number a float holds exactly (an export of an older book may hold `12.345` or 2**53: it
reads back as it was).
"""

import math
import re
from decimal import Decimal

from nasales.errors import Invalid

COMMA, POINT = ",", "."
MAX_AMOUNT = 1e15  # a thousand times the largest company's turnover; floats are exact below it
EXACT = float(2**53)  # beyond it, a float is not the number written
_CENT = Decimal("0.01")
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?\b)\s*|\s*(?:€|eur(?:o)?)$", re.IGNORECASE)
_WHOLE_EUROS = re.compile(r"[.,][-–—=]$")  # `€ 185.000,-`: whole euros, the Dutch way
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d)")  # spaces that group digits
_NUMBER = re.compile(r"[+-]?[0-9.,]*[0-9][0-9.,]*", re.ASCII)
_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_EXPONENT = re.compile(r"[0-9]+(?:\.[0-9]+)?e[+-]?[0-9]+", re.ASCII | re.IGNORECASE)  # 1e+16


def decimal_mark(language: str) -> str:
    """The mark before the cents in a language: a comma in Dutch, a point in English."""
    return COMMA if language == "nl" else POINT


def amount(value: float | str | None, what: str, decimal: str | None = None) -> float | None:
    """An amount of zero or more, or None; never infinite or not-a-number (which no
    spreadsheet, JSON reader or later import could read back). Text is read with `decimal`
    as the mark before the cents (an import decided it for its file), else as the language
    in force writes amounts, and then an amount that could be a thousand times off is refused."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        number = _read(value, what, decimal)
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _not_a_number(what, value) from None
    if number > EXACT:  # also infinity, as `1e400` reads
        raise _too_large(what, value, EXACT)
    if not math.isfinite(number) or number < 0:
        from nasales.i18n import _

        raise Invalid(
            _("bad {what} {value!r}: must be a finite amount of zero or more").format(
                what=_(what), value=str(value)
            )
        )
    return number


def _read(text: str, what: str, decimal: str | None) -> float:
    cleaned = bare(text)
    if _EXPONENT.fullmatch(cleaned):  # as Python writes a large float: export writes them
        return _euros(Decimal(cleaned), what, text, decimal is None)
    if not _NUMBER.fullmatch(cleaned):
        raise _not_a_number(what, text)
    if _PLAIN.fullmatch(cleaned):  # most amounts: digits only, the same in every language
        return _euros(Decimal(cleaned), what, text, decimal is None)
    if decimal is None:
        from nasales.i18n import language

        mark = decimal_mark(language())
        if ambiguous(cleaned) == mark:
            raise _thousandfold(what, text, cleaned, mark)
    else:
        mark = decimal
    found = parse(cleaned, mark)
    if found is None:
        raise _misread(what, text, cleaned, mark)
    return _euros(found, what, text, decimal is None)


def _euros(number: Decimal, what: str, text: str, typed: bool) -> float:
    """`number` as a float, if it is at most MAX_AMOUNT euros and whole cents when `typed`,
    at most EXACT when read from a file."""
    most = MAX_AMOUNT if typed else EXACT
    if number > Decimal(most):
        raise _too_large(what, text, most)
    if typed and number != number.quantize(_CENT):
        raise _cents(what, text)
    return float(number)


def _cents(what: str, text: str) -> Invalid:
    from nasales.i18n import _

    return Invalid(
        _("bad {what} {value!r}: an amount has at most two decimals (cents)").format(
            what=_(what), value=text.strip()
        )
    )


def bare(text: str) -> str:
    """The number in `text`: without a euro sign or `EUR`, a Dutch `,-` for whole euros, or
    the spaces (also no-break and thin ones) that group its digits."""
    cleaned = _CURRENCY.sub("", text.strip()).strip()
    cleaned = _WHOLE_EUROS.sub("", cleaned)
    return _SPACES.sub("", cleaned)


def parse(number: str, mark: str) -> Decimal | None:
    """`number` (digits and marks only, see `bare`) read with `mark` before the cents and the
    other mark grouping thousands, strictly as CLDR writes them (Babel); None if it is not."""
    if "." not in number and "," not in number:
        return Decimal(number)
    if number.count(mark) == 1 and _PLAIN.fullmatch(number.replace(mark, "").lstrip("+-")):
        return Decimal(number.replace(mark, "."))  # no grouping: nothing to check
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        return parse_decimal(number, locale="nl" if mark == COMMA else "en", strict=True)
    except NumberFormatError:
        return None


def ambiguous(number: str) -> str | None:
    """The mark in `number` when it could group thousands as well as mark the cents: one mark,
    one to three digits before it (not a lone 0), exactly three after (`185.000`, `1,234`)."""
    m = re.fullmatch(r"[+-]?([1-9][0-9]{0,2})([.,])[0-9]{3}", number)
    return m[2] if m else None


def written(number: Decimal | float, mark: str, cents: bool = False) -> str:
    """A number as an amount is written with `mark` before the cents: `185.000`, `1.054,50`
    (with `cents`, always two decimals: `185.000,00`)."""
    value = Decimal(str(number))
    whole = value == value.to_integral_value() and not cents
    digits = f"{value:,.0f}" if whole else f"{value:,.2f}"
    return digits.translate(str.maketrans(",.", ".,")) if mark == COMMA else digits


def _not_a_number(what: str, value: object) -> Invalid:
    from nasales.i18n import _

    return Invalid(_("bad {what} {value!r}: not a number").format(what=_(what), value=value))


def _too_large(what: str, value: object, most: float) -> Invalid:
    from nasales.i18n import _, money

    return Invalid(
        _("bad {what} {value!r}: too large; an amount is at most {most}").format(
            what=_(what), value=str(value).strip(), most=money(most)
        )
    )


def _thousandfold(what: str, text: str, number: str, mark: str) -> Invalid:
    """`185,000` typed in Dutch: 185 or 185 000? Refused, with both ways to write it."""
    from nasales.i18n import _

    thousands = Decimal(re.sub(r"[.,]", "", number))
    small = Decimal(number.replace(mark, "."))
    if small != small.quantize(_CENT):  # `12,345` in Dutch: 12,345 euros has no cents
        return Invalid(
            _(
                "bad {what} {value!r}: did you mean {thousands}? an amount has at most two "
                "decimals; type it so"
            ).format(what=_(what), value=text.strip(), thousands=written(thousands, mark))
        )
    return Invalid(
        _("bad {what} {value!r}: did you mean {thousands} or {small}? type one of these").format(
            what=_(what),
            value=text.strip(),
            thousands=written(thousands, mark),
            small=written(small, mark, cents=True),
        )
    )


def _misread(what: str, text: str, number: str, mark: str) -> Invalid:
    """Not an amount as the reading writes them; if the other reading makes sense of it,
    say how to write that."""
    from nasales.i18n import _

    other = POINT if mark == COMMA else COMMA
    meant = parse(number, other)
    if meant is None or ambiguous(number):
        return _not_a_number(what, text.strip())
    if meant != meant.quantize(_CENT):  # `1.2345` in Dutch: no example would be it
        return _cents(what, text)
    template = (
        _("bad {what} {value!r}: amounts are written with a decimal comma, e.g. {example}")
        if mark == COMMA
        else _("bad {what} {value!r}: amounts are written with a decimal point, e.g. {example}")
    )
    example = written(meant, mark, cents=other in number)  # `185.00` in Dutch is `185,00`
    return Invalid(template.format(what=_(what), value=text.strip(), example=example))
