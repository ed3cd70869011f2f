"""An iCalendar export (Outlook, Google, Thunderbird) as `Record`s: one per meeting that took
place (PRODUCT.md §9).

The file is read once, line by line, and never held whole: each event's lines are kept only
while it is read, and only the properties a meeting needs (times, recurrence, status,
summary, organizer, attendees): descriptions, attachments and alarms are passed over
unparsed (they are never stored either). An event that does not recur is parsed with
`icalendar` and turned into a record at once; the events of a recurring series (RRULE,
RDATE, or an override with RECURRENCE-ID, anywhere in the file) are kept, filtered, until
the end and expanded with `recurring-ical-events`, exceptions and overrides included, up to
T (a rule without UNTIL included). Time zones: a VTIMEZONE is parsed when it is read (and
icalendar knows Olson and Windows names itself); times in UTC or a zone are dated in the
configured country's zone; floating times and all-day events as written (in the calendar's
X-WR-TIMEZONE, if it names one).
"""

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import IO, Any

from nasales.errors import Invalid
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record, Window

LINE_LIMIT = 1 << 16  # characters of a property kept; longer ones are garbage
MOST_OCCURRENCES = 20_000  # of one recurring event up to T: beyond, a rule gone wild
EVENT_PROPERTIES = frozenset(
    {
        "UID",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "EXRULE",
        "RECURRENCE-ID",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "ORGANIZER",
        "ATTENDEE",
    }
)
RECURRING = ("RRULE", "RDATE", "RECURRENCE-ID")
YEARS_BACK = 10  # a recurring meeting is expanded from ten years before T
# A rule that recurs more often than a few times a day is no meeting, and would be expanded
# into millions of occurrences (dateutil lists them all) before any limit could stop it.
TOO_OFTEN = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
_RULE_PART = re.compile(r"(FREQ|BYHOUR|BYMINUTE|BYSECOND)=([^;]*)", re.IGNORECASE)
_TZID = re.compile(r";TZID=(\"[^\"]*\"|[^;:]*)", re.IGNORECASE)


@dataclass
class _Event:
    """One VEVENT's lines (the properties kept), and where it starts in the file."""

    line: int
    lines: list[str] = field(default_factory=list)
    uid: str = ""
    summary: str = ""
    recurring: bool = False
    tzids: set[str] = field(default_factory=set)
    broken: str = ""  # why it cannot be read, when that is known from its lines

    @property
    def text(self) -> str:
        return "\r\n".join(("BEGIN:VEVENT", *self.lines, "END:VEVENT"))


def read(path: str, window: Window, state: dict[str, str]) -> Iterator[Record | Bad]:
    """The meetings in the iCalendar file at `path` (`-`: standard input)."""
    with _open(path) as (name, stream), warnings.catch_warnings():
        # icalendar warns on stderr about what it guessed (a vendor's TZID): not the user's
        warnings.simplefilter("ignore")
        yield from _Reader(window, name).read(stream)


@contextmanager
def _open(path: str) -> Iterator[tuple[str, IO[bytes]]]:
    if path == "-":
        import sys

        yield _("standard input"), sys.stdin.buffer
        return
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below, or the error is ours
    except OSError as exc:
        raise Invalid(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    with stream:
        yield Path(path).name, stream


class _Reader:
    def __init__(self, window: Window, name: str) -> None:
        self.window, self.name = window, name
        self.zone: tzinfo = window.zone
        self.calendar_zone: tzinfo | None = None  # X-WR-TIMEZONE
        self.method = ""
        self.cutoff = datetime.combine(window.until + timedelta(days=1), time())  # end of T
        self.series: dict[str, list[_Event]] = {}  # recurring events, by UID
        self.waiting: list[_Event] = []  # events naming a time zone defined later

    def read(self, stream: IO[bytes]) -> Iterator[Record | Bad]:
        lines = _logical_lines(stream, self.window)
        first = next(lines, None)
        if first is None or first[1].strip().upper() != "BEGIN:VCALENDAR":
            raise Invalid(
                _(
                    "{name} is not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
                ).format(name=self.name)
            )
        stack: list[str] = ["VCALENDAR"]
        event: _Event | None = None
        zone_lines: list[str] = []
        for n, text in lines:
            name, _sep, value = text.partition(":")
            key = name.split(";", 1)[0].strip().upper()
            if key == "BEGIN":
                component = value.strip().upper()
                if component == "VEVENT" and event is not None:
                    yield self._bad(event, _("it has no END:VEVENT"))
                    while stack and stack[-1] != "VEVENT":
                        stack.pop()
                    if stack:
                        stack.pop()
                if component == "VEVENT":
                    event = _Event(n)
                stack.append(component)
                if "VTIMEZONE" in stack:
                    zone_lines.append(text)
                continue
            if key == "END":
                component = value.strip().upper()
                if "VTIMEZONE" in stack:
                    zone_lines.append(text)
                if component in stack:  # an END that skips a level closes it too
                    while stack.pop() != component:
                        pass
                if component == "VTIMEZONE":
                    self._zone(zone_lines)
                    zone_lines = []
                if component == "VEVENT" and event is not None:
                    yield from self._ended(event)
                    event = None
                continue
            if "VTIMEZONE" in stack:
                zone_lines.append(text)
            elif stack == ["VCALENDAR"]:
                self._calendar_property(key, value)
            elif event is not None and stack[-1:] == ["VEVENT"]:
                self._keep(event, key, name, text)
        if event is not None:
            yield self._bad(event, _("it has no END:VEVENT"))
        for waiting in self.waiting:
            yield from self._single(waiting)
        for events in self.series.values():
            yield from self._recurring(events)

    # -- the file's structure ---------------------------------------------------------------

    def _calendar_property(self, key: str, value: str) -> None:
        if key == "METHOD":
            self.method = value.strip().upper()
        elif key == "X-WR-TIMEZONE":
            from icalendar.timezone import tzp

            self.calendar_zone = tzp.timezone(value.strip()) or self.calendar_zone

    def _zone(self, lines: list[str]) -> None:
        """A VTIMEZONE: parsed once, so icalendar knows its TZID from now on."""
        from icalendar import Calendar

        text = "\r\n".join(("BEGIN:VCALENDAR", *lines, "END:VCALENDAR", ""))
        with suppress(Exception):  # a broken zone: the events naming it say so
            Calendar.from_ical(text)

    def _keep(self, event: _Event, key: str, name: str, text: str) -> None:
        if key not in EVENT_PROPERTIES:
            return
        if len(text) > LINE_LIMIT:
            event.broken = _("a {property} longer than {limit} characters").format(
                property=key, limit=LINE_LIMIT
            )
            return
        event.lines.append(text)
        if key == "UID":
            event.uid = text.partition(":")[2].strip()
        elif key == "SUMMARY":
            event.summary = text.partition(":")[2].strip()
        if key in RECURRING:
            event.recurring = True
        if key in ("DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID"):
            event.tzids.update(t.strip('"') for t in _TZID.findall(name))

    def _ended(self, event: _Event) -> Iterator[Record | Bad]:
        if event.broken:
            yield self._bad(event, event.broken)
        elif not event.uid:
            yield self._bad(event, _("it has no UID"))
        elif event.recurring:
            self.series.setdefault(event.uid, []).append(event)
        elif not self._zones_known(event):
            self.waiting.append(event)  # its VTIMEZONE may come later in the file
        else:
            yield from self._single(event)

    def _zones_known(self, event: _Event) -> bool:
        from icalendar.timezone import tzp

        return all(tzp.timezone(tzid) is not None for tzid in event.tzids)

    def _bad(self, event: _Event, reason: str) -> Bad:
        return Bad(_where(event), reason)

    # -- events to records ------------------------------------------------------------------

    def _single(self, event: _Event) -> Iterator[Record | Bad]:
        from icalendar import Event
        from recurring_ical_events import EventAdapter

        try:
            component = Event.from_ical(event.text)
            adapter = EventAdapter(component)
            raw_start, raw_end = adapter.raw_start, adapter.raw_end
            start, end = adapter.start, adapter.end
        except Exception as exc:  # icalendar's many ways to refuse a value
            yield self._bad(event, _unreadable(exc))
            return
        if _before(raw_end, raw_start):
            yield self._bad(event, _("it ends before it starts"))
            return
        yield self._record(event, _Facts.of(component), start, end, event.uid)

    def _recurring(self, events: list[_Event]) -> Iterator[Record | Bad]:
        from icalendar import Calendar
        from recurring_ical_events import EventAdapter, Series

        first = events[0]
        if any(_too_often(line) for e in events for line in e.lines):
            yield self._bad(first, _("it recurs more often than a few times a day: no meeting"))
            return
        try:
            text = "\r\n".join(("BEGIN:VCALENDAR", *(e.text for e in events), "END:VCALENDAR"))
            calendar = Calendar.from_ical(text)
            components = calendar.walk("VEVENT")
            for component in components:
                adapter = EventAdapter(component)
                if _before(adapter.raw_end, adapter.raw_start):
                    yield self._bad(first, _("it ends before it starts"))
                    return
            series = Series([EventAdapter(c) for c in components])
            known: dict[int, _Facts] = {}  # what each component says, read once
            upper = self.cutoff + timedelta(days=1)
            lower = self.cutoff - timedelta(days=366 * YEARS_BACK)
            for n, occurrence in enumerate(series.between(lower, upper), 1):
                if n > MOST_OCCURRENCES:
                    yield self._bad(
                        first,
                        _("it recurs more than {n} times by {day}; the rest is skipped").format(
                            n=MOST_OCCURRENCES, day=self.window.until
                        ),
                    )
                    return
                rid = occurrence.id.recurrence_id or _as_utc(occurrence.start)
                key = f"{first.uid}|{rid.isoformat()}"
                facts = known.get(id(source := _source(occurrence)))
                if facts is None:
                    facts = known[id(source)] = _Facts.of(source)
                yield self._record(first, facts, occurrence.start, occurrence.end, key)
        except Exception as exc:  # a rule or date icalendar or dateutil refuse
            yield self._bad(first, _unreadable(exc))

    def _record(self, event: _Event, facts: "_Facts", start: Any, end: Any, key: str) -> Record:
        day = self._local(start)
        ends = self._local(end)
        ends_at = ends if isinstance(ends, datetime) else datetime.combine(ends, time())
        skip = None
        if facts.cancelled or self.method == "CANCEL":
            skip = "cancelled"
        elif ends_at > self.cutoff:
            skip = "future"
        return Record(
            source="calendar",
            key=key,
            day=day.date() if isinstance(day, datetime) else day,
            kind="meeting",
            addresses=facts.addresses,
            declined=facts.declined,
            subject=facts.summary,
            skip=skip,
            where=_where(event),
        )

    def _local(self, when: date | datetime) -> date | datetime:
        """A time as a local, naive one in the configured country's zone; a date as is."""
        if not isinstance(when, datetime):
            return when
        if when.tzinfo is None:
            if self.calendar_zone is None:
                return when  # floating: the wall clock where it happens
            when = when.replace(tzinfo=self.calendar_zone)
        return when.astimezone(self.zone).replace(tzinfo=None)


@dataclass(frozen=True)
class _Facts:
    """What one VEVENT says of a meeting, whatever its times: read once per component."""

    cancelled: bool
    addresses: tuple[str, ...]
    declined: tuple[str, ...]
    summary: str | None

    @classmethod
    def of(cls, component: Any) -> "_Facts":
        addresses: list[str] = []
        declined: list[str] = []
        for prop in ("ORGANIZER", "ATTENDEE"):
            found = component.get(prop)
            for person in found if isinstance(found, list) else [found] if found else []:
                address = _address(person)
                if address and address not in addresses:
                    addresses.append(address)
                params = getattr(person, "params", {})
                if address and str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                    declined.append(address)
        return cls(
            str(component.get("STATUS", "")).strip().upper() == "CANCELLED",
            tuple(addresses),
            tuple(declined),
            str(component.get("SUMMARY", "")).strip() or None,
        )


def _source(occurrence: Any) -> Any:
    """The VEVENT an occurrence comes from (the series' or its override), without the copy
    `as_component` makes of it for every occurrence (most of the time of a long series)."""
    component = getattr(getattr(occurrence, "_adapter", None), "_component", None)
    return component if component is not None else occurrence.as_component(False)


def _too_often(line: str) -> bool:
    """Whether an RRULE line recurs more often than a few times a day."""
    if line[:6].upper() not in ("RRULE:", "RRULE;"):
        return False
    parts = {k.upper(): v for k, v in _RULE_PART.findall(line.partition(":")[2])}
    if parts.get("FREQ", "").upper() in TOO_OFTEN:
        return True
    times = 1
    for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        times *= len(parts[part].split(",")) if part in parts else 1
    return times > 4


def _where(event: _Event) -> str:
    """An event as a message names it: its summary and UID, or the line it starts on."""
    if event.uid:
        return _("event {summary!r} (UID {uid})").format(
            summary=event.summary[:60], uid=event.uid[:80]
        )
    return _("event {summary!r} on line {n}").format(summary=event.summary[:60], n=event.line)


def _address(person: Any) -> str:
    text = str(person).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and " " not in text else ""


def _before(end: Any, start: Any) -> bool:
    """Whether an event's end lies before its start (dates and times, zones or not)."""
    try:
        if isinstance(end, datetime) != isinstance(start, datetime):
            return False
        if isinstance(end, datetime) and (end.tzinfo is None) != (start.tzinfo is None):
            return False
        return bool(end < start)
    except TypeError:
        return False


def _as_utc(when: date | datetime) -> date | datetime:
    if isinstance(when, datetime) and when.tzinfo is not None:
        return when.astimezone(UTC).replace(tzinfo=None)
    return when


def _unreadable(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return _("cannot read it ({reason})").format(reason=text[:120])


def _logical_lines(stream: IO[bytes], window: Window) -> Iterator[tuple[int, str]]:
    """The file's content lines, unfolded, with the number of the line each starts on;
    bytes that are not UTF-8 read as Windows-1252 (an old export), a line beyond the limit
    cut (its property is then refused, or skipped when not kept)."""
    pending: list[str] = []
    start = n = 0
    done = 0
    for raw in iter(lambda: stream.readline(LINE_LIMIT + 2), b""):
        n += 1
        done += len(raw)
        if window.progress is not None and n % 4096 == 0:
            window.progress(done)
        while not raw.endswith(b"\n") and len(raw) > LINE_LIMIT:  # skip to the line's end
            rest = stream.readline(LINE_LIMIT + 2)
            done += len(rest)
            if not rest or rest.endswith(b"\n"):
                break
        text = _text(raw).rstrip("\r\n")
        if n == 1:
            text = text.lstrip("\ufeff")
        if text[:1] in (" ", "\t") and pending:
            if sum(map(len, pending)) <= LINE_LIMIT:
                pending.append(text[1:])
            continue
        if pending:
            yield start, "".join(pending)
        if text.strip():
            pending, start = [text], n
        else:
            pending = []
    if pending:
        yield start, "".join(pending)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
