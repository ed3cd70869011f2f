"""One message's header block → an `email` Record (PRODUCT.md §9), never reading a body.

Every mail source (a Maildir, an mbox, `.eml` files, IMAP) hands its messages here as the raw
bytes of their header block. Only From, To, Cc, Bcc, Date, Subject, Message-ID and the first
Received line are looked at; the block is unfolded by hand rather than by `email.parser`,
which builds an object per header and is three times slower on a large mailbox. Whatever the
bytes (8-bit garbage, unknown charsets, broken encoded words, absurd dates), the answer is a
`Record` or a `Bad` naming the message: never an exception.
"""

import codecs
import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.header import decode_header
from email.utils import getaddresses, parsedate_to_datetime

from nasales.domain.text import clean_text
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record

MAX_HEADER = 1 << 20  # a header block larger than this is not a message but an attack
MAX_SUBJECT = 300  # characters kept of a subject (spam sends kilobytes)
MAX_ID = 250  # a longer Message-ID is hashed: keys stay a sane size
AHEAD = timedelta(hours=1)  # a Date this much after the message arrived is a clock that is wrong
BEHIND = timedelta(days=30)  # … and this much before it (no mail is 30 days on its way)
COPIED = timedelta(days=2)  # a Date this much after a mailbox's own time (a copy's) is wrong
EARLIEST = 1990  # a Date before this year is a clock at zero (1970, 1980), not when it was written
_ADDRESS_FIELDS = (b"from", b"to", b"cc", b"bcc")
# A wanted field at the start of a line, with its continuation lines (one regular expression
# finds them all: unfolding every line in Python cost more than the rest of the capture).
_FIELD = re.compile(
    rb"^(from|to|cc|bcc|date|subject|message-id|received)[ \t]*:(.*(?:\r?\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_SIMPLE = re.compile(r"[^\"(\\]*")  # an address list without quotes, comments or escapes
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_ADDRESS = re.compile(r"[^@\s<>,;:]+@[^@\s<>,;:]+")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Reading:
    """What turning headers into records needs to know besides the headers."""

    zone: tzinfo  # the configured country's time zone: a message's day is its local date there
    on: date  # T: a message dated after it is skipped as "future"
    own: Collection[str] = ()  # own domains and own addresses (lowercased): mail from them is "out"
    subject: bool = True  # False: --no-subject, the subject is not kept


def fields(block: bytes) -> dict[bytes, list[bytes]]:
    """The wanted fields of a header block, unfolded: lowercased name → its values in order.
    Lines that are no field (garbage, an mbox `From ` line) are passed over."""
    found: dict[bytes, list[bytes]] = {}
    for name, value in _FIELD.findall(block):
        found.setdefault(name.lower(), []).append(b" ".join(value.split()))
    return found


def text(raw: bytes) -> str:
    """Header bytes as text: ASCII or UTF-8 as they should be; a byte that is no UTF-8 is read
    as Windows-1252, the usual 8-bit charset of mail that declares none."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors=_CP1252)


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    wrong = error.object[error.start : error.end]
    return wrong.decode("cp1252", errors="replace"), error.end


_CP1252 = "nasales-capture-cp1252"
codecs.register_error(_CP1252, _as_cp1252)


def decoded(value: str) -> str:
    """An RFC 2047 header (`=?utf-8?q?…?=`) as text, whatever its charsets: an unknown one
    is read as UTF-8, else Windows-1252; a broken encoded word is kept as written."""
    if "=?" not in value:
        return value
    try:
        parts = decode_header(value)
    except Exception:  # email.errors.HeaderParseError and worse on hostile input
        return value
    out = []
    for part, charset in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        name = (charset or "ascii").split("*", 1)[0]  # RFC 2231 language: utf-8*nl
        try:
            codecs.lookup(name)
            out.append(part.decode(name, errors="replace"))
        except (LookupError, ValueError):
            out.append(text(part))
    return "".join(out)


def addresses(values: list[bytes]) -> list[str]:
    """The e-mail addresses of address fields, lowercased; names and garbage left out."""
    found = []
    for value in values:
        line = text(value)
        if '"' in line:
            line = _QUOTED.sub("", line)  # the names, which may hold commas
        if _SIMPLE.fullmatch(line):  # `Name <a@b>, c@d`: no quoted comma can mislead a split
            pairs = [
                ("", part.rpartition("<")[2].partition(">")[0] or part) for part in line.split(",")
            ]
        else:
            pairs = getaddresses([line])
        for _name, address in pairs:
            address = address.strip().lower()
            if _ADDRESS.fullmatch(address):
                found.append(address)
    return found


def when(value: bytes) -> datetime | None:
    """A Date (or the date of a Received line), aware; None when it is no date. A date
    without a zone (or `-0000`) is UTC, as RFC 5322 says."""
    try:
        moment = parsedate_to_datetime(text(value))
    except Exception:  # ValueError, TypeError, IndexError, OverflowError on hostile input
        return None
    if moment is None or not EARLIEST <= moment.year <= 9998:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def message_id(values: list[bytes] | None) -> str | None:
    """The Message-ID as `<id>`, or None when the message has none (or an absurd one)."""
    if not values:
        return None
    raw = text(values[0]).strip()
    match = _MESSAGE_ID.search(raw)
    ident = match.group(1) if match else raw
    if not ident or len(ident) > MAX_ID or _SPACE.search(ident):
        return None
    return f"<{ident}>"


def header_hash(found: dict[bytes, list[bytes]]) -> str:
    """The key of a message without a Message-ID: a hash of the headers that say who wrote
    what when (not Received, which differs between two copies of one message)."""
    digest = hashlib.sha256()
    for name in (b"from", b"to", b"cc", b"date", b"subject"):
        for value in found.get(name, ()):
            digest.update(name + b":" + b" ".join(value.split()) + b"\n")
    return "sha256:" + digest.hexdigest()[:40]


def record(
    block: bytes | None,
    where: str,
    reading: Reading,
    fallback: Callable[[], datetime | None] | None = None,
    arrival: bool = False,
) -> Record | Bad:
    """The message whose header block is `block`, found at `where` (`message 12`, a file name,
    `UID 4031`) as a Record, or Bad with the reason. It is dated by its Date, or when it
    arrived when that is earlier (a sender's clock can be wrong; a message is never written
    after it arrived). `fallback` gives the time the source has (the mbox `From ` line, the
    Maildir delivery time, IMAP's INTERNALDATE): used when the message has neither a readable
    Date nor a Received line, and as when it arrived when `arrival` says the source's time is
    that (IMAP's is; an mbox's `From ` line or a Maildir file name may be a copy's)."""
    if block is None:
        return Bad(where, _("its headers are larger than 1 MB"))
    found = fields(block)
    ident = message_id(found.get(b"message-id"))
    named = ident or where
    sender = addresses(found.get(b"from", []))
    everyone = dict.fromkeys(sender)
    for name in _ADDRESS_FIELDS[1:]:
        everyone.update(dict.fromkeys(addresses(found.get(name, []))))
    if not everyone:
        return Bad(named, _("no sender or recipient address"))
    written, arrived = _written(found), _arrived(found)
    ahead: timedelta = AHEAD  # of when it arrived (Received, IMAP's INTERNALDATE) …
    behind: timedelta | None = BEHIND
    if fallback and arrived is None and (arrival or written is None or _later(written, reading)):
        arrived = fallback()
        if arrived is not None and arrived.year < EARLIEST:
            arrived = None  # a file name or a file time of 0
        if not arrival:  # … or of a copy (an mbox From_ line): years after its Date, maybe
            ahead, behind = COPIED, None
    moment = written or arrived
    if written and arrived and written > arrived + ahead:
        moment = arrived  # written after it arrived: the sender's clock was ahead
    elif written and arrived and behind and written < arrived - behind:
        moment = arrived  # a month before it arrived: the sender's clock was behind
    if moment is None:
        return Bad(named, _("no readable date"))
    try:
        day = moment.astimezone(reading.zone).date()
    except (OverflowError, ValueError):
        return Bad(named, _("no readable date"))
    subject = None
    if reading.subject and (raw := found.get(b"subject")):
        subject = clean_text(decoded(text(raw[0])))[:MAX_SUBJECT] or None
    return Record(
        source="mail",
        key=ident or header_hash(found),
        day=day,
        kind="email",
        addresses=tuple(everyone),
        subject=subject,
        direction="out" if sender and _is_own(sender[0], reading.own) else "in",
        skip="future" if day > reading.on else None,
        where=named,
    )


def _later(written: datetime, reading: Reading) -> bool:
    """Whether a Date is after T: the mailbox's own time is then worth reading."""
    try:
        return written.astimezone(reading.zone).date() > reading.on
    except (OverflowError, ValueError):
        return True


def _written(found: dict[bytes, list[bytes]]) -> datetime | None:
    """When the message says it was written (Date)."""
    for value in found.get(b"date", [])[:1]:
        return when(value)
    return None


def _arrived(found: dict[bytes, list[bytes]]) -> datetime | None:
    """When the message arrived: the date of the topmost Received line."""
    for value in found.get(b"received", [])[:1]:
        _route, semicolon, stamp = value.rpartition(b";")
        return when(stamp) if semicolon else None
    return None


def _is_own(address: str, own: Collection[str]) -> bool:
    """From an own address, or an own domain or a subdomain of one (mail.ourfirm.nl)."""
    if address in own:
        return True
    labels = address.rpartition("@")[2].split(".")
    return any(".".join(labels[start:]) in own for start in range(len(labels) - 1))
