"""The agenda as an iCalendar feed: one all-day event per call, on the day it appears (its
due date; the first day for a call already late; the end of its snooze).

Each event's UID is derived from the item's key, so a calendar that imports the file again
updates the event instead of adding a second one. `--out` replaces only a calendar nasales
wrote (known by its PRODID), whole or not at all.
"""

import hashlib
import os
import shlex
import stat
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from nasales.domain.playbook import Item
from nasales.domain.vocabulary import shown_key
from nasales.errors import Invalid, NasalesError
from nasales.i18n import _, date_text
from nasales.output.sentences import label, lateness, why
from nasales.store.backup import PART
from nasales.store.db import refuse_database_files

if TYPE_CHECKING:
    from nasales.output.calls import CallList

PRODID = "-//nasales//follow-up calls//EN"


def event_uid(key: str) -> str:
    """The same item always gets the same UID (the key itself may hold a customer name)."""
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@nasales"


def call_event(item: Item, calls: "CallList", stamp: datetime) -> Event:
    person, risk = calls.contact(item.account), calls.risk_of(item)
    # the day the call appears: overdue calls on the first day, a snoozed one when it ends
    day = max(item.listed_on or item.due, item.due, calls.today)
    who = ", ".join(str(p) for p in (person or {}).values() if p) if person else ""
    lines = [why(item)]
    if who:
        lines.append(_("Call: {who}").format(who=who))
    if item.order:
        lines.append(_("Order: {ref}").format(ref=item.order))
    if item.overdue_days:
        lines.append(
            _("Due {day}, {late}").format(day=date_text(item.due), late=lateness(item.overdue_days))
        )
    if risk is not None:
        lines.append(_("Doubt risk: {score}").format(score=risk.score))
    lines.append(_("Done? nasales done {key}").format(key=shlex.quote(shown_key(item.key))))
    event = Event()
    event.add("uid", event_uid(item.key))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    name = f" ({person['name']})" if person else ""
    event.add(
        "summary",
        _("Call {account}{name}: {label}").format(
            account=item.account, name=name, label=label(item.reason)
        ),
    )
    event.add("description", "\n".join(lines))
    event.add("categories", [label(item.reason)])  # what a calendar groups by, in words
    event.add("transp", "TRANSPARENT")  # a reminder to call, not a busy day
    if who:
        event.add("contact", who)
    return event


def agenda_calendar(calls: "CallList", stamp: datetime) -> bytes:
    """The agenda as an .ics file: one event per item."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("nasales calls"))
    for item in calls.items:
        calendar.add_component(call_event(item, calls, stamp))
    return calendar.to_ical()  # type: ignore[no-any-return]


def is_our_calendar(path: Path) -> bool:
    """Whether the file at `path` is a calendar nasales wrote: it begins with our header
    (BEGIN:VCALENDAR, then our PRODID before the first event). Read only from a regular
    file, and only its first kilobyte."""
    try:
        with path.open("rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return False
            head = f.read(1024)
    except OSError:
        return False
    lines = head.split(b"\r\n")
    if lines[0] != b"BEGIN:VCALENDAR":
        return False
    header = lines[1 : lines.index(b"BEGIN:VEVENT")] if b"BEGIN:VEVENT" in lines else lines[1:]
    return f"PRODID:{PRODID}".encode() in header


def write_calendar(target: Path, ics: bytes, database: Path | None) -> None:
    """Write the calendar to `target` whole or not at all (a file beside it, then renamed).
    An existing file is replaced only when it is empty or an earlier calendar of ours,
    never a backup, a database or any other file; a symlink's target is what is replaced,
    keeping its permissions. A FIFO or a device (`/dev/stdout`) is written to as it is."""
    target = target.absolute()
    refuse_database_files(target, database)
    try:
        found = target.stat()
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISDIR(found.st_mode):
            raise Invalid(_("{path} is a directory: name the calendar file").format(path=target))
        _write_through(target, ics)
        return
    if found is not None:
        target = target.resolve()
        if found.st_size and not is_our_calendar(target):
            raise Invalid(
                _(
                    "{path} exists and is not a calendar nasales wrote; nothing was written "
                    "(name a new file, or remove it first)"
                ).format(path=target)
            )
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PART)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(ics)
            f.flush()
            os.fsync(f.fileno())
        if found is not None:
            os.chmod(tmp, stat.S_IMODE(found.st_mode))  # a published calendar stays readable
        refuse_database_files(target, database)  # still not the database, just before
        tmp.replace(target)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def _write_through(target: Path, ics: bytes) -> None:
    try:
        with target.open("wb") as f:
            f.write(ics)
    except OSError as exc:
        raise _cannot_write(target, exc) from None


def _cannot_write(target: Path, exc: OSError) -> NasalesError:
    return NasalesError(
        _("cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc)
    )
