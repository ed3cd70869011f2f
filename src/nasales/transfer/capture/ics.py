"""An iCalendar file as the capture reads it: its content lines, unfolded, in bounded memory;
an event's lines as kept (only what a meeting needs), and what one VEVENT says of a
meeting (PRODUCT.md §9)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

from nasales.i18n import _
from nasales.transfer.capture import Window

LINE_LIMIT = 1 << 16  # characters of a property kept; longer ones are garbage
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
        "TRANSP",
        "X-MICROSOFT-CDO-BUSYSTATUS",
    }
)
RECURRING = ("RRULE", "RDATE", "RECURRENCE-ID")
# A rule that recurs more often than a few times a day is no meeting, and would be expanded
# into millions of occurrences (dateutil lists them all) before any limit could stop it.
TOO_OFTEN = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
_RULE_PART = re.compile(r"(FREQ|BYHOUR|BYMINUTE|BYSECOND)=([^;]*)", re.IGNORECASE)
TZID = re.compile(r";TZID=(\"[^\"]*\"|[^;:]*)", re.IGNORECASE)


@dataclass
class Event:
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


@dataclass(frozen=True)
class Facts:
    """What one VEVENT says of a meeting, whatever its times: read once per component."""

    cancelled: bool
    addresses: tuple[str, ...]
    declined: tuple[str, ...]
    summary: str | None
    free: bool = False  # shown as free time (a reminder, a deadline): not a meeting
    pending: tuple[str, ...] = ()  # attendees who have not answered (PARTSTAT=NEEDS-ACTION)
    organizer: str = ""

    @classmethod
    def of(cls, component: Any) -> "Facts":
        addresses: list[str] = []
        declined: list[str] = []
        pending: list[str] = []
        found = component.get("ORGANIZER")
        organizer = address(found[0] if isinstance(found, list) and found else found or "")
        for prop in ("ORGANIZER", "ATTENDEE"):
            found = component.get(prop)
            for person in found if isinstance(found, list) else [found] if found else []:
                found_address = address(person)
                if found_address and found_address not in addresses:
                    addresses.append(found_address)
                params = getattr(person, "params", {})
                answer = str(params.get("PARTSTAT", "")).upper()
                if found_address and answer == "DECLINED":
                    declined.append(found_address)
                elif found_address and answer == "NEEDS-ACTION" and prop == "ATTENDEE":
                    pending.append(found_address)
        busy = str(component.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).strip().upper()
        transparent = str(component.get("TRANSP", "")).strip().upper() == "TRANSPARENT"
        return cls(
            str(component.get("STATUS", "")).strip().upper() == "CANCELLED",
            tuple(addresses),
            tuple(declined),
            str(component.get("SUMMARY", "")).strip() or None,
            busy == "FREE" if busy else transparent,
            tuple(pending),
            organizer,
        )


def source(occurrence: Any) -> Any:
    """The VEVENT an occurrence comes from (the series' or its override), without the copy
    `as_component` makes of it for every occurrence (most of the time of a long series)."""
    component = getattr(getattr(occurrence, "_adapter", None), "_component", None)
    return component if component is not None else occurrence.as_component(False)


def too_often(line: str) -> bool:
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


def where(event: Event) -> str:
    """An event as a message names it: its summary and UID, or the line it starts on."""
    if event.uid:
        return _("event {summary!r} (UID {uid})").format(
            summary=event.summary[:60], uid=event.uid[:80]
        )
    return _("event {summary!r} on line {n}").format(summary=event.summary[:60], n=event.line)


def address(person: Any) -> str:
    text = str(person).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text and " " not in text else ""


def before(end: Any, start: Any) -> bool:
    """Whether an event's end lies before its start (dates and times, zones or not)."""
    try:
        if isinstance(end, datetime) != isinstance(start, datetime):
            return False
        if isinstance(end, datetime) and (end.tzinfo is None) != (start.tzinfo is None):
            return False
        return bool(end < start)
    except TypeError:
        return False


def as_utc(when: date | datetime) -> date | datetime:
    if isinstance(when, datetime) and when.tzinfo is not None:
        return when.astimezone(UTC).replace(tzinfo=None)
    return when


def unreadable(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return _("cannot read it ({reason})").format(reason=text[:120])


def logical_lines(stream: IO[bytes], window: Window) -> Iterator[tuple[int, str]]:
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
