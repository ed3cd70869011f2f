"""`nasales capture mail` through the command line (PRODUCT.md §9): the right e-mails land on
the right accounts, once; what cannot be read or placed is told; nothing but the headers the
list needs is kept; an e-mail is context, never a call."""

import json
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

import realproc as rp
from mailboxes import CONFIG, T, book_csv, captured, mailgen, what_capture_concludes
from snapshot import snapshot

ACCOUNTS = 12


@pytest.fixture
def book(cli, isolated, tmp_path, settings_file):
    """Accounts 1..12 with contacts c1@aN.example and c2@aN.example and the domain
    aN.example; the own organisation is ourfirm.example."""
    settings_file(CONFIG)
    cli(["import", "contacts", str(book_csv(tmp_path / "contacts.csv", ACCOUNTS))])
    for n in range(1, ACCOUNTS + 1):
        cli(["account", "set", f"Account {n}", "--domain", f"a{n}.example"])
    return isolated


@pytest.fixture(scope="module")
def mail():
    return list(mailgen.mails(400, accounts=ACCOUNTS, hostile=True))


@pytest.fixture
def mbox(tmp_path, mail):
    path = tmp_path / "eva.mbox"
    mailgen.write_mbox(path, iter(mail))
    return path


def summary_line(result):
    return next(line for line in result.stdout.splitlines() if " read " in line)


def test_the_mail_with_customers_is_logged_on_their_accounts_once(cli, book, mbox, mail):
    counts, logged = what_capture_concludes(mail)
    assert counts["logged"] > 100 and counts["already"] and counts["unreadable"]
    first = cli(f"capture mail {mbox} --on {T}")
    assert summary_line(first) == (
        f"eva.mbox: read {len(mail)}, logged {counts['logged']}, already logged "
        f"{counts['already']}, skipped {counts['internal'] + counts['future']} "
        f"({counts['future']} future, {counts['internal']} internal), "
        f"not on file {counts['not on file']}, unreadable {counts['unreadable']}"
    )
    assert captured(book) == logged
    # Each unreadable message is named on stderr, by its Message-ID or its place in the file.
    assert "skipped message " in first.stderr and "its headers are larger than 1 MB" in first.stderr
    assert "no sender or recipient address" in first.stderr
    # The unknown senders are named, the most frequent first, and their domains.
    assert "Not on file, most frequent: nieuws" in first.stdout
    assert "vakblad.example" in first.stdout

    # The second capture reads from the first message dated after T on (it may be logged
    # once T has come): nothing is logged twice.
    again = cli(f"capture mail {mbox} --on {T}")
    held = next(n for n, message in enumerate(mail) if message.expect == "future")
    assert f": read {len(mail) - held}, logged 0," in summary_line(again)
    assert captured(book) == logged


def test_maildir_eml_folder_and_standard_input_log_the_same(cli, book, tmp_path, mail):
    maildir = tmp_path / "Maildir"
    mailgen.write_maildir(maildir, iter(mail))
    _counts, logged = what_capture_concludes(mail, "maildir")
    cli(f"capture mail {maildir} --on {T}")
    assert captured(book) == logged
    one = next(m for m in mail if m.expect == "contact" and m.trouble is None)
    stdin = cli(f"capture mail - --on {T}", input=one.raw)
    assert "standard input: read 1, logged 0, already logged 1" in stdin.stdout


def test_no_subject_keeps_no_subject(cli, book, mbox):
    cli(f"capture mail {mbox} --on {T} --no-subject")
    assert rp.query(book, "SELECT count(*) FROM touchpoint WHERE note <> ''") == [(0,)]
    assert rp.query(book, "SELECT count(*) FROM touchpoint") != [(0,)]


def test_dry_run_shows_what_would_be_logged_and_changes_nothing(cli, book, mbox, mail):
    before = snapshot(book)
    result = cli(f"capture mail {mbox} --on {T} --dry-run")
    assert snapshot(book) == before
    counts, _logged = what_capture_concludes(mail)
    assert result.stdout.startswith("Would log:\n")
    assert f"would log {counts['logged']}," in summary_line(result)
    assert result.stdout.rstrip().endswith("dry run: nothing written")


def test_replaying_a_day_logs_only_what_was_sent_by_then(cli, book, mbox, mail):
    early = mailgen.UNTIL.replace(day=1)
    cli(f"capture mail {mbox} --on {early}")
    days = [day for (_a, day, *_rest), n in captured(book).items() for _ in range(n)]
    assert days and max(days) <= early.isoformat()
    cli(f"capture mail {mbox} --on {T}")
    assert captured(book) == what_capture_concludes(mail)[1]


def test_an_email_is_context_not_a_call(cli, book, tmp_path):
    """A customer's e-mail after the win clears no confirm call: it shows on `show`."""
    cli("order won 'Account 3' 'Press line' --ref P-3 --value 40000 --on 2026-11-02")
    message = (
        "From: c1@a3.example\nTo: eva@ourfirm.example\nSubject: Bedankt voor de order\n"
        "Date: Tue, 3 Nov 2026 09:12:00 +0100\nMessage-ID: <thanks@a3.example>\n\nDank!\n"
    )
    (tmp_path / "thanks.eml").write_text(message)
    cli(f"capture mail {tmp_path / 'thanks.eml'} --on 2026-11-04")
    due = json.loads(cli("today --on 2026-11-04 --format json").stdout)
    assert "confirm:P-3" in [item["key"] for item in due]
    page = cli("show 'Account 3' --on 2026-11-04 --format plain").stdout
    assert "Bedankt voor de order" in page


def test_an_email_typed_that_day_is_not_logged_twice(cli, book, tmp_path):
    cli("log 'Account 3' email --on 2026-11-03 --contact 'Contact 1 of 3' --note 'offerte'")
    (tmp_path / "m.eml").write_text(
        "From: c1@a3.example\nTo: eva@ourfirm.example\nDate: Tue, 3 Nov 2026 09:12:00 +0100\n\n"
    )
    result = cli(f"capture mail {tmp_path / 'm.eml'} --on 2026-11-04")
    assert "logged 0, already logged 1" in result.stdout
    assert rp.query(book, "SELECT count(*) FROM touchpoint") == [(1,)]


def test_the_database_keeps_no_body_and_no_other_participant(cli, book, mbox, mail):
    """Only what the list needs: no body, no Message-ID, no colleague's or stranger's
    address, no name from a header."""
    cli(f"capture mail {mbox} --on {T}")
    data = b"".join(path.read_bytes() for path in book.parent.glob(book.name + "*"))
    assert b"Hierbij de gevraagde informatie" not in data
    assert b"DKIM" not in data and b"mx1.relay.example" not in data
    for message in mail:
        if message.message_id:
            assert message.message_id.encode() not in data
    for address in (*mailgen.COLLEAGUES, mailgen.OWN, "nieuws13@vakblad.example"):
        assert address.encode() not in data
    assert b"Ahmed El Amrani" not in data


def test_forget_leaves_nothing_of_the_person_and_a_recapture_brings_nothing_back(cli, book, mbox):
    cli(f"capture mail {mbox} --on {T}")
    address = b"c1@a2.example"
    cli("contact forget c1@a2.example --yes")
    data = b"".join(path.read_bytes() for path in book.parent.glob(book.name + "*"))
    assert address not in data
    again = cli(f"capture mail {mbox} --on {T}")
    assert ", logged 0," in summary_line(again)
    data = b"".join(path.read_bytes() for path in book.parent.glob(book.name + "*"))
    assert address not in data


@pytest.mark.parametrize("shape", ["mbox", "maildir"])
def test_unknown_after_a_capture_lists_every_unknown_address_again(
    cli, book, tmp_path, mail, shape
):
    """The daily capture read the mailbox; --unknown later reads it whole again to list
    every address not on file, and logs nothing twice."""
    source = tmp_path / shape
    if shape == "mbox":
        mailgen.write_mbox(source, iter(mail))
    else:
        mailgen.write_maildir(source, iter(mail))
    first = cli(f"capture mail {source} --on {T}")
    unknown = summary_line(first).split("not on file ")[1].split(",")[0]
    assert int(unknown) > 0
    before = captured(book)
    again = cli(f"capture mail {source} --on {T} --unknown")
    line = summary_line(again)
    assert f"read {len(mail)}, logged 0," in line and f"not on file {unknown}," in line
    assert "Not on file (add them as contacts):" in again.stdout
    assert "vakblad.example" in again.stdout
    assert captured(book) == before
    # and the state is kept: the next capture reads only from the first message after T
    later = summary_line(cli(f"capture mail {source} --on {T}"))
    assert int(later.split("read ")[1].split(",")[0]) < len(mail) // 10 and "logged 0," in later


def test_a_date_at_zero_or_years_ahead_is_dated_by_the_mailbox(cli, book, tmp_path):
    """An mbox without Received lines: its `From ` line dates a Date of 1970 (a clock at
    zero) and one of 2038 (which would otherwise be 'future' for ever)."""
    box = tmp_path / "in.mbox"
    box.write_bytes(
        b"From MAILER-DAEMON Thu Dec  3 10:00:00 2026\n"
        b"From: c1@a3.example\nTo: eva@ourfirm.example\nSubject: Nul\n"
        b"Date: Thu, 1 Jan 1970 00:00:00 +0000\nMessage-ID: <nul@a3>\n\nHoi\n\n"
        b"From MAILER-DAEMON Thu Dec  3 11:00:00 2026\n"
        b"From: c1@a3.example\nTo: eva@ourfirm.example\nSubject: Later\n"
        b"Date: Tue, 19 Jan 2038 03:14:07 +0000\nMessage-ID: <later@a3>\n\nHoi\n"
    )
    result = cli(f"capture mail {box} --on 2026-12-07")
    assert "read 2, logged 2, already logged 0, skipped 0" in summary_line(result)
    dates = rp.query(book, "SELECT date, note FROM touchpoint WHERE source = 'mail' ORDER BY note")
    assert dates == [("2026-12-03", "Later"), ("2026-12-03", "Nul")]


@pytest.mark.parametrize("shape", ["eml folder", "mbox", "maildir"])
def test_an_empty_mailbox_is_a_quiet_day_not_an_error(cli, book, tmp_path, shape):
    source = tmp_path / "source"
    if shape == "mbox":
        source.write_bytes(b"")
    else:
        source.mkdir()
        if shape == "maildir":
            for sub in ("cur", "new", "tmp"):
                (source / sub).mkdir()
    before = snapshot(book)
    result = cli(f"capture mail {source} --on {T}")
    assert result.exit_code == 0 and result.stderr == ""
    assert "source: read 0, logged 0" in summary_line(result)
    assert snapshot(book)["touchpoint"] == before["touchpoint"]


@pytest.mark.parametrize(
    ("make", "english", "dutch"),
    [
        (lambda p: None, "does not exist", "bestaat niet"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n"), "is not a mailbox", "is geen mailbox"),
        (
            lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")),
            "holds no .eml files",
            "geen .eml-bestanden",
        ),
    ],
)
def test_a_source_that_is_no_mailbox_exits_1_and_changes_nothing(
    cli, book, tmp_path, make, english, dutch
):
    source = tmp_path / "source"
    make(source)
    before = snapshot(book)
    for lang, words in (("en", english), ("nl", dutch)):
        result = cli(f"capture mail {source} --on {T}", ok=False, env={"NASALES_LANG": lang})
        assert result.exit_code == 1
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(book) == before


def test_a_real_process_on_a_garbage_mailbox_exits_0_without_a_traceback(book, tmp_path):
    path = tmp_path / "garbage.mbox"
    data = bytearray(b"From x Mon Nov  2 10:00:00 2026\n")
    import random

    rnd = random.Random(3)
    for n in range(200):
        data += rnd.randbytes(rnd.randrange(10, 3000)).replace(b"\x00", b"\n")
        data += b"\n\nFrom x Mon Nov  2 10:00:00 2026\n" if n % 3 else b"\nFrom: c1@a1.example\n\n"
    path.write_bytes(bytes(data))
    done = rp.run(book, "capture", "mail", str(path), "--on", str(T))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "garbage.mbox: read " in done.stdout


def test_two_people_capturing_one_shared_mailbox_on_the_team_database_log_it_once(
    pg_cli, tmp_path, mail, settings_file
):
    """The team's database on PostgreSQL: Eva and Joost each capture the sales@ mailbox
    they share; every message is logged once, by whoever captured it first."""
    settings_file(CONFIG)
    pg_cli(["import", "contacts", str(book_csv(tmp_path / "contacts.csv", ACCOUNTS))])
    for n in range(1, ACCOUNTS + 1):
        pg_cli(["account", "set", f"Account {n}", "--domain", f"a{n}.example"])
    shared, other_copy = tmp_path / "sales.mbox", tmp_path / "joost" / "sales.mbox"
    mailgen.write_mbox(shared, iter(mail))
    other_copy.parent.mkdir()
    other_copy.write_bytes(shared.read_bytes())  # the same mailbox, on Joost's computer
    counts, logged = what_capture_concludes(mail)
    eva = pg_cli(f"capture mail {shared} --on {T} --by Eva")
    assert f", logged {counts['logged']}, already logged {counts['already']}," in (
        summary_line(eva)
    )
    joost = pg_cli(f"capture mail {other_copy} --on {T} --by Joost")
    assert f", logged 0, already logged {counts['logged'] + counts['already']}," in (
        summary_line(joost)
    )
    rows = json.loads(pg_cli("export touchpoints --format json").stdout)
    assert len(rows) == sum(logged.values())
    assert {row["by"] for row in rows} == {"Eva"}


def test_a_capture_reads_only_what_is_new_since_the_last(cli, book, tmp_path):
    """An mbox grows at its end; a Maildir or folder gets new files: the next capture reads
    only those. A mailbox rewritten since (compacted) is read whole, logging nothing twice."""
    mail = [m for m in mailgen.mails(300, accounts=ACCOUNTS, seed=21) if m.expect == "contact"]
    mbox, maildir = tmp_path / "in.mbox", tmp_path / "Maildir"
    mailgen.write_mbox(mbox, iter(mail[:40]))
    mailgen.write_maildir(maildir, iter(mail[50:90]))
    for source in (mbox, maildir):
        assert ": read 40, logged 40," in summary_line(cli(f"capture mail {source} --on {T}"))
        assert ": read 0, logged 0," in summary_line(cli(f"capture mail {source} --on {T}"))
    with mbox.open("ab") as out:
        for message in mail[40:45]:
            out.write(mailgen.envelope(message) + message.raw + b"\n")
    for n, message in enumerate(mail[90:95]):  # delivered since
        (maildir / "new" / f"1781000000.M{n}P2.later").write_bytes(message.raw)
    (maildir / "tmp" / "1781000000.M9P2.later").write_bytes(mail[95].raw)  # still arriving
    for source in (mbox, maildir):
        assert ": read 5, logged 5," in summary_line(cli(f"capture mail {source} --on {T}"))
    mailgen.write_mbox(mbox, iter(mail[1:46]))  # compacted: the first one deleted, one more
    assert ": read 45, logged 1, already logged 44," in summary_line(
        cli(f"capture mail {mbox} --on {T}")
    )


def test_a_message_dated_after_t_makes_no_later_scan_read_the_rest_again(cli, book, tmp_path):
    """A message after T is read again by every capture until T reaches it; the messages
    delivered with it or after it, read once, stay read (however fast the scans follow)."""
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n, day in enumerate((20, 1, 2, 3)):  # the one after T first: the rest are younger
        stamp = int(datetime(2026, 6, day, 9, tzinfo=UTC).timestamp())
        (maildir / "cur" / f"{stamp}.M{n}P1.test:2,S").write_text(
            f"From: c1@a1.example\nTo: eva@ourfirm.example\nSubject: Offerte {n}\n"
            f"Date: {format_datetime(datetime(2026, 6, day, 9, tzinfo=UTC))}\n"
            f"Message-ID: <m{n}@a1.example>\n\nHallo\n"
        )
    on = "--on 2026-06-15"
    assert ": read 4, logged 3, already logged 0, skipped 1 (1 future)" in summary_line(
        cli(f"capture mail {maildir} {on}")
    )
    for _ in range(2):
        assert ": read 1, logged 0, already logged 0, skipped 1 (1 future)" in summary_line(
            cli(f"capture mail {maildir} {on}")
        )


def test_a_contact_added_since_has_the_whole_mailbox_read_again(cli, book, tmp_path):
    """The summary asks to add the people not on file; once one is, the next capture reads
    the mailbox whole again, so their earlier mail is logged too."""
    message = (
        "From: piet@bakkerij.example\nTo: eva@ourfirm.example\nSubject: Vraag\n"
        "Date: Tue, 3 Nov 2026 09:12:00 +0100\nMessage-ID: <vraag@bakkerij>\n\nHoi\n"
    )
    mbox = tmp_path / "in.mbox"
    mbox.write_text("From piet@bakkerij.example Tue Nov  3 08:12:00 2026\n" + message)
    first = cli(f"capture mail {mbox} --on 2026-11-04")
    assert ": read 1, logged 0," in summary_line(first)
    assert "piet@bakkerij.example (1×)" in first.stdout
    assert ": read 0," in summary_line(cli(f"capture mail {mbox} --on 2026-11-04"))
    cli("contact add 'Account 1' 'Piet Bakker' --email piet@bakkerij.example")
    again = cli(f"capture mail {mbox} --on 2026-11-04")
    assert ": read 1, logged 1," in summary_line(again)


def test_the_demo_captures_its_mailbox(cli):
    """`nasales demo` captures Eva's mailbox too: the e-mails are on the accounts' pages, and
    an e-mail clears no call (Van Dijk's confirmation call and Groenhuis's problem stay)."""
    from nasales.demo import demo_path

    result = cli("demo --on 2026-11-27 --format json")
    assert (
        "Captured demo-mail.mbox: read 6, logged 4, already logged 0, skipped 1 (1 internal), "
        "not on file 1, unreadable 0\n"
    ) in result.stderr
    keys = {item["key"] for item in json.loads(result.stdout)}
    assert {"confirm:VD-2041", "hurdle:1"} <= keys
    db = ["--db", str(demo_path())]
    page = cli([*db, "show", "Van Dijk Machinebouw", "--on", "2026-11-27", "--format", "plain"])
    assert "e-mail with Sanne van Dijk by Eva (outgoing, from the mailbox): Delivery planning" in (
        page.stdout
    )
    visser = cli([*db, "show", "Visser Techniek", "--on", "2026-11-27", "--format", "plain"])
    assert "2026-11-27 e-mail by Eva (incoming, from the mailbox): Delivery address" in (
        visser.stdout
    )
    dutch = cli("demo --on 2026-11-27 --format json", env={"NASALES_LANG": "nl"})
    page = cli([*db, "show", "Van Dijk Machinebouw", "--on", "2026-11-27", "--format", "plain"])
    assert "Leveringsplanning DMU 50" in page.stdout  # the demo's mail speaks Dutch too
    assert "Vastgelegd uit demo-mail.mbox: gelezen 6, vastgelegd 4," in dutch.stderr


def test_the_same_path_on_two_computers_is_two_mailboxes(cli, book, tmp_path, monkeypatch):
    """A team's database: Eva's and Joost's computers both have /srv/mail; each keeps its
    own place, so Joost's messages are not passed over because Eva read newer files there."""
    import socket

    mail = [m for m in mailgen.mails(200, accounts=ACCOUNTS, seed=23) if m.expect == "contact"]
    evas, joosts, path = tmp_path / "eva", tmp_path / "joost", tmp_path / "srv-mail"
    mailgen.write_maildir(joosts, iter(mail[10:14]))  # Joost's mail is the older
    mailgen.write_maildir(evas, iter(mail[:10]))
    evas.rename(path)  # renaming a folder leaves its files' ctime as it was
    monkeypatch.setattr(socket, "gethostname", lambda: "eva-laptop")
    assert ": read 10, logged 10," in summary_line(cli(f"capture mail {path} --on {T}"))
    path.rename(evas)
    joosts.rename(path)
    monkeypatch.setattr(socket, "gethostname", lambda: "joost-laptop")
    assert ": read 4, logged 4," in summary_line(cli(f"capture mail {path} --on {T}"))
