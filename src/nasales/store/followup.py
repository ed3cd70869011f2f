"""Following up: touchpoints, promises, and what a salesperson does with an item on the list
(done, snooze, hand to a colleague). Items are named by their keys (PRODUCT.md §3)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from shlex import quote
from typing import TYPE_CHECKING, Any

from nasales.domain import checks
from nasales.domain.risk import agreement_mood
from nasales.domain.text import clean_name, clean_note, clean_text, optional
from nasales.domain.vocabulary import KINDS, MOODS, choice, key_reason, shown_key
from nasales.errors import Invalid, NotFound
from nasales.i18n import N_, _, date_text
from nasales.store.customers import Account, find_account, find_account_by_id, find_contact
from nasales.store.db import Database
from nasales.store.facts import PERSONAL, as_date
from nasales.store.orders import (
    answer_proposal,
    find_hurdle,
    find_order,
    find_order_by_id,
    find_proposal,
    order_of,
)

if TYPE_CHECKING:
    from nasales.domain.playbook import Stage

AGREEMENT_MOOD = N_(
    "an agreement dissolves doubt, so it has no {mood} mood (it would raise the doubt risk): "
    "log their doubt as a call, visit or meeting"
)


@dataclass(frozen=True)
class Touchpoint:
    id: int
    account: str
    kind: str
    date: date
    order: str | None
    contact: str | None
    mood: str | None
    by: str | None


def log_touchpoint(
    db: Database,
    account_name: str,
    kind: str,
    on: date,
    order_ref: str | None = None,
    contact_name: str | None = None,
    note: str | None = "",
    mood: str | None = None,
    by: str | None = None,
) -> Touchpoint:
    account = find_account(db, account_name)
    kind = choice(kind, KINDS, N_("kind")) or ""
    if not kind:
        raise Invalid(_("empty {what}").format(what=_("kind")))
    order = order_of(db, account, order_ref)
    contact = find_contact(db, account, contact_name) if contact_name else None
    mood_code = choice(mood, MOODS, N_("mood"))
    if not agreement_mood(kind, mood_code):
        raise Invalid(_(AGREEMENT_MOOD).format(mood=_(mood_code or "")))
    made_by = optional(by) or account.owner
    values = {
        "account": account.id,
        "kind": kind,
        "on": on,
        "order": order.id if order else None,
        "contact": contact.id if contact else None,
        "note": clean_note(note),
        "mood": mood_code,
        "by": made_by,
    }
    new_id = db.insert(
        "INSERT INTO touchpoint (account_id, kind, date, order_id, contact_id, note, mood, "
        "made_by) VALUES (:account, :kind, :on, :order, :contact, :note, :mood, :by)",
        values,
    )
    return Touchpoint(
        new_id,
        account.name,
        kind,
        on,
        order.ref if order else None,
        contact.name if contact else None,
        mood_code,
        made_by,
    )


def add_reminder(
    db: Database, account_name: str, text: str, due: date, order_ref: str | None = None
) -> int:
    account = find_account(db, account_name)
    order = order_of(db, account, order_ref, "reminder")
    return db.insert(
        "INSERT INTO reminder (account_id, order_id, text, due) VALUES (:a, :o, :t, :d)",
        {
            "a": account.id,
            "o": order.id if order else None,
            "t": clean_name(text, N_("reminder text")),
            "d": due,
        },
    )


def promises_done(db: Database, ids: list[int], on: date) -> None:
    for reminder_id in ids:
        db.execute(
            "UPDATE reminder SET done_on = :on WHERE id = :id AND done_on IS NULL",
            {"on": on, "id": reminder_id},
        )


# -- items on the list, by key --------------------------------------------------------------


def is_key(text: str) -> bool:
    """Whether `text` is written as an item key (`reason:subject`, the reason in either
    language: `probleem:1` is `hurdle:1`) rather than a name."""
    prefix, sep, subject = text.partition(":")
    return bool(sep) and key_reason(prefix) is not None and bool(subject.strip())


def parse_key(key: str) -> tuple[str, str]:
    """The reason and the subject of a key typed in either language."""
    prefix, _sep, subject = clean_text(key).partition(":")
    reason, subject = key_reason(prefix), subject.strip()
    if reason is None or not subject:
        raise Invalid(
            _("bad item key {key!r}: expected e.g. {confirm} or {manual}").format(
                key=clean_text(key),
                confirm=shown_key("confirm:") + _("<order ref>"),
                manual=shown_key("manual:") + _("<number>"),
            )
        )
    return reason, subject


@dataclass(frozen=True)
class ItemRef:
    """What an item key names: its canonical key, account, order and record id."""

    key: str
    reason: str
    account: Account
    order: str | None = None
    record_id: int | None = None  # hurdle, reminder or proposal


def find_item(db: Database, key: str) -> ItemRef:
    """The key in its canonical form, once what it names is known to exist."""
    reason, subject = parse_key(key)
    if reason in ("hurdle", "manual", "proposal"):
        if not subject.isdigit():
            raise Invalid(
                _("bad item key {key!r}: {reason}: takes a number").format(
                    key=clean_text(key), reason=shown_key(f"{reason}:").rstrip(":")
                )
            )
        number = int(subject)
        if reason == "hurdle":
            order_id = find_hurdle(db, number).order_id
        elif reason == "proposal":
            order_id = find_proposal(db, number).order_id
        else:
            row = db.first(
                "SELECT account_id, order_id FROM reminder WHERE id = :id", {"id": number}
            )
            if row is None:
                raise NotFound(_("unknown promise {id}").format(id=number))
            account = find_account_by_id(db, row[0])
            ref = find_order_by_id(db, row[1]).ref if row[1] is not None else None
            return ItemRef(f"manual:{number}", reason, account, ref, number)
        order = find_order_by_id(db, order_id)
        account = find_account_by_id(db, order.account_id)
        return ItemRef(f"{reason}:{number}", reason, account, order.ref, number)
    if reason == "relationship":
        account = find_account(db, subject)
        return ItemRef(f"relationship:{account.name}", reason, account)
    order = find_order(db, subject)
    want = "lost" if reason == "lost_followup" else "won"
    if order.status != want:
        raise Invalid(
            _("order {ref!r} is {status}; {key!r} does not apply").format(
                ref=order.ref, status=_(order.status), key=clean_text(key)
            )
        )
    return ItemRef(
        f"{reason}:{order.ref}", reason, find_account_by_id(db, order.account_id), order.ref
    )


def snooze(db: Database, key: str, until: date) -> ItemRef:
    item = find_item(db, key)
    db.execute("DELETE FROM snooze WHERE key = :key", {"key": item.key})
    db.execute(
        "INSERT INTO snooze (key, until) VALUES (:key, :until)", {"key": item.key, "until": until}
    )
    return item


def hand(db: Database, key: str, person: str, on: date, note: str | None) -> tuple[ItemRef, str]:
    """Hand an item to a colleague; returns the item and the colleague's name as stored."""
    item = find_item(db, key)
    person = clean_name(person, N_("person"))
    db.execute(
        "INSERT INTO handoff (item_key, account_id, person, handed_on, note) "
        "VALUES (:key, :account, :person, :on, :note)",
        {
            "key": item.key,
            "account": item.account.id,
            "person": person,
            "on": on,
            "note": clean_note(note),
        },
    )
    return item, person


def done(
    db: Database,
    item: ItemRef,
    on: date,
    note: str | None = None,
    mood: str | None = None,
    contact: str | None = None,
    by: str | None = None,
    lost_stages: Callable[[date], Sequence["Stage"]] | None = None,
) -> tuple[ItemRef, Touchpoint]:
    """Log the call an item asks for (an agreement item logs an agreement); a promise is
    marked done too. The call is made by `by`, else by the account's owner. A call that
    cannot satisfy the item is refused (domain/checks.py: not dated before the item began;
    `lost_stages` gives a lost order's stages, PRODUCT.md §3)."""
    dates = item_dates(db, item, on, lost_stages)
    checks.refuse("done", {"date": on}, dates)
    _refuse_satisfied(db, item, on, dates)
    text = note
    if item.reason == "manual":
        assert item.record_id is not None
        _refuse_done_twice(db, item)
        promises_done(db, [item.record_id], on)
        text = note or db.scalar("SELECT text FROM reminder WHERE id = :id", {"id": item.record_id})
    kind = "agreement" if item.reason == "agreement" else "call"
    tp = log_touchpoint(db, item.account.name, kind, on, item.order, contact, text, mood, by)
    return item, tp


# The day from which a personal contact satisfies an item that a contact satisfies once.
SATISFIED_FROM = {
    "confirm": "signed_on",
    "post_delivery": "delivered_on",
    "hurdle": "raised_on",
    "lost_followup": "counts_from",
}


def _refuse_satisfied(db: Database, item: ItemRef, on: date, dates: dict[str, Any]) -> None:
    """A call for an item that a personal contact by `on` already satisfies would satisfy
    nothing: refused, pointing to `log` (the agreement moment, the relationship call and a
    proposal's chase are asked for again and again, so they are always taken)."""
    since = dates.get(SATISFIED_FROM.get(item.reason, ""))
    if since is None:
        return
    after = 0
    if item.reason == "hurdle" and item.record_id is not None:
        after = find_hurdle(db, item.record_id).discussed_after or 0  # `hurdle not-discussed`
    first = db.scalar(
        f"SELECT MIN(t.date) FROM touchpoint t WHERE t.account_id = :account AND {PERSONAL} "
        "AND t.date >= :since AND t.date <= :on AND t.id > :after",
        {"account": item.account.id, "since": since, "on": on, "after": after},
    )
    if first is not None:
        raise Invalid(
            _(
                "{key} needs no call: the contact on {day} already counts for it; nothing was "
                "logged (to log another call: nasales log {account} call)"
            ).format(
                key=shown_key(item.key),
                day=date_text(as_date(first)),
                account=quote(item.account.name),
            )
        )


def _refuse_done_twice(db: Database, item: ItemRef) -> None:
    """A promise kept is kept: a second `done` would log a call that satisfies nothing."""
    done_on = as_date(
        db.scalar("SELECT done_on FROM reminder WHERE id = :id", {"id": item.record_id})
    )
    if done_on is not None:
        raise Invalid(
            _(
                "the promise {key} was already done on {day}; nothing was logged (to log "
                "another call: nasales log {account} call)"
            ).format(
                key=shown_key(item.key), day=date_text(done_on), account=quote(item.account.name)
            )
        )


def item_dates(
    db: Database,
    item: ItemRef,
    on: date,
    lost_stages: Callable[[date], Sequence["Stage"]] | None = None,
) -> dict[str, Any]:
    """The item as domain/checks reads it for a contact on `on`: the dates from which a
    contact can satisfy it."""
    name = item.key.partition(":")[2]
    if item.reason == "hurdle" and item.record_id is not None:
        return checks.item("hurdle", name, raised_on=find_hurdle(db, item.record_id).raised_on)
    if item.reason == "proposal" and item.record_id is not None:
        return checks.item("proposal", name, sent_on=find_proposal(db, item.record_id).sent_on)
    if item.order is None or item.reason in ("manual", "relationship"):
        return checks.item(item.reason, name)
    order = find_order(db, item.order)
    dates: dict[str, Any] = {"signed_on": order.signed_on, "delivered_on": order.delivered_on}
    if item.reason == "lost_followup" and lost_stages is not None:
        stages = list(lost_stages(order.signed_on))
        now = [s for s in stages if s.due <= on] or stages[:1]  # the stage a call on `on` is for
        if now:
            dates["counts_from"] = now[-1].contact_from
    return checks.item(item.reason, name, **dates)


def agree_proposal(db: Database, proposal_id: int, on: date, note: str | None = None) -> tuple:
    """The customer agreed: the proposal is closed and an agreement is logged on its order
    that day (so the agreement rhythm restarts from it). Returns (proposal, order)."""
    proposal, order = answer_proposal(db, proposal_id, True, on, note)
    account = find_account_by_id(db, order.account_id)
    log_touchpoint(db, account.name, "agreement", on, order.ref, note=note or proposal.text)
    return proposal, order
