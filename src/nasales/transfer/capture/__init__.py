"""Capture (PRODUCT.md §9): calls, meetings and e-mails that log themselves.

Each source has a reader (`calls`, `calendar`, `mail`, `imap`) that streams what it finds as
`Record`s, or `Bad` for a line, event or message it cannot read (skipped and named, never a
traceback). A reader knows its source's format and nothing of the book: matching records to
contacts and accounts, skipping what is already logged and writing the touchpoints is done
once for every source, in one transaction, by `engine.capture`.

**The reader API** (stable; the mail readers plug in here)::

    def read(source, window: Window, state: dict[str, str], **its_options)
        -> Iterator[Record | Bad]

- `source` is what the user named (a path, `-`, an `imaps://` URL).
- `window` says what the capture is for: `until` (T: nothing that starts, or for events
  ends, after it is logged: yield it with `skip="future"`, or leave it out when there are
  endless many), `zone` (the configured country's time zone: a record's `day` is its local
  date there), `country` (for phone numbers) and `progress` (None, or a function to call with
  how many bytes of the source are read so far: the command sized its bar by the source's
  size; a reader whose source has no size in bytes leaves it alone).
- `state` is the reader's own memory between runs, strings only: what an incremental source
  (an IMAP folder: UIDVALIDITY and the last UID read) needs to read only what is new. The
  engine loads it before the first record (empty the first time), the reader reads and
  changes it in place while it streams, and the engine stores it after the last record, in
  the capture's one transaction, under the key the command gives (`engine.capture(...,
  state_key=...)`), so a capture that fails or is a dry run leaves the old state. Keys that
  start with `_` are the engine's: a reader may set `_unread` to how many lines or messages
  it did not read again because an earlier capture read them (the report says so); the
  engine keeps `_book` (with `book_bound=True` it forgets the state when the book's
  contacts changed, so the reader reads all again). The call-log reader uses its state to
  go on where the last capture of the same file stopped (`resume`).
- A reader raises `errors.Invalid` (one line, in the user's language) when the source itself
  cannot be read (no such file, not a call log/calendar/mailbox, login refused): the command
  then exits 1 and logs nothing. Anything wrong with one record is a `Bad`, and the rest is
  read on. A reader streams: it never holds the whole source in memory.
- `Record.key` is unique within its source and the same every time the source is read; the
  engine stores only a hash of it (a Message-ID may hold an address).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

# Why a record is read but not logged (the summary counts each).
SKIP_REASONS = (
    "unanswered",  # a call nobody answered
    "short",  # a call shorter than --min-seconds
    "internal",  # only colleagues (own_domains), or an internal extension
    "withheld",  # a call from an anonymous or withheld number: nobody to place it on
    "cancelled",  # an event with STATUS:CANCELLED
    "declined",  # an event every matched contact declined, or every one of ours
    "free",  # an event shown as free time (TRANSP:TRANSPARENT): a reminder, no meeting
    "unaccepted",  # an invitation none of ours answered (PARTSTAT=NEEDS-ACTION): not held
    "future",  # starts (or for events: ends) after T
)


@dataclass(slots=True)  # not frozen: a frozen dataclass costs six times as much to make
class Record:
    """One call, one occurrence of an event, or one message, as its source tells it."""

    source: str  # "calls" | "calendar" | "mail": which kind of source it came from
    key: str  # unique within its source: CDR uniqueid, UID + RECURRENCE-ID, Message-ID, or a hash
    day: date  # the local date (the configured country's time zone) it happened
    kind: str  # the touchpoint kind it becomes: "call" | "meeting" | "email"
    numbers: tuple[str, ...] = ()  # calls: the other party's number(s), as written
    addresses: tuple[str, ...] = ()  # events and mail: participants' e-mail addresses, lowercased
    declined: tuple[str, ...] = ()  # events: the addresses that declined (PARTSTAT=DECLINED)
    subject: str | None = None  # events and mail: the summary/subject line (never a body)
    direction: str | None = None  # "in" | "out" when known
    seconds: int | None = None  # calls: the talk time (billsec)
    by: str | None = None  # who made it, when the source says (an extension, a user)
    skip: str | None = None  # one of SKIP_REASONS when the record is read but not logged
    where: str = ""  # where it is in the source, for messages: "line 12", "UID 4031", a Message-ID
    pending: tuple[str, ...] = ()  # events: the attendees who have not answered (NEEDS-ACTION)
    organizer: str = ""  # events: the organizer's address, lowercased


@dataclass(slots=True)
class Bad:
    """A line, event or message that could not be read: skipped, and named in the summary."""

    where: str  # "line 12", "UID 4031", "<message-id>", "event 'Weekly sync'"
    reason: str  # in the user's language


@dataclass(frozen=True)
class Window:
    """What a capture is for: the day T, where times are read, and its progress bar."""

    until: date  # T: nothing after it is logged
    zone: tzinfo  # the configured country's: a record's `day` is its local date there
    country: str = "NL"  # national phone numbers are read in it
    progress: Callable[[int], None] | None = None  # how far the source is read
    now: datetime | None = None  # local, naive: T is today, and what ends after now is to come
