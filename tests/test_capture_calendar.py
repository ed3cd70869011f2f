"""`nasales capture calendar` (PRODUCT.md §9): meetings held with customers log themselves."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from capture_files import calendar, event
from snapshot import snapshot

T = "2026-11-12"  # Thu
ATTENDS = ("sanne@vandijk.example",)


@pytest.fixture
def book(cli, settings_file):
    """Van Dijk (vandijk.example, Sanne) won VD-1 on Mon 2 Nov; Bakkerij Jansen has the
    domain bakkerij-jansen.nl and a contact without an address; we are mijnbedrijf.nl."""
    settings_file('own_domains = ["mijnbedrijf.nl"]\n')
    cli("account add 'Van Dijk' --owner Eva")
    cli("account set 'Van Dijk' --domain vandijk.example")
    cli("contact add 'Van Dijk' 'Sanne van Dijk' --email Sanne@VanDijk.example")
    cli("contact add 'Van Dijk' 'Joop' --email joop.vandijk@gmail.com")
    cli("order won 'Van Dijk' 'Press' --ref VD-1 --value 50000 --on 2026-11-02")
    cli("account add 'Bakkerij Jansen' --owner Piet")
    cli("account set 'Bakkerij Jansen' --domain bakkerij-jansen.nl")
    cli("contact add 'Bakkerij Jansen' 'Piet Jansen' --phone '06 2233 4455'")


def meetings(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT a.name, t.date, c.name, t.note, t.made_by, t.source FROM touchpoint t "
            "JOIN account a ON a.id = t.account_id LEFT JOIN contact c ON c.id = t.contact_id "
            "WHERE t.kind = 'meeting' ORDER BY t.date, a.name, t.id"
        ).fetchall()
    finally:
        con.close()


def test_a_meeting_with_a_contact_is_a_personal_contact(cli, book, tmp_path, isolated):
    assert "confirm:VD-1" in cli(f"today --on {T}").stdout
    ics = calendar(
        tmp_path / "eva.ics",
        event(
            "kickoff@x",
            ";TZID=Europe/Amsterdam:20261103T140000",
            ";TZID=Europe/Amsterdam:20261103T150000",
            "Kick-off press line",
            ("SANNE@vandijk.EXAMPLE",),
        ),
    )
    out = cli(f"capture calendar {ics} --on {T}").stdout
    assert out.startswith("eva.ics: read 1, logged 1, already logged 0, skipped 0")
    assert meetings(isolated) == [
        ("Van Dijk", "2026-11-03", "Sanne van Dijk", "Kick-off press line", "Eva", "calendar")
    ]
    assert "confirm:VD-1" not in cli(f"today --on {T}").stdout


def test_an_address_at_an_accounts_domain_belongs_to_it_but_free_mail_never(
    cli, book, tmp_path, isolated
):
    ics = calendar(
        tmp_path / "eva.ics",
        event(
            "a@x", ":20261103T090000Z", ":20261103T100000Z", "Bakery", ("info@bakkerij-jansen.nl",)
        ),
        event(
            "b@x", ":20261104T090000Z", ":20261104T100000Z", "Sub", ("jo@sales.bakkerij-jansen.nl",)
        ),
        event("c@x", ":20261105T090000Z", ":20261105T100000Z", "Gmail", ("someone@gmail.com",)),
        event("d@x", ":20261106T090000Z", ":20261106T100000Z", "Joop", ("Joop.VanDijk@gmail.com",)),
    )
    out = cli(f"capture calendar {ics} --on {T}").stdout
    assert "read 4, logged 3, already logged 0, skipped 0, not on file 1" in out
    assert "Not on file, most frequent: someone@gmail.com (1×)" in out
    assert "Their domains" not in out  # a free-mail domain is no company's
    assert [(m[0], m[1], m[2]) for m in meetings(isolated)] == [
        ("Bakkerij Jansen", "2026-11-03", None),
        ("Bakkerij Jansen", "2026-11-04", None),
        ("Van Dijk", "2026-11-06", "Joop"),
    ]


def test_cancelled_declined_internal_and_future_meetings_are_not_logged(
    cli, book, tmp_path, isolated
):
    ics = calendar(
        tmp_path / "eva.ics",
        event("held@x", ":20261103T090000Z", ":20261103T100000Z", "Held", ATTENDS),
        event(
            "cancelled@x",
            ":20261104T090000Z",
            ":20261104T100000Z",
            "Cancelled",
            ATTENDS,
            extra=("STATUS:CANCELLED",),
        ),
        event(
            "declined@x",
            ":20261105T090000Z",
            ":20261105T100000Z",
            "No",
            (f"{ATTENDS[0]}|DECLINED",),
        ),
        event("team@x", ":20261106T090000Z", ":20261106T100000Z", "Team", ("jan@mijnbedrijf.nl",)),
        event("later@x", ":20261113T090000Z", ":20261113T100000Z", "Next week", ATTENDS),
        event("overnight@x", ":20261112T220000Z", ":20261113T020000Z", "Till late", ATTENDS),
        event("unknown@x", ":20261110T090000Z", ":20261110T100000Z", "Fair", ("jo@acme.nl",)),
    )
    out = cli(f"capture calendar {ics} --on {T}").stdout
    assert (
        "read 7, logged 1, already logged 0, skipped 5 "
        "(1 cancelled, 1 declined, 2 future, 1 internal), not on file 1, unreadable 0"
    ) in out
    assert "Their domains: acme.nl (1×); give an account its domain with" in out
    assert [m[3] for m in meetings(isolated)] == ["Held"]


def test_a_meeting_none_of_us_attended_did_not_take_place_for_us(cli, book, tmp_path, isolated):
    """Google's export keeps the invitations you declined, and the ones you never answered;
    the organizer being one of ours counts as attending."""
    sanne, eva, karel = ATTENDS[0], "eva@mijnbedrijf.nl", "karel@mijnbedrijf.nl"

    def invited(uid: str, day: int, *people: str, organizer: str = sanne) -> str:
        start, end = f":202611{day:02}T090000Z", f":202611{day:02}T100000Z"
        return event(uid, start, end, uid, people, organizer=organizer)

    ics = calendar(
        tmp_path / "eva.ics",
        invited("i declined", 2, f"{eva}|DECLINED", sanne),
        invited("we both declined", 3, f"{eva}|DECLINED", f"{karel}|DECLINED", sanne),
        invited("never answered", 4, f"{eva}|NEEDS-ACTION", sanne),
        invited("declined, karel silent", 5, f"{eva}|DECLINED", f"{karel}|NEEDS-ACTION", sanne),
        invited("karel went", 6, f"{eva}|DECLINED", karel, sanne),
        invited("maybe", 9, f"{eva}|TENTATIVE", sanne),
        invited("i organised", 10, f"{eva}|DECLINED", sanne, organizer=eva),
        event(  # Eva listed without PARTSTAT: no answer kept, she is taken to attend
            "no answer kept",
            ":20261111T090000Z",
            ":20261111T100000Z",
            "no answer kept",
            (sanne,),
            organizer=sanne,
            extra=(f"ATTENDEE:mailto:{eva}",),
        ),
    )
    out = cli(f"capture calendar {ics} --on {T}").stdout
    assert (
        "read 8, logged 4, already logged 0, skipped 4 (2 declined, 2 invitation not answered)"
    ) in out
    assert [m[3] for m in meetings(isolated)] == [
        "karel went",
        "maybe",
        "i organised",
        "no answer kept",
    ]
    dutch = cli(f"capture calendar {ics} --on {T} --dry-run", env={"NASALES_LANG": "nl"}).stdout
    assert "2 uitnodiging niet beantwoord" in dutch


def test_our_sides_answer_decides_whether_a_meeting_was_held():
    from nasales.domain.capture import Directory

    book = Directory([(1, 1, None, "sanne@vandijk.example")], [], ["mijnbedrijf.nl"])
    people = ("sanne@vandijk.example", "eva@mijnbedrijf.nl")
    place = book.place_people
    assert place(people).hits and place(people, organizer="sanne@vandijk.example").hits
    assert place(people, ["eva@mijnbedrijf.nl"]).skip == "declined"
    assert place(people, [], ["eva@mijnbedrijf.nl"]).skip == "unaccepted"
    ours = "eva@mijnbedrijf.nl"
    assert place(people, [ours], organizer=ours).hits  # the organizer attends
    assert place(people, [], [ours], organizer=ours).hits
    # a message (no answers at all) is never declined
    assert place(("sanne@vandijk.example", "eva@mijnbedrijf.nl"), (), ()).hits


def test_an_event_shown_as_free_is_a_reminder_not_a_meeting(cli, book, tmp_path, isolated):
    """A deadline or reminder in the calendar, shown as free (Google: TRANSP:TRANSPARENT;
    Outlook: X-MICROSOFT-CDO-BUSYSTATUS:FREE), with the customer as an attendee."""
    from datetime import date

    from nasales.transfer.capture import Window
    from nasales.transfer.capture.calendar import read
    from nasales.zones import country_zone

    ics = calendar(
        tmp_path / "eva.ics",
        event(
            "deadline@x",
            ";VALUE=DATE:20261103",
            ";VALUE=DATE:20261104",
            "Deadline offerte Van Dijk (reminder)",
            ATTENDS,
            extra=("TRANSP:TRANSPARENT",),
        ),
        event(
            "outlook@x",
            ":20261104T090000Z",
            ":20261104T093000Z",
            "Bel Sanne terug?",
            ATTENDS,
            extra=("TRANSP:OPAQUE", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"),
        ),
        event(
            "fair@x",
            ";VALUE=DATE:20261105",
            ";VALUE=DATE:20261107",
            "Beurs met Van Dijk",
            ATTENDS,
            extra=("TRANSP:OPAQUE",),
        ),
        event(
            "visit@x",
            ":20261106T090000Z",
            ":20261106T100000Z",
            "Bezoek",
            ATTENDS,
            extra=("TRANSP:TRANSPARENT", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"),
        ),
    )
    result = cli(f"capture calendar {ics} --on {T}")
    assert "read 4, logged 2, already logged 0, skipped 2 (2 shown as free)" in result.stdout
    assert [m[3] for m in meetings(isolated)] == ["Beurs met Van Dijk", "Bezoek"]
    dutch = cli(f"capture calendar {ics} --on {T}", env={"NASALES_LANG": "nl"}).stdout
    assert "2 weergegeven als beschikbaar" in dutch
    window = Window(date(2026, 11, 12), country_zone("NL"))
    assert [r.skip for r in read(str(ics), window, {})] == ["free", "free", None, None]


def test_without_on_a_meeting_still_under_way_or_later_today_is_not_logged(
    cli, book, tmp_path, isolated
):
    """The cron job at 8:00 must not log the 15:00 meeting as held: without --on, T is
    today up to now (the one test that reads the clock: the times are relative to it)."""
    now = datetime.now(UTC).replace(microsecond=0)

    def at(hours: float) -> str:
        return ":" + (now + timedelta(hours=hours)).strftime("%Y%m%dT%H%M%SZ")

    ics = calendar(
        tmp_path / "eva.ics",
        event("held@x", at(-3), at(-2), "Held", ATTENDS),
        event("running@x", at(-1), at(1), "Under way", ATTENDS),
        event("later@x", at(2), at(3), "Later", ATTENDS),
    )
    out = cli(f"capture calendar {ics}").stdout
    assert "read 3, logged 1, already logged 0, skipped 2 (2 future)" in out
    assert [m[3] for m in meetings(isolated)] == ["Held"]


def test_a_recurring_meeting_is_expanded_with_its_exceptions_up_to_t(cli, book, tmp_path, isolated):
    """Weekly on Tuesdays from 6 Oct, no UNTIL: 13 Oct is excluded, 20 Oct moved to Wed 21,
    27 Oct cancelled, and nothing after T (Thu 12 Nov) is logged."""
    weekly = event(
        "weekly@x",
        ";TZID=Europe/Amsterdam:20261006T100000",
        ";TZID=Europe/Amsterdam:20261006T103000",
        "Weekly check-in",
        ATTENDS,
        extra=("RRULE:FREQ=WEEKLY;BYDAY=TU", "EXDATE;TZID=Europe/Amsterdam:20261013T100000"),
    )
    moved = event(
        "weekly@x",
        ";TZID=Europe/Amsterdam:20261021T160000",
        ";TZID=Europe/Amsterdam:20261021T163000",
        "Weekly check-in (moved)",
        ATTENDS,
        extra=("RECURRENCE-ID;TZID=Europe/Amsterdam:20261020T100000",),
    )
    cancelled = event(
        "weekly@x",
        ";TZID=Europe/Amsterdam:20261027T100000",
        ";TZID=Europe/Amsterdam:20261027T103000",
        "Weekly check-in",
        ATTENDS,
        extra=("RECURRENCE-ID;TZID=Europe/Amsterdam:20261027T100000", "STATUS:CANCELLED"),
    )
    ics = calendar(tmp_path / "eva.ics", moved, weekly, cancelled)  # an override may come first
    out = cli(f"capture calendar {ics} --on {T}").stdout
    assert "read 5, logged 4, already logged 0, skipped 1 (1 cancelled)" in out
    assert [(m[1], m[3]) for m in meetings(isolated)] == [
        ("2026-10-06", "Weekly check-in"),
        ("2026-10-21", "Weekly check-in (moved)"),
        ("2026-11-03", "Weekly check-in"),
        ("2026-11-10", "Weekly check-in"),
    ]
    later = cli(f"capture calendar {ics} --on 2026-11-24").stdout  # the rule runs on
    assert "read 7, logged 2, already logged 4, skipped 1 (1 cancelled)" in later


OUTLOOK_ZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:W. Europe Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def test_time_zones_are_honoured(cli, book, tmp_path, isolated):
    ics = calendar(
        tmp_path / "eva.ics",
        event("utc@x", ":20261103T233000Z", ":20261103T234500Z", "UTC", ATTENDS),  # 00:30 CET
        event("ny@x", ";TZID=America/New_York:20261103T200000", None, "NY", ATTENDS),  # 02:00
        event(
            "outlook@x",
            ";TZID=W. Europe Standard Time:20261103T003000",
            ";TZID=W. Europe Standard Time:20261103T010000",
            "Outlook",
            ATTENDS,
        ),
        event("allday@x", ";VALUE=DATE:20261105", ";VALUE=DATE:20261106", "All day", ATTENDS),
        event("floating@x", ":20261106T233000", ":20261106T234500", "Floating", ATTENDS),
        head=OUTLOOK_ZONE,
    )
    cli(f"capture calendar {ics} --on {T}")
    assert [(m[3], m[1]) for m in meetings(isolated)] == [
        ("Outlook", "2026-11-03"),
        ("UTC", "2026-11-04"),
        ("NY", "2026-11-04"),
        ("All day", "2026-11-05"),
        ("Floating", "2026-11-06"),
    ]


def test_floating_times_are_read_in_the_calendars_own_zone(cli, book, tmp_path, isolated):
    ics = calendar(
        tmp_path / "google.ics",
        event("f@x", ":20261106T200000", ":20261106T210000", "Floating", ATTENDS),
        head=("X-WR-TIMEZONE:America/New_York",),  # 8 pm there is 2 am in Amsterdam
    )
    cli(f"capture calendar {ics} --on {T}")
    assert [m[1] for m in meetings(isolated)] == ["2026-11-07"]


def test_two_colleagues_capturing_one_shared_calendar_log_each_meeting_once(
    cli, book, tmp_path, isolated
):
    events = [
        event("m1@x", ":20261103T090000Z", ":20261103T100000Z", "One", ATTENDS),
        event("m2@x", ":20261104T090000Z", ":20261104T100000Z", "Two", ("a@bakkerij-jansen.nl",)),
    ]
    eva = calendar(tmp_path / "eva.ics", *events)
    piet = calendar(tmp_path / "piet.ics", *reversed(events))
    assert "logged 2" in cli(f"capture calendar {eva} --on {T} --by Eva").stdout
    before = snapshot(isolated)
    assert "logged 0, already logged 2" in cli(f"capture calendar {piet} --on {T} --by Piet").stdout
    assert snapshot(isolated) == before
    assert [m[4] for m in meetings(isolated)] == ["Eva", "Eva"]


def test_a_meeting_typed_that_day_is_not_logged_again(cli, book, tmp_path, isolated):
    cli("log 'Van Dijk' visit --on 2026-11-03 --contact 'Sanne van Dijk'")
    ics = calendar(
        tmp_path / "eva.ics",
        event("v@x", ":20261103T090000Z", ":20261103T100000Z", "Visit", ATTENDS),
    )
    assert "logged 0, already logged 1" in cli(f"capture calendar {ics} --on {T}").stdout
    assert meetings(isolated) == []


def test_only_the_subject_is_kept_and_not_even_that_with_no_subject(cli, book, tmp_path, isolated):
    body = "Dial-in 0800-SECRET, pin 947113; the budget is 85k"
    ics = calendar(
        tmp_path / "eva.ics",
        event(
            "s@x",
            ":20261103T090000Z",
            ":20261103T100000Z",
            "Planning",
            (*ATTENDS, "other.guest@acme.nl"),
            extra=(f"DESCRIPTION:{body}", "ATTACH;VALUE=BINARY;ENCODING=BASE64:c2VjcmV0"),
        ),
        event("n@x", ":20261104T090000Z", ":20261104T100000Z", "Private topic", ATTENDS),
    )
    cli(f"capture calendar {ics} --on 2026-11-03")
    cli(f"capture calendar {ics} --on {T} --no-subject")
    assert [m[3] for m in meetings(isolated)] == ["Planning", ""]
    stored = isolated.read_bytes() + b"".join(
        p.read_bytes() for p in isolated.parent.glob("nasales.db-*")
    )
    for secret in (b"SECRET", b"947113", b"other.guest", b"acme.nl", b"Private topic"):
        assert secret not in stored


def test_a_bad_event_is_named_and_the_rest_is_captured(cli, book, tmp_path, isolated, monkeypatch):
    from nasales.transfer.capture import calendar as reader

    monkeypatch.setattr(reader, "MOST_OCCURRENCES", 50)
    ics = calendar(
        tmp_path / "eva.ics",
        event(None, ":20261103T090000Z", ":20261103T100000Z", "No UID", ATTENDS),
        event("back@x", ":20261103T100000Z", ":20261103T090000Z", "Backwards", ATTENDS),
        event("date@x", ":2026-11-03 nine", None, "Broken date", ATTENDS),
        event("wild@x", ":19700101T000000Z", None, "Wild", ATTENDS, extra=("RRULE:FREQ=SECONDLY",)),
        event(
            "busy@x",
            ":20260101T090000Z",
            None,
            "Busy",
            ATTENDS,
            extra=("RRULE:FREQ=DAILY;BYHOUR=9,10,11,12,13",),
        ),
        event("daily@x", ":20260801T090000Z", None, "Daily", ATTENDS, extra=("RRULE:FREQ=DAILY",)),
        event(
            "bad-rule@x",
            ":20261103T090000Z",
            None,
            "Bad rule",
            ATTENDS,
            extra=("RRULE:FREQ=OFTEN",),
        ),
        event("good@x", ":20261104T090000Z", ":20261104T100000Z", "Good", ATTENDS),
        "BEGIN:VEVENT\r\nUID:open@x\r\nDTSTART:20261105T090000Z\r\nSUMMARY:Never ends",
    )
    with ics.open("ab") as f:  # 8-bit garbage inside an event, and after the calendar
        f.write(b"BEGIN:VEVENT\r\nUID:latin@x\r\nDTSTART:20261106T090000Z\r\n")
        f.write(b"SUMMARY:Caf\xe9 \x81\x8d\r\nX-JUNK:\x00\xff\xfe\r\n")
        f.write(f"ATTENDEE:mailto:{ATTENDS[0]}\r\nEND:VEVENT\r\n".encode())
        f.write(b"\x00\x01\x02\xff garbage\r\n")
    result = cli(f"capture calendar {ics} --on {T}")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = result.stderr.splitlines()
    assert errors[:2] == [
        "skipped event 'No UID' on line 4: it has no UID",
        "skipped event 'Backwards' (UID back@x): it ends before it starts",
    ]
    assert errors[2].startswith("skipped event 'Broken date' (UID date@x): cannot read it (")
    assert errors[3:] == [
        "skipped event 'Never ends' (UID open@x): it has no END:VEVENT",
        # the recurring events, expanded at the end of the file
        "skipped event 'Wild' (UID wild@x): it recurs more often than a few times a day: "
        "no meeting",
        "skipped event 'Busy' (UID busy@x): it recurs more often than a few times a day: "
        "no meeting",
        "skipped event 'Daily' (UID daily@x): it recurs more than 50 times by 2026-11-12; "
        "the rest is skipped",
        errors[7],
    ]
    assert errors[7].startswith("skipped event 'Bad rule' (UID bad-rule@x): cannot read it (")
    logged = [m[3] for m in meetings(isolated)]
    assert logged.count("Daily") == 50
    assert set(logged) == {
        "Good",
        "Daily",
        "Café \ufffd\ufffd",
    }  # Windows-1252; 0x81, 0x8D are none


@pytest.mark.parametrize(
    "content",
    [b"", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", b"\x00\x01binary\xff", b"name,phone\nx,1\n"],
)
def test_a_file_that_is_no_calendar_changes_nothing(cli, book, tmp_path, isolated, content):
    (tmp_path / "x.ics").write_bytes(content)
    before = snapshot(isolated)
    result = cli(f"capture calendar {tmp_path / 'x.ics'} --on {T}", ok=False)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "nasales: x.ics is not an iCalendar file (it does not start with BEGIN:VCALENDAR)\n"
    )
    assert snapshot(isolated) == before


def test_the_report_of_a_bad_event_speaks_dutch(cli, book, tmp_path, monkeypatch):
    monkeypatch.setenv("NASALES_LANG", "nl")
    ics = calendar(
        tmp_path / "eva.ics",
        event("back@x", ":20261103T100000Z", ":20261103T090000Z", "Achterstevoren", ATTENDS),
    )
    result = cli(f"capture calendar {ics} --on 12-11-2026")
    assert result.stderr == (
        "overgeslagen: afspraak 'Achterstevoren' (UID back@x): eindigt voordat hij begint\n"
    )
    assert "gelezen 1, vastgelegd 0" in result.stdout


def _package_calendars() -> list[Path]:
    """The test calendars that ship inside the installed icalendar and recurring-ical-events:
    real-world exports and their bugs, which this project did not write."""
    import importlib.util

    found: list[Path] = []
    for package, folder in (
        ("icalendar", "tests/calendars"),
        ("recurring_ical_events", "test/calendars"),
    ):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            found += sorted((Path(spec.origin).parent / folder).glob("*.ics"))
    return found


REAL_WORLD = _package_calendars()


@pytest.mark.slow  # every calendar shipped with two libraries
@pytest.mark.skipif(not REAL_WORLD, reason="no test calendars in the installed packages")
def test_real_world_calendars_are_read_without_a_traceback():
    """Every record or a named Bad, or the one line that says it is no calendar."""
    from datetime import date

    from nasales.errors import Invalid
    from nasales.transfer.capture import Bad, Record, Window
    from nasales.transfer.capture.calendar import read
    from nasales.zones import country_zone

    window = Window(date(2020, 1, 1), country_zone("NL"))  # most of them are from before
    records = bad = refused = 0
    for path in REAL_WORLD:
        try:
            found = list(read(str(path), window, {}))
        except Invalid as exc:
            assert "is not an iCalendar file" in str(exc), path
            refused += 1
            continue
        assert all(isinstance(r, Record | Bad) for r in found), path
        records += sum(isinstance(r, Record) for r in found)
        bad += sum(isinstance(r, Bad) for r in found)
    assert records > 1000 and bad > 40 and refused < 10


@pytest.mark.skipif(not REAL_WORLD, reason="no test calendars in the installed packages")
@pytest.mark.parametrize(
    "name",
    ["x_location.ics", "issue_722_timezone_transition_ambiguity.ics", "big_bad_calendar.ics"],
)
def test_real_world_calendars_through_the_command(cli, book, name):
    path = next((p for p in REAL_WORLD if p.name == name), None)
    if path is None:
        pytest.skip(f"{name} is not in this version of the package")
    result = cli(["capture", "calendar", str(path), "--on", T], ok=False)
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert all(line.startswith(("skipped event", "… and")) for line in result.stderr.splitlines())
    assert f"{name}: read " in result.stdout
