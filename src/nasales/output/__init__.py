"""How things are shown: the format is chosen once (table, plain, json, csv) and every list
command uses it; every human line goes through one sanitiser (`say`)."""

import os
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, TextIO

# C0 and C1 control characters (newlines, ESC of terminal escape codes, …) and the Unicode
# line and paragraph separators print as a space: one call is one line of a cron mail, and
# stored text never drives the terminal.
_CONTROLS = {code: " " for code in (*range(32), *range(127, 160), 0x2028, 0x2029)}
SEP = " · "  # between the fields of a plain line, so that they read apart in a mail client


def one_line(text: object) -> str:
    text = str(text)
    if text.isprintable():  # none of _CONTROLS, most lines: no need to translate (slow)
        return text
    return text.translate(_CONTROLS)


class OutputClosed(OSError):
    """nasales was started with its standard output closed (`nasales today >&-`)."""


def say(*lines: object, err: bool = False) -> None:
    """Print lines for a person: each made safe (no control characters, no markup)."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # started with that stream closed
        if err:
            return
        raise OutputClosed("standard output is closed")
    for line in lines:
        stream.write(one_line(line) + "\n")


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"


def resolve(fmt: Format | None) -> Format:
    """The default: a Rich table on a terminal, plain lines otherwise (cron mail)."""
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout is not None and sys.stdout.isatty() else Format.plain


def width() -> int | None:
    """The terminal's width when there is one (or COLUMNS says it), else None."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout is not None and sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    return None


def console_out():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(file=stdout(), highlight=False, markup=False, emoji=False, width=width())


def stdout() -> TextIO:
    if sys.stdout is None:
        raise OutputClosed("standard output is closed")
    return sys.stdout


def write_json(data: Any) -> None:
    """A list as a JSON array with one object per line, anything else indented."""
    import json  # imported where it is used: most runs print no JSON

    if isinstance(data, list):
        write_json_array(data)
    else:
        stdout().write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def write_json_array(rows: Iterable[Any], out: TextIO | None = None) -> int:
    """Rows as a JSON array, one object per line, streamed: Python's C encoder (which does
    not indent) and no list in memory. Returns how many rows."""
    import json

    out = out or stdout()
    count = 0
    for row in rows:
        out.write(",\n" if count else "[\n")
        out.write(json.dumps(row, ensure_ascii=False, default=str, allow_nan=False))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]], out: Any = None) -> None:
    from nasales.output.csvsafe import csv_writer, guard  # most runs print no CSV

    writer = csv_writer(out or stdout())
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard(row.get(c)) for c in columns])
