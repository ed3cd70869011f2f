"""`nasales capture calls` (PRODUCT.md §9): a call made from the desk phone is off the list
the next morning without anyone typing it."""

import json
import sqlite3
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from capture_files import cdr, csv_file, master_csv
from nasales.transfer.capture import Window
from nasales.transfer.capture.calls import read as read_calls
from snapshot import snapshot

T = "2026-11-04"  # Wed; Bakkerij Jansen won BJ-1 on Mon 2 Nov: confirm due Tue 3 Nov


@pytest.fixture
def bakery(cli):
    cli("account add 'Bakkerij Jansen' --owner Eva")
    cli("contact add 'Bakkerij Jansen' 'Piet Jansen' --phone '06 2233 4455' --primary")
    cli("contact add 'Bakkerij Jansen' 'Kees Bos' --phone '+31 20 123 4567'")
    cli("order won 'Bakkerij Jansen' 'Tunnel oven' --ref BJ-1 --value 42000 --on 2026-11-02")


def touchpoints(db) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT a.name, t.kind, t.date, c.name, t.direction, t.seconds, t.made_by, t.source, "
            "t.note FROM touchpoint t JOIN account a ON a.id = t.account_id "
            "LEFT JOIN contact c ON c.id = t.contact_id ORDER BY t.id"
        ).fetchall()
    finally:
        con.close()


def test_a_confirm_call_made_from_the_desk_phone_leaves_the_list(cli, bakery, tmp_path, isolated):
    assert "confirm:BJ-1" in cli(f"today --on {T}").stdout
    log = master_csv(
        tmp_path / "Master.csv", cdr("201", "0622334455", "2026-11-03 10:15:00", billsec=247)
    )
    result = cli(f"capture calls {log} --on {T}")
    assert "read 1, logged 1, already logged 0, skipped 0" in result.stdout
    assert touchpoints(isolated) == [
        ("Bakkerij Jansen", "call", "2026-11-03", "Piet Jansen", "out", 247, "201", "calls", "")
    ]
    assert "confirm:BJ-1" not in cli(f"today --on {T}").stdout


@pytest.mark.parametrize(
    "number", ["0622334455", "0031622334455", "+31622334455", "+31 (0)6 2233 4455", "06-22334455"]
)
def test_any_way_of_writing_the_number_is_the_contacts(cli, bakery, tmp_path, isolated, number):
    log = master_csv(tmp_path / "Master.csv", cdr(number, "200", "2026-11-03 09:00:00"))
    cli(f"capture calls {log} --on {T}")
    [(_account, kind, _day, contact, direction, *_rest)] = touchpoints(isolated)
    assert (kind, contact, direction) == ("call", "Piet Jansen", "in")


def test_what_is_not_a_conversation_is_counted_not_logged(cli, bakery, tmp_path, isolated):
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:00:00", billsec=300),
        cdr("0622334455", "200", "2026-11-03 11:00:00", billsec=0, disposition="NO ANSWER"),
        cdr("201", "0622334455", "2026-11-03 12:00:00", billsec=0, disposition="BUSY"),
        cdr("201", "0622334455", "2026-11-03 13:00:00", billsec=12),
        cdr("201", "202", "2026-11-03 14:00:00", billsec=600),  # a colleague's extension
        cdr("201", "0622334455", "2026-11-05 09:00:00", billsec=600),  # after T
    )
    out = cli(f"capture calls {log} --on {T}").stdout
    assert (
        "read 6, logged 1, already logged 0, skipped 5 "
        "(1 future, 1 internal, 1 short, 2 unanswered), not on file 0, unreadable 0"
    ) in out
    assert len(touchpoints(isolated)) == 1
    cli(f"capture calls {log} --on {T} --min-seconds 10")
    assert [t[5] for t in touchpoints(isolated)] == [300, 12]


def test_a_second_capture_reads_only_what_was_added(cli, bakery, tmp_path, isolated):
    calls = [
        cdr("201", "0622334455", "2026-11-03 10:00:00"),
        cdr("201", "+31201234567", "2026-11-03 11:00:00"),
    ]
    log = master_csv(tmp_path / "Master.csv", *calls)
    cli(f"capture calls {log} --on {T}")
    before = snapshot(isolated)
    out = cli(f"capture calls {log} --on {T}").stdout.splitlines()
    assert out == [
        "Master.csv: read 0, logged 0, already logged 0, skipped 0, not on file 0, unreadable 0",
        "(only what was added since the last capture was read: 2 lines before it were not "
        "read again)",
    ]
    assert snapshot(isolated) == before
    master_csv(log, *calls, cdr("0622334455", "201", "2026-11-04 09:00:00"))  # the PBX appends
    out = cli(f"capture calls {log} --on {T}").stdout
    assert out.startswith("Master.csv: read 1, logged 1, already logged 0")
    assert len(touchpoints(isolated)) == 3


def test_a_changed_or_replaced_log_is_read_whole_again(cli, bakery, tmp_path, isolated):
    first = cdr("201", "0622334455", "2026-11-03 10:00:00")
    log = master_csv(tmp_path / "Master.csv", first)
    cli(f"capture calls {log} --on {T}")
    master_csv(log, cdr("201", "0201234567", "2026-11-03 09:00:00"), first)  # rotated, edited
    out = cli(f"capture calls {log} --on {T}").stdout
    assert out.startswith("Master.csv: read 2, logged 1, already logged 1")
    assert "not read again" not in out


def test_what_the_last_capture_could_not_place_is_read_again_when_the_book_changed(
    cli, bakery, tmp_path, isolated
):
    log = master_csv(tmp_path / "Master.csv", cdr("201", "0612345678", "2026-11-03 10:00:00"))
    assert "not on file 1" in cli(f"capture calls {log} --on {T}").stdout
    cli("contact add 'Bakkerij Jansen' 'Nieuwe Inkoper' --phone 06-12345678")
    out = cli(f"capture calls {log} --on {T}").stdout
    assert out.startswith("Master.csv: read 1, logged 1, already logged 0")
    assert touchpoints(isolated)[0][3] == "Nieuwe Inkoper"


def test_a_call_after_t_is_captured_when_its_day_has_come(cli, bakery, tmp_path, isolated):
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:00:00"),
        cdr("201", "0201234567", "2026-11-05 10:00:00"),  # after T
        cdr("201", "0622334455", "2026-11-04 10:00:00"),
    )
    assert "logged 2" in cli(f"capture calls {log} --on {T}").stdout
    later = cli(f"capture calls {log} --on 2026-11-05").stdout
    assert later.startswith("Master.csv: read 2, logged 1, already logged 1")  # from line 2
    assert "1 line before it was not read again" in later
    assert len(touchpoints(isolated)) == 3


def test_a_dry_run_another_reading_or_every_unknown_number_reads_the_whole_log(
    cli, bakery, tmp_path, isolated
):
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:00:00"),
        cdr("201", "0612345678", "2026-11-03 11:00:00", billsec=20),
    )
    cli(f"capture calls {log} --on {T} --dry-run")
    assert cli(f"capture calls {log} --on {T}").stdout.startswith("Master.csv: read 2, logged 1")
    assert "read 0" in cli(f"capture calls {log} --on {T}").stdout
    assert "read 2, logged 0" in cli(f"capture calls {log} --on {T} --unknown").stdout
    again = cli(f"capture calls {log} --on {T} --min-seconds 10").stdout
    assert again.startswith(
        "Master.csv: read 2, logged 0, already logged 1, skipped 0, not on file 1"
    )


def test_a_typed_call_is_not_logged_twice_and_never_changed(cli, bakery, tmp_path, isolated):
    cli("log 'Bakkerij Jansen' call --on 2026-11-03 --contact 'Piet Jansen' --note 'typed'")
    cli("log 'Bakkerij Jansen' call --on 2026-11-02 --note 'no contact named'")
    typed = touchpoints(isolated)
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:00:00"),  # the call typed above
        cdr("201", "0622334455", "2026-11-02 16:00:00"),  # that day's typed call named nobody
        cdr("201", "0201234567", "2026-11-03 11:00:00"),  # Kees: another person that day
    )
    out = cli(f"capture calls {log} --on {T}").stdout
    assert "read 3, logged 1, already logged 2" in out
    found = touchpoints(isolated)
    assert found[:2] == typed
    assert found[2][3] == "Kees Bos"


def test_a_dry_run_shows_what_would_be_logged_and_writes_nothing(cli, bakery, tmp_path, isolated):
    log = master_csv(
        tmp_path / "Master.csv", cdr("201", "0622334455", "2026-11-03 10:15:00", billsec=247)
    )
    cli(f"today --on {T}")  # the database and its migrations exist
    before = snapshot(isolated)
    out = cli(f"capture calls {log} --on {T} --dry-run --by 201=Eva").stdout
    assert out.splitlines()[:2] == [
        "Would log:",
        "  2026-11-03 call Bakkerij Jansen with Piet Jansen by Eva (outgoing, 4:07)",
    ]
    assert "would log 1" in out and "dry run: nothing written" in out
    assert snapshot(isolated) == before


def test_who_made_the_call(cli, bakery, tmp_path, isolated):
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:00:00"),
        cdr("0201234567", "205", "2026-11-03 11:00:00"),
    )
    cli(f"capture calls {log} --on {T} --by 201=Eva --by Piet")
    assert [t[6] for t in touchpoints(isolated)] == ["Eva", "Piet"]


def test_a_number_on_two_accounts_is_logged_on_each(cli, bakery, tmp_path, isolated):
    cli("account add 'Jansen Holding'")
    cli("contact add 'Jansen Holding' 'Piet Jansen' --phone '+31 6 2233 4455'")
    log = master_csv(tmp_path / "Master.csv", cdr("201", "0622334455", "2026-11-03 10:00:00"))
    out = cli(f"capture calls {log} --on {T}").stdout
    assert "read 1, logged 1," in out
    assert sorted(t[0] for t in touchpoints(isolated)) == ["Bakkerij Jansen", "Jansen Holding"]


def test_numbers_not_on_file_are_named_most_frequent_first(cli, bakery, tmp_path):
    calls = [cdr("201", "0612345678", f"2026-11-03 10:0{n}:00") for n in range(3)]
    calls += [cdr("0103334444", "200", "2026-11-03 11:00:00")]
    calls += [cdr("201", f"06111111{n:02d}", "2026-11-03 12:00:00") for n in range(6)]
    log = master_csv(tmp_path / "Master.csv", *calls)
    out = cli(f"capture calls {log} --on {T}").stdout
    assert "not on file 10" in out
    line = next(x for x in out.splitlines() if x.startswith("Not on file, most frequent:"))
    assert line.startswith("Not on file, most frequent: +31 6 12345678 (3×), ")
    assert line.endswith("3 more (see --unknown)")
    every = cli(f"capture calls {log} --on {T} --unknown --dry-run").stdout
    listed = [x for x in every.splitlines() if x.startswith("  +31")]
    assert len(listed) == 8 and listed[0] == "  +31 6 12345678 (3×)"
    assert "  +31 10 333 4444 (1×)" in listed


def test_a_call_log_with_a_header_through_map(cli, bakery, tmp_path, isolated):
    """A mobile phone's export, Dutch, semicolon-separated, durations as a clock."""
    log = csv_file(
        tmp_path / "oproepen.csv",
        ["Datum", "Nummer", "Type", "Duur"],
        ["03-11-2026 10:15", "06 2233 4455", "Uitgaand", "0:04:12"],
        ["03-11-2026 11:00", "+31 20 123 4567", "Gemist", "0:00:00"],
        ["03-11-2026 12:00", "+31 20 123 4567", "Inkomend", "0:01:05"],
        delimiter=";",
    )
    out = cli(
        f"capture calls {log} --on {T} --map Datum=start --map Nummer=number "
        "--map Type=direction --map Duur=duration"
    ).stdout
    assert "read 3, logged 2, already logged 0, skipped 1 (1 unanswered)" in out
    assert [(t[3], t[4], t[5]) for t in touchpoints(isolated)] == [
        ("Piet Jansen", "out", 252),
        ("Kees Bos", "in", 65),
    ]


def test_a_call_log_whose_header_names_its_columns_needs_no_map(cli, bakery, tmp_path, isolated):
    """FreePBX's CDR export: calldate, src, dst, billsec, disposition, uniqueid, …"""
    header = "calldate,clid,src,dst,dcontext,channel,dstchannel,lastapp,lastdata,duration,"
    header += "billsec,disposition,amaflags,accountcode,uniqueid,userfield"
    row = "2026-11-03 10:00:00,Eva <201>,201,0622334455,from-internal,PJSIP/201-1,"
    row += "PJSIP/trunk-2,Dial,,95,90,ANSWERED,3,,1762160400.7,"
    # a voicemail left by Piet: answered by the phone system, nobody on our side
    mail = "2026-11-03 11:00:00,<0622334455>,0622334455,201,from-trunk,PJSIP/trunk-3,,"
    mail += "VoiceMail,201@default,75,70,ANSWERED,3,,1762164000.8,"
    (tmp_path / "cdr.csv").write_text(f"{header}\n{row}\n{mail}\n", encoding="utf-8")
    out = cli(f"capture calls {tmp_path / 'cdr.csv'} --on {T}").stdout
    assert "read 2, logged 1, already logged 0, skipped 1 (1 unanswered)" in out
    assert [(t[3], t[5], t[6]) for t in touchpoints(isolated)] == [("Piet Jansen", 90, "201")]


VOICEMAIL = [  # an Asterisk Master.csv as a phone system writes it (nothing reached a person)
    # a customer's voicemail: answered by VoiceMail, no destination channel, 60 s
    '"","0622334455","201","from-trunk","""Piet"" <0622334455>","SIP/kpn-1","","VoiceMail",'
    '"201@default,u","2026-11-03 10:00:00","2026-11-03 10:00:20","2026-11-03 10:01:20",80,60,'
    '"ANSWERED","DOCUMENTATION","2.1",""',
    # the welcome announcement (IVR) the caller hung up in: 65 s, "s" extension, Playback
    '"","+31201234567","s","from-trunk","""Kees"" <+31201234567>","SIP/kpn-1","","Playback",'
    '"welcome","2026-11-03 11:00:00","2026-11-03 11:00:00","2026-11-03 11:01:05",65,65,'
    '"ANSWERED","DOCUMENTATION","1.2",""',
    # a menu (Background) that put the caller through to nobody, a channel named oddly
    '"","0622334455","s","ivr","""Piet"" <0622334455>","SIP/kpn-1","SIP/kpn-9","BackGround",'
    '"menu","2026-11-03 12:00:00","2026-11-03 12:00:00","2026-11-03 12:01:05",65,65,'
    '"ANSWERED","DOCUMENTATION","1.3",""',
    # and the call that did reach Eva: logged
    '"","0622334455","201","from-trunk","""Piet"" <0622334455>","SIP/kpn-1","SIP/201-2",'
    '"Dial","SIP/201","2026-11-03 13:00:00","2026-11-03 13:00:05","2026-11-03 13:05:05",305,'
    '300,"ANSWERED","DOCUMENTATION","1.4",""',
]


def test_a_voicemail_or_a_menu_is_no_conversation(cli, bakery, tmp_path, isolated):
    """Asterisk writes ANSWERED with talk time for a call the phone system took itself."""
    log = tmp_path / "Master.csv"
    log.write_text("\n".join(VOICEMAIL) + "\n", encoding="utf-8")
    out = cli(f"capture calls {log} --on {T}").stdout
    assert "read 4, logged 1, already logged 0, skipped 3 (3 unanswered)" in out
    assert [(t[3], t[5]) for t in touchpoints(isolated)] == [("Piet Jansen", 300)]
    assert "confirm:BJ-1" not in cli(f"today --on {T}").stdout
    window = Window(date(2026, 11, 4), ZoneInfo("Europe/Amsterdam"))
    skips = [r.skip for r in read_calls(str(log), window, {})]
    assert skips == ["unanswered", "unanswered", "unanswered", None]


def test_times_are_dated_in_the_configured_countrys_zone(cli, bakery, tmp_path, isolated):
    log = csv_file(
        tmp_path / "3cx.csv",
        ["start", "number", "billsec"],
        ["2026-11-03T23:30:00Z", "0622334455", "60"],  # 00:30 on 4 Nov in Amsterdam
        ["2026-11-03T23:30:00+01:00", "0201234567", "60"],
    )
    cli(f"capture calls {log} --on {T}")
    assert [(t[3], t[2]) for t in touchpoints(isolated)] == [
        ("Piet Jansen", "2026-11-04"),
        ("Kees Bos", "2026-11-03"),
    ]
    asterisk = master_csv(tmp_path / "Master.csv", cdr("201", "0622334455", "2026-11-02 23:30:00"))
    cli(f"capture calls {asterisk} --on {T} --utc")  # usegmtime: 00:30 on 3 Nov there
    assert touchpoints(isolated)[-1][2] == "2026-11-03"


def test_bad_lines_are_named_and_the_rest_is_captured(cli, bakery, tmp_path, isolated):
    good = cdr("201", "0622334455", "2026-11-03 10:00:00")
    log = master_csv(
        tmp_path / "Master.csv",
        good,
        ["", "201", "0622334455", "only", "five"],
        cdr("201", "0622334455", "yesterday-ish"),
        cdr("201", "0201234567", "2026-11-03 12:00:00"),
    )
    with log.open("ab") as f:
        f.write(b'"","201","06\x81\x8d\xff\xfe","from-internal"\n')  # 8-bit garbage
    result = cli(f"capture calls {log} --on {T}")
    assert result.exit_code == 0
    assert "read 5, logged 2, already logged 0, skipped 0" in result.stdout
    assert "unreadable 3" in result.stdout
    errors = result.stderr.splitlines()
    assert errors[0].startswith("skipped line 2: not a line of the call log (5 columns)")
    assert errors[1] == "skipped line 3: cannot read the start time 'yesterday-ish'"
    assert errors[2].startswith("skipped line 5: ")
    assert "Traceback" not in result.stdout + result.stderr
    assert len(touchpoints(isolated)) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("\n\nhello,world\n", "starts with a blank line: not a call log"),
        ("hello,world\n1,2\n", "is not a call log nasales knows"),
        ("start,who\n2026-11-03,x\n", "has no column for the number called"),
    ],
)
def test_a_file_that_is_no_call_log_changes_nothing(
    cli, bakery, tmp_path, isolated, content, message
):
    (tmp_path / "x.csv").write_text(content, encoding="utf-8")
    cli(f"today --on {T}")
    before = snapshot(isolated)
    result = cli(f"capture calls {tmp_path / 'x.csv'} --on {T}", ok=False)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(isolated) == before


@pytest.mark.parametrize("content", ["", "\n", "\r\n\r\n"])
def test_an_empty_call_log_is_a_quiet_day_not_an_error(cli, bakery, tmp_path, isolated, content):
    """logrotate's copytruncate leaves an empty Master.csv: cron must not mail an error."""
    log = tmp_path / "Master.csv"
    log.write_text(content, encoding="utf-8")
    result = cli(f"capture calls {log} --on {T}")
    assert result.exit_code == 0 and result.stderr == ""
    assert "Master.csv: read 0, logged 0" in result.stdout
    assert touchpoints(isolated) == []
    # The log that fills again after the rotation is read from its first line.
    master_csv(log, cdr("201", "0622334455", "2026-11-03 10:15:00", billsec=247))
    assert "read 1, logged 1" in cli(f"capture calls {log} --on {T}").stdout
    log.write_text(content, encoding="utf-8")  # rotated again
    assert "read 0, logged 0" in cli(f"capture calls {log} --on {T}").stdout
    window = Window(date(2026, 11, 4), ZoneInfo("Europe/Amsterdam"))
    assert list(read_calls(str(log), window, {})) == []


def test_no_such_file_or_a_bad_map_is_one_line_and_exit_1(cli, bakery, tmp_path):
    nope = tmp_path / "nope.csv"
    result = cli(f"capture calls {nope}", ok=False)
    assert (result.exit_code, result.stderr) == (1, f"nasales: {nope} does not exist\n")
    dutch = cli(f"capture calls {nope}", ok=False, env={"NASALES_LANG": "nl"})
    assert (dutch.exit_code, dutch.stderr) == (1, f"nasales: {nope} bestaat niet\n")
    for source in ("calendar", "mail"):  # every capture says it in the user's language
        dutch = cli(f"capture {source} {nope}", ok=False, env={"NASALES_LANG": "nl"})
        assert (dutch.exit_code, dutch.stderr) == (1, f"nasales: {nope} bestaat niet\n")
    result = cli(f"capture calls {tmp_path}", ok=False, env={"NASALES_LANG": "nl"})
    assert result.exit_code == 1 and "is een map, geen bestand" in result.stderr
    result = cli(f"capture calls {tmp_path / 'nope.csv'} --map Datum=when", ok=False)
    assert result.exit_code == 1 and "a call log has the fields start, date" in result.stderr


def test_an_anonymous_caller_is_skipped_as_withheld_not_counted_as_unknown(
    cli, bakery, tmp_path, isolated
):
    """'Not on file' counts only what --unknown can list: a withheld number names nobody."""
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("anonymous", "200", "2026-11-03 09:00:00"),
        cdr("0201234999", "200", "2026-11-03 10:00:00"),
        cdr("0201234888", "200", "2026-11-03 11:00:00"),
    )
    out = cli(f"capture calls {log} --on {T} --unknown").stdout
    assert "read 3, logged 0, already logged 0, skipped 1 (1 number withheld), not on file 2" in out
    assert "+31 20 123 4999" in out and "+31 20 123 4888" in out
    dutch = cli(f"capture calls {log} --on {T} --dry-run", env={"NASALES_LANG": "nl"}).stdout
    assert "1 nummer afgeschermd" in dutch


def test_the_help_of_by_fits_each_source(cli):
    assert "EXT=PERSON" in cli("capture calls --help").stdout
    for source, words in (("calendar", "Who held the meetings"), ("mail", "Whose mailbox")):
        text = " ".join(cli(f"capture {source} --help").stdout.split())
        assert words in text and "EXT=PERSON" not in text and "extension" not in text


def test_a_call_log_from_standard_input(cli, bakery, tmp_path, isolated):
    log = master_csv(tmp_path / "Master.csv", cdr("201", "0622334455", "2026-11-03 10:00:00"))
    out = cli(f"capture calls - --on {T}", input=log.read_text()).stdout
    assert out.startswith("standard input: read 1, logged 1")


def test_show_says_where_a_captured_call_came_from(cli, bakery, tmp_path):
    log = master_csv(
        tmp_path / "Master.csv", cdr("201", "0622334455", "2026-11-03 10:15:00", billsec=247)
    )
    cli(f"capture calls {log} --on {T} --by 201=Eva")
    shown = cli(f"show 'Bakkerij Jansen' --on {T} --format plain").stdout
    assert "2026-11-03 call with Piet Jansen by Eva (outgoing, 4:07, from the call log)" in shown
    [touchpoint] = json.loads(cli(f"show 'Bakkerij Jansen' --on {T} --format json").stdout)[
        "touchpoints"
    ]
    assert (touchpoint["source"], touchpoint["direction"], touchpoint["seconds"]) == (
        "calls",
        "out",
        247,
    )


def test_the_report_speaks_dutch(cli, bakery, tmp_path, monkeypatch):
    monkeypatch.setenv("NASALES_LANG", "nl")
    log = master_csv(
        tmp_path / "Master.csv",
        cdr("201", "0622334455", "2026-11-03 10:00:00"),
        cdr("201", "0612345678", "2026-11-03 11:00:00"),
        cdr("201", "0622334455", "2026-11-03 12:00:00", billsec=3),
    )
    out = cli(f"capture calls {log} --on 04-11-2026").stdout.splitlines()
    assert out == [
        "Master.csv: gelezen 3, vastgelegd 1, al vastgelegd 0, overgeslagen 1 (1 kort), "
        "niet bekend 1, onleesbaar 0",
        "Niet bekend, meest voorkomend: +31 6 12345678 (1×)",
    ]
