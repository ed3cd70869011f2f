"""Reading an import file: once, front to back, in bounded memory (PRODUCT.md §5).

The file is read a single time, so a pipe, a FIFO, `<(cat f.csv)`, `/dev/stdin` and `-`
(standard input) work like a file. Its encoding is told from its first bytes: a UTF-16
byte-order mark (Excel's "Unicode text", tab-separated), a UTF-8 one, or none: then UTF-8,
unless a line is not UTF-8 before any line has shown UTF-8 text, when the file is taken for
Windows-1252 (what an older Excel writes) from there on. A line longer than `LINE_LIMIT`
characters, a byte that is text in neither encoding, or a NUL in the header stops the
import with one line that names the line; a NUL in a data row makes that row invalid.
"""

import codecs
import csv
import io
import re
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

from nasales.errors import Invalid, cannot_read
from nasales.i18n import _
from nasales.transfer.quotes import Quotes, text_after

LINE_LIMIT = 1 << 20  # characters in one line of a file: a real CSV line is far shorter
BLOCK = 1 << 16  # characters decoded at a time
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")  # a line as csv counts them (newline="")
_ONLY_CSV_BREAKS = re.compile(r"[^\v\f\x1c-\x1e\x85\u2028\u2029]*").fullmatch
CELL_LIMIT = csv.field_size_limit()  # characters in one cell (csv's own limit, 131 072)
STDIN = "-"
NUL_ROW: list[str] = []  # the cells of a data row that holds a NUL (see `Table.rows`)


@dataclass
class Source:
    name: str  # for messages: the file's name, or "standard input"
    lines: Iterator[str]  # decoded, each with its line ending, at most LINE_LIMIT long


@contextmanager
def open_source(
    path: Path | str, progress: Callable[[int], None] | None = None, strict: bool = True
) -> Iterator[Source]:
    """The file at `path` (`-`: standard input) as lines of text, read once. Not `strict`
    (capture: a bad line is skipped, not the file), a line with bytes that are no text keeps
    them as U+FFFD, for its reader to name."""
    if str(path) == STDIN:
        stream: Any = sys.stdin.buffer if sys.stdin is not None else io.BytesIO()
        with _lines(stream, progress, strict) as lines:
            yield Source(_("standard input"), lines)
        return
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        raise cannot_read(path, exc) from None
    with f, _lines(f, progress, strict) as lines:
        yield Source(path.name, lines)


@contextmanager
def _lines(
    raw: BinaryIO, progress: Callable[[int], None] | None, strict: bool = True
) -> Iterator[Iterator[str]]:
    blocks = _blocks(raw, progress, strict)
    try:
        yield chain.from_iterable(blocks)
    finally:
        blocks.close()  # lets go of the stream while it is open


def _blocks(
    raw: BinaryIO, progress: Callable[[int], None] | None, strict: bool = True
) -> Generator[list[str]]:
    """The stream's lines, a block of them at a time, each with its line ending."""
    buffered: Any = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
    head = buffered.peek(4)[:4]
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = io.TextIOWrapper(
        buffered,
        encoding="utf-16" if utf16 else "utf-8-sig",
        errors="surrogatepass" if utf16 else "surrogateescape",  # checked line by line
        newline="",
    )
    check = _Encoding(
        utf16, legacy_allowed=not utf16 and not head.startswith(codecs.BOM_UTF8), strict=strict
    )
    try:
        yield from _split(text, check, progress)
    finally:
        with suppress(ValueError, OSError):
            text.detach()  # the caller closes the stream (never standard input itself)


def _split(
    text: io.TextIOWrapper, check: "_Encoding", progress: Callable[[int], None] | None
) -> Iterator[list[str]]:
    carry, n, done = "", 0, 0
    while True:
        try:
            block = text.read(BLOCK)
        except UnicodeDecodeError:  # UTF-16 cut off in the middle of a character
            raise Invalid(check.not_text(n + 1, "")) from None
        if not block:
            break
        done += len(block)
        block = carry + block if carry else block
        end = max(block.rfind("\n"), block.rfind("\r"))
        if end == len(block) - 1 and block[end] == "\r":  # a CR last: perhaps CR LF
            end = max(block.rfind("\n", 0, end), block.rfind("\r", 0, end))
        head, carry = block[: end + 1], block[end + 1 :]
        # splitlines is the regular expression's split, four times as fast, where the block
        # holds no other character it would break a line at (\v, \f, \x1c-\x1e, \x85, …)
        lines = head.splitlines(True) if _ONLY_CSV_BREAKS(head) else _LINE.findall(head)
        if lines and len(lines[0].rstrip("\r\n")) > LINE_LIMIT:  # a carried line ends here
            raise _too_long(n + 1)
        if lines:
            yield lines if block.isascii() else check.lines(lines, n)
            n += len(lines)
        if len(carry) > LINE_LIMIT:
            raise _too_long(n + 1)
        if progress is not None:
            progress(done)
    if carry:  # the last line, without a line ending
        yield [carry] if carry.isascii() else check.lines([carry], n)


def _too_long(n: int) -> Invalid:
    return Invalid(
        _("line {n}: longer than {limit} characters; is this a CSV file?").format(
            n=n, limit=LINE_LIMIT
        )
    )


class _Encoding:
    """What a file that is not all ASCII turns out to be, line by line: UTF-8 (or UTF-16)
    as it said, or Windows-1252 from the first line that is not UTF-8, unless UTF-8 text
    came before it (then that line is an error, as is a byte that is text in neither)."""

    def __init__(self, utf16: bool, legacy_allowed: bool, strict: bool = True) -> None:
        self.utf16, self.legacy_allowed, self.strict = utf16, legacy_allowed, strict
        self.legacy = self.utf8_seen = False

    def lines(self, lines: list[str], n: int) -> list[str]:
        """Lines n+1, n+2, … of the file, decoded as they were meant."""
        if not self.legacy:
            text = "".join(lines)
            if text.isascii():
                return lines
            try:
                text.encode("utf-8")  # a byte that was not UTF-8 fails here
            except UnicodeEncodeError:
                pass
            else:
                self.utf8_seen = True
                return lines
        return [self.line(line, number) for number, line in enumerate(lines, n + 1)]

    def line(self, line: str, n: int) -> str:
        if line.isascii():
            return line
        if not self.legacy:
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                if not self.legacy_allowed or self.utf8_seen:
                    return self.not_text_line(n, line, "utf-8")
                self.legacy = True
            else:
                self.utf8_seen = True
                return line
        try:
            return line.encode("utf-8", "surrogateescape").decode("cp1252")
        except UnicodeDecodeError:
            return self.not_text_line(n, line, "cp1252")

    def not_text_line(self, n: int, line: str, encoding: str) -> str:
        """A line that is no text: the end of a strict reading; else the line with U+FFFD
        for the bytes that are not text."""
        if self.strict:
            raise Invalid(self.not_text(n, line))
        return line.encode("utf-8", "surrogateescape").decode(encoding, "replace")

    def not_text(self, n: int, line: str) -> str:
        """Which byte of line `n` is not text: a binary file, or yet another encoding."""
        if self.utf16:
            return _("line {n}: not UTF-16 text, though the file starts like it").format(n=n)
        data = line.encode("utf-8", "surrogateescape")
        bad = 0
        for encoding in ("cp1252", "utf-8"):
            try:
                data.decode(encoding)
            except UnicodeDecodeError as exc:
                bad = data[exc.start]
        encodings = _("UTF-8 or Windows-1252") if self.legacy else "UTF-8"
        return _(
            "line {n}: byte 0x{byte:02X} is not text in {encodings}; "
            "save the file as CSV (UTF-8) and import that"
        ).format(n=n, byte=bad, encodings=encodings)


def sniff_delimiter(header_line: str) -> str:
    """Comma, or the semicolon Dutch Excel writes, or a tab: whichever the header has most."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class Table:
    columns: dict[str, int]  # field -> column index
    ignored: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells); NUL_ROW: it holds a NUL
    decimal: str | None = None  # how its amounts mark the cents (transfer/amounts.py)


def read_table(
    lines: Iterable[str],
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    mapping: dict[str, str],
    name: str,
) -> Table:
    """The header resolved to fields, and the data rows with their line numbers."""
    lines = iter(lines)
    first = next(lines, "")
    delimiter = sniff_delimiter(first)
    fed = _Fed(first, lines)
    reader = csv.reader(fed.lines, delimiter=delimiter, strict=True)  # `"ab"cd` is refused
    header = _next_row(reader)
    if not header:
        raise Invalid(_("{name} is empty: expected a header row").format(name=name))
    if any("\x00" in title for title in header):
        raise Invalid(
            _(
                "line {n}: a NUL byte: {name} is not a CSV text file "
                "(save it as CSV UTF-8, or as Unicode text)"
            ).format(n=reader.line_num, name=name)
        )
    if reader.line_num > 1:  # a stray quote in the header: the file read as its titles
        raise _runs_on(reader.line_num)
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        folded = title.strip().casefold()
        target = mapping.get(folded)
        if target is None:  # its own name, unless --map gave that field to another column
            target = "" if folded in mapping.values() else folded
        if target not in allowed:
            ignored.append(title.strip())
            continue
        if target in columns:
            raise Invalid(
                _("{name}: two columns for {field!r}: {one!r}, {other!r}").format(
                    name=name, field=target, one=header[columns[target]], other=title
                )
            )
        columns[target] = index
    unknown = set(mapping) - {h.strip().casefold() for h in header}
    if unknown:
        raise Invalid(
            _("--map names no column of {name}: {columns}").format(
                name=name, columns=", ".join(sorted(unknown))
            )
        )
    missing = [f for f in required if f not in columns]
    if missing:
        raise Invalid(
            _(
                "{name} has no column for {missing} (its columns: {columns}); "
                "name them with --map SOURCE=FIELD"
            ).format(name=name, missing=", ".join(missing), columns=", ".join(header))
        )
    quotes = Quotes(delimiter, len(header))
    return Table(columns, ignored, _numbered(reader, fed, quotes))


class _Fed:
    """The lines csv reads, a block at a time (`lines`), with the blocks since the record it
    reads began kept, so that a record that spans lines can be checked (`lines_of`); and
    whether the file has ended (`done`). Per line nothing runs in Python."""

    BLOCK = 1024  # lines

    def __init__(self, first: str, rest: Iterator[str]) -> None:
        self.blocks: deque[tuple[int, list[str]]] = deque()  # (number of its first line, lines)
        self.keep_from = 1  # the first line of the record being read
        self.done = False
        self.lines = chain.from_iterable(self._blocks(first, rest))

    def _blocks(self, first: str, rest: Iterator[str]) -> Iterator[list[str]]:
        blocks, number, block = self.blocks, 1, [first]
        while block:
            while blocks and blocks[0][0] + len(blocks[0][1]) <= self.keep_from:
                blocks.popleft()
            blocks.append((number, block))
            number += len(block)
            yield block
            block = list(islice(rest, self.BLOCK))
        self.done = True

    def lines_of(self, start: int, end: int) -> list[str]:
        """Lines `start` to `end` of the file (the first is line 1)."""
        found: list[str] = []
        for first, block in self.blocks:
            if first <= end and first + len(block) > start:
                found += block[max(0, start - first) : end - first + 1]
        return found


def _next_row(reader: Any) -> list[str] | None:
    """The header row, or None for an empty file."""
    try:
        return next(reader, None)  # type: ignore[no-any-return]
    except csv.Error as exc:
        if reader.line_num > 1 and "field limit" not in str(exc):
            raise _runs_on(reader.line_num) from None
        if "expected after" in str(exc):
            raise text_after(1) from None
        raise _unreadable(exc, 1) from None


def _runs_on(end: int) -> Invalid:
    """A stray quote in the header: the file read as its titles."""
    return Invalid(
        _(
            "line 1: a quoted title opens here and runs on to line {end}: the header is "
            "one line (a quote too many, or one missing?)"
        ).format(end=end)
    )


def _numbered(reader: Any, fed: _Fed, quotes: Quotes) -> Iterator[tuple[int, list[str]]]:
    end = reader.line_num
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if end > start or fed.done:  # a quoted cell over several lines, or the last record
                quotes.check(fed.lines_of(start, end), start)
            fed.keep_from = end + 1
            joined = "".join(cells)
            if "\x00" in joined:
                yield start, NUL_ROW
            elif joined.strip():  # not a blank line, nor one of Excel's trailing ;;;; rows
                yield start, cells
    except csv.Error as exc:  # strict: text after a closing quote, or one never closed
        start = end + 1
        if "field limit" not in str(exc):  # say which, and where
            quotes.check(fed.lines_of(start, reader.line_num), start)
        raise _unreadable(exc, start) from None


def _unreadable(exc: csv.Error, n: int) -> Invalid:
    """csv's complaint about the record that starts on line `n`, with that line."""
    if "field limit" in str(exc):
        return Invalid(
            _("line {n}: a cell longer than {limit} characters").format(n=n, limit=CELL_LIMIT)
        )
    return Invalid(_("line {n}: cannot read it as CSV ({reason})").format(n=n, reason=exc))
