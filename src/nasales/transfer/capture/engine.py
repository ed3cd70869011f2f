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
from nasales.store.capture import Staging, book, load_state, save_state
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
) -> Summary:
    """Read a source and log what it holds; the caller's transaction is rolled back for a
    dry run (nothing written, the state left as it was)."""
    loaded = book(db)
    directory = Directory(loaded.contacts, loaded.domains, options.own_domains, options.country)
    owners = loaded.owners
    summary = Summary(source, dry_run=options.dry_run)
    staging = Staging(db)
    state = load_state(db, state_key) if state_key else {}
    subject, by, until = options.subject, options.by, options.on
    for n, item in enumerate(read(state), 1):
        summary.read = n
        if isinstance(item, Bad):
            summary.unreadable(item)
            continue
        skip = "future" if item.skip is None and item.day > until else item.skip
        if skip is not None:
            summary.skip(skip)
            continue
        if item.kind == "call":
            placed = directory.place_call(item.numbers)
        else:
            placed = directory.place_people(item.addresses, item.declined)
        if placed.skip is not None:
            summary.skip(placed.skip)
            continue
        if not placed.hits:
            summary.not_on_file(placed.unknown)
            continue
        note = clean_text(item.subject)[:SUBJECT_LIMIT] if subject and item.subject else ""
        key = source_key(item)
        for hit in placed.hits:
            staging.add(
                n,
                (
                    hit.account_id,
                    hit.contact_id,
                    item.kind,
                    item.day,
                    note,
                    by.of(item.by, owners.get(hit.account_id)),
                    item.source,
                    key,
                    item.direction,
                    item.seconds,
                ),
            )
    staging.decide()
    if options.dry_run:
        summary.would_log = staging.new()
    else:
        summary.touchpoints = staging.write()
    summary.logged, summary.already = staging.outcome()
    staging.close()
    if state_key and not options.dry_run:
        save_state(db, state_key, state, options.on)
    if options.dry_run:
        db.conn.rollback()
    return summary
