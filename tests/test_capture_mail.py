"""Mail on disk (PRODUCT.md §9): an mbox, a Maildir, .eml files, standard input. The readers
read header blocks only, name every message they skip, and never raise; real-world messages
(CPython's own e-mail test corpus) are read as the standard library's full parser reads them.
"""

import email
import email.policy
import io
import os
import sys
import tracemalloc
from datetime import UTC, date, datetime
from email.utils import getaddresses, parsedate_to_datetime
from functools import partial
from pathlib import Path

import pytest

from mailboxes import AMSTERDAM, expected, mailgen, outcome, reading
from nasales.errors import NasalesError
from nasales.transfer.capture import Bad, Record
from nasales.transfer.capture.headers import record
from nasales.transfer.capture.mail import mail_files

HEADERS = (
    b"From: Sanne <sanne@vandijk.example>\nTo: eva@ourfirm.example\n"
    b"Date: Mon, 2 Nov 2026 10:00:00 +0100\n"
)


def records(path: Path, **kw) -> list[Record | Bad]:
    return list(mail_files(path).messages(reading(**kw)))


@pytest.fixture(scope="module")
def hostile_mail():
    """600 messages, one in seven spoiled the ways real mailboxes are (mailgen --hostile)."""
    return list(mailgen.mails(600, accounts=20, hostile=True))


def test_mbox_gives_each_message_as_written(tmp_path, hostile_mail):
    path = tmp_path / "mail.mbox"
    mailgen.write_mbox(path, iter(hostile_mail), escape=False)  # "From the desk…" unescaped
    found = records(path)
    assert [outcome(r) for r in found] == [expected(m, "mbox") for m in hostile_mail]
    troubles = {m.trouble for m in hostile_mail}
    assert troubles >= {*mailgen.TROUBLES, "again"}, "every kind of trouble is in the sample"
    # A skipped message is named: by its Message-ID, else by its place in the file.
    named = {r.where for r in found if isinstance(r, Bad)}
    huge = [n for n, m in enumerate(hostile_mail, 1) if m.trouble == "huge"]
    assert {f"message {n}" for n in huge} <= named
    nobody = {m.message_id for m in hostile_mail if m.trouble == "nobody"}
    assert nobody <= named


def test_maildir_and_eml_files_read_like_the_mbox(tmp_path, hostile_mail):
    maildir, folder = tmp_path / "Maildir", tmp_path / "export"
    mailgen.write_maildir(maildir, iter(hostile_mail))
    folder.mkdir()
    for n, mail in enumerate(hostile_mail):
        sub = folder / ("2026" if n % 2 else "")  # a folder of folders of .eml files
        sub.mkdir(exist_ok=True)
        (sub / f"{n:04d}.EML").write_bytes(mail.raw)
    (folder / "notes.txt").write_text("not a message")
    assert mail_files(maildir).shape == "maildir"
    assert mail_files(folder).shape == "eml folder"
    want = sorted(map(repr, (expected(m, "maildir") for m in hostile_mail)))
    assert sorted(repr(outcome(r)) for r in records(maildir)) == want
    want = sorted(map(repr, (expected(m, "eml") for m in hostile_mail)))
    assert sorted(repr(outcome(r)) for r in records(folder)) == want


def test_a_message_without_a_date_is_dated_by_its_mailbox_or_skipped_by_name(tmp_path):
    raw = b"From: sanne@vandijk.example\nTo: eva@ourfirm.example\nMessage-ID: <x@y>\n\nhoi\n"
    (tmp_path / "one.eml").write_bytes(raw)
    [bad] = records(tmp_path / "one.eml")
    assert bad == Bad("<x@y>", "no readable date")
    (tmp_path / "box").write_bytes(b"From sanne@vandijk.example Mon Nov  2 10:00:00 2026\n" + raw)
    [dated] = records(tmp_path / "box")
    assert dated.day == date(2026, 11, 2)
    received = b"Received: from mx by mail; Tue, 3 Nov 2026 23:30:00 +0000\n" + raw
    assert record(received, "x", reading()).day == date(2026, 11, 4)  # Amsterdam: past midnight


def _corpus() -> list[Path]:
    try:
        import test.test_email
    except ImportError:
        return []
    return sorted((Path(test.test_email.__file__).parent / "data").glob("msg_*.txt"))


CORPUS = _corpus()


@pytest.mark.skipif(not CORPUS, reason="this Python has no test package (test.test_email)")
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_real_world_messages_read_as_the_standard_librarys_parser_reads_them(path):
    """CPython's e-mail test corpus: mailers' real output, written by nobody here."""
    try:
        source = mail_files(path)
    except NasalesError:
        assert not path.read_bytes()[:200].split(b"\n")[0].count(b":")  # no header at all
        return
    first = next(iter(source.messages(reading(on=date(2030, 1, 1)))))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    values = [str(v) for name in ("from", "to", "cc", "bcc") for v in message.get_all(name, [])]
    addresses = {a.lower() for _n, a in getaddresses(values) if "@" in a}
    if isinstance(first, Bad):
        assert first.reason in ("no sender or recipient address", "no readable date")
        if first.reason == "no sender or recipient address":
            assert not addresses
        return
    assert set(first.addresses) == addresses
    if message["date"]:
        written = parsedate_to_datetime(message["date"])
        assert first.day == written.astimezone(AMSTERDAM).date()
    if message["message-id"]:
        assert first.key == "<" + message["message-id"].strip().strip("<>") + ">"
    if message["subject"]:
        modern = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert first.subject == " ".join(str(modern["subject"]).split())[:300]


def test_corpus_has_what_the_test_reads():
    if not CORPUS:
        pytest.skip("this Python has no test package (test.test_email)")
    assert len(CORPUS) > 40


def test_a_body_is_never_read(tmp_path):
    """A message of 8 GB (sparse: only its headers are written) is read in a blink: the
    body is neither read nor held. In a Maildir too."""
    head = HEADERS + b"\n"
    for path in (tmp_path / "huge.eml", tmp_path / "Maildir" / "cur" / "1.M1:2,"):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            file.write(head + b"body " * 1000)
            file.truncate(8 << 30)
    (tmp_path / "Maildir" / "new").mkdir()
    tracemalloc.start()
    try:
        found = records(tmp_path / "huge.eml") + records(tmp_path / "Maildir")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.day for r in found] == [date(2026, 11, 2)] * 2
    assert peak < 2_000_000


def test_an_mbox_of_any_size_is_read_in_bounded_memory(tmp_path):
    """Three messages around a 64 MB attachment: memory holds a chunk, not the mailbox."""
    path = tmp_path / "big.mbox"
    messages = [next(mailgen.mails(1, seed=n)) for n in range(3)]
    with path.open("wb") as out:
        for n, mail in enumerate(messages):
            out.write(mailgen.envelope(mail) + mail.raw)
            if n == 1:
                out.write((b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=" * 2 + b"\n") * 900_000)
            out.write(b"\n")
    tracemalloc.start()
    try:
        found = records(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.key for r in found] == [m.message_id for m in messages]
    assert path.stat().st_size > 64_000_000
    assert peak < 4_000_000


@pytest.mark.parametrize(
    ("header", "subject"),
    [
        (b"Subject: =?utf-8?q?Offerte_=E2=82=AC_185.000?=", "Offerte € 185.000"),
        (b"Subject: =?x-unknown?q?caf=C3=A9?=", "café"),  # unknown charset: UTF-8
        (b"Subject: =?x-unknown?q?caf=E9?=", "café"),  # … else Windows-1252
        (b"Subject: =?utf-8?b?!!!notbase64?=", "=?utf-8?b?!!!notbase64?="),  # kept as written
        (b"Subject: caf\xc3\xa9 \xe9t\xe9 \x00\x07", "café été"),  # raw 8-bit, control chars
        (b"Subject: =?utf-8*nl?q?hallo?=", "hallo"),  # RFC 2231 language tag
        (b"Subject: Re: =?iso-8859-1?q?Caf=E9?=\n\t=?iso-8859-1?q?_ok?=", "Re: Café ok"),
        (b"Subject: " + b"x" * 5000, "x" * 300),
        (b"Subject:", None),
    ],
)
def test_subjects_are_decoded_whatever_the_charset(header, subject):
    found = record(HEADERS + header + b"\n", "message 1", reading())
    assert found.subject == subject
    assert record(HEADERS + header + b"\n", "message 1", reading(subject=False)).subject is None


@pytest.mark.parametrize(
    ("header", "addresses"),
    [
        (
            b'To: "Jansen, Piet" <piet@bakkerij.example>, c@d.example',
            ["piet@bakkerij.example", "c@d.example"],
        ),
        (b"Cc: =?utf-8?q?Piet_=28inkoop=29?= <PIET@Bakkerij.EXAMPLE>", ["piet@bakkerij.example"]),
        (b"Cc: piet@bakkerij.example (Piet, inkoop)", ["piet@bakkerij.example"]),
        (b"Cc: undisclosed-recipients:;", []),
        (b"Bcc: piet@bakkerij.example", ["piet@bakkerij.example"]),  # a sent copy
        (b"Cc: \xff\xfe garbage <<>> @@", []),
    ],
)
def test_addresses_come_from_from_to_cc_and_bcc_lowercased(header, addresses):
    found = record(HEADERS + header + b"\n", "message 1", reading())
    assert list(found.addresses) == ["sanne@vandijk.example", "eva@ourfirm.example", *addresses]


@pytest.mark.parametrize(
    ("date_header", "day"),
    [
        (b"Mon, 2 Nov 2026 23:30:00 -0500", date(2026, 11, 3)),  # read in its zone, dated in NL
        (b"Mon, 2 Nov 2026 23:30:00 +0000", date(2026, 11, 3)),
        (b"Mon, 2 Nov 2026 00:30:00 +0300", date(2026, 11, 1)),
        (b"2 Nov 2026 10:00 GMT", date(2026, 11, 2)),
        (b"Mon, 2 Nov 2026 10:00:00", date(2026, 11, 2)),  # no zone: UTC
        (b"Mon, 32 Nov 2026 10:00:00 +0100", None),
        (b"Mon, 2 Nov 99999 10:00:00 +0100", None),
        (b"yesterday", None),
    ],
)
def test_a_message_is_dated_in_its_zone_on_the_local_date(date_header, day):
    block = b"From: sanne@vandijk.example\nMessage-ID: <m@x>\nDate: " + date_header + b"\n"
    found = record(block, "message 1", reading())
    assert (found.day if isinstance(found, Record) else None) == day
    if day is None:
        assert found == Bad("<m@x>", "no readable date")


def test_keys_are_the_message_id_or_a_hash_of_who_wrote_what_when():
    one = HEADERS + b"Subject: Offerte\nReceived: from a by b; Mon, 2 Nov 2026 10:00:01 +0100\n"
    copy = HEADERS + b"Subject: Offerte\nReceived: from c by d; Mon, 2 Nov 2026 10:00:09 +0100\n"
    other = HEADERS + b"Subject: Planning\n"
    key = record(one, "1", reading()).key
    assert key.startswith("sha256:")
    assert record(copy, "2", reading()).key == key  # the same message in another mailbox
    assert record(other, "3", reading()).key != key
    assert record(HEADERS + b"Message-ID:   <a@b>  (x)\n", "4", reading()).key == "<a@b>"
    assert record(HEADERS + b"Message-ID: a@b\n", "5", reading()).key == "<a@b>"
    long_id = HEADERS + b"Message-ID: <" + b"x" * 300 + b"@b>\n"
    assert record(long_id, "6", reading()).key.startswith("sha256:")


def test_direction_and_the_future():
    out = HEADERS.replace(b"Sanne <sanne@vandijk", b"Eva <eva@ourfirm").replace(
        b"To: eva@ourfirm", b"To: sanne@vandijk"
    )
    assert record(out, "1", reading()).direction == "out"
    assert record(out.replace(b"eva@", b"eva@mail."), "1", reading()).direction == "out"
    assert record(HEADERS, "1", reading()).direction == "in"
    assert record(HEADERS, "1", reading(on=date(2026, 11, 2))).skip is None
    assert record(HEADERS, "1", reading(on=date(2026, 11, 1))).skip == "future"


def test_garbage_never_raises():
    import random

    rnd = random.Random(7)
    for _ in range(300):
        block = rnd.randbytes(rnd.randrange(0, 400))
        block = block.replace(b"\x00", b"\nFrom: ")[: rnd.randrange(1, 400)]
        assert isinstance(record(HEADERS + block, "x", reading()), Record | Bad)
        assert isinstance(record(block, "x", reading()), Record | Bad)


def test_mbox_edges(tmp_path):
    crlf = tmp_path / "crlf.mbox"
    crlf.write_bytes(
        b"From a@b Mon Nov  2 10:00:00 2026\r\n" + HEADERS.replace(b"\n", b"\r\n") + b"\r\nbody\r\n"
        b"\r\nFrom a@b Mon Nov  2 11:00:00 2026\r\n"
        + HEADERS.replace(b"\n", b"\r\n").replace(b"sanne@", b"piet@")
        + b"\r\n\r\n"
    )
    assert [r.addresses[0] for r in records(crlf)] == [
        "sanne@vandijk.example",
        "piet@vandijk.example",
    ]
    # A message without a blank line before the next envelope, and one with no body at all.
    tight = tmp_path / "tight.mbox"
    tight.write_bytes(
        b"From a@b Mon Nov  2 10:00:00 2026\n"
        + HEADERS
        + b"From a@b Mon Nov  2 11:00:00 2026\n"
        + HEADERS.replace(b"sanne@", b"piet@")
    )
    assert len(records(tight)) == 2
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    assert records(empty) == []
    folder = tmp_path / "exported"  # a folder of .eml files, none yet: an empty mailbox
    folder.mkdir()
    (folder / ".hidden").write_text("x")
    assert mail_files(folder).shape == "eml folder"
    assert records(folder) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "is not a mailbox"),
        (lambda p: (p.mkdir(), (p / "notes.txt").write_text("x")), "holds no .eml files"),
    ],
)
def test_what_is_no_mailbox_is_refused_in_one_line(tmp_path, make, message):
    path = tmp_path / "source"
    make(path)
    with pytest.raises(NasalesError, match=message):
        mail_files(path)


def test_standard_input_holds_one_message_or_an_mbox(monkeypatch):
    from nasales.transfer.capture import Window
    from nasales.transfer.capture.mail import read

    window = Window(date(2026, 11, 20), AMSTERDAM)
    one = HEADERS + b"\nhoi\n"
    mbox = b"From x Mon Nov  2 10:00:00 2026\n" + one + b"\nFrom x Mon Nov  2 11:00:00 2026\n" + one
    for data, count in [(one, 1), (mbox, 2)]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        found = list(read("-", window, {}))
        assert [r.addresses[0] for r in found] == ["sanne@vandijk.example"] * count


def test_unreadable_file_in_a_maildir_is_named(tmp_path):
    maildir = tmp_path / "Maildir"
    mailgen.write_maildir(maildir, mailgen.mails(3))
    victim = sorted((maildir / "cur").iterdir())[1]
    os.chmod(victim, 0)
    if os.access(victim, os.R_OK):
        pytest.skip("running as root: every file is readable")
    found = records(maildir)
    assert [type(r) for r in found].count(Bad) == 1


def test_a_message_dated_after_it_arrived_is_dated_by_its_arrival(tmp_path):
    """A sender's clock can be wrong; a message is never written after it arrived. Without
    this, one message dated 2099 would be 'future' for ever."""
    ahead = b"From: sanne@vandijk.example\nDate: Thu, 1 Jan 2099 10:00:00 +0100\n"
    received = b"Received: from mx by mail; Mon, 2 Nov 2026 10:00:00 +0100\n"
    found = record(received + ahead, "1", reading(on=date(2026, 11, 20)))
    assert (found.day, found.skip) == (date(2026, 11, 2), None)
    slightly = received + ahead.replace(b"1 Jan 2099 10:00", b"2 Nov 2026 10:50")
    assert record(slightly, "1", reading()).day == date(2026, 11, 2)  # within the hour
    # Without a Received line, the time an mbox or a Maildir gives may be a copy's, made any
    # time after the message was written, never before: a Date days after it is wrong too
    # (else a message dated 2038 is 'future' for ever), one years before it stands.
    box = tmp_path / "sent.mbox"
    box.write_bytes(b"From - Mon Nov  2 23:30:00 2026\n" + ahead + b"\n")
    [sent] = records(box, on=date(2026, 11, 20))
    assert (sent.day, sent.skip) == (date(2026, 11, 2), None)
    old = ahead.replace(b"1 Jan 2099", b"3 Mar 2025")
    box.write_bytes(b"From - Mon Nov  2 23:30:00 2026\n" + old + b"\n")
    assert [r.day for r in records(box, on=date(2026, 11, 20))] == [date(2025, 3, 3)]
    before = b"Received: from mx by mail; Tue, 3 Nov 2026 09:00:00 +0100\n"
    assert record(before + HEADERS, "1", reading()).day == date(2026, 11, 2)  # written first


def test_a_message_dated_long_before_it_arrived_is_dated_by_its_arrival(tmp_path):
    """A Date a month or more before the message arrived is a clock that was behind; a Date
    in 1970 or 1980 is a clock at zero, whatever the mailbox: the arrival (Received, IMAP's
    INTERNALDATE) or the mailbox's own time dates it."""
    on = reading(on=date(2026, 12, 7))
    received = b"Received: from mx by mail; Thu, 3 Dec 2026 10:00:00 +0100\n"
    old = b"From: sanne@vandijk.example\nDate: Tue, 3 Dec 2024 10:00:00 +0100\n"
    assert record(received + old, "1", on).day == date(2026, 12, 3)
    month = old.replace(b"3 Dec 2024", b"4 Nov 2026")  # 29 days: a slow reply, as written
    assert record(received + month, "1", on).day == date(2026, 11, 4)
    internal = partial(datetime, 2026, 12, 3, 9, tzinfo=UTC)  # IMAP's INTERNALDATE
    assert record(old, "UID 1", on, internal, arrival=True).day == date(2026, 12, 3)
    epoch = b"From: sanne@vandijk.example\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n"
    box = tmp_path / "in.mbox"
    box.write_bytes(b"From MAILER-DAEMON Thu Dec  3 10:00:00 2026\n" + epoch + b"\n")
    assert [r.day for r in records(box, on=date(2026, 12, 7))] == [date(2026, 12, 3)]
    assert isinstance(record(epoch, "x.eml", on), Bad)  # no other date: named, not 1970
