"""An mbox read forward in chunks (PRODUCT.md §9): each message's header block, its body
skipped unread, memory about one chunk whatever the file's size (`mailbox.mbox` would keep a
table of every message's offsets, and parse each message whole).

A message begins with a `From ` line (its envelope) that carries a time and a year; a body
line that merely starts with "From " is no such line. An mbox grows at its end: a capture
remembers where it stopped (with a fingerprint of the bytes before that point and of the
file's start), and the next one begins there; a file rewritten since (a message deleted, the
mailbox compacted) is read from its start again.
"""

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import BinaryIO

from nasales.errors import NasalesError, cannot_read
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record
from nasales.transfer.capture.headers import MAX_HEADER, Reading, record, when

CHUNK = 1 << 18  # read 256 kB at a time
MAX_LINE = 1000  # an mbox `From ` line longer than this is no envelope
_HEADER_END = re.compile(rb"\n(?:\r?\n|From )")  # a blank line, or the next message's envelope
_ENVELOPE = re.compile(rb"From [^\n]*?\d:\d\d[^\n]*?\d{4}")  # `From addr Mon Nov  2 10:00:00 2026`
_NEWLINE = re.compile(rb"\n")
_NEXT = re.compile(rb"\nFrom ")
_ASCTIME = re.compile(rb"(\w{3}) +(\w{3}) +(\d{1,2}) +(\d{1,2}:\d\d(?::\d\d)?) +(\d{4})")
_PRINT = 4096  # bytes of the file's start and of the part before the resume point compared


class Stream:
    """A file read forward in chunks and addressed by absolute offsets: bytes before the
    offset a search is told to `keep` may be dropped, so memory holds about one chunk."""

    def __init__(
        self, raw: BinaryIO, progress: Callable[[int], None] | None = None, base: int = 0
    ) -> None:
        self.raw, self.progress = raw, progress
        self.data, self.base, self.eof = b"", base, False

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
        """The line at `start` (up to MAX_LINE bytes), without its line break."""
        end = self.search(_NEWLINE, start, start, start + MAX_LINE)
        end = min(self.end, start + MAX_LINE) if end < 0 else end
        return self.slice(start, end).rstrip(b"\r")

    def slice(self, start: int, end: int) -> bytes:
        return self.data[start - self.base : end - self.base]


def read(
    path: Path,
    reading: Reading,
    progress: Callable[[int], None] | None = None,
    state: dict[str, str] | None = None,
) -> Iterator[Record | Bad]:
    """The messages of the mbox at `path` after the point `state` remembers (all of them
    when it remembers none, or the file is no longer the one it saw); `state` then
    remembers the end, or the first message dated after T, which a later capture reads again."""
    try:
        raw = path.open("rb", buffering=0)
    except OSError as exc:
        raise cannot_read(path, exc) from None
    state = {} if state is None else state
    try:
        yield from _read(raw, reading, progress, state)
    except OSError as exc:  # the disk, not the mail: nothing of this capture is logged
        raise NasalesError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None


def _read(
    raw: BinaryIO,
    reading: Reading,
    progress: Callable[[int], None] | None,
    state: dict[str, str],
) -> Iterator[Record | Bad]:
    with raw:
        start, number = _resume(raw, state)
        raw.seek(max(0, start - 1))
        stream = Stream(raw, progress, max(0, start - 1))
        stream.more(stream.base)
        if start:  # the next envelope from where the last capture stopped
            start = _next_message(stream, start - 1)
        held: tuple[int, int] | None = None  # the first message after T: (offset, number)
        if start >= 0:
            for offset, found in messages(stream, reading, start, number):
                if held is None and isinstance(found, Record) and found.skip == "future":
                    held = (offset, number)
                number += 1
                yield found
        end, count = held or (stream.end, number)  # the stream is at the end of the file
        state.update(_fingerprint(raw, end), offset=str(end), messages=str(count))


def messages(
    stream: Stream, reading: Reading, start: int = 0, number: int = 0
) -> Iterator[tuple[int, Record | Bad]]:
    """(offset, record) of each message from the envelope at `start` on; `number` messages
    came before it (they are named by their place: `message 12`)."""
    while start < stream.end or stream.more(start):
        number += 1
        envelope = stream.line(start)
        head = start + len(envelope) + 1
        end = header_end(stream, head)
        block = None if end < 0 else stream.slice(head, end)
        where = _("message {n}").format(n=number)
        yield start, record(block, where, reading, partial(_envelope, envelope, reading.zone))
        start = _next_message(stream, head + MAX_HEADER if end < 0 else end - 1)
        if start < 0:
            return


def header_end(stream: Stream, head: int) -> int:
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


def _next_message(stream: Stream, scan: int) -> int:
    """The offset of the next envelope line after `scan`; -1 at the end of the file."""
    while True:
        found = stream.search(_NEXT, scan, 1 << 62, 1 << 62)  # the body is dropped as read
        if found < 0:
            return -1
        if _ENVELOPE.match(stream.line(found + 1)):
            return found + 1
        scan = found + 1


def _envelope(line: bytes, zone: tzinfo) -> datetime | None:
    """The time on an mbox `From ` line (`From a@b Mon Nov  2 10:00:00 2026`): a local time
    without a zone, written where the mailbox is kept, so read in the configured zone."""
    match = _ASCTIME.search(line)
    if not match:
        return None
    day, month, mday, clock, year = (part.decode() for part in match.groups())
    moment = when(f"{day}, {mday} {month} {year} {clock} +0000".encode())
    return moment.replace(tzinfo=zone) if moment else None


def _resume(raw: BinaryIO, state: dict[str, str]) -> tuple[int, int]:
    """(offset, messages before it) where the last capture stopped; (0, 0) when there is
    none, or the file changed other than by growing."""
    offset, count = state.get("offset", ""), state.get("messages", "")
    if not (offset.isdigit() and count.isdigit()):
        return 0, 0
    end = int(offset)
    size = raw.seek(0, 2)
    if end > size or _fingerprint(raw, end) != {k: state.get(k) for k in ("start", "before")}:
        return 0, 0
    return end, int(count)


def _fingerprint(raw: BinaryIO, end: int) -> dict[str, str]:
    """Digests of the file's first bytes and of the bytes before `end`."""
    raw.seek(0)
    start = raw.read(min(_PRINT, end))
    raw.seek(max(0, end - _PRINT))
    before = raw.read(min(_PRINT, end))
    return {
        "start": hashlib.sha256(start).hexdigest()[:32],
        "before": hashlib.sha256(before).hexdigest()[:32],
    }
