"""The mail `capture mail` reads (PRODUCT.md §9): a Maildir, an mbox file, a folder of `.eml`
files, one `.eml`, standard input, or an IMAP folder (`imap.py`).

Only header blocks are read: each message is read up to its first blank line and its body is
skipped unread (a Maildir or `.eml` file is closed there; an mbox is scanned for the next
`From ` line in chunks: `mbox.py`). What each header block becomes is `headers.record`'s to
say. Each mailbox is read incrementally: its state (kept by the capture, per mailbox) says
where the last capture stopped, so a capture reads only what is new: an mbox from where it
ended, a Maildir or folder the files created or moved in since (their ctime), an IMAP folder
the UIDs after the last. When the book's addresses changed since (a contact or a domain
added), the mailbox is read whole again: mail that named nobody on file then may now.
"""

import getpass
import hashlib
import os
import re
import socket
import sys
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from nasales.errors import NasalesError, cannot_read
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record, Window, imap, mbox
from nasales.transfer.capture.headers import MAX_HEADER, Reading, record
from nasales.transfer.capture.mbox import CHUNK, MAX_LINE

MARGIN_NS = 100_000_000  # a file's ctime comes from a clock up to a tick behind time.time_ns()
KNOWN = 5_000  # files read at or after the moment the next scan starts from, remembered
_FIELD_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")  # a file that starts with a header field
_BLANK_LINE = re.compile(rb"\n\r?\n")


@dataclass(frozen=True)
class MailFiles:
    """A mailbox on disk, recognised by its shape; `messages` streams its records."""

    path: Path
    shape: str  # "mbox" | "maildir" | "eml folder" | "eml"

    def messages(
        self,
        reading: Reading,
        progress: Callable[[int], None] | None = None,
        state: dict[str, str] | None = None,
    ) -> Iterator[Record | Bad]:
        """The messages not read before (`state`: what the last capture left; updated)."""
        state = {} if state is None else state
        if self.shape == "mbox":
            return mbox.read(self.path, reading, progress, state)
        if self.shape == "maildir":
            return _since(_maildir(self.path), reading, state)
        if self.shape == "eml folder":
            return _since(_eml_folder(self.path), reading, state)
        return iter([_one_file(self.path, self.path.name, reading)])


Reader = Callable[[Window, dict[str, str], str], Iterator[Record | Bad]]


@contextmanager
def reader(
    source: str, own_domains: tuple[str, ...] = (), subject: bool = True
) -> Iterator[tuple[Reader, str | None]]:
    """The reader of the mailbox `source` names, and the key its state is kept under (None
    for standard input). The reader takes, besides the window and the state, a digest of
    the addresses and domains the book knows (`store.addressbook`). The mailbox is checked
    here, and an IMAP folder logged into, before the capture's transaction: a source that
    cannot be read changes nothing. `own_domains`: the own organisation's (the setting)."""
    own = set(own_domains)
    if source == "-":
        yield partial(_stdin_reader, own=own, subject=subject), None
        return
    if not imap.is_imap(source):
        files = mail_files(Path(source))

        def on_disk(window: Window, state: dict[str, str], people: str) -> Iterator[Record | Bad]:
            reading = Reading(window.zone, window.until, frozenset(own), subject)
            return files.messages(reading, window.progress, _anew(state, people, own))

        # The same path on two computers of a team is two mailboxes: the state is per host.
        yield on_disk, f"mail {socket.gethostname()}:{files.path.resolve()}"
        return
    url = imap.parse_url(source)
    ask = getpass.getpass if sys.stdin is not None and sys.stdin.isatty() else None
    user, password = imap.credentials(url, ask)
    if "@" in user:
        own.add(user.lower())  # the mailbox's owner: what they send is outgoing
    with imap.opened(url, user, password) as folder:

        def on_server(window: Window, state: dict[str, str], people: str) -> Iterator[Record | Bad]:
            reading = Reading(window.zone, window.until, frozenset(own), subject)
            return imap.messages(folder, reading, _anew(state, people, own))

        yield on_server, f"mail {imap.ImapUrl(user, url.host, url.port, url.folder, url.starttls)}"


def _anew(state: dict[str, str], people: str, own: Collection[str]) -> dict[str, str]:
    """The state, forgotten when the book's addresses (or the own domains: colleagues' mail
    is skipped) changed since it was saved."""
    digest = hashlib.sha256(" ".join([people, *sorted(own)]).encode()).hexdigest()[:32]
    if state.get("people") != digest:
        state.clear()
        state["people"] = digest
    return state


def read(
    source: str,
    window: Window,
    state: dict[str, str] | None = None,
    own: Collection[str] = (),
    subject: bool = True,
) -> Iterator[Record | Bad]:
    """The messages of the mailbox at `source` (a path, or - for standard input) not read
    before (`state`). `own` are the own domains and addresses (mail from them is outgoing);
    `subject=False` keeps no subject."""
    reading = Reading(window.zone, window.until, frozenset(own), subject)
    if source == "-":
        return _stdin(reading, window.progress)
    return mail_files(Path(source)).messages(reading, window.progress, state)


def _stdin_reader(
    window: Window, state: dict[str, str], people: str, own: Collection[str], subject: bool
) -> Iterator[Record | Bad]:
    return read("-", window, state, own, subject)


def _stdin(reading: Reading, progress: Callable[[int], None] | None) -> Iterator[Record | Bad]:
    """Standard input: an mbox, or one message (as a mail server's delivery pipes it)."""
    stream = mbox.Stream(sys.stdin.buffer, progress)
    stream.more(0)
    if stream.slice(0, 5) == b"From " or not stream.data:
        for _offset, found in mbox.messages(stream, reading):
            yield found
        return
    end = mbox.header_end(stream, 0)
    yield record(None if end < 0 else stream.slice(0, end), _("standard input"), reading)


def mail_files(path: Path) -> MailFiles:
    """The mailbox at `path`, or a NasalesError saying why it is none (nothing is logged)."""
    if not path.exists():
        raise NasalesError(_("{path} does not exist").format(path=path))
    if path.is_dir():
        if (path / "cur").is_dir() and (path / "new").is_dir():
            return MailFiles(path, "maildir")
        names = [name for _dir, _subdirs, found in os.walk(path) for name in found]
        if any(_is_eml(name) for name in names) or not any(
            not name.startswith(".") for name in names
        ):
            return MailFiles(path, "eml folder")  # an empty folder: no mail yet, no error
        raise NasalesError(
            _("{path} is no Maildir (it has no cur and new) and holds no .eml files").format(
                path=path
            )
        )
    try:
        with path.open("rb") as file:
            start = file.read(MAX_LINE)
    except OSError as exc:
        raise cannot_read(path, exc) from None
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


def _eml_folder(root: Path) -> Iterator[tuple[Path, str, bool]]:
    """(path, name, whether it is a Maildir's) of each `.eml` file under `root`."""
    for folder, subdirs, names in os.walk(root):
        subdirs.sort()
        for name in sorted(names):
            if _is_eml(name):
                path = Path(folder) / name
                yield path, str(path.relative_to(root)), False


def _maildir(root: Path) -> Iterator[tuple[Path, str, bool]]:
    """The messages of cur/ and new/ (tmp/ holds deliveries still being written)."""
    for sub in ("new", "cur"):
        try:
            entries = os.scandir(root / sub)
        except OSError as exc:
            raise cannot_read(root / sub, exc) from None
        with entries:
            for entry in entries:
                if not entry.name.startswith("."):
                    yield Path(entry.path), f"{sub}/{entry.name}", True


def _since(
    files: Iterator[tuple[Path, str, bool]], reading: Reading, state: dict[str, str]
) -> Iterator[Record | Bad]:
    """The messages of `files` created or moved in since the last capture: a file's ctime
    changes when it is written or renamed (a Maildir message marked as read is renamed), and
    nothing can set it back. `state` keeps when this scan began (or, when earlier, the ctime
    of the first message dated after T, which a later capture reads again) and the files read
    from that moment on, so the next scan neither misses nor repeats one."""
    since = int(state["since"]) if state.get("since", "").isdigit() else 0
    known = set(state.get("known", "").split("\n"))
    began = time.time_ns() - MARGIN_NS
    held: int | None = None
    recent: list[tuple[int, str]] = []  # (ctime, "ctime where") of what was read after `began`
    for path, where, maildir in files:
        try:
            info = path.stat()
        except OSError:
            continue  # gone since it was listed (moved to another folder)
        stamp, name = info.st_ctime_ns, f"{info.st_ctime_ns} {where}"
        if stamp < since or not path.is_file():
            continue
        if name in known:  # read by the last scan: remembered for as long as it is recent
            recent.append((stamp, name))
            continue
        found = _one_file(path, where, reading, maildir)
        if isinstance(found, Record) and found.skip == "future":
            held = stamp if held is None else min(held, stamp)
        else:
            recent.append((stamp, name))
        yield found
    cut = began if held is None else min(began, held)
    after = sorted(name for stamp, name in recent if stamp >= cut)
    state.update(since=str(cut), known="\n".join(after[:KNOWN]))


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
