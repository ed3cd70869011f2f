"""Mail on disk (PRODUCT.md §9): a Maildir, an mbox file, a folder of `.eml` files, one `.eml`.

Only header blocks are read: each message is read up to its first blank line and its body is
skipped unread (a Maildir or `.eml` file is closed there; an mbox is scanned for the next
`From ` line in chunks, never parsed). Memory stays bounded whatever the mailbox's size:
`mailbox.mbox` keeps a table of every message's offsets, this reader keeps one chunk and one
header block. What each header block becomes is `headers.record`'s to say.
"""

import getpass
import os
import re
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from nasales.errors import NasalesError
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record, Window, imap
from nasales.transfer.capture.headers import MAX_HEADER, Reading, record, when

CHUNK = 1 << 18  # read 256 kB at a time
_MAX_LINE = 1000  # an mbox `From ` line longer than this is no envelope
_HEADER_END = re.compile(rb"\n(?:\r?\n|From )")  # a blank line, or the next message's envelope
_ENVELOPE = re.compile(rb"From [^\n]*?\d:\d\d[^\n]*?\d{4}")  # `From addr Mon Nov  2 10:00:00 2026`
_FIELD_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")  # a file that starts with a header field
_BLANK_LINE = re.compile(rb"\n\r?\n")


@dataclass(frozen=True)
class MailFiles:
    """A mailbox on disk, recognised by its shape; `messages` streams its records."""

    path: Path
    shape: str  # "mbox" | "maildir" | "eml folder" | "eml"

    @property
    def size(self) -> int:
        """Bytes to read, for a progress bar (an mbox's size; 0 where it is not known)."""
        return self.path.stat().st_size if self.shape == "mbox" else 0

    def messages(
        self, reading: Reading, progress: Callable[[int], None] | None = None
    ) -> Iterator[Record | Bad]:
        if self.shape == "mbox":
            return _mbox(self.path, reading, progress)
        if self.shape == "maildir":
            return _maildir(self.path, reading)
        if self.shape == "eml folder":
            return _eml_folder(self.path, reading)
        return iter([_one_file(self.path, self.path.name, reading)])


Reader = Callable[[Window, dict[str, str]], Iterator[Record | Bad]]


@contextmanager
def reader(source: str, subject: bool = True) -> Iterator[tuple[Reader, str | None]]:
    """The reader of the mailbox `source` names, and the key its state is kept under (an IMAP
    folder's; None for files). An IMAP folder is logged into here, before the capture's
    transaction: a refused login or a missing folder changes nothing."""
    from nasales.domain.rules import load_rules

    own = set(load_rules().own_domains)
    if not imap.is_imap(source):
        yield partial(read, source, own=own, subject=subject), None
        return
    url = imap.parse_url(source)
    ask = getpass.getpass if sys.stdin is not None and sys.stdin.isatty() else None
    user, password = imap.credentials(url, ask)
    if "@" in user:
        own.add(user.lower())  # the mailbox's owner: what they send is outgoing
    with imap.opened(url, user, password) as folder:

        def messages(window: Window, state: dict[str, str]) -> Iterator[Record | Bad]:
            reading = Reading(window.zone, window.until, frozenset(own), subject)
            return imap.messages(folder, reading, state)

        yield messages, f"mail {imap.ImapUrl(user, url.host, url.port, url.folder, url.starttls)}"


def read(
    source: str,
    window: Window,
    state: dict[str, str],
    own: Collection[str] = (),
    subject: bool = True,
) -> Iterator[Record | Bad]:
    """The messages of the mailbox at `source` (a path, or - for one message or an mbox on
    standard input): the reader `capture mail` hands the engine. `own` are the own domains
    and addresses (mail from them is outgoing); `subject=False` keeps no subject."""
    reading = Reading(window.zone, window.until, frozenset(own), subject)
    if source == "-":
        return _stdin(reading, window.progress)
    return mail_files(Path(source)).messages(reading, window.progress)


def _stdin(reading: Reading, progress: Callable[[int], None] | None) -> Iterator[Record | Bad]:
    """Standard input: an mbox, or one message (as a mail server's delivery pipes it)."""
    stream = _Stream(sys.stdin.buffer, progress)
    stream.more(0)
    if stream.slice(0, 5) == b"From " or not stream.data:
        yield from _mbox_messages(stream, reading)
        return
    end = _header_end(stream, 0)
    block = None if end < 0 else stream.slice(0, end)
    yield record(block, _("standard input"), reading)


def mail_files(path: Path) -> MailFiles:
    """The mailbox at `path`, or a NasalesError saying why it is none (nothing is logged)."""
    if not path.exists():
        raise NasalesError(_("{path} does not exist").format(path=path))
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MailFiles(path, "maildir")
        if any(_is_eml(name) for _dir, _subdirs, names in os.walk(path) for name in names):
            return MailFiles(path, "eml folder")
        raise NasalesError(
            _("{path} is no Maildir (it has no cur and new) and holds no .eml files").format(
                path=path
            )
        )
    try:
        with path.open("rb") as file:
            start = file.read(_MAX_LINE)
    except OSError as exc:
        raise NasalesError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    if not start or start.startswith(b"From "):
        return MailFiles(path, "mbox")  # an empty file is an empty mbox
    if _FIELD_LINE.match(start):
        return MailFiles(path, "eml")
    raise NasalesError(
        _("{path} is not a mailbox: no mbox, Maildir, .eml file or folder of them").format(
            path=path
        )
    )


def _is_eml(name: str) -> bool:
    return name.lower().endswith(".eml") and not name.startswith(".")


def _eml_folder(root: Path, reading: Reading) -> Iterator[Record | Bad]:
    for folder, subdirs, names in os.walk(root):
        subdirs.sort()
        for name in sorted(names):
            if _is_eml(name):
                path = Path(folder) / name
                yield _one_file(path, str(path.relative_to(root)), reading)


def _maildir(root: Path, reading: Reading) -> Iterator[Record | Bad]:
    """The messages of cur/ and new/ (tmp/ holds deliveries still being written)."""
    for sub in ("new", "cur"):
        with os.scandir(root / sub) as entries:
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_file():
                    continue
                yield _one_file(Path(entry.path), f"{sub}/{entry.name}", reading, maildir=True)


def _delivered(name: str, mtime: float) -> datetime | None:
    """A Maildir file name starts with its delivery time: `1735689600.M…P….host:2,S`."""
    stamp = name.split(".", 1)[0]
    try:
        return datetime.fromtimestamp(int(stamp) if stamp.isdigit() else mtime, UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _one_file(path: Path, where: str, reading: Reading, maildir: bool = False) -> Record | Bad:
    """One message in a file of its own: its header block, read up to the first blank line.
    A Maildir message without a date falls back on its delivery time (its file name, else
    the file's time, which Maildir servers set to it); an `.eml` file's time says nothing."""
    try:
        with path.open("rb") as file:
            block = _header_block(file)
            mtime = os.fstat(file.fileno()).st_mtime
    except OSError as exc:
        return Bad(where, _("cannot read it: {reason}").format(reason=exc.strerror))
    return record(block, where, reading, partial(_delivered, path.name, mtime) if maildir else None)


def _header_block(file: BinaryIO) -> bytes | None:
    """The header block of a message file; None when it is larger than MAX_HEADER."""
    data = b""
    while True:
        chunk = file.read(CHUNK)
        start = max(0, len(data) - 3)
        data += chunk
        if data.startswith((b"\n", b"\r\n")):
            return b""  # a blank first line: no headers at all
        match = _BLANK_LINE.search(data, start)
        if match:
            return data[: match.start() + 1]
        if not chunk:
            return data
        if len(data) > MAX_HEADER:
            return None


class _Stream:
    """A file read forward in chunks and addressed by absolute offsets: bytes before the
    offset a search is told to `keep` may be dropped, so memory holds about one chunk."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None] | None) -> None:
        self.raw, self.progress = raw, progress
        self.data, self.base, self.eof = b"", 0, False

    @property
    def end(self) -> int:
        return self.base + len(self.data)

    def more(self, keep: int) -> bool:
        """Read the next chunk, dropping what lies before `keep`; False at the end."""
        chunk = b"" if self.eof else self.raw.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        keep = max(self.base, min(keep, self.end))
        self.data = self.data[keep - self.base :] + chunk
        self.base = keep
        if self.progress:
            self.progress(self.end)
        return True

    def search(self, pattern: re.Pattern[bytes], start: int, keep: int, limit: int) -> int:
        """The offset of the first match at or after `start`, reading on as needed (up to
        `limit`); -1 when there is none. `pattern` matches at most 8 bytes."""
        while True:
            match = pattern.search(self.data, max(0, start - self.base))
            if match:
                return self.base + match.start()
            if self.end >= limit:
                return -1
            start = max(start, self.end - 8)
            if not self.more(min(keep, start)):
                return -1

    def line(self, start: int) -> bytes:
        """The line at `start` (up to _MAX_LINE bytes), without its line break."""
        end = self.search(_NEWLINE, start, start, start + _MAX_LINE)
        end = min(self.end, start + _MAX_LINE) if end < 0 else end
        return self.slice(start, end).rstrip(b"\r")

    def slice(self, start: int, end: int) -> bytes:
        return self.data[start - self.base : end - self.base]


_NEWLINE = re.compile(rb"\n")
_NEXT = re.compile(rb"\nFrom ")


def _mbox(
    path: Path, reading: Reading, progress: Callable[[int], None] | None
) -> Iterator[Record | Bad]:
    """The messages of an mbox: each begins with a `From ` line (its envelope) that carries a
    time and a year; a body line that merely starts with "From " is no such line."""
    try:
        raw = path.open("rb", buffering=0)
    except OSError as exc:
        raise NasalesError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    with raw:
        stream = _Stream(raw, progress)
        stream.more(0)
        yield from _mbox_messages(stream, reading)


def _mbox_messages(stream: "_Stream", reading: Reading) -> Iterator[Record | Bad]:
    """The messages of an mbox from its first `From ` line on."""
    start, number = 0, 0
    while start < stream.end or stream.more(start):
        number += 1
        envelope = stream.line(start)
        head = start + len(envelope) + 1
        end = _header_end(stream, head)
        block = None if end < 0 else stream.slice(head, end)
        where = _("message {n}").format(n=number)
        yield record(block, where, reading, partial(_envelope, envelope))
        start = _next_message(stream, head + MAX_HEADER if end < 0 else end - 1)
        if start < 0:
            return


def _header_end(stream: _Stream, head: int) -> int:
    """Where the header block that starts at `head` ends (after its last line break);
    -1 when it is larger than MAX_HEADER."""
    scan = head - 1  # the envelope's line break: a blank line right after it ends an empty block
    while True:
        found = stream.search(_HEADER_END, scan, head, head + MAX_HEADER)
        if found < 0:
            return stream.end if stream.eof else -1
        if stream.slice(found + 1, found + 2) != b"F" or _ENVELOPE.match(stream.line(found + 1)):
            return found + 1
        scan = found + 1  # "From " that is no envelope: a broken header line


def _next_message(stream: _Stream, scan: int) -> int:
    """The offset of the next envelope line after `scan`; -1 at the end of the file."""
    while True:
        found = stream.search(_NEXT, scan, 1 << 62, 1 << 62)  # the body is dropped as read
        if found < 0:
            return -1
        if _ENVELOPE.match(stream.line(found + 1)):
            return found + 1
        scan = found + 1


_ASCTIME = re.compile(rb"(\w{3}) +(\w{3}) +(\d{1,2}) +(\d{1,2}:\d\d(?::\d\d)?) +(\d{4})")


def _envelope(line: bytes) -> datetime | None:
    """The time on an mbox `From ` line (`From a@b Mon Nov  2 10:00:00 2026`), UTC."""
    match = _ASCTIME.search(line)
    if not match:
        return None
    day, month, mday, clock, year = (part.decode() for part in match.groups())
    return when(f"{day}, {mday} {month} {year} {clock} +0000".encode())
