"""Capture (PRODUCT.md §9): calls, meetings and e-mails that log themselves.

Each source has a reader (`calls`, `calendar`, `mail`, `imap`) that streams what it finds as
`Record`s, or `Bad` for a line, event or message it cannot read (skipped and named, never a
traceback). A reader knows its source's format and nothing of the book: matching records to
contacts and accounts, skipping what is already logged and writing the touchpoints is done
once for every source, in one transaction.
"""

from dataclasses import dataclass
from datetime import date

# Why a record is read but not logged (the summary counts each).
SKIP_REASONS = (
    "unanswered",  # a call nobody answered
    "short",  # a call shorter than --min-seconds
    "internal",  # only colleagues (own_domains), or an internal extension
    "cancelled",  # an event with STATUS:CANCELLED
    "declined",  # an event every matched contact declined
    "future",  # starts (or for events: ends) after T
)


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Bad:
    """A line, event or message that could not be read: skipped, and named in the summary."""

    where: str  # "line 12", "UID 4031", "<message-id>", "event 'Weekly sync'"
    reason: str  # in the user's language
