"""A person's data (GDPR): show everything held on one contact, or erase it everywhere.

What names a person: their contact record; touchpoints linked to it; and any free text
(touchpoint notes, promises, hurdles, order titles, account notes) that contains their
e-mail address or phone number anywhere, or their full name at their own account. Export
and erasure use this one definition, so `forget` removes exactly what `export` shows:

- the contact record is deleted;
- touchpoints linked to the person stay (they are the supplier's record of a contact with
  the company) but lose the link;
- a touchpoint note that names the person is erased entirely;
- in promises, hurdles, order titles and account notes, each mention is replaced by
  `[erased]`, so the rest of the business record survives.
"""

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from nasales.errors import NotFound
from nasales.models import Account, Contact, Hurdle, Order, Reminder, Touchpoint
from nasales.store.records import clean_name, find_account

ERASED = "[erased]"
_SEPARATORS = r"[\s\-./()]*"


@dataclass
class Person:
    """The contact records one request is about (one person may be known at two accounts)."""

    contacts: list[Contact]
    accounts: dict[int, Account]
    everywhere: re.Pattern[str] | None  # e-mail addresses and phone numbers
    by_account: dict[int, re.Pattern[str]]  # full names, matched at the person's accounts

    @property
    def contact_ids(self) -> list[int]:
        return [c.id for c in self.contacts if c.id is not None]

    def names_in(self, text: str | None, account_id: int | None) -> bool:
        if not text:
            return False
        if self.everywhere is not None and self.everywhere.search(text):
            return True
        pattern = self.by_account.get(account_id) if account_id is not None else None
        return bool(pattern and pattern.search(text))

    def redact(self, text: str, account_id: int | None) -> str:
        if self.everywhere is not None:
            text = self.everywhere.sub(ERASED, text)
        pattern = self.by_account.get(account_id) if account_id is not None else None
        return pattern.sub(ERASED, text) if pattern else text


def _words(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


def _phone(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:  # too short to identify anyone
        return None
    return r"\+?" + _SEPARATORS.join(re.escape(d) for d in digits)


def _bounded(alternatives: list[str]) -> re.Pattern[str] | None:
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def find_person(session: Session, who: str, account: str | None = None) -> Person:
    """The contacts called `who` (a full name, any case) or with `who` as e-mail address."""
    query = select(Contact)
    if account:
        query = query.where(Contact.account_id == find_account(session, account).id)
    name = clean_name(who, "name").casefold()
    email = who.strip().casefold() if "@" in who else None
    contacts = [
        c
        for c in session.exec(query.order_by(col(Contact.id)))
        if " ".join(c.name.split()).casefold() == name
        or (email is not None and (c.email or "").strip().casefold() == email)
    ]
    if not contacts:
        raise NotFound("no contact matches that name or e-mail address")
    ids = sorted({c.account_id for c in contacts})
    query_accounts = select(Account).where(col(Account.id).in_(ids))
    accounts = {a.id: a for a in session.exec(query_accounts) if a.id is not None}
    strong = [re.escape(c.email.strip()) for c in contacts if c.email and c.email.strip()]
    strong += [ph for c in contacts if c.phone and (ph := _phone(c.phone))]
    names: dict[int, list[str]] = {}
    for c in contacts:
        names.setdefault(c.account_id, []).append(_words(c.name))
    by_account = {a: p for a, alts in names.items() if (p := _bounded(alts))}
    return Person(contacts, accounts, _bounded(sorted(set(strong))), by_account)


# -- what is held (GDPR access) -------------------------------------------------------------


@dataclass
class Held:
    """Everything held on one person, in plain values (ready for JSON)."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    touchpoints: list[dict[str, Any]] = field(default_factory=list)
    promises: list[dict[str, Any]] = field(default_factory=list)
    hurdles: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    account_notes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "contacts": self.contacts,
            "touchpoints": self.touchpoints,
            "promises": self.promises,
            "hurdles": self.hurdles,
            "orders": self.orders,
            "account_notes": self.account_notes,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def held_on(session: Session, person: Person) -> Held:
    held = Held()
    names = _account_names(session)
    refs = dict(session.exec(select(Order.id, Order.ref)).all())
    linked = set(person.contact_ids)
    for c in person.contacts:
        held.contacts.append(
            {
                "account": names[c.account_id],
                "name": c.name,
                "role": c.role,
                "phone": c.phone,
                "email": c.email,
                "primary": c.is_primary,
                "do_not_call": c.do_not_call,
            }
        )
    for tp in _touchpoints(session, person):
        held.touchpoints.append(
            {
                "account": names[tp.account_id],
                "date": _iso(tp.date),
                "kind": tp.kind,
                "order": refs.get(tp.order_id) if tp.order_id else None,
                "with_them": tp.contact_id in linked,
                "note": tp.note,
                "mood": tp.mood,
                "by": tp.made_by,
            }
        )
    for r in _naming(session, person, Reminder, "text"):
        held.promises.append(
            {
                "account": names[r.account_id],
                "text": r.text,
                "due": _iso(r.due),
                "done_on": _iso(r.done_on),
            }
        )
    orders = {o.id: o for o in session.exec(select(Order))}
    for h in _hurdles(session, person, orders):
        held.hurdles.append(
            {
                "order": refs[h.order_id],
                "description": h.description,
                "raised_on": _iso(h.raised_on),
                "resolved_on": _iso(h.resolved_on),
            }
        )
    for o in _naming(session, person, Order, "title"):
        held.orders.append({"ref": o.ref, "account": names[o.account_id], "title": o.title})
    for a in _accounts_naming(session, person):
        held.account_notes.append({"account": a.name, "notes": a.notes})
    return held


def _account_names(session: Session) -> dict[int, str]:
    return dict(session.exec(select(Account.id, Account.name)).all())  # type: ignore[arg-type]


def _touchpoints(session: Session, person: Person) -> list[Touchpoint]:
    """Touchpoints linked to the person or whose note names them, oldest first."""
    linked = set(person.contact_ids)
    candidates = select(
        Touchpoint.id, Touchpoint.note, Touchpoint.account_id, Touchpoint.contact_id
    ).where((col(Touchpoint.note) != "") | col(Touchpoint.contact_id).in_(linked))
    ids = [
        tp_id
        for tp_id, note, account_id, contact_id in session.exec(candidates)
        if contact_id in linked or person.names_in(note, account_id)
    ]
    found: list[Touchpoint] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found += session.exec(select(Touchpoint).where(col(Touchpoint.id).in_(chunk))).all()
    return sorted(found, key=lambda tp: (tp.date, tp.id or 0))


def _naming(session: Session, person: Person, table: Any, text_field: str) -> list[Any]:
    return [
        row
        for row in session.exec(select(table).order_by(col(table.id)))
        if person.names_in(getattr(row, text_field), row.account_id)
    ]


def _hurdles(session: Session, person: Person, orders: dict[int | None, Order]) -> list[Hurdle]:
    return [
        h
        for h in session.exec(select(Hurdle).order_by(col(Hurdle.id)))
        if person.names_in(h.description, orders[h.order_id].account_id)
    ]


def _accounts_naming(session: Session, person: Person) -> list[Account]:
    return [
        a
        for a in session.exec(select(Account).where(Account.notes != "").order_by(col(Account.id)))
        if person.names_in(a.notes, a.id)
    ]


def describe(held: Held) -> list[str]:
    """What `contact export` prints: every field of every record, one line each."""
    lines: list[str] = []
    for c in held.contacts:
        lines.append(f"Contact {c['name']} at {c['account']}")
        for key in ("role", "phone", "email"):
            lines.append(f"  {key}: {c[key] or '-'}")
        lines.append(f"  primary: {'yes' if c['primary'] else 'no'}")
        lines.append(f"  do not call: {'yes' if c['do_not_call'] else 'no'}")
    lines.append(f"Touchpoints with them or naming them: {len(held.touchpoints)}")
    for t in held.touchpoints:
        bits = [t["date"], t["kind"], t["account"]]
        bits += [t["order"]] if t["order"] else []
        bits += ["(with them)"] if t["with_them"] else []
        bits += [f"[{t['mood']}]"] if t["mood"] else []
        bits += [f"by {t['by']}"] if t["by"] else []
        lines.append("  " + " ".join(bits) + (f": {t['note']}" if t["note"] else ""))
    lines.append(f"Promises naming them: {len(held.promises)}")
    for r in held.promises:
        state = f"done {r['done_on']}" if r["done_on"] else f"due {r['due']}"
        lines.append(f"  {r['account']}: {r['text']} ({state})")
    lines.append(f"Hurdles naming them: {len(held.hurdles)}")
    for h in held.hurdles:
        lines.append(f"  {h['order']} raised {h['raised_on']}: {h['description']}")
    lines.append(f"Orders naming them: {len(held.orders)}")
    for o in held.orders:
        lines.append(f"  {o['ref']} {o['account']}: {o['title']}")
    lines.append(f"Account notes naming them: {len(held.account_notes)}")
    for a in held.account_notes:
        lines.append(f"  {a['account']}: {a['notes']}")
    return lines


# -- erasure (GDPR right to be forgotten) ---------------------------------------------------


@dataclass
class Erasure:
    contacts: int = 0
    unlinked: int = 0
    notes_erased: int = 0
    texts_redacted: int = 0

    def summary(self) -> str:
        return (
            f"erased {self.contacts} contact record(s); unlinked {self.unlinked} touchpoint(s); "
            f"erased {self.notes_erased} note(s); redacted {self.texts_redacted} other text(s)"
        )


def forget(session: Session, person: Person) -> Erasure:
    """Erase the person in the current transaction (the caller commits, then `scrub`s)."""
    done = Erasure()
    linked = set(person.contact_ids)
    for tp in _touchpoints(session, person):
        if tp.contact_id in linked:
            tp.contact_id = None
            done.unlinked += 1
        if person.names_in(tp.note, tp.account_id):
            tp.note = ""
            done.notes_erased += 1
        session.add(tp)
    orders = {o.id: o for o in session.exec(select(Order))}
    texts: list[tuple[Any, str, int | None]] = []
    texts += [(r, "text", r.account_id) for r in _naming(session, person, Reminder, "text")]
    texts += [(o, "title", o.account_id) for o in _naming(session, person, Order, "title")]
    texts += [
        (h, "description", orders[h.order_id].account_id) for h in _hurdles(session, person, orders)
    ]
    texts += [(a, "notes", a.id) for a in _accounts_naming(session, person)]
    for row, name, account_id in texts:
        setattr(row, name, person.redact(getattr(row, name), account_id))
        session.add(row)
        done.texts_redacted += 1
    session.flush()
    for c in person.contacts:
        session.delete(c)
        done.contacts += 1
    session.flush()
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
