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

import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import IO, Any

from nasales.errors import Invalid, cannot_read
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record, Window
from nasales.transfer.capture.ics import (
    EVENT_PROPERTIES,
    LINE_LIMIT,
    RECURRING,
    TZID,
    Event,
    Facts,
    as_utc,
    before,
    logical_lines,
    source,
    too_often,
    unreadable,
    where,
)

MOST_OCCURRENCES = 20_000  # of one recurring event up to T: beyond, a rule gone wild
YEARS_BACK = 10  # a recurring meeting is expanded from ten years before T


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
        raise cannot_read(path, exc) from None
    with stream:
        yield Path(path).name, stream


class _Reader:
    def __init__(self, window: Window, name: str) -> None:
        self.window, self.name = window, name
        self.zone: tzinfo = window.zone
        self.calendar_zone: tzinfo | None = None  # X-WR-TIMEZONE
        self.method = ""
        end_of_t = datetime.combine(window.until + timedelta(days=1), time())
        self.cutoff = min(end_of_t, window.now) if window.now else end_of_t  # a meeting to come
        self.series: dict[str, list[Event]] = {}  # recurring events, by UID
        self.waiting: list[Event] = []  # events naming a time zone defined later

    def read(self, stream: IO[bytes]) -> Iterator[Record | Bad]:
        lines = logical_lines(stream, self.window)
        first = next(lines, None)
        if first is None or first[1].strip().upper() != "BEGIN:VCALENDAR":
            raise Invalid(
                _(
                    "{name} is not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
                ).format(name=self.name)
            )
        stack: list[str] = ["VCALENDAR"]
        event: Event | None = None
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
                    event = Event(n)
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

    def _keep(self, event: Event, key: str, name: str, text: str) -> None:
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
            event.tzids.update(t.strip('"') for t in TZID.findall(name))

    def _ended(self, event: Event) -> Iterator[Record | Bad]:
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

    def _zones_known(self, event: Event) -> bool:
        from icalendar.timezone import tzp

        return all(tzp.timezone(tzid) is not None for tzid in event.tzids)

    def _bad(self, event: Event, reason: str) -> Bad:
        return Bad(where(event), reason)

    # -- events to records ------------------------------------------------------------------

    def _single(self, event: Event) -> Iterator[Record | Bad]:
        from icalendar import Event
        from recurring_ical_events import EventAdapter

        try:
            component = Event.from_ical(event.text)
            adapter = EventAdapter(component)
            raw_start, raw_end = adapter.raw_start, adapter.raw_end
            start, end = adapter.start, adapter.end
        except Exception as exc:  # icalendar's many ways to refuse a value
            yield self._bad(event, unreadable(exc))
            return
        if before(raw_end, raw_start):
            yield self._bad(event, _("it ends before it starts"))
            return
        yield self._record(event, Facts.of(component), start, end, event.uid)

    def _recurring(self, events: list[Event]) -> Iterator[Record | Bad]:
        from icalendar import Calendar
        from recurring_ical_events import EventAdapter, Series

        first = events[0]
        if any(too_often(line) for e in events for line in e.lines):
            yield self._bad(first, _("it recurs more often than a few times a day: no meeting"))
            return
        try:
            text = "\r\n".join(("BEGIN:VCALENDAR", *(e.text for e in events), "END:VCALENDAR"))
            calendar = Calendar.from_ical(text)
            components = calendar.walk("VEVENT")
            for component in components:
                adapter = EventAdapter(component)
                if before(adapter.raw_end, adapter.raw_start):
                    yield self._bad(first, _("it ends before it starts"))
                    return
            series = Series([EventAdapter(c) for c in components])
            known: dict[int, Facts] = {}  # what each component says, read once
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
                rid = occurrence.id.recurrence_id or as_utc(occurrence.start)
                key = f"{first.uid}|{rid.isoformat()}"
                facts = known.get(id(component := source(occurrence)))
                if facts is None:
                    facts = known[id(component)] = Facts.of(component)
                yield self._record(first, facts, occurrence.start, occurrence.end, key)
        except Exception as exc:  # a rule or date icalendar or dateutil refuse
            yield self._bad(first, unreadable(exc))

    def _record(self, event: Event, facts: "Facts", start: Any, end: Any, key: str) -> Record:
        day = self._local(start)
        ends = self._local(end)
        ends_at = ends if isinstance(ends, datetime) else datetime.combine(ends, time())
        skip = None
        if facts.cancelled or self.method == "CANCEL":
            skip = "cancelled"
        elif facts.free:
            skip = "free"
        elif ends_at > self.cutoff:
            skip = "future"
        return Record(
            source="calendar",
            key=key,
            day=day.date() if isinstance(day, datetime) else day,
            kind="meeting",
            addresses=facts.addresses,
            declined=facts.declined,
            pending=facts.pending,
            organizer=facts.organizer,
            subject=facts.summary,
            skip=skip,
            where=where(event),
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
