"""Quoted cells over several lines, checked (PRODUCT.md §5: all or nothing; docs/import.md).

A cell may hold line breaks when it is quoted, as `export` writes a note over several
lines; so one stray quote makes csv read the rows after it as one cell, up to the next quote
in the file or its end: rows lost without a word; and a quote that closes in the middle of a
cell (`"ab"cd`, `"Model "X" 12"`) changes it without one. `transfer/reading.py` reads
strictly (csv's `strict`: such a cell is an error, found in C at no cost per line) and hands
every record that spans lines (and the last one), and one csv refused, to `Quotes.check`,
which names the line and what is wrong.
"""

import csv
import re

from nasales.errors import Invalid
from nasales.i18n import _, ngettext

_QUOTED = re.compile(r'"(?:[^"]|"")*')  # a quoted cell up to its closing quote (or the end)


class Quotes:
    """A record over several lines (and the last one) is refused, naming the line where
    the cell opened, when one of its quoted cells is never closed; or has text after its
    closing quote (a writer of CSV puts none there: a cell's own quotes are
    doubled); or takes in whole lines each of which reads, on its own, as a row as wide as
    the header (docs/import.md)."""

    def __init__(self, delimiter: str, width: int) -> None:
        self.delimiter, self.width = delimiter, width
        self._plain = re.compile(f"[^{re.escape(delimiter)}\r\n]*")

    def check(self, lines: list[str], start: int) -> None:
        """The lines of one record, the first of them line `start` of the file."""
        text = "".join(lines)
        at, size = 0, len(text)
        while at < size:
            if text[at] == '"':
                opened = at
                at = _QUOTED.match(text, at).end()  # type: ignore[union-attr]
                if at >= size:
                    n = start + _line_of(lines, opened)
                    raise Invalid(
                        _(
                            "line {n}: a quoted cell opens here and is never closed "
                            "(a quote too many, or one missing?)"
                        ).format(n=n)
                    )
                at += 1  # past the closing quote
                if "\n" in text[opened:at] or "\r" in text[opened:at]:
                    self._spanning(lines, start, opened, at, text[at : at + 1])
                elif text[at : at + 1] not in ("", self.delimiter, "\r", "\n"):
                    raise text_after(start + _line_of(lines, opened))
            at = self._plain.match(text, at).end()  # type: ignore[union-attr]
            if at < size and text[at] == self.delimiter:
                at += 1
            else:
                break  # the end of the record

    def _spanning(self, lines: list[str], start: int, opened: int, closed: int, after: str) -> None:
        """A quoted cell from character `opened` to `closed` that spans lines."""
        first, last = _line_of(lines, opened), _line_of(lines, closed - 1)
        n, end = start + first, start + last
        if after not in ("", self.delimiter, "\r", "\n"):
            raise Invalid(
                _(
                    "line {n}: a quoted cell opens here and closes on line {end} with text "
                    "after its closing quote (a quote too many, or one missing?)"
                ).format(n=n, end=end)
            )
        # the lines it takes in whole: those between, and its last if the cell ends it
        taken = lines[first + 1 : last + 1 if after != self.delimiter else last]
        if taken and self.width > 1 and all(self._row_shaped(line) for line in taken):
            raise Invalid(
                ngettext(
                    "line {n}: a quoted cell opens here and takes in line {first}, which reads "
                    "as a row of its own (a quote too many, or one missing?)",
                    "line {n}: a quoted cell opens here and takes in lines {first} to {last}, "
                    "each of which reads as a row of its own (a quote too many, or one missing?)",
                    len(taken),
                ).format(n=n, first=n + 1, last=n + len(taken))
            )

    def _row_shaped(self, line: str) -> bool:
        return len(next(csv.reader([line], delimiter=self.delimiter), [])) == self.width


def text_after(n: int) -> Invalid:
    """`"ab"cd` on line `n`: csv would read `abcd`, `"Model "X" 12"` as `Model X" 12"`."""
    return Invalid(
        _(
            "line {n}: a quoted cell has text after its closing quote (a quote too many, or one "
            'missing? a quote inside a quoted cell is written "")'
        ).format(n=n)
    )


def _line_of(lines: list[str], at: int) -> int:
    """Which of `lines` (0, 1, …) holds character `at` of their text."""
    for number, line in enumerate(lines):
        if at < len(line):
            return number
        at -= len(line)
    return len(lines) - 1
