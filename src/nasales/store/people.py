"""A person's data (GDPR): find everything held on one contact, or erase it everywhere.

What names a person (`domain/mentions.py`): their contact record; touchpoints linked to it;
and any free text (touchpoint notes, promises, hurdles, order titles, account notes,
proposals, opportunities, hand-off notes) that contains their e-mail address or phone
number anywhere, or their full name at their own account, but not another person's longer
name that holds theirs. Export and erasure use this one definition, and an erasure is
planned before it is made (`plan`), so `forget` changes exactly what it showed:

- the contact record is deleted;
- touchpoints linked to the person stay (they are the supplier's record of a contact with
  the company) but lose the link; a captured one (PRODUCT.md §9) also loses its subject,
  which came from the person's meeting or message (its source key is a one-way hash that
  holds no address or number: it stays, so capturing the same source again adds nothing);
  the note of a touchpoint with them that names them is about them: it is erased entirely;
- in every other text (another contact's touchpoint, a note with nobody, promises, hurdles,
  …), each mention is replaced by `[erased]`, so the rest of the business record, and what
  it says of other people, survives.
"""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nasales.domain.mentions import ERASED, Mentions
from nasales.domain.text import clean_name, person_key
from nasales.errors import Invalid, NotFound
from nasales.i18n import N_, _
from nasales.store.customers import CONTACT, Contact, as_contact, find_account
from nasales.store.db import Database
from nasales.store.facts import as_date

__all__ = [
    "ERASED",
    "Change",
    "Held",
    "Person",
    "find_person",
    "forget",
    "held_on",
    "one_person",
    "plan",
]

# The free texts that may name a person: the access report's section, the table and text
# column, the account the row belongs to, and the fields the report shows.
ORDER_ACCOUNT = "(SELECT o.account_id FROM orders o WHERE o.id = t.order_id)"
ORDER_REF = "(SELECT o.ref FROM orders o WHERE o.id = t.order_id)"
TEXTS: tuple[tuple[str, str, str, str, dict[str, str]], ...] = (
    ("promises", "reminder", "text", "t.account_id", {"due": "t.due", "done_on": "t.done_on"}),
    (
        "hurdles",
        "hurdle",
        "description",
        ORDER_ACCOUNT,
        {"order": ORDER_REF, "raised_on": "t.raised_on", "resolved_on": "t.resolved_on"},
    ),
    ("orders", "orders", "title", "t.account_id", {"ref": "t.ref"}),
    ("account_notes", "account", "notes", "t.id", {}),
    ("proposals", "proposal", "text", ORDER_ACCOUNT, {"order": ORDER_REF, "sent_on": "t.sent_on"}),
    ("proposals", "proposal", "note", ORDER_ACCOUNT, {"order": ORDER_REF, "sent_on": "t.sent_on"}),
    ("opportunities", "opportunity", "text", "t.account_id", {"noted_on": "t.noted_on"}),
    (
        "hand_offs",
        "handoff",
        "note",
        "t.account_id",
        {"item": "t.item_key", "handed_on": "t.handed_on", "to": "t.person"},
    ),
)
SECTIONS = tuple(dict.fromkeys(section for section, *_rest in TEXTS))

# Every name of a person or a company the book knows: a longer one that holds the person's
# name is someone else (`Jan Jansen` is not `Jan`).
NAMES = (
    "SELECT name FROM contact UNION SELECT name FROM account "
    "UNION SELECT owner FROM account WHERE owner IS NOT NULL "
    "UNION SELECT person FROM team_member UNION SELECT person FROM handoff "
    "UNION SELECT made_by FROM touchpoint WHERE made_by IS NOT NULL"
)


@dataclass
class Person:
    """The contact records one request is about (one person may be known at two accounts)."""

    contacts: list[Contact]
    account_names: dict[int, str]
    mentions: Mentions

    @property
    def contact_ids(self) -> list[int]:
        return [c.id for c in self.contacts]

    def names_in(self, text: str | None, account_id: int | None) -> bool:
        return self.mentions.names_in(text, account_id)

    def redact(self, text: str, account_id: int | None) -> str:
        return self.mentions.redact(text, account_id)


def find_person(db: Database, who: str, account: str | None = None, country: str = "NL") -> Person:
    """The contacts called `who` (a full name, any case) or with `who` as e-mail address;
    national phone numbers are read in `country` (the configured one)."""
    where, params = "", {}
    if account:
        where, params = " WHERE account_id = :id", {"id": find_account(db, account).id}
    name = person_key(clean_name(who, N_("name")))
    email = who.strip().casefold() if "@" in who else None
    contacts = [
        as_contact(row)
        for row in db.all(f"{CONTACT}{where} ORDER BY id", params)
        if person_key(row[2]) == name
        or (email is not None and (row[5] or "").strip().casefold() == email)
    ]
    if not contacts:
        raise NotFound(_("no contact matches that name or e-mail address"))
    ids = sorted({c.account_id for c in contacts})
    sql, params = db.in_list("id", ids)
    names = dict(db.all(f"SELECT id, name FROM account WHERE id {sql}", params))
    by_account: dict[int, list[str]] = {}
    for c in contacts:
        by_account.setdefault(c.account_id, []).append(c.name)
    mentions = Mentions(
        [c.email for c in contacts if c.email],
        [c.phone for c in contacts if c.phone],
        by_account,
        [name for (name,) in db.all(NAMES)],
        country,
    )
    return Person(contacts, names, mentions)


def one_person(person: Person, who: str) -> Person:
    """`person`, when the request names one contact record; an erasure never picks several
    (namesakes at two companies, two records at one), with --yes or without."""
    if len(person.contacts) == 1:
        return person
    found = "; ".join(
        _("{name} at {account}").format(name=c.name, account=person.account_names[c.account_id])
        + (f" ({c.email})" if c.email else "")
        for c in person.contacts
    )
    raise Invalid(
        _(
            "{who!r} matches {n} contacts: {found}; name one with --account ACCOUNT or by its "
            "e-mail address; nothing was erased"
        ).format(who=who, n=len(person.contacts), found=found)
    )


# -- what is held (GDPR access) -------------------------------------------------------------


@dataclass
class Held:
    """Everything held on one person, in plain values (ready for JSON)."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    touchpoints: list[dict[str, Any]] = field(default_factory=list)
    # other texts naming them, by section (promises, hurdles, orders, account notes, …)
    texts: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {section: [] for section in SECTIONS}
    )

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {"contacts": self.contacts, "touchpoints": self.touchpoints, **self.texts}


def _iso(value: Any) -> str | None:
    day = as_date(value)
    return day.isoformat() if day else None


def _touchpoints(db: Database, person: Person) -> list[tuple]:
    """Touchpoints linked to the person or whose note names them, oldest first."""
    linked = set(person.contact_ids)
    rows = db.all(
        "SELECT t.id, t.account_id, a.name, t.date, t.kind, o.ref, t.contact_id, t.note, t.mood, "
        "t.made_by, t.source, t.direction, t.seconds "
        "FROM touchpoint t JOIN account a ON a.id = t.account_id "
        "LEFT JOIN orders o ON o.id = t.order_id "
        "WHERE t.note <> '' OR t.contact_id IS NOT NULL ORDER BY t.date, t.id"
    )
    return [r for r in rows if r[6] in linked or person.names_in(r[7], r[1])]


CAPTURED = ("source", "direction", "seconds")  # what a capture adds to a touchpoint


@dataclass(frozen=True)
class Text:
    """A free text naming the person, and where it is."""

    section: str
    table: str
    column: str
    id: int
    account_id: int
    text: str
    fields: dict[str, Any]


def _texts(db: Database, person: Person) -> list[Text]:
    found = []
    names = dict(db.all("SELECT id, name FROM account"))
    for section, table, column, account, shown in TEXTS:
        extra = "".join(f", {sql}" for sql in shown.values())
        rows = db.all(
            f"SELECT t.id, {account}, t.{column}{extra} FROM {table} t "
            f"WHERE t.{column} IS NOT NULL AND t.{column} <> '' ORDER BY t.id"
        )
        for id_, account_id, text, *values in rows:
            if person.names_in(text, account_id):
                fields = {"account": names.get(account_id), column: text}
                for name, value in zip(shown, values, strict=True):
                    fields[name] = _iso(value) if name.endswith(("_on", "due")) else value
                found.append(Text(section, table, column, id_, account_id, text, fields))
    return found


def held_on(db: Database, person: Person) -> Held:
    held = Held()
    linked = set(person.contact_ids)
    for c in person.contacts:
        held.contacts.append({"account": person.account_names[c.account_id], **c.fields()})
    for _id, _aid, account, day, kind, ref, contact_id, note, mood, by, *captured in _touchpoints(
        db, person
    ):
        held.touchpoints.append(
            {
                "account": account,
                "date": _iso(day),
                "kind": kind,
                "order": ref,
                "with_them": contact_id in linked,
                "note": note,
                "mood": mood,
                "by": by,
                **dict(zip(CAPTURED, captured, strict=True)),
            }
        )
    for text in _texts(db, person):
        held.texts[text.section].append(text.fields)
    return held


# -- erasure (GDPR right to be forgotten) ---------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change an erasure makes, shown before it is made (and after, with --yes).

    `what`: `contact` (the record is deleted), `unlink` (a touchpoint no longer points to
    them), `note` (a touchpoint note is erased), or `redact` (each mention in a text becomes
    `[erased]`). `section` and `fields` say where, as the access report does."""

    what: str
    table: str
    column: str
    id: int
    section: str
    fields: tuple[tuple[str, Any], ...]
    before: str
    after: str


@dataclass
class Erasure:
    contacts: int = 0
    unlinked: int = 0
    notes_erased: int = 0
    texts_redacted: int = 0


def plan(db: Database, person: Person) -> list[Change]:
    """Every change erasing the person makes, in the order `forget` makes them."""
    changes = []
    linked = set(person.contact_ids)
    where: tuple[tuple[str, Any], ...]
    for id_, account_id, account, day, kind, ref, contact_id, note, *rest in _touchpoints(
        db, person
    ):
        source = rest[2]  # mood, by, source, direction, seconds
        where = (("account", account), ("date", _iso(day)), ("kind", kind), ("order", ref))
        if contact_id in linked:
            changes.append(Change("unlink", "touchpoint", "contact_id", id_, "", where, "", ""))
            # a note on a contact with them is about them (a captured subject came from their
            # own meeting or message): where it names them, or was captured, it goes
            if (note and source is not None) or person.names_in(note, account_id):
                changes.append(Change("note", "touchpoint", "note", id_, "", where, note, ""))
        elif person.names_in(note, account_id):  # someone else's note: only the mention goes
            after = person.redact(note, account_id)
            changes.append(Change("redact", "touchpoint", "note", id_, "", where, note, after))
    for found in _texts(db, person):
        after = person.redact(found.text, found.account_id)
        where = tuple((k, v) for k, v in found.fields.items() if k != found.column)
        table, column, section = found.table, found.column, found.section
        changes.append(Change("redact", table, column, found.id, section, where, found.text, after))
    for c in person.contacts:
        where = (("account", person.account_names[c.account_id]),)
        changes.append(Change("contact", "contact", "", c.id, "", where, c.name, ""))
    return changes


def forget(db: Database, changes: list[Change]) -> Erasure:
    """Make the planned erasure in the current transaction (the caller commits, then
    `scrub`s)."""
    done = Erasure()
    for change in changes:
        if change.what == "unlink":
            db.execute("UPDATE touchpoint SET contact_id = NULL WHERE id = :id", {"id": change.id})
            done.unlinked += 1
        elif change.what == "note":
            db.execute("UPDATE touchpoint SET note = '' WHERE id = :id", {"id": change.id})
            done.notes_erased += 1
        elif change.what == "redact":
            db.execute(
                f"UPDATE {change.table} SET {change.column} = :text WHERE id = :id",
                {"text": change.after, "id": change.id},
            )
            done.texts_redacted += 1
        else:
            db.execute("DELETE FROM contact WHERE id = :id", {"id": change.id})
            done.contacts += 1
    return done


def scrub(path: Path | None) -> bool:
    """Rewrite the SQLite file so erased data is in no page, free page or WAL frame.

    Returns False when another process kept the WAL from being emptied (the erased data
    then leaves it at the next checkpoint). Not needed for other databases, which keep
    their own files (on PostgreSQL run VACUUM FULL to reclaim deleted rows).
    """
    if path is None:
        return True
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("VACUUM")
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    return busy == 0
