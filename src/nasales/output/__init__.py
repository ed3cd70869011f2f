"""How things are shown: one format type (`Format`); each view has a renderer per format it
is printed in, chosen once (`render`); every human line goes through one sanitiser (`say`)."""

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO, TypeVar

# C0 and C1 control characters (newlines, ESC of terminal escape codes, …) and the Unicode
# line and paragraph separators print as a space: one call is one line of a cron mail, and
# stored text never drives the terminal. Bidi controls (marks, embeddings, overrides,
# isolates) print as nothing: U+202E would show the rest of the line backwards.
BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_BIDI = dict.fromkeys(BIDI)
_CONTROLS = {
    **{code: " " for code in (*range(32), *range(127, 160), 0x2028, 0x2029)},
    **_BIDI,
}
MIN_WIDTH = 40  # narrower, a line cannot keep a name and a key whole: plain, unwrapped lines
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
    """Every way nasales prints a view. A command offers its own subset: its `--format`
    parameter is a `Literal` of these members, which Typer checks and `--help` lists."""

    table = "table"  # Rich, for a terminal
    plain = "plain"  # lines without colour or box drawing, for a pipe or a cron mail
    json = "json"
    csv = "csv"
    html = "html"  # one self-contained page (the review)


View = TypeVar("View")
Renderers = Mapping[Format, Callable[[View], None]]


def resolve(fmt: Format | None) -> Format:
    """The default: a Rich table on a terminal, plain lines otherwise (cron mail)."""
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout is not None and sys.stdout.isatty() else Format.plain


def render(renderers: "Renderers[View]", fmt: Format | None, view: View) -> None:
    """Print `view` with its renderer for the format asked for, else for the default. Each
    view declares its renderers once (`RENDERERS` in its module); a command offers no format
    its view has no renderer for (tests/test_formats.py holds the two together)."""
    renderers[resolve(fmt)](view)


def columns() -> int | None:
    """The width COLUMNS or the terminal reports; None when unknown: a pipe, cron, or a
    terminal that reports 0 columns (under `script`, `docker exec -t`, some CI consoles)."""
    found = os.environ.get("COLUMNS", "")
    if found.isdigit() and int(found) > 0:
        return int(found)
    if sys.stdout is not None and sys.stdout.isatty():
        try:
            found_columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except OSError:
            return None
        return found_columns if found_columns > 0 else None
    return None


def width() -> int | None:
    """The width to wrap lines at: the known width, when a name and a key fit in it (at
    least MIN_WIDTH); None otherwise: one whole line each, which the terminal folds."""
    found = columns()
    return found if found is not None and found >= MIN_WIDTH else None


def too_narrow() -> bool:
    """A known width below MIN_WIDTH: a table would split names and keys; print plain."""
    found = columns()
    return found is not None and found < MIN_WIDTH


class _Sanitised:
    """A stream for Rich that drops bidi controls from whatever is written (names in a
    table cell, a heading); Rich's own escape codes pass."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_BIDI))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def console_out():  # type: ignore[no-untyped-def]
    """A Rich console on standard output: the known width (80 when unknown; tables never
    pad past their content, so a huge COLUMNS costs nothing), no markup, no bidi."""
    from rich.console import Console

    return Console(
        file=_Sanitised(stdout()),  # type: ignore[arg-type]
        highlight=False,
        markup=False,
        emoji=False,
        width=width() or 80,
    )


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
