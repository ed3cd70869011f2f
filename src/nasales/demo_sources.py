"""What `nasales demo` captures (PRODUCT.md §9): the desk phone's call log and the agenda of
the demo's account manager, written around the demo's day and captured into the demo book,
so the demo shows the calls and meetings that logged themselves.

The call log is Asterisk's Master.csv (its default columns); the agenda an iCalendar export
with a recurring internal meeting. The desk phone's call on the day Visser Techniek signed
is the confirmation call nobody typed: it leaves the list. Sanne van Dijk's 12 seconds were
her voicemail: too short to count, so Van Dijk's confirmation call is still to make.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from nasales.i18n import N_, _

if TYPE_CHECKING:
    from nasales.domain.workdays import WorkingDays
    from nasales.transfer.capture import Window
    from nasales.transfer.capture.engine import Options
    from nasales.transfer.capture.summary import Summary

OWN_DOMAIN = "nasales-demo.example"  # the demo's own organisation: colleagues


@dataclass(frozen=True)
class Call:
    workdays_ago: int
    at: time
    src: str
    dst: str
    billsec: int
    disposition: str = "ANSWERED"


# fmt: off
CALLS = (
    Call(1, time(16, 40), "201", "0634567890", 372),  # Eva confirms Lars's choice (VT-18)
    Call(1, time(11, 5), "201", "0612345678", 12),  # Sanne's voicemail: too short to count
    Call(1, time(14, 20), "0201112233", "200", 0, "NO ANSWER"),
    Call(1, time(10, 30), "0655667788", "201", 0, "NO ANSWER"),  # Joris, missed
    Call(1, time(9, 30), "201", "202", 300),  # Eva to Piet: a colleague
    Call(2, time(10, 0), "0208889999", "201", 95),  # a number nobody knows yet
)
# fmt: on


def call_log(today: date, days: "WorkingDays") -> str:
    """The desk phone's Master.csv (local times; uniqueid and userfield logged)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for n, call in enumerate(CALLS, 1):
        start = datetime.combine(days.back_wd(today, call.workdays_ago), call.at)
        answer = start + timedelta(seconds=5) if call.billsec else None
        end = start + timedelta(seconds=5 + call.billsec + (20 if not call.billsec else 0))
        writer.writerow(
            [
                "",
                call.src,
                call.dst,
                "from-internal" if len(call.src) == 3 else "from-trunk",
                f"<{call.src}>",
                f"SIP/{call.src}-{n:08x}",
                f"SIP/{call.dst}-{n:08x}",
                "Dial",
                f"SIP/{call.dst}",
                f"{start:%Y-%m-%d %H:%M:%S}",
                f"{answer:%Y-%m-%d %H:%M:%S}" if answer else "",
                f"{end:%Y-%m-%d %H:%M:%S}",
                (end - start).seconds,
                call.billsec,
                call.disposition,
                "DOCUMENTATION",
                f"{int(start.timestamp())}.{n}",
                "",
            ]
        )
    return out.getvalue()


def agenda(today: date, days: "WorkingDays") -> str:
    """Eva's calendar export: the quotation meeting at Visser before the win (logged), the
    kick-off next week (not yet), a fair visit that was cancelled, and the weekly sales
    meeting with colleagues only (never logged)."""
    eva, lars = f"eva@{OWN_DOMAIN}", "lars@visser-techniek.example"

    def stamp(day: date, hour: int) -> str:
        return f"{day:%Y%m%d}T{hour:02d}0000"

    def vevent(uid: str, day: date, hour: int, summary: str, *extra: str) -> list[str]:
        return [
            "BEGIN:VEVENT",
            f"UID:{uid}@{OWN_DOMAIN}",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Amsterdam:{stamp(day, hour)}",
            f"DTEND;TZID=Europe/Amsterdam:{stamp(day, hour + 1)}",
            f"SUMMARY:{summary}",
            f"ORGANIZER;CN=Eva:mailto:{eva}",
            *extra,
            "END:VEVENT",
        ]

    quote = days.back_wd(today, 6)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//nasales//demo//EN"]
    lines += vevent("quote", quote, 10, _(QUOTATION), f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{lars}")
    lines += vevent("kickoff", today + timedelta(days=7), 9, _(KICK_OFF), f"ATTENDEE:mailto:{lars}")
    lines += vevent(
        "fair", days.back_wd(today, 3), 13, _(FAIR), f"ATTENDEE:mailto:{lars}", "STATUS:CANCELLED"
    )
    lines += vevent(
        "weekly",
        today - timedelta(days=28),
        8,
        _(WEEKLY),
        f"ATTENDEE:mailto:piet@{OWN_DOMAIN}",
        "RRULE:FREQ=WEEKLY",
    )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


QUOTATION = N_("Quotation meeting: laser cutter")
KICK_OFF = N_("Kick-off laser cutter")
FAIR = N_("Visit to the trade fair")
WEEKLY = N_("Weekly sales meeting")


def capture_demo(path: Path, today: date, days: "WorkingDays", country: str) -> list["Summary"]:
    """Write the demo's call log and agenda next to its database and capture both into it."""
    from nasales.store.db import transaction
    from nasales.transfer.capture import Window, calendar, calls
    from nasales.transfer.capture.engine import By, Options, capture
    from nasales.zones import country_zone

    log = path.with_name("demo-Master.csv")  # Asterisk names it so
    ics = path.with_name("demo-agenda.ics")
    log.write_text(call_log(today, days), encoding="utf-8")
    ics.write_text(agenda(today, days), encoding="utf-8")
    window = Window(today, country_zone(country), country)
    options = Options(today, country, (OWN_DOMAIN,), by=By.parse(["201=Eva", "203=Piet"]))
    summaries = []
    with transaction(str(path), write=True) as db:
        summaries.append(
            capture(db, lambda state: calls.read(str(log), window, state), log.name, options)
        )
    with transaction(str(path), write=True) as db:
        summaries.append(
            capture(db, lambda state: calendar.read(str(ics), window, state), ics.name, options)
        )
    summaries.append(_capture_mail(path, today, days, window, options))
    return summaries


def _capture_mail(
    path: Path, today: date, days: "WorkingDays", window: "Window", options: "Options"
) -> "Summary":
    """Eva's mailbox (`demo_mail`), written next to the demo database and captured."""
    from nasales.demo_mail import mailbox
    from nasales.store.db import transaction
    from nasales.transfer.capture import mail
    from nasales.transfer.capture.engine import capture

    mbox = path.with_name("demo-mail.mbox")
    mbox.write_bytes(mailbox(today, days))
    with transaction(str(path), write=True) as db:
        own = options.own_domains
        return capture(
            db, lambda state: mail.read(str(mbox), window, state, own), mbox.name, options
        )
