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
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from nasales.errors import Invalid
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record, Window
from nasales.transfer.capture.calllog import (
    ALIASES,
    ANSWERED,
    ASTERISK,
    ASTERISK_MIN,
    FIELDS,
    INCOMING,
    INTERNAL,
    MACHINE,
    MISSED,
    NOT_ANSWERED,
    OUTGOING,
    USED,
    seconds,
    when,
)
from nasales.transfer.capture.resume import Changed, Prefix, Resume, remember
from nasales.transfer.reading import STDIN, open_source, read_table, sniff_delimiter


def read(
    path: str,
    window: Window,
    state: dict[str, str],
    mapping: dict[str, str] | None = None,
    min_seconds: int = 30,
    utc: bool = False,
) -> Iterator[Record | Bad]:
    """The calls in the log at `path` (`-`: standard input); of a file read before in the
    same way, only what was added since (`resume`)."""
    how = f"{sorted((mapping or {}).items())}|{min_seconds}|{utc}|{window.country}"
    resume = Resume.of(state, how, window.until) if path != STDIN else None
    try:
        yield from _read(path, window, state, mapping or {}, min_seconds, utc, how, resume)
    except Changed:  # raised before any call is given: the lines compared come first
        yield from _read(path, window, state, mapping or {}, min_seconds, utc, how, None)


def _read(
    path: str,
    window: Window,
    state: dict[str, str],
    mapping: dict[str, str],
    min_seconds: int,
    utc: bool,
    how: str,
    resume: Resume | None,
) -> Iterator[Record | Bad]:
    mode, delimiter = (state.get("mode", ""), state.get("delimiter", ",")) if resume else ("", ",")
    with open_source(path, window.progress, strict=False) as source:
        prefix = Prefix(source.lines, resume, keep_first=mode == "header")
        lines = iter(prefix)
        calls = _Calls(window, min_seconds, utc, prefix)
        first = next(lines, "")
        if not first.strip() and not resume:
            if not any(line.strip() for line in lines):
                return  # an empty log (emptied by logrotate's copytruncate): no calls
            raise Invalid(
                _("{name} starts with a blank line: not a call log").format(name=source.name)
            )
        if not mode:
            delimiter = sniff_delimiter(first)
            try:
                cells = next(csv.reader([first], delimiter=delimiter), [])
            except csv.Error:
                cells = []
            named = {c.strip().casefold() for c in cells}
            if mapping or named & {*FIELDS, *ALIASES} - {"date", "time", "from", "to", "type"}:
                mode = "header"
            elif len(cells) >= ASTERISK_MIN:
                mode = "asterisk"
            else:
                raise Invalid(
                    _(
                        "{name} is not a call log nasales knows: Asterisk's Master.csv, or a "
                        "CSV with a header; name its columns with --map, e.g. --map Datum=start"
                    ).format(name=source.name)
                )
        if mode == "header":
            yield from calls.with_header(first, lines, mapping, source.name, delimiter)
        elif first:
            yield from calls.asterisk(first, lines, delimiter)
        remember(state, prefix, how, window.until, mode=mode, delimiter=delimiter)


# Calls that are no conversation: the engine counts them by their reason and reads no more
# of them, so one record serves them all.
UNANSWERED, SHORT, INTERNAL_CALL = (
    Record("calls", "", date.min, "call", skip=reason)
    for reason in ("unanswered", "short", "internal")
)


class _Calls:
    """Rows of a call log to records."""

    def __init__(self, window: Window, min_seconds: int, utc: bool, prefix: Prefix) -> None:
        from nasales.domain.phones import canonical

        self.window, self.min_seconds, self.utc = window, min_seconds, utc
        self.zone = window.zone
        self.country = window.country
        self.outside = _Outside(canonical, window.country)  # a phone number, no extension
        self.days: dict[str, date] = {}  # a call log's thousands of calls fall on few days
        self.line = _("line {n}")
        self.prefix = prefix  # lines are numbered after those it left out

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
        yield from self._rows(table.rows, at, src_dst="number" not in at)

    def _rows(
        self,
        rows: Iterator[tuple[int, list[str]]],
        at: dict[str, int],
        src_dst: bool,
        least: int = 0,
    ) -> Iterator[Record | Bad]:
        """Each row as a record, or as a Bad; a row shorter than `least` cells is Bad, a
        shorter one than the columns named is read with the missing cells empty. This runs
        for every line of a log of 100 000: it is written for speed (PRODUCT.md §6)."""
        width = max(at.values()) + 1
        # a field the file lacks reads the empty cell appended to every row (index -1)
        (start, date_, time_, answer, billsec, duration, direction_, by_, src, dst, number,
         disposition_, id_, uniqueid, dstchannel, lastapp) = (
            at.get(f, -1) for f in USED
        )  # fmt: skip
        # Asterisk says who took an answered call: no destination channel (or a voicemail,
        # menu or announcement as the last application) is the phone system itself.
        machine = dstchannel >= 0 or lastapp >= 0  # the log has the columns to tell
        until, min_seconds, sides = self.window.until, self.min_seconds, self._sides
        line = self.line
        before, _n, after = line.partition("{n}")  # "line {n}", put together quickly
        to_day, skipped, finished = self._day, self.prefix.skipped, self.prefix.finished
        # A row is finished with (`finished`: the next capture need not read it again) unless
        # it, or a row before it, is a call after T. It is marked before the next row is read.
        future = False
        for n, cells in rows:
            n += skipped
            if not future:
                finished()
            if len(cells) < least:
                yield Bad(
                    line.format(n=n),
                    _("not a line of the call log ({n} columns)").format(n=len(cells)),
                )
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            joined = "".join(cells)
            if "\x00" in joined or "\ufffd" in joined:
                yield Bad(line.format(n=n), _("bytes that are not text"))
                continue
            cells.append("")
            # What is not a conversation is counted and no more is read of it (most lines).
            said = cells[direction_].strip().casefold()
            talk = cells[billsec].strip() or cells[duration].strip()
            try:
                talk_time = int(talk) if talk.isdigit() else seconds(talk)
            except ValueError as exc:
                yield Bad(line.format(n=n), str(exc))
                continue
            disposition = cells[disposition_].strip().casefold()
            if said in MISSED or disposition in NOT_ANSWERED:
                yield UNANSWERED
                continue
            if disposition not in ANSWERED and talk_time == 0:  # unknown: the talk time says
                yield UNANSWERED
                continue
            if machine and (
                (dstchannel >= 0 and not cells[dstchannel].strip())
                or cells[lastapp].strip().casefold() in MACHINE
            ):
                yield UNANSWERED  # voicemail, a menu, an announcement: nobody took it
                continue
            if talk_time is not None and talk_time < min_seconds:
                yield SHORT
                continue
            by = cells[by_].strip() or None
            direction = "out" if said in OUTGOING else "in" if said in INCOMING else None
            if said in INTERNAL:
                yield INTERNAL_CALL
                continue
            if src_dst:
                side, numbers, extension = sides(cells[src].strip(), cells[dst].strip())
                if side == "internal":
                    yield INTERNAL_CALL
                    continue
                direction = direction or side
                by = by or extension
            else:
                other = cells[number].strip()
                numbers = (other,) if other else ()
            started = cells[start].strip() or f"{cells[date_]} {cells[time_]}".strip()
            try:
                day = to_day(started, cells[answer].strip())
            except ValueError as exc:
                yield Bad(line.format(n=n), str(exc))
                continue
            skip = None
            if day > until:
                skip = "future"
                future = True
                self.prefix.unfinish()
            given = cells[id_].strip() or cells[uniqueid].strip()  # ids restart on a new server
            key = f"{given}|{started}" if given else "|".join((started, *numbers, str(talk_time)))
            yield Record(
                "calls", key, day, "call", numbers, (), (), None, direction, talk_time, by, skip,
                f"{before}{n}{after}",
            )  # fmt: skip

    def _sides(self, src: str, dst: str) -> tuple[str | None, tuple[str, ...], str | None]:
        """(direction, the other party's numbers, our extension) of a call from src to dst:
        the side that is no phone number in the configured country is ours."""
        outside = self.outside
        src_out, dst_out = outside[src], outside[dst]
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
        if not self.utc and len(text) == 19 and text[10] == " ":  # Asterisk's local times
            day = self.days.get(text[:10])
            if day is not None and text[11:13] < "24" and text[14:16] < "60" and text[17:] < "61":
                return day
        found = when(text) or when(answer)
        if found is None:
            if not text:
                raise ValueError(_("no start time"))
            raise ValueError(_("cannot read the start time {text!r}").format(text=text[:40]))
        if isinstance(found, datetime):
            if found.tzinfo is None and self.utc:
                found = found.replace(tzinfo=UTC)
            if found.tzinfo is not None:
                found = found.astimezone(self.zone)
            elif len(text) == 19:
                self.days[text[:10]] = found.date()
            return found.date()
        return found


class _Outside(dict):
    """Whether what a call log writes as one side of a call is a phone number (not an
    extension, not a withheld number): asked once per text."""

    def __init__(self, canonical: Any, country: str) -> None:
        super().__init__()
        self.canonical, self.country = canonical, country

    def __missing__(self, text: str) -> bool:
        self[text] = found = self.canonical(text, self.country) is not None
        return found


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
        if len(cells) > 1 or (cells and cells[0].strip()):  # not a blank line
            yield begin, cells
