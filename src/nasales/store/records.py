"""Reading and writing single records: what the record-keeping commands call."""

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from datetime import date
from functools import cache

from sqlalchemy import func
from sqlmodel import Session, col, select

from nasales.domain.playbook import KINDS, MOODS, REASONS
from nasales.domain.text import clean_name, clean_text
from nasales.errors import Invalid, NotFound
from nasales.models import Account, Contact, Hurdle, Order, Reminder, Snooze, Touchpoint

TIERS = ("A", "B", "C")
STATUSES = ("won", "lost")
DECISIONS = ("clear", "narrow")


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    """`value` in lower case if it is one of `allowed` (case-insensitive), else an error."""
    if value is None or value == "":
        return None
    found = _by_fold(allowed).get(value.strip().lower())
    if found is None:
        raise Invalid(f"bad {what} {value!r}: use one of {', '.join(allowed)}")
    return found


@cache
def _by_fold(allowed: tuple[str, ...]) -> dict[str, str]:
    return {a.lower(): a for a in allowed}  # once per tuple: an import calls choice per cell


def _id(record: Account | Order) -> int:
    assert record.id is not None, "a stored record has an id"
    return record.id


# -- accounts and contacts ------------------------------------------------------------------


def find_account(session: Session, name: str) -> Account:
    key = clean_name(name, "account name").casefold()
    account = session.exec(select(Account).where(Account.name_key == key)).first()
    if account is None:
        raise NotFound(f"unknown account {name!r}")
    return account


def add_account(
    session: Session,
    name: str,
    owner: str | None = None,
    tier: str | None = None,
    clv: float | None = None,
) -> Account:
    name = clean_name(name, "account name")
    if session.exec(select(Account).where(Account.name_key == name.casefold())).first():
        raise Invalid(f"account {name!r} exists already")
    if clv is not None and clv < 0:
        raise Invalid("clv must not be negative")
    account = Account(
        name=name, name_key=name.casefold(), owner=owner, tier=choice(tier, TIERS, "tier"), clv=clv
    )
    session.add(account)
    session.flush()
    return account


def find_contact(session: Session, account: Account, name: str) -> Contact:
    folded = clean_name(name, "contact name").casefold()
    for contact in session.exec(select(Contact).where(Contact.account_id == account.id)):
        if contact.name.casefold() == folded:
            return contact
    raise NotFound(f"unknown contact {name!r} at {account.name!r}")


def add_contact(
    session: Session,
    account_name: str,
    name: str,
    role: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    primary: bool = False,
    do_not_call: bool = False,
) -> Contact:
    account = find_account(session, account_name)
    name = clean_name(name, "contact name")
    try:
        find_contact(session, account, name)
    except NotFound:
        pass
    else:
        raise Invalid(f"contact {name!r} exists already at {account.name!r}")
    if primary:
        _clear_primary(session, account)
    contact = Contact(
        account_id=_id(account),
        name=name,
        role=role,
        phone=phone,
        email=email,
        is_primary=primary,
        do_not_call=do_not_call,
    )
    session.add(contact)
    session.flush()
    return contact


def _clear_primary(session: Session, account: Account) -> None:
    for other in session.exec(select(Contact).where(Contact.account_id == account.id)):
        other.is_primary = False


# -- orders and hurdles ---------------------------------------------------------------------


def find_order(session: Session, ref: str) -> Order:
    order = session.exec(select(Order).where(Order.ref == clean_name(ref, "ref"))).first()
    if order is None:
        raise NotFound(f"unknown order {ref!r}")
    return order


def next_ref(session: Session, taken: AbstractSet[str] | None = None) -> str:
    """The next free ref of the form N00001.

    Without `taken` the database is asked. An import that plans many orders at once passes
    `taken`, every ref in the database and in its batch, and the ref is found in memory.
    """
    is_taken: Callable[[str], bool]
    if taken is None:
        number = (session.exec(select(func.max(Order.id))).one() or 0) + 1

        def is_taken(ref: str) -> bool:
            return session.exec(select(Order.id).where(Order.ref == ref)).first() is not None
    else:
        number, is_taken = len(taken) + 1, taken.__contains__
    while is_taken(ref := f"N{number:05d}"):
        number += 1
    return ref


def add_order(
    session: Session,
    account_name: str,
    title: str,
    status: str,
    signed_on: date,
    ref: str | None = None,
    value: float | None = None,
    decision: str | None = None,
    competitor: str | None = None,
) -> Order:
    account = find_account(session, account_name)
    if value is not None and value < 0:
        raise Invalid("value must not be negative")
    if ref is not None:
        ref = clean_name(ref, "ref")
        if session.exec(select(Order.id).where(Order.ref == ref)).first():
            raise Invalid(f"order ref {ref!r} exists already")
    order = Order(
        ref=ref or next_ref(session),
        account_id=_id(account),
        title=clean_text(title),
        value=value,
        status=choice(status, STATUSES, "status") or "won",
        signed_on=signed_on,
        decision=choice(decision, DECISIONS, "decision"),
        competitor=clean_text(competitor) or None,
    )
    session.add(order)
    session.flush()
    return order


def deliver_order(session: Session, ref: str, on: date) -> Order:
    order = find_order(session, ref)
    if order.status != "won":
        raise Invalid(f"order {order.ref!r} was lost; only won orders are delivered")
    if on < order.signed_on:
        raise Invalid(f"delivery on {on} is before the order was won ({order.signed_on})")
    order.delivered_on = on
    session.add(order)
    return order


def add_hurdle(session: Session, ref: str, description: str, on: date) -> Hurdle:
    order = find_order(session, ref)
    hurdle = Hurdle(
        order_id=_id(order), description=clean_name(description, "hurdle text"), raised_on=on
    )
    session.add(hurdle)
    session.flush()
    return hurdle


def resolve_hurdle(session: Session, hurdle_id: int, on: date) -> Hurdle:
    hurdle = session.get(Hurdle, hurdle_id)
    if hurdle is None:
        raise NotFound(f"unknown hurdle {hurdle_id}")
    if on < hurdle.raised_on:
        raise Invalid(f"resolved on {on}, before it was raised ({hurdle.raised_on})")
    hurdle.resolved_on = on
    session.add(hurdle)
    return hurdle


# -- touchpoints, reminders, snoozes --------------------------------------------------------


def _order_of(session: Session, account: Account, order_ref: str | None) -> int | None:
    """The id of the order `order_ref` names, which must be one of the account's."""
    if not order_ref:
        return None
    order = find_order(session, order_ref)
    if order.account_id != account.id:
        raise Invalid(f"order {order.ref!r} belongs to another account")
    return order.id


def log_touchpoint(
    session: Session,
    account_name: str,
    kind: str,
    on: date,
    order_ref: str | None = None,
    contact_name: str | None = None,
    note: str = "",
    mood: str | None = None,
    by: str | None = None,
) -> Touchpoint:
    account = find_account(session, account_name)
    kind = choice(kind, KINDS, "kind") or ""
    if not kind:
        raise Invalid("empty kind")
    order_id, contact_id = _order_of(session, account, order_ref), None
    if contact_name:
        contact_id = find_contact(session, account, contact_name).id
    touchpoint = Touchpoint(
        account_id=_id(account),
        kind=kind,
        date=on,
        order_id=order_id,
        contact_id=contact_id,
        note=note or "",
        mood=choice(mood, MOODS, "mood"),
        made_by=by or account.owner,
    )
    session.add(touchpoint)
    session.flush()
    return touchpoint


def add_reminder(
    session: Session, account_name: str, text: str, due: date, order_ref: str | None = None
) -> Reminder:
    account = find_account(session, account_name)
    order_id = _order_of(session, account, order_ref)
    reminder = Reminder(
        account_id=_id(account), order_id=order_id, text=clean_name(text, "reminder text"), due=due
    )
    session.add(reminder)
    session.flush()
    return reminder


def parse_key(key: str) -> tuple[str, str]:
    reason, _, subject = key.partition(":")
    if reason not in REASONS or not subject.strip():
        raise Invalid(f"bad item key {key!r}: expected e.g. confirm:<order ref>")
    return reason, subject.strip()


def check_key(session: Session, key: str) -> str:
    """The key in its canonical form, once what it names is known to exist."""
    reason, subject = parse_key(key)
    if reason in ("hurdle", "manual"):
        if not subject.isdigit():
            raise Invalid(f"bad item key {key!r}: {reason}: takes a number")
        table = Hurdle if reason == "hurdle" else Reminder
        if session.get(table, int(subject)) is None:
            raise NotFound(f"unknown {'hurdle' if reason == 'hurdle' else 'reminder'} {subject}")
    elif reason == "relationship":
        subject = find_account(session, subject).name
    else:
        order = find_order(session, subject)
        want = "lost" if reason == "lost_followup" else "won"
        if order.status != want:
            raise Invalid(f"order {order.ref!r} is {order.status}; {key!r} does not apply")
    return f"{reason}:{subject}"


def snooze(session: Session, key: str, until: date) -> str:
    key = check_key(session, key)
    existing = session.get(Snooze, key)
    if existing:
        existing.until = until
        session.add(existing)
    else:
        session.add(Snooze(key=key, until=until))
    return key


def done(session: Session, key: str, on: date, note: str = "") -> Touchpoint:
    """Log the call an item asks for; an agreement item logs an agreement."""
    key = check_key(session, key)
    reason, subject = parse_key(key)
    order_ref = None
    if reason == "hurdle":
        hurdle = session.get(Hurdle, int(subject))
        assert hurdle is not None
        order = session.get(Order, hurdle.order_id)
        assert order is not None
        account, order_ref = session.get(Account, order.account_id), order.ref
    elif reason == "manual":
        reminder = session.get(Reminder, int(subject))
        assert reminder is not None
        reminder.done_on = on
        session.add(reminder)
        account = session.get(Account, reminder.account_id)
        if reminder.order_id is not None:
            order_ref = session.get(Order, reminder.order_id).ref  # type: ignore[union-attr]
        note = note or reminder.text
    elif reason == "relationship":
        account = find_account(session, subject)
    else:
        order = find_order(session, subject)
        account, order_ref = session.get(Account, order.account_id), order.ref
    assert account is not None
    kind = "agreement" if reason == "agreement" else "call"
    return log_touchpoint(session, account.name, kind, on, order_ref, note=note or f"done {key}")


# -- reading --------------------------------------------------------------------------------


def timeline(session: Session, account: Account, today: date) -> dict:
    """An account's orders, touchpoints, hurdles, reminders and contacts, oldest first."""
    orders = session.exec(
        select(Order)
        .where(Order.account_id == account.id, Order.signed_on <= today)
        .order_by(col(Order.signed_on))
    ).all()
    refs = {o.id: o.ref for o in orders}
    contacts = session.exec(select(Contact).where(Contact.account_id == account.id)).all()
    names = {c.id: c.name for c in contacts}
    touchpoints = session.exec(
        select(Touchpoint)
        .where(Touchpoint.account_id == account.id, Touchpoint.date <= today)
        .order_by(col(Touchpoint.date), col(Touchpoint.id))
    ).all()
    hurdles = session.exec(
        select(Hurdle)
        .where(col(Hurdle.order_id).in_(list(refs)), Hurdle.raised_on <= today)
        .order_by(col(Hurdle.raised_on))
    ).all()
    reminders = session.exec(select(Reminder).where(Reminder.account_id == account.id)).all()
    return {
        "orders": orders,
        "touchpoints": touchpoints,
        "hurdles": hurdles,
        "reminders": reminders,
        "contacts": contacts,
        "refs": refs,
        "names": names,
    }
