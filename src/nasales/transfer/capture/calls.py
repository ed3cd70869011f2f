"""A phone system's call log as `Record`s (PRODUCT.md §9): Asterisk's Master.csv, or any CSV
with a header (3CX, FreePBX, a mobile phone's export) whose columns `--map` names.

Asterisk's cdr_csv writes no header; its documented columns are `ASTERISK` (uniqueid and
userfield only with `loguniqueid`/`loguserfield`), its times the server's local time (UTC
with `usegmtime`: `--utc`). A file with a header names its columns by the fields of
`FIELDS` (or the usual names of `ALIASES`); `--map SRC=FIELD` names the others.

The file is read once, front to back, by `transfer.reading` (encodings, `-`, pipes, line
limits), never held whole. A line that cannot be read is a `Bad` named by its number.
"""

import csv
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from nasales.errors import Invalid
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record, Window
from nasales.transfer.reading import open_source, read_table, sniff_delimiter

ASTERISK = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
ASTERISK_MIN = 16  # without uniqueid and userfield
# The fields a call log with a header may have: when (start, or date and time), the other
# party (number; or src and dst, the side that is no extension), direction, talk time
# (billsec, else duration), disposition, the call's id, and who made it (by).
FIELDS = (
    "start",
    "date",
    "time",
    "number",
    "src",
    "dst",
    "direction",
    "duration",
    "billsec",
    "disposition",
    "id",
    "by",
)
ALIASES = {  # what call logs often call them (FreePBX, Asterisk's CDR tables, exports)
    "calldate": "start",
    "call date": "start",
    "starttime": "start",
    "start time": "start",
    "uniqueid": "id",
    "callid": "id",
    "call id": "id",
    "phone number": "number",
    "phone": "number",
    "caller": "src",
    "from": "src",
    "callee": "dst",
    "to": "dst",
    "status": "disposition",
    "type": "direction",
    "user": "by",
    "extension": "by",
}
ANSWERED = frozenset(
    {"answered", "answer", "beantwoord", "aangenomen", "connected", "completed", "ok", "success"}
)
NOT_ANSWERED = frozenset(
    {
        "no answer",
        "noanswer",
        "no_answer",
        "busy",
        "failed",
        "congestion",
        "missed",
        "unanswered",
        "rejected",
        "declined",
        "cancelled",
        "canceled",
        "voicemail",
        "niet beantwoord",
        "onbeantwoord",
        "gemist",
        "bezet",
        "geweigerd",
        "mislukt",
    }
)
INCOMING = frozenset({"in", "inbound", "incoming", "inkomend", "binnenkomend", "received"})
OUTGOING = frozenset({"out", "outbound", "outgoing", "uitgaand", "dialed", "dialled", "gebeld"})
MISSED = frozenset({"missed", "gemist", "rejected", "geweigerd", "unanswered", "onbeantwoord"})
INTERNAL = frozenset({"internal", "intern", "local"})
_DAY_FIRST = re.compile(
    r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?"
)
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?")


def read(
    path: str,
    window: Window,
    state: dict[str, str],
    mapping: dict[str, str] | None = None,
    min_seconds: int = 30,
    utc: bool = False,
) -> Iterator[Record | Bad]:
    """The calls in the log at `path` (`-`: standard input)."""
    with open_source(path, window.progress, strict=False) as source:
        lines = source.lines
        first = next(lines, "")
        if not first.strip():
            raise Invalid(_("{name} is empty: not a call log").format(name=source.name))
        delimiter = sniff_delimiter(first)
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            cells = []
        calls = _Calls(window, min_seconds, utc)
        named = {c.strip().casefold() for c in cells}
        if mapping or named & {*FIELDS, *ALIASES} - {"date", "time", "from", "to", "type"}:
            yield from calls.with_header(first, lines, mapping or {}, source.name, delimiter)
        elif len(cells) >= ASTERISK_MIN:
            yield from calls.asterisk(first, lines, delimiter)
        else:
            raise Invalid(
                _(
                    "{name} is not a call log nasales knows: Asterisk's Master.csv, or a CSV "
                    "with a header; name its columns with --map, e.g. --map Datum=start"
                ).format(name=source.name)
            )


class _Calls:
    """Rows of a call log to records."""

    def __init__(self, window: Window, min_seconds: int, utc: bool) -> None:
        from nasales.domain.phones import e164

        self.window, self.min_seconds, self.utc = window, min_seconds, utc
        self.zone = window.zone
        self.country = window.country
        self.e164 = e164
        self.line = _("line {n}")

    def asterisk(self, first: str, lines: Iterator[str], delimiter: str) -> Iterator[Record | Bad]:
        at = {name: i for i, name in enumerate(ASTERISK)}
        yield from self._rows(_rows(first, lines, delimiter), at, src_dst=True, least=ASTERISK_MIN)

    def with_header(
        self,
        first: str,
        lines: Iterator[str],
        mapping: dict[str, str],
        name: str,
        delimiter: str,
    ) -> Iterator[Record | Bad]:
        header = next(csv.reader([first], delimiter=delimiter))
        given = {h.strip().casefold() for h in header}
        mapping = dict(mapping)
        for alias, field in ALIASES.items():
            taken = field in given or field in mapping.values()
            if alias in given and alias not in mapping and not taken:
                mapping[alias] = field
        table = read_table(_chain(first, lines), FIELDS, (), mapping, name)
        at = table.columns
        if "start" not in at and "date" not in at:
            raise Invalid(
                _(
                    "{name} has no column for when a call started: name it with --map SRC=start"
                ).format(name=name)
            )
        if not {"number", "src", "dst"} & set(at):
            raise Invalid(
                _(
                    "{name} has no column for the number called: name it with "
                    "--map SRC=number (or the columns src and dst)"
                ).format(name=name)
            )
        numbered = ((n, cells) for n, cells in table.rows)
        yield from self._rows(numbered, at, src_dst="number" not in at)

    def _rows(
        self,
        rows: Iterator[tuple[int, list[str]]],
        at: dict[str, int],
        src_dst: bool,
        least: int = 0,
    ) -> Iterator[Record | Bad]:
        """Each row as a record, or as a Bad; a row shorter than `least` cells is Bad, a
        shorter one than the columns named is read with the missing cells empty."""
        width = max(at.values()) + 1
        for n, cells in rows:
            where = self.line.format(n=n)
            if len(cells) < least:
                yield Bad(where, _("not a line of the call log ({n} columns)").format(n=len(cells)))
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            text = "".join(cells)
            if "\x00" in text or "\ufffd" in text:
                yield Bad(where, _("bytes that are not text"))
                continue
            try:
                yield self._record(cells, at, src_dst, where)
            except ValueError as exc:
                yield Bad(where, str(exc))

    def _record(self, cells: list[str], at: dict[str, int], src_dst: bool, where: str) -> Record:
        def cell(field: str) -> str:
            i = at.get(field)
            return cells[i].strip() if i is not None else ""

        started = cell("start") or f"{cell('date')} {cell('time')}".strip()
        day = self._day(started, cell("answer") if "answer" in at else "")
        seconds = _seconds(cell("billsec")) if cell("billsec") else _seconds(cell("duration"))
        said = cell("direction").casefold()
        direction = "in" if said in INCOMING or said in MISSED else None
        direction = "out" if said in OUTGOING else direction
        skip = "internal" if said in INTERNAL else None
        by = cell("by") or None
        if src_dst:
            src, dst = cell("src"), cell("dst")
            sides, numbers, extension = self._sides(src, dst)
            direction = direction or sides
            by = by or extension
            if sides == "internal":
                skip, direction = skip or "internal", None
        else:
            numbers = (cell("number"),) if cell("number") else ()
        disposition = cell("disposition").casefold()
        if said in MISSED or disposition in NOT_ANSWERED:
            answered = False
        elif disposition in ANSWERED:
            answered = True
        else:  # no disposition, or one this reader does not know: the talk time says
            answered = seconds is None or seconds > 0
        if skip is None:
            if not answered:
                skip = "unanswered"
            elif seconds is not None and seconds < self.min_seconds:
                skip = "short"
            elif day > self.window.until:
                skip = "future"
        given = cell("id") or cell("uniqueid")  # with the start: ids restart on a new server
        key = f"{given}|{started}" if given else "|".join((started, *numbers, str(seconds)))
        return Record(
            source="calls",
            key=key,
            day=day,
            kind="call",
            numbers=numbers,
            direction=direction,
            seconds=seconds,
            by=by,
            skip=skip,
            where=where,
        )

    def _sides(self, src: str, dst: str) -> tuple[str | None, tuple[str, ...], str | None]:
        """(direction, the other party's numbers, our extension) of a call from src to dst:
        the side that is no phone number in the configured country is ours."""
        src_out = self.e164(src, self.country) is not None
        dst_out = self.e164(dst, self.country) is not None
        if src_out and not dst_out:
            return "in", (src,), dst if dst.isdigit() else None
        if dst_out and not src_out:
            return "out", (dst,), src if src.isdigit() else None
        if src_out and dst_out:
            return None, (src, dst), None
        if src.isdigit() and dst.isdigit():
            return "internal", (), None
        return None, (), None  # a withheld number to a menu ("s"): nobody to place

    def _day(self, text: str, answer: str) -> date:
        when = _when(text) or _when(answer)
        if when is None:
            if not text:
                raise ValueError(_("no start time"))
            raise ValueError(_("cannot read the start time {text!r}").format(text=text[:40]))
        if isinstance(when, datetime):
            if when.tzinfo is None and self.utc:
                when = when.replace(tzinfo=UTC)
            if when.tzinfo is not None:
                when = when.astimezone(self.zone)
            return when.date()
        return when


def _when(text: str) -> datetime | date | None:
    """A call's start as call logs write it: ISO (with or without a zone), day first
    (27-11-2026 14:05), or seconds since 1970 (UTC)."""
    if not text:
        return None
    if text.isdigit() and 9 <= len(text) <= 13:
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year, hour, minute, second = match.groups()
        try:
            if hour is None:
                return date(int(year), int(month), int(day))
            return datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
            )
        except ValueError:
            return None
    return None


def _seconds(text: str) -> int | None:
    """Talk time: `312`, `312.4`, `5:12` or `0:05:12`; None when there is none."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        match = _CLOCK.fullmatch(text)
        if match is None:
            raise ValueError(
                _("cannot read the duration {text!r}").format(text=text[:20])
            ) from None
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if not 0 <= value < 10**7:
        raise ValueError(_("cannot read the duration {text!r}").format(text=text[:20]))
    return int(value)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _rows(first: str, lines: Iterator[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of a file without a header, with their line numbers; a line csv cannot read
    is given as no cells (too few: named as unreadable)."""
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            begin, end = end + 1, reader.line_num
            yield begin, []
            continue
        begin, end = end + 1, reader.line_num
        if any(c.strip() for c in cells):
            yield begin, cells


def parse_map(pairs: list[str]) -> dict[str, str]:
    """`--map SRC=FIELD` options as {source column (casefolded): field}."""
    mapping = {}
    for pair in pairs:
        src, sep, target = pair.partition("=")
        target = target.strip().lower()
        if not sep or not src.strip() or not target:
            raise Invalid(
                _("bad --map {pair!r}: use SOURCE=FIELD, e.g. Datum=start").format(pair=pair)
            )
        if target not in FIELDS:
            raise Invalid(
                _("bad --map {pair!r}: a call log has the fields {fields}").format(
                    pair=pair, fields=", ".join(FIELDS)
                )
            )
        mapping[src.strip().casefold()] = target
    return mapping
