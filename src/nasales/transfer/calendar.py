"""The agenda as an iCalendar feed: one all-day event per call, on its due date.

Each event's UID is derived from the item's key, so a calendar that imports the file again
updates the event instead of adding a second one.
"""

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from nasales.domain.playbook import Item
from nasales.i18n import _, date_text
from nasales.output.sentences import label, lateness, why

if TYPE_CHECKING:
    from nasales.output.calls import CallList

PRODID = "-//nasales//follow-up calls//EN"


def event_uid(key: str) -> str:
    """The same item always gets the same UID (the key itself may hold a customer name)."""
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@nasales"


def call_event(item: Item, calls: "CallList", stamp: datetime) -> Event:
    person, risk = calls.contact(item.account), calls.risk_of(item)
    day = max(item.due, calls.today)  # overdue calls are due today
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
    lines.append(_("Done? nasales done {key}").format(key=item.key))
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
    event.add("categories", [item.reason])
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
