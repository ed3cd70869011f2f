"""CSV cells that are safe to open in a spreadsheet, and read back unchanged.

A cell starting with `=`, `+`, `-`, `@`, tab or CR could run as a formula (OWASP "CSV
injection"); it is written with a leading apostrophe, which `unguard` removes again. So that
every cell reads back as it was written, a cell that already starts with such an apostrophe
(an apostrophe followed by a dangerous character or by another apostrophe) gets one too.
"""

import csv
from collections.abc import Sequence
from typing import Any, TextIO

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_AFTER_APOSTROPHE = (*DANGEROUS, "'")


def _guarded(text: str) -> bool:
    """Whether `text` starts with the apostrophe `guard` adds: the one `unguard` strips."""
    return text[:1] == "'" and text[1:].startswith(_AFTER_APOSTROPHE)


def guard(cell: object) -> str:
    text = "" if cell is None else str(cell)
    if text.startswith(DANGEROUS) or _guarded(text):
        return "'" + text
    return text


def unguard(cell: str) -> str:
    return cell[1:] if _guarded(cell) else cell


class csv_writer:
    """A CSV writer that also quotes a cell holding a bare CR, which Python's writer leaves
    bare when rows end in LF: read back, it would split the row in two."""

    def __init__(self, out: TextIO) -> None:
        self._minimal = csv.writer(out, lineterminator="\n")
        self._quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row: Sequence[Any]) -> None:
        bare_cr = any(isinstance(cell, str) and "\r" in cell for cell in row)
        (self._quoted if bare_cr else self._minimal).writerow(row)
