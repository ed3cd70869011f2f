"""A realistic mailbox for the mail capture's tests and benchmark, written with the standard
library only (`.ci/dovecot` runs it before any virtualenv exists).

The mail is a salesperson's at `ourfirm.example` with the customers of `generate.py`'s book
(`Account 000042 BV`, contacts `c1@a42.example`, `c2@a42.example`, …): mail to and from
contacts, from strangers at a customer's domain, between colleagues only, from unknown
senders and free-mail addresses; some in the future; realistic header blocks (Received
chains, DKIM signatures, encoded subjects in several charsets) and bodies (some with
attachments, some with unescaped "From " lines). `--hostile` adds the messages real
mailboxes hold: no Message-ID, a Message-ID twice, unknown charsets, 8-bit garbage, broken
dates, no date at all, a huge header block, garbage header lines.

Seeded: the same arguments give the same bytes. Each message comes with what a capture of it
must conclude (`Mail.expect`), so the tests know the answer without parsing it back.

    python benchmarks/mailgen.py mbox OUT.mbox --count 10000
    python benchmarks/mailgen.py maildir OUT_DIR --count 3000
"""

import argparse
import base64
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

OWN_DOMAIN = "ourfirm.example"
OWN = "eva@ourfirm.example"  # the mailbox's owner
COLLEAGUES = ("joost@ourfirm.example", "service@ourfirm.example", "fatima@ourfirm.example")
FREEMAIL = ("gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl")
UNTIL = date(2026, 6, 15)  # generate.py's day
LOCAL = ZoneInfo("Europe/Amsterdam")
ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5)), LOCAL)
SUBJECTS = (
    "Offerte persstraat",
    "Planning opstart week 23",
    "Re: levering onderdelen",
    "Factuur 2026-0412",
    "Vraag over onderhoud",
    "Re: Re: keuze besturing",
)
ENCODED = (  # (as written in the header, as read)
    ("=?utf-8?q?Bevestiging_opdracht_=E2=80=93_caf=C3=A9?=", "Bevestiging opdracht – café"),
    ("=?iso-8859-1?q?Ben=E9den_en_boven?=", "Benéden en boven"),
    ("=?utf-8?b?w4RuZGVydW5nIGxldmVyZGF0dW0=?=", "Änderung leverdatum"),
    ("=?windows-1252?q?Prijs_=80_185.000?=", "Prijs € 185.000"),
)


def contact_address(account: int, n: int = 1) -> str:
    return f"c{n}@a{account}.example"


@dataclass(frozen=True)
class Mail:
    """One message, and what capturing it must conclude."""

    raw: bytes  # the whole message, CRLF-free, ending in a line break
    message_id: str | None  # "<…>" as written, None when the message has none
    day: date  # its local date in the Netherlands
    account: int | None  # the customer it is with (a contact's or the domain's account)
    expect: str  # "contact" | "domain" | "internal" | "unknown" | "future" | "again"
    # (what a reader makes of a spoiled one depends on the mailbox: see `trouble`, `dated`)
    direction: str  # "in" | "out"
    subject: str | None  # as read
    dated: bool = True  # False: neither Date nor Received (an mbox or Maildir still dates it)
    trouble: str | None = None  # how `--hostile` spoiled it: one of TROUBLES, or "again"


def mails(
    count: int, accounts: int = 300, until: date = UNTIL, seed: int = 1, hostile: bool = False
) -> Iterator[Mail]:
    """`count` messages in the order they arrived: over the 90 days before `until`, and the
    last 3 % in the 20 days after it."""
    rnd = random.Random(seed)
    past = count - round(count * 0.03)
    start = datetime.combine(until, datetime.min.time(), LOCAL) - timedelta(days=90)
    last: Mail | None = None
    for n in range(count):
        roll = rnd.random()
        hostility = rnd.randrange(9) if hostile and rnd.random() < 0.15 else None
        if hostility == 8:
            if last and last.expect in ("contact", "domain") and last.trouble is None:
                yield _again(last)  # the same message twice (a copy in the same mailbox)
                continue
            hostility = None
        if n >= past:
            kind = "future"
            later = (n - past + rnd.random()) / (count - past)
            moment = start + timedelta(days=91) + timedelta(days=20) * later
        else:
            kind = "contact" if roll < 0.45 else "domain" if roll < 0.6 else "internal"
            kind = "unknown" if roll >= 0.75 else kind
            moment = start + timedelta(days=90) * ((n + rnd.random()) / past)
        mail = _mail(rnd, n, accounts, moment, kind)
        if hostility is not None:
            mail = _hostile(rnd, mail, hostility)
        last = mail
        yield mail


def _mail(rnd: random.Random, n: int, accounts: int, moment: datetime, kind: str) -> Mail:
    account = rnd.randrange(1, accounts + 1) if kind in ("contact", "domain", "future") else None
    if kind in ("contact", "future"):
        other = contact_address(account or 1, rnd.choice((1, 1, 2)))
    elif kind == "domain":
        other = f"{rnd.choice(('info', 'planning', 'inkoop'))}@a{account}.example"
    elif kind == "internal":
        other = rnd.choice(COLLEAGUES)
    else:
        other = f"nieuws{rnd.randrange(40)}@{rnd.choice(('vakblad.example', *FREEMAIL))}"
    outgoing = kind != "unknown" and rnd.random() < 0.4
    sender, recipient = (OWN, other) if outgoing else (other, OWN)
    zone = rnd.choice(ZONES)
    written = moment.astimezone(zone)
    ident = f"<{n}.{rnd.getrandbits(40):x}@mail.{sender.split('@')[1]}>"
    if rnd.random() < 0.25:
        subject_raw, subject = rnd.choice(ENCODED)
    else:
        subject_raw = subject = rnd.choice(SUBJECTS)
    cc = f"Cc: {rnd.choice(COLLEAGUES)}\n" if rnd.random() < 0.2 else ""
    headers = (
        f"Return-Path: <{sender}>\n"
        + _received(rnd, written)
        + _dkim(rnd, sender)
        + f'From: "{_name(rnd)}" <{sender}>\n'
        + f"To: {_name(rnd)} <{recipient}>\n"
        + cc
        + f"Subject: {subject_raw}\n"
        + f"Date: {format_datetime(written)}\n"
        + f"Message-ID: {ident}\n"
        + "MIME-Version: 1.0\n"
    )
    body = _body(rnd)
    return Mail(
        raw=(headers + body).encode(),
        message_id=ident,
        day=moment.astimezone(LOCAL).date(),
        account=account,
        expect=kind,
        direction="out" if sender.endswith("@" + OWN_DOMAIN) else "in",
        subject=subject,
    )


def _received(rnd: random.Random, moment: datetime) -> str:
    lines = []
    stamp = format_datetime(moment.astimezone(UTC))
    for hop in range(rnd.randrange(1, 4)):
        lines.append(
            f"Received: from mx{hop}.relay.example (mx{hop}.relay.example [10.0.{hop}.{hop + 1}])\n"
            f"\tby mail.ourfirm.example (Postfix) with ESMTPS id {rnd.getrandbits(36):X}\n"
            f"\tfor <{OWN}>; {stamp}\n"
        )
    return "".join(reversed(lines))


def _dkim(rnd: random.Random, sender: str) -> str:
    signature = base64.b64encode(rnd.randbytes(192)).decode()
    folded = "\n\t".join(signature[i : i + 70] for i in range(0, len(signature), 70))
    return (
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={sender.split('@')[1]};\n"
        f"\ts=mail; h=from:to:subject:date:message-id;\n\tb={folded}\n"
    )


def _name(rnd: random.Random) -> str:
    return rnd.choice(("Sanne van Dijk", "Piet Jansen", "Eva de Boer", "Ahmed El Amrani"))


def _body(rnd: random.Random) -> str:
    lines = ["Content-Type: text/plain; charset=utf-8", "", "Beste relatie,", ""]
    lines += ["Hierbij de gevraagde informatie over de planning."] * rnd.randrange(3, 30)
    if rnd.random() < 0.1:  # an unescaped "From " line without a time, as some writers leave it
        lines += ["", "From the desk of the planner: see the attachment."]
    if rnd.random() < 0.08:  # an attachment
        data = base64.b64encode(rnd.randbytes(rnd.randrange(20_000, 120_000))).decode()
        lines += ["", "--attachment"] + [data[i : i + 76] for i in range(0, len(data), 76)]
    return "\n".join(lines) + "\n"


def _again(mail: Mail) -> Mail:
    return Mail(
        mail.raw,
        mail.message_id,
        mail.day,
        mail.account,
        "again",
        mail.direction,
        mail.subject,
        mail.dated,
        "again",
    )


TROUBLES = ("no id", "charset", "8-bit", "broken date", "undated", "huge", "garbage", "nobody")


def _hostile(rnd: random.Random, mail: Mail, how: int) -> Mail:
    """`mail` made the way real mailboxes are messy; what a capture concludes changes only
    where it must."""
    raw = mail.raw
    head, _sep, body = raw.partition(b"\n\n")
    expect, subject, ident, dated = mail.expect, mail.subject, mail.message_id, True
    if how == 0:  # no Message-ID: the key is a hash of the headers
        head = b"\n".join(line for line in head.split(b"\n") if not line.startswith(b"Message-ID"))
        ident = None
    elif how == 1:  # an unknown charset: read as UTF-8
        head = _replace(head, b"Subject: ", b"Subject: =?x-klingon?q?Offerte_nieuw?=")
        subject = "Offerte nieuw" if subject is not None else None
    elif how == 2:  # 8-bit garbage in the subject and a name (no encoded word at all)
        head = _replace(head, b"Subject: ", b"Subject: Prijs \x80 185.000 caf\xe9 \xff\xfe")
        subject = "Prijs € 185.000 café ÿþ"
    elif how == 3:  # a broken Date: the topmost Received line's date is used
        head = _replace(head, b"Date: ", b"Date: Someday in June, I think")
    elif how == 4:  # no Date and no Received: skipped, named by its Message-ID
        head = b"\n".join(
            line
            for line in head.split(b"\n")
            if not line.startswith((b"Date:", b"Received:", b"\tby", b"\tfor"))
        )
        dated = False
    elif how == 5:  # a header block of 2 MB: skipped, named by its position
        head += b"\nX-Spam-Report: " + b"x" * 70 + (b"\n\t" + b"y" * 70) * 29_000
    elif how == 6:  # garbage lines among the headers
        head = head.replace(b"\nMIME-Version", b"\n\x00\x01garbage without colon\nMIME-Version")
    elif how == 7:  # no address anywhere: skipped, named by its Message-ID
        head = b"\n".join(
            line for line in head.split(b"\n") if not line.startswith((b"From:", b"To:", b"Cc:"))
        )
        head = head.replace(b"Return-Path:", b"X-Return-Path:")
    raw = head + b"\n\n" + body
    return Mail(
        raw, ident, mail.day, mail.account, expect, mail.direction, subject, dated, TROUBLES[how]
    )


def _replace(head: bytes, prefix: bytes, line: bytes) -> bytes:
    return b"\n".join(line if old.startswith(prefix) else old for old in head.split(b"\n"))


def envelope(mail: Mail) -> bytes:
    """The mbox `From ` line of a message."""
    sender = OWN if mail.direction == "out" else "MAILER-DAEMON"
    stamp = datetime.combine(mail.day, datetime.min.time()).strftime("%a %b %d %H:%M:%S %Y")
    return f"From {sender} {stamp}\n".encode()


def write_mbox(path: Path, messages: Iterator[Mail], escape: bool = True) -> None:
    """An mbox as `mailbox.mbox` writes it; `escape=False` leaves body lines that start with
    "From " as they are, as careless writers do."""
    with path.open("wb") as out:
        for mail in messages:
            raw = mail.raw.replace(b"\nFrom ", b"\n>From ") if escape else mail.raw
            out.write(envelope(mail) + raw + b"\n")


def write_maildir(path: Path, messages: Iterator[Mail]) -> None:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for n, mail in enumerate(messages):
        stamp = int(datetime.combine(mail.day, datetime.min.time(), LOCAL).timestamp()) + 3600
        file = path / "cur" / f"{stamp}.M{n}P1.mailgen:2,"
        file.write_bytes(mail.raw)
        os.utime(file, (stamp, stamp))  # an IMAP server's INTERNALDATE: when it was delivered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shape", choices=("mbox", "maildir"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--hostile", action="store_true")
    args = parser.parse_args()
    messages = mails(args.count, args.accounts, hostile=args.hostile)
    (write_mbox if args.shape == "mbox" else write_maildir)(args.out, messages)


if __name__ == "__main__":
    main()
