"""One cell of an import file, read exactly as the command line reads the same value
(PRODUCT.md §5), and a stored value written back by `export` in the form `import` reads.

Each `Reader` pairs the two directions: `read` turns the text of a cell into a value (None
when the cell holds nothing), `show` turns a stored value into what export writes. Text goes
through the one normalisation of `domain.text` both ways, so a value exported from any
database (even one written by an older release) imports and exports again unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from nasales.domain.dates import FIRST_YEAR, LAST_YEAR, OutOfRange, parse_date
from nasales.domain.text import account_name, clean_note, clean_text
from nasales.domain.values import amount
from nasales.domain.vocabulary import choice
from nasales.errors import Invalid
from nasales.i18n import _, date_text
from nasales.output.csvsafe import unguard

TRUE = frozenset({"true", "yes", "y", "1", "x", "ja", "j", "waar", "wahr", "vrai", "✓"})
FALSE = frozenset({"false", "no", "n", "0", "nee", "onwaar", "falsch", "faux", ""})


@dataclass(frozen=True)
class Reader:
    """How one kind of value goes in (`read`: cell text, field name -> value, or None for
    nothing) and out (`show`: stored value -> the value export writes, None for nothing).
    For text, `read` is the normalisation itself (cell text -> text, "" for nothing): it
    needs no field name, as it refuses nothing."""

    read: Callable[..., Any]  # (text, name) -> value; (text) -> text when not `named`
    show: Callable[[Any], Any]
    named: bool = True  # `read` takes the field's name (for its error messages)
    repeats: bool = True  # the same few values in many rows: each is read once per file
    marked: bool = False  # `read` takes the file's decimal mark (an amount)

    def bind(self, name: str, decimal: str | None = None) -> Callable[[str], Any]:
        """`read` for the field `name` of a file that writes amounts with the mark
        `decimal`: text in, value out."""
        read: Callable[..., Any] = partial(self.read, name=name) if self.named else self.read
        if self.marked:
            read = partial(read, decimal=decimal)
        return _Known(read).__getitem__ if self.repeats else read


class _Known(dict):
    """Cells already read, up to a bound: in a million touchpoints the same account names,
    kinds, days and colleagues come back again and again (a lookup instead of a reading).
    A cell that cannot be read raises every time and is never kept."""

    LIMIT = 10_000

    def __init__(self, read: Callable[[str], Any]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, text: str) -> Any:
        value = self.read(text)
        if len(self) < self.LIMIT:
            self[text] = value
        return value


def _show_line(value: Any) -> str | None:
    return None if value is None else clean_text(str(value)) or None


def _show_note(value: Any) -> str | None:
    return None if value is None else clean_note(str(value)) or None


def read_day(text: str, name: str) -> date | None:
    """A date as the command line reads it (`parse_date`); a plain ISO day the quick way.

    `date.fromisoformat` alone accepts more than `parse_date` (`2026-W48-5`, `20261127`).
    Of the forms it reads, only YYYY-MM-DD is ten ASCII characters with `-` at 4 and 7."""
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass  # no such day: parse_date says so
        else:
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
    text = text.strip()
    if not text:
        return None
    try:
        return parse_date(text, typed=False)
    except OutOfRange:
        raise Invalid(
            _("bad {name} {text!r}: use a year from {first} to {last}").format(
                name=name, text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        ) from None
    except Invalid:
        raise Invalid(
            _("bad {name} {text!r}: use 2026-11-27 or 27-11-2026").format(name=name, text=text)
        ) from None


def _show_day(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _amount(text: str, name: str, decimal: str | None = None) -> float | None:
    """An amount as `domain.values.amount` reads it, with the decimal mark the file uses
    (transfer/amounts.py decides it for the whole file)."""
    return amount(text, name, decimal) if text.strip() else None


def _flag(text: str, name: str) -> bool | None:
    folded = text.strip().casefold()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return None if not folded else False
    raise Invalid(_("bad {name} {text!r}: use yes or no").format(name=name, text=text))


def _same(value: Any) -> Any:
    return value


LINE = Reader(clean_text, _show_line, named=False)  # one line: a name, a ref, a role, a phone


def _account_name(text: str) -> str:
    """An account's name as the command line takes it (never shaped like an item key)."""
    cleaned = clean_text(text)
    return account_name(cleaned) if cleaned else ""


ACCOUNT_NAME = Reader(_account_name, _show_line, named=False)
NOTE = Reader(clean_note, _show_note, named=False, repeats=False)  # free text, several lines
DAY = Reader(read_day, _show_day)
AMOUNT = Reader(_amount, _same, marked=True)
FLAG = Reader(_flag, lambda value: None if value is None else bool(value))


def _domains(text: str, name: str) -> str:
    """E-mail domains (capture): several in one cell, a space, comma or semicolon between;
    stored and exported with one space between."""
    from nasales.domain.capture import domains_in

    try:
        return " ".join(domains_in(text))
    except Invalid as exc:
        raise Invalid(f"{name}: {exc}") from None


DOMAINS = Reader(_domains, lambda value: value or None)


def _seconds(text: str, name: str) -> int | None:
    """A whole number of seconds, zero or more (a captured call's talk time)."""
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise Invalid(_("bad {name} {text!r}: use a whole number").format(name=name, text=text))
    return int(text)


SECONDS = Reader(_seconds, _same)


def _source_key(text: str, name: str) -> str | None:
    """What capture stored of a record's key (a hexadecimal hash), as export wrote it."""
    text = text.strip().lower()
    if not text:
        return None
    if not (8 <= len(text) <= 128 and all(ch in "0123456789abcdef" for ch in text)):
        raise Invalid(
            _("bad {name} {text!r}: use the key an export wrote").format(name=name, text=text)
        )
    return text


SOURCE_KEY = Reader(_source_key, _same, repeats=False)


def word(allowed: tuple[str, ...]) -> Reader:
    """One of the product's words (a kind, a status, …), any case, or a Dutch word for it."""

    def read(text: str, name: str) -> str | None:
        return choice(text, allowed, name) if (text := text.strip()) else None

    return Reader(read, _same)


# -- a whole row ----------------------------------------------------------------------------

# Where a value goes in a row (its place), the column of the file it comes from, how it is
# read, whether it is required, and the field's name.
Plan = tuple[int, int, Callable[[str], Any], bool, str]


def row_parser(
    plan: list[Plan], template: list[Any]
) -> Callable[[list[str]], tuple[list[Any], list[str]]]:
    """A function from a row's cells to its values (in the places of `plan`; `template` holds
    the value of an empty cell in each place) and what is wrong with it, in column order.
    Built once per file: it runs for every row, so it does no more than it must."""
    width = max((index for _place, index, *_rest in plan), default=-1) + 1

    def parse(cells: list[str]) -> tuple[list[Any], list[str]]:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        values = template.copy()
        problems = []
        for place, index, read, needed, name in plan:
            text = cells[index]
            if text:
                if text[0] == "'":
                    text = unguard(text)
                try:
                    value = read(text)
                except Invalid as exc:
                    problems.append(str(exc))
                    continue
                if value or (value is not None and value != ""):  # 0 and False are values
                    values[place] = value
                    continue
            if needed:  # else the template holds the field's empty value
                problems.append(_("empty {what}").format(what=name))
        return values, problems

    return parse


def day_text(value: Any) -> str:
    """A stored or parsed date as people read it, for a message."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return date_text(value)
