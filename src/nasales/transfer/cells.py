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
from nasales.domain.text import clean_note, clean_text
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

    def bind(self, name: str) -> Callable[[str], Any]:
        """`read` for the field `name`: text in, value out."""
        read: Callable[[str], Any] = partial(self.read, name=name) if self.named else self.read
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
        return parse_date(text)
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


def _amount(text: str, name: str) -> float | None:
    """An amount as `domain.values.amount` takes it, written with a decimal point or a
    Dutch decimal comma (`1054,50`), spaces as thousands separators."""
    cleaned = text.replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        return None
    head, comma, tail = cleaned.rpartition(",")
    if comma and "." not in cleaned and tail.isdigit() and len(tail) <= 2:
        cleaned = f"{head}.{tail}"  # a decimal comma: 1054,50
    try:
        return amount(cleaned, name)
    except Invalid:
        amount(text.strip(), name)  # the same complaint, naming the cell as it was written
        raise


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
NOTE = Reader(clean_note, _show_note, named=False, repeats=False)  # free text, several lines
DAY = Reader(read_day, _show_day)
AMOUNT = Reader(_amount, _same)
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
