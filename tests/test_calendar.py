"""`nasales calendar`: the agenda as an iCalendar file a calendar can re-import."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from nasales.transfer.calendar import event_uid

ON = "2026-11-27"


@pytest.fixture
def bakery_with_items(cli):
    """Bakkerij Jansen: a won order (confirm, agreement), a lost one, a problem, a promise."""
    cli("account add 'Bakkerij Jansen' --owner Eva")
    cli("contact add 'Bakkerij Jansen' Anna --role buyer --phone '+31 6 1234 5678' --primary")
    cli("order won 'Bakkerij Jansen' Oven --ref O-1 --value 25000 --on 2026-11-02")
    cli("order lost 'Bakkerij Jansen' Tray --ref O-2 --on 2026-11-20")
    cli("hurdle add O-1 'Late part' --on 2026-11-26")
    cli("remind 'Bakkerij Jansen' 'Send the manual' --due 2026-12-02")


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")  # type: ignore[no-any-return]


def test_one_all_day_event_per_agenda_item_overdue_ones_today(cli, bakery_with_items, tmp_path):
    out = tmp_path / "calls.ics"
    cli(f"calendar --on {ON} --days 14 --out {out}")
    agenda = json.loads(cli(f"agenda --on {ON} --days 14 --format json").stdout)
    found = {str(e["UID"]): e for e in events(out.read_bytes())}
    assert len(found) == len(agenda) >= 4
    today = date.fromisoformat(ON)
    for item in agenda:
        event = found[event_uid(item["key"])]
        start = event.decoded("DTSTART")
        assert type(start) is date  # all day
        assert start == max(date.fromisoformat(item["due"]), today)
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert "Bakkerij Jansen" in str(event["SUMMARY"])
        assert "+31 6 1234 5678" in str(event["DESCRIPTION"])
        assert item["key"] in str(event["DESCRIPTION"])
    manual = found[event_uid("manual:1")]
    assert manual.decoded("DTSTART") == date(2026, 12, 2)


def test_uids_stay_the_same_across_runs_and_days(cli, bakery_with_items):
    first = events(cli(f"calendar --on {ON}").stdout_bytes)
    again = events(cli(f"calendar --on {ON}").stdout_bytes)
    later = events(cli("calendar --on 2026-11-30").stdout_bytes)
    uids = [str(e["UID"]) for e in first]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in again]
    assert set(uids) & {str(e["UID"]) for e in later}  # the same item, updated in place
    assert all(uid.endswith("@nasales") for uid in uids)


def test_the_file_is_a_valid_calendar_even_when_nothing_is_due(cli, empty_book):
    calendar = Calendar.from_ical(cli(f"calendar --on {ON}").stdout_bytes)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert calendar.walk("VEVENT") == []


KEYS = [
    "confirm:O-1",
    "agreement:O-1",
    "confirm:O-10",
    "confirm:o-1",
    "hurdle:1",
    "hurdle:11",
    "manual:1",
    "relationship:Bakkerij Jansen",
    "relationship:Bakkerij Jansen ",
    "relationship:Café Ölmühle",
]


def test_uid_is_the_same_in_every_run_and_release():
    # pinned: a calendar that imported last year's file must still recognise the event
    assert event_uid("confirm:O-1") == "342d3d2afd6df421b0543f4267168c20@nasales"
    script = (
        "import sys; from nasales.transfer.calendar import event_uid; "
        "print(' '.join(event_uid(k) for k in sys.argv[1:]))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script, *KEYS],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        == [event_uid(k) for k in KEYS]
        for seed in ("1", "2")
    }
    assert runs == {True}  # another process, another hash seed: the same UIDs


def test_uids_of_different_keys_differ_and_hide_the_customer():
    uids = [event_uid(k) for k in KEYS]
    assert len(set(uids)) == len(KEYS)
    assert all(uid.endswith("@nasales") and len(uid) == len("@nasales") + 32 for uid in uids)
    for name in ("O-1", "Bakkerij", "Jansen", "Café"):  # nothing of the key shows in a UID
        assert not any(name in uid for uid in uids)


# -- --out replaces only a calendar nasales wrote -------------------------------

GOOGLE = b"BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"


def _refused(cli, target) -> None:
    before = target.read_bytes()
    result = cli(["calendar", "--on", ON, "--out", str(target)], ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith("nasales: ") and result.stderr.count("\n") == 1
    assert "not a calendar nasales wrote; nothing was written" in result.stderr
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir() if "nasales-part" in p.name] == []


def test_calendar_never_overwrites_a_backup(cli, bakery_with_items, tmp_path):
    backup = tmp_path / "saved.db"
    cli(f"backup {backup}")
    _refused(cli, backup)
    assert "integrity ok" in cli(f"backup {backup}").stdout  # still a backup


@pytest.mark.parametrize(
    "content",
    [
        b"SQLite format 3\x00" + bytes(100),  # any SQLite file
        b"notes of the meeting\n",
        GOOGLE + b"END:VCALENDAR\r\n",  # a calendar, but another program's
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
        b"PRODID:-//nasales//follow-up calls//EN\r\n",  # our PRODID, but not in the header
    ],
)
def test_calendar_never_overwrites_another_file(cli, bakery_with_items, tmp_path, content):
    target = tmp_path / "calls.ics"
    target.write_bytes(content)
    _refused(cli, target)
    link = tmp_path / "link.ics"  # nor through a symbolic link
    link.symlink_to(target)
    _refused(cli, link)


def test_calendar_replaces_its_own_earlier_file_whole(cli, bakery_with_items, tmp_path):
    target = tmp_path / "calls.ics"
    cli(f"calendar --on {ON} --days 1 --out {target}")
    first = target.read_bytes()
    target.chmod(0o644)  # published for a calendar app to read
    cli(f"calendar --on {ON} --days 14 --out {target}")
    assert target.read_bytes() != first and len(events(target.read_bytes())) > len(events(first))
    assert target.stat().st_mode & 0o777 == 0o644
    link = tmp_path / "feed.ics"
    link.symlink_to(target)
    cli(f"calendar --on {ON} --days 1 --out {link}")
    assert link.is_symlink()  # the file it points to was replaced, the link kept
    assert len(events(target.read_bytes())) == len(events(first))
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".ics") == [
        "calls.ics",
        "feed.ics",
    ]


def test_calendar_writes_an_empty_file_and_a_new_one(cli, bakery_with_items, tmp_path):
    empty = tmp_path / "empty.ics"
    empty.touch()
    cli(f"calendar --on {ON} --out {empty}")
    assert events(empty.read_bytes())
    result = cli(f"calendar --on {ON} --out {tmp_path / 'no' / 'such' / 'dir.ics'}", ok=False)
    assert result.exit_code == 1 and result.stderr.startswith("nasales: cannot write ")
    assert not (tmp_path / "no").exists()


def test_a_calendar_write_that_fails_leaves_the_earlier_one_whole(tmp_path, monkeypatch):
    from nasales.errors import NasalesError
    from nasales.transfer import calendar

    target = tmp_path / "calls.ics"
    earlier = b"BEGIN:VCALENDAR\r\nPRODID:" + calendar.PRODID.encode() + b"\r\nEND:VCALENDAR\r\n"
    target.write_bytes(earlier)

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(calendar.os, "fsync", disk_full)
    with pytest.raises(NasalesError, match="No space left on device"):
        calendar.write_calendar(target, earlier + b"more", None)
    assert target.read_bytes() == earlier
    assert [p.name for p in tmp_path.iterdir()] == ["calls.ics"]
