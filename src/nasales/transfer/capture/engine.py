"""One capture: a reader's records placed on the book and logged, in the command's one
transaction (PRODUCT.md §9). The same for every source: calls, calendar, mail.

Each record is placed in memory (the book's contacts and domains are loaded once, numbers
are read once per distinct number); what it would log is staged and decided set-based
(`store.capture`). A record is counted once: logged (any touchpoint of it new), already
logged, skipped (with its reason), not on file (its unknown numbers and addresses counted),
or unreadable (`Bad`, named).
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from nasales.domain.capture import Directory
from nasales.domain.text import clean_text
from nasales.store.capture import BATCH, Book, Staging, book, load_state, save_state
from nasales.transfer.capture import Bad, Record
from nasales.transfer.capture.summary import Summary

if TYPE_CHECKING:
    from nasales.store.db import Database

SUBJECT_LIMIT = 200  # characters of a subject kept as the touchpoint's note

Read = Callable[[dict[str, str]], Iterator[Record | Bad]]  # a reader, its source bound


@dataclass(frozen=True)
class By:
    """Who made the captured touchpoints: `--by NAME` for all, `--by EXT=NAME` per
    extension or user the source names; else what the source says; else the owner."""

    default: str | None = None
    named: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, values: list[str]) -> "By":
        default, named = None, {}
        for value in values:
            source, sep, name = value.partition("=")
            if sep and source.strip() and clean_text(name):
                named[source.strip().casefold()] = clean_text(name)
            elif clean_text(value):
                default = clean_text(value)
        return cls(default, named)

    def of(self, said: str | None, owner: str | None) -> str | None:
        if said and (name := self.named.get(said.strip().casefold())):
            return name
        return self.default or clean_text(said) or owner


@dataclass(frozen=True)
class Options:
    on: date  # T
    country: str = "NL"
    own_domains: tuple[str, ...] = ()
    dry_run: bool = False
    subject: bool = True  # keep the subject (events, mail) as the touchpoint's note
    by: By = field(default_factory=By)


def source_key(record: Record) -> str:
    """What is stored of a record's key: a hash (the key may hold an address)."""
    text = f"{record.source}\x00{record.key}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def capture(
    db: "Database",
    read: Read,
    source: str,
    options: Options,
    state_key: str | None = None,
    book_bound: bool = False,
    whole: bool = False,
) -> Summary:
    """Read a source and log what it holds; the caller's transaction is rolled back for a
    dry run (nothing written, the state left as it was). `book_bound`: the reader's state
    is forgotten when the book's contacts or domains changed since it was saved (a reader
    that goes on where it stopped then reads the whole source again: a number or address
    added since is found in what was read before). `whole`: the reader starts afresh, its
    state as the first time (--unknown lists every unknown address of the source), and
    leaves its state as usual."""
    loaded = book(db)
    directory = Directory(loaded.contacts, loaded.domains, options.own_domains, options.country)
    owners = loaded.owners
    summary = Summary(source, dry_run=options.dry_run)
    staging = Staging(db)
    state = load_state(db, state_key) if state_key and not whole else {}
    fingerprint = _fingerprint(loaded, options) if book_bound else ""
    if book_bound and state.get("_book") != fingerprint:
        state.clear()
    subject, until = options.subject, options.on
    made_by = _MadeBy(options.by, owners)
    place_call, place_people = directory.place_call, directory.place_people
    staged, day_text, skipped = staging.rows, staging.day, summary.skipped
    n = 0
    for n, item in enumerate(read(state), 1):
        if isinstance(item, Bad):
            summary.unreadable(item)
            continue
        skip = item.skip
        if skip is None and item.day > until:
            skip = "future"
        if skip is not None:
            skipped[skip] += 1
            continue
        if item.kind == "call":
            placed = place_call(item.numbers)
        else:
            placed = place_people(item.addresses, item.declined, item.pending, item.organizer)
        if placed.skip is not None:
            skipped[placed.skip] += 1
            continue
        if not placed.hits:
            if placed.unknown:
                summary.not_on_file(placed.unknown)
            else:  # an anonymous or withheld number: nobody to name, nobody to add
                skipped["withheld"] += 1
            continue
        note = clean_text(item.subject)[:SUBJECT_LIMIT] if subject and item.subject else ""
        key, kind, said, day = source_key(item), item.kind, item.by, day_text(item.day)
        for account_id, contact_id in placed.hits:
            staged.append(
                (
                    n, account_id, contact_id, kind, day, note,
                    made_by[said] if said else made_by[None, account_id],
                    item.source, key, item.direction, item.seconds,
                )
            )  # fmt: skip
        if len(staged) >= BATCH:
            staging.flush()
    summary.read = n
    staging.decide()
    if options.dry_run:
        summary.would_log = staging.new()
    else:
        summary.touchpoints = staging.write()
    summary.logged, summary.already = staging.outcome()
    staging.close()
    summary.unread = int(state.pop("_unread", "0") or 0)
    if book_bound:
        state["_book"] = fingerprint
    if state_key and not options.dry_run:
        save_state(db, state_key, state, options.on)
    if options.dry_run:
        db.conn.rollback()
    return summary


class _MadeBy(dict):
    """Who made a touchpoint, worked out once: by what the source says (an extension, a
    user), or when it says nothing, by (None, the account): its owner, unless --by."""

    def __init__(self, by: By, owners: dict[int, str | None]) -> None:
        super().__init__()
        self.by, self.owners = by, owners

    def __missing__(self, key: str | tuple[None, int]) -> str | None:
        if isinstance(key, tuple):
            name = self.by.of(None, self.owners.get(key[1]))
        else:
            name = self.by.of(key, None)
        self[key] = name
        return name


def _fingerprint(loaded: Book, options: Options) -> str:
    """What placing a record depends on: the contacts' numbers and addresses, the accounts'
    domains, the own domains and the country."""
    text = repr((loaded.contacts, loaded.domains, options.own_domains, options.country))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
