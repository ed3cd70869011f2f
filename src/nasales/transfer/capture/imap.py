"""An IMAP folder (PRODUCT.md §9): `imaps://user@host[:port]/Folder`, read-only, headers only,
incremental.

- The password is never in the URL (one that holds one is refused): it comes from `~/.netrc`
  (the `netrc` module: `machine HOST login USER password …`), else from a prompt on a terminal.
- TLS is verified against the system's CA store (`SSL_CERT_FILE` points elsewhere); `imap://`
  is accepted only with STARTTLS, so a password never crosses the network in clear text.
- The folder is opened with EXAMINE (`select(readonly=True)`) and messages are fetched with
  `BODY.PEEK[HEADER.FIELDS (…)]`: nothing is marked as read, no body is transferred.
- Incremental: the capture's state keeps the folder's UIDVALIDITY and the last UID read; the
  next capture asks only for the UIDs after it (a changed UIDVALIDITY reads the folder again,
  and the Message-ID keys log nothing twice). The UIDs come in batches, so memory holds one
  batch of header blocks.
"""

import re
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from nasales.errors import Invalid, cannot_read
from nasales.i18n import _
from nasales.transfer.capture import Bad, Record
from nasales.transfer.capture.headers import Reading, record

if TYPE_CHECKING:
    import imaplib

BATCH = 500  # messages per FETCH
WINDOW = 50_000  # UIDs per SEARCH
TIMEOUT = 60  # seconds without an answer before giving up
WANTED = "FROM TO CC BCC DATE SUBJECT MESSAGE-ID"
_UID = re.compile(rb"\bUID (\d+)")
_INTERNALDATE = re.compile(rb'\bINTERNALDATE "([^"]+)"')


@dataclass(frozen=True)
class ImapUrl:
    """Where the folder is: `imaps://user@host:993/INBOX` (no password, ever)."""

    user: str | None
    host: str
    port: int
    folder: str
    starttls: bool  # imap:// (STARTTLS on port 143) rather than imaps://

    def __str__(self) -> str:
        scheme = "imap" if self.starttls else "imaps"
        user = f"{self.user}@" if self.user else ""
        return f"{scheme}://{user}{self.host}:{self.port}/{self.folder}"


def is_imap(source: str) -> bool:
    return source[:8].lower().startswith(("imaps://", "imap://"))


def parse_url(source: str) -> ImapUrl:
    """The folder a URL names; Invalid when it holds a password or names no server."""
    try:
        parts = urlsplit(source)
    except ValueError:  # an unbalanced [ in the host
        parts = urlsplit("imaps://")
    if parts.password is not None:
        raise Invalid(
            _(
                "an IMAP address never holds the password: put it in ~/.netrc "
                "(machine {host} login USER password …) or leave it out to be asked"
            ).format(host=parts.hostname or "HOST")
        )
    try:
        port = parts.port
    except ValueError:
        raise Invalid(
            _("bad IMAP address {url}: the port must be a number").format(url=source)
        ) from None
    if not parts.hostname:
        raise Invalid(_("bad IMAP address {url}: use imaps://USER@HOST/FOLDER").format(url=source))
    starttls = parts.scheme.lower() == "imap"
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    user = unquote(parts.username) if parts.username else None
    return ImapUrl(user, parts.hostname, port or (143 if starttls else 993), folder, starttls)


def credentials(url: ImapUrl, ask: Callable[[str], str] | None) -> tuple[str, str]:
    """(user, password): from `~/.netrc`, else asked (`ask`, None when there is no terminal)."""
    import netrc

    try:
        entry = netrc.netrc().authenticators(url.host)
    except FileNotFoundError:
        entry = None
    except netrc.NetrcParseError as exc:
        if "permissive" in exc.msg:  # Python's check: the file holds a password others can read
            raise Invalid(
                _(
                    "~/.netrc holds passwords and others can read it: make it yours alone "
                    "with chmod 600 ~/.netrc"
                )
            ) from None
        raise Invalid(
            _("cannot read ~/.netrc: line {n} is not understood").format(n=exc.lineno or "?")
        ) from None
    except OSError as exc:
        raise cannot_read("~/.netrc", exc) from None
    if entry and entry[2] and (url.user is None or entry[0] == url.user):
        return entry[0], entry[2]
    if url.user is None:
        raise Invalid(
            _("give the user in the address: imaps://USER@{host}/{folder}").format(
                host=url.host, folder=url.folder
            )
        )
    if ask is None:
        raise Invalid(
            _(
                "no password for {user} at {host}: put it in ~/.netrc "
                "(machine {host} login {user} password …) or run on a terminal to be asked"
            ).format(user=url.user, host=url.host)
        )
    try:
        password = ask(_("Password for {user} at {host}: ").format(user=url.user, host=url.host))
    except EOFError:  # Ctrl-D at the prompt
        raise Invalid(_("cancelled: no password given, nothing captured")) from None
    return url.user, password


@contextmanager
def opened(url: ImapUrl, user: str, password: str) -> Iterator["imaplib.IMAP4"]:
    """The folder, logged in and examined (read-only); Invalid, in one line, when the server
    cannot be reached, refuses the login or has no such folder."""
    import imaplib

    where = f"{url.host}:{url.port}"
    try:
        context = ssl.create_default_context()
        if url.starttls:
            imap = imaplib.IMAP4(url.host, url.port, timeout=TIMEOUT)
            try:
                imap.starttls(context)
            except BaseException:
                imap.shutdown()
                raise
        else:
            imap = imaplib.IMAP4_SSL(url.host, url.port, ssl_context=context, timeout=TIMEOUT)
    except socket.gaierror:
        raise Invalid(_("unknown mail server {host}").format(host=url.host)) from None
    except ssl.SSLCertVerificationError as exc:
        raise Invalid(
            _("the certificate of {server} is not trusted: {reason}").format(
                server=where, reason=exc.verify_message or exc.reason
            )
        ) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise Invalid(
            _("cannot connect to the mail server {server}: {reason}").format(
                server=where, reason=_reason(exc)
            )
        ) from None
    try:
        with _talking(imap):
            try:
                imap.login(user, password)
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as exc:
                raise Invalid(
                    _("the mail server {server} refused the login of {user}: {reason}").format(
                        server=where, user=user, reason=_reason(exc)
                    )
                ) from None
            status, _data = imap.select(_quoted(url.folder), readonly=True)
        if status != "OK":
            raise Invalid(
                _("no folder {folder} on {server}").format(folder=url.folder, server=where)
            )
        yield imap  # what the capture raises passes through as it is (a closed stdout…)
    finally:
        with suppress(Exception):
            imap.logout()


@contextmanager
def _talking(imap: "imaplib.IMAP4") -> Iterator[None]:
    """A conversation with the server: a broken connection is one line, Invalid."""
    import imaplib

    try:
        yield
    except (OSError, imaplib.IMAP4.abort) as exc:
        raise Invalid(
            _("the connection to {server} broke off: {reason}").format(
                server=f"{imap.host}:{imap.port}", reason=_reason(exc)
            )
        ) from None


def messages(
    imap: "imaplib.IMAP4", reading: Reading, state: dict[str, str]
) -> Iterator[Record | Bad]:
    """The messages after the last UID read (all of them when the folder's UIDVALIDITY
    changed), as records; `state` follows what is read. A message dated after T keeps the
    state before it, so that a later capture reads it again."""
    validity = _untagged(imap, "UIDVALIDITY")
    start = 1
    if state.get("uidvalidity") == validity and state.get("last_uid", "").isdigit():
        start = int(state["last_uid"]) + 1
    state["uidvalidity"] = validity
    held = False  # a message after T was met: the state stays before it
    for uids in _new_uids(imap, start):
        for first in range(0, len(uids), BATCH):
            batch = uids[first : first + BATCH]
            for uid, block, arrived in _fetch(imap, batch):
                found = record(block, f"UID {uid}", reading, partial(_same, arrived), True)
                held = held or (isinstance(found, Record) and found.skip == "future")
                if not held:
                    state["last_uid"] = str(uid)
                yield found
            if not held:  # also past the UIDs of messages expunged since the search
                state["last_uid"] = str(batch[-1])


def _same(arrived: datetime | None) -> datetime | None:
    return arrived


def _new_uids(imap: "imaplib.IMAP4", start: int) -> Iterator[list[int]]:
    """The UIDs from `start` on, a window of UIDs at a time (a folder of a million messages
    would otherwise answer in one line longer than imaplib reads)."""
    following = _untagged(imap, "UIDNEXT")
    end = int(following) if following.isdigit() else None
    if end is None:  # a server that does not say: one search to the end
        yield [uid for uid in _search(imap, f"{start}:*") if uid >= start]
        return
    for low in range(start, end, WINDOW):
        yield _search(imap, f"{low}:{min(low + WINDOW, end) - 1}")


def _search(imap: "imaplib.IMAP4", uids: str) -> list[int]:
    with _talking(imap):
        status, data = imap.uid("SEARCH", "UID", uids)
    if status != "OK":
        raise Invalid(
            _("the mail server would not list the messages: {reason}").format(reason=_reason(data))
        )
    return sorted(int(uid) for line in data if line for uid in line.split() if uid.isdigit())


def _fetch(imap: "imaplib.IMAP4", uids: list[int]) -> Iterator[tuple[int, bytes, datetime | None]]:
    """(UID, header block, INTERNALDATE) of each of `uids` the server still has."""
    with _talking(imap):
        status, data = imap.uid(
            "FETCH", _ranges(uids), f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({WANTED})])"
        )
    if status != "OK":
        raise Invalid(
            _("the mail server would not send the headers: {reason}").format(reason=_reason(data))
        )
    prefix, block = b"", None
    for part in [*data, None]:
        if isinstance(part, tuple) or part is None:
            if block is not None:
                yield from _one(prefix, block)
            prefix, block = (part[0], part[1]) if isinstance(part, tuple) else (b"", None)
        elif isinstance(part, bytes):
            prefix += b" " + part  # what follows the literal: `)` or ` UID 7)`


def _one(prefix: bytes, block: bytes) -> Iterator[tuple[int, bytes, datetime | None]]:
    uid = _UID.search(prefix)
    if uid:
        stamp = _INTERNALDATE.search(prefix)
        yield int(uid.group(1)), block, _internal_date(stamp.group(1)) if stamp else None


def _internal_date(value: bytes) -> datetime | None:
    """INTERNALDATE (`02-Nov-2026 10:00:00 +0100`): when the server received the message."""
    try:
        return datetime.strptime(value.decode("ascii").strip(), "%d-%b-%Y %H:%M:%S %z")
    except (UnicodeDecodeError, ValueError):
        return None


def _ranges(uids: list[int]) -> str:
    """A sorted list of UIDs as an IMAP sequence set: `1:5,8,10:12`."""
    parts, start = [], None
    for n, uid in enumerate(uids):
        if start is None:
            start = uid
        if n + 1 == len(uids) or uids[n + 1] != uid + 1:
            parts.append(str(uid) if start == uid else f"{start}:{uid}")
            start = None
    return ",".join(parts)


def _untagged(imap: "imaplib.IMAP4", name: str) -> str:
    _name, data = imap.response(name)
    value = data[0] if data and data[0] else b""
    return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)


def _quoted(folder: str) -> str:
    """A folder name as IMAP reads it: modified UTF-7 (RFC 3501 §5.1.3), quoted."""
    encoded = _utf7(folder)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _utf7(text: str) -> str:
    import base64

    out, pending = [], ""

    def flush() -> None:
        nonlocal pending
        if pending:
            raw = base64.b64encode(pending.encode("utf-16-be")).rstrip(b"=")
            out.append("&" + raw.decode("ascii").replace("/", ",") + "-")
            pending = ""

    for ch in text:
        if " " <= ch <= "~":
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending += ch
    flush()
    return "".join(out)


def _reason(exc: Any) -> str:
    """A server's or a socket's complaint, in one line."""
    if isinstance(exc, list):
        exc = b" ".join(part for part in exc if isinstance(part, bytes))
    if isinstance(exc, bytes):
        return exc.decode("utf-8", "replace").strip() or "?"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return " ".join(text.split()) or type(exc).__name__
