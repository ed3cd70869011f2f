"""Sources for the capture tests, written here: Asterisk call-log lines and iCalendar events."""

import csv
import io
from pathlib import Path


def cdr(
    src: str,
    dst: str,
    start: str,
    billsec: int = 120,
    disposition: str = "ANSWERED",
    uniqueid: str | None = None,
) -> list[str]:
    """One line of Asterisk's Master.csv in its documented default layout (cdr_csv with
    loguniqueid and loguserfield): accountcode, src, dst, dcontext, clid, channel,
    dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
    amaflags, uniqueid, userfield."""
    outgoing = len(src) <= 4
    return [
        "",
        src,
        dst,
        "from-internal" if outgoing else "from-trunk",
        f'"Eva" <{src}>' if outgoing else f"<{src}>",
        f"SIP/{src}-0000001" if outgoing else "SIP/trunk-0000001",
        "SIP/trunk-0000002" if outgoing else f"SIP/{dst}-0000002",
        "Dial",
        f"SIP/trunk/{dst}",
        start,
        start if disposition == "ANSWERED" else "",
        start,
        str(billsec + 5),
        str(billsec),
        disposition,
        "DOCUMENTATION",
        uniqueid or f"{abs(hash((src, dst, start))) % 10**10}.{billsec}",
        "",
    ]


def master_csv(path: Path, *lines: list[str]) -> Path:
    """Write Master.csv as Asterisk does: every text field quoted, numbers not."""
    out = io.StringIO()
    for cells in lines:
        quoted = [c if c.isdigit() and i in (12, 13) else csv_quote(c) for i, c in enumerate(cells)]
        out.write(",".join(quoted) + "\n")
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def csv_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_file(path: Path, header: list[str], *rows: list[str], delimiter: str = ",") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def event(
    uid: str | None,
    start: str,
    end: str | None = None,
    summary: str = "Meeting",
    attendees: tuple[str, ...] = (),
    organizer: str | None = "eva@mijnbedrijf.nl",
    extra: tuple[str, ...] = (),
) -> str:
    """A VEVENT; `start`/`end` are property values with their parameters, e.g.
    `;TZID=Europe/Amsterdam:20261103T140000` or `:20261103T130000Z`."""
    lines = ["BEGIN:VEVENT"]
    if uid is not None:
        lines.append(f"UID:{uid}")
    lines.append(f"DTSTART{start}")
    if end is not None:
        lines.append(f"DTEND{end}")
    lines += [f"SUMMARY:{summary}", "DTSTAMP:20261101T000000Z"]
    if organizer:
        lines.append(f"ORGANIZER;CN=Eva:mailto:{organizer}")
    for attendee in attendees:
        address, _sep, partstat = attendee.partition("|")
        lines.append(f"ATTENDEE;PARTSTAT={partstat or 'ACCEPTED'}:mailto:{address}")
    lines += [*extra, "END:VEVENT"]
    return "\r\n".join(lines)


def calendar(path: Path, *events: str, head: tuple[str, ...] = ()) -> Path:
    text = "\r\n".join(
        ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//nasales tests//EN", *head, *events)
    )
    path.write_bytes((text + "\r\nEND:VCALENDAR\r\n").encode("utf-8"))
    return path
