"""Orders and what hangs on them: hurdles, proposals; and the opportunities after-sales
brings (aftersales = pre-sales). Single records read and written."""

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date

from nasales.domain import checks
from nasales.domain.text import clean_name, clean_note, clean_text, optional
from nasales.domain.values import amount
from nasales.domain.vocabulary import DECISIONS, STATUSES, choice
from nasales.errors import Invalid, NotFound
from nasales.i18n import N_, _, date_text
from nasales.store.customers import Account, find_account
from nasales.store.db import Database, columns, select
from nasales.store.facts import as_date, day


@dataclass(frozen=True)
class Order:
    id: int
    ref: str
    account_id: int
    title: str
    value: float | None
    status: str
    signed_on: date
    delivered_on: date | None
    competitor: str | None
    decision: str | None


ORDER = select(Order, "orders")


def _order(row: tuple) -> Order:
    id_, ref, account_id, title, value, status, signed, delivered, competitor, decision = row
    return Order(
        id_,
        ref,
        account_id,
        title,
        value,
        status,
        day(signed),
        as_date(delivered),
        competitor,
        decision,
    )


def order_state(order: Order) -> dict:
    """The order as domain/checks reads it."""
    return checks.order_state(
        order.ref, order.status, order.signed_on, order.delivered_on, order.account_id
    )


def find_order(db: Database, ref: str) -> Order:
    row = db.first(f"{ORDER} WHERE ref = :ref", {"ref": clean_name(ref, N_("ref"))})
    if row is None:
        raise NotFound(_("unknown order {ref!r}").format(ref=ref))
    return _order(row)


def find_order_by_id(db: Database, order_id: int) -> Order:
    row = db.first(f"{ORDER} WHERE id = :id", {"id": order_id})
    if row is None:
        raise NotFound(_("unknown order {ref!r}").format(ref=order_id))
    return _order(row)


def orders_of(db: Database, account: Account, today: date) -> list[Order]:
    rows = db.all(
        f"{ORDER} WHERE account_id = :id AND signed_on <= :today ORDER BY signed_on, id",
        {"id": account.id, "today": today},
    )
    return [_order(row) for row in rows]


def order_of(
    db: Database, account: Account, ref: str | None, record: str = "touchpoint"
) -> Order | None:
    """The order `ref` names, which must be one of the account's (`record` names it)."""
    if not ref:
        return None
    order = find_order(db, ref)
    checks.refuse(record, {"account_id": account.id}, order_state(order))
    return order


def next_ref(db: Database, taken: AbstractSet[str] | None = None) -> str:
    """The next free ref of the form N00001.

    Without `taken` the database is asked. An import that plans many orders at once passes
    `taken`, every ref in the database and in its batch, and the ref is found in memory.
    """
    is_taken: Callable[[str], bool]
    if taken is None:
        number = (db.scalar("SELECT MAX(id) FROM orders") or 0) + 1

        def is_taken(ref: str) -> bool:
            return db.first("SELECT 1 FROM orders WHERE ref = :ref", {"ref": ref}) is not None
    else:
        number, is_taken = len(taken) + 1, taken.__contains__
    while is_taken(ref := f"N{number:05d}"):
        number += 1
    return ref


def add_order(
    db: Database,
    account_name: str,
    title: str,
    status: str,
    signed_on: date,
    ref: str | None = None,
    value: float | str | None = None,
    decision: str | None = None,
    competitor: str | None = None,
) -> Order:
    account = find_account(db, account_name)
    if ref is not None:
        ref = clean_name(ref, N_("ref"))
        if db.first("SELECT 1 FROM orders WHERE ref = :ref", {"ref": ref}):
            raise Invalid(_("order ref {ref!r} exists already").format(ref=ref))
    values: dict[str, object] = {
        "ref": ref or next_ref(db),
        "account_id": account.id,
        "title": clean_text(title),
        "value": amount(value, N_("value")),
        "status": choice(status, STATUSES, N_("status")) or "won",
        "signed_on": signed_on,
        "delivered_on": None,
        "competitor": optional(competitor),
        "decision": choice(decision, DECISIONS, N_("decision")),
    }
    new_id = db.insert(
        "INSERT INTO orders (ref, account_id, title, value, status, signed_on, competitor, "
        "decision) VALUES (:ref, :account_id, :title, :value, :status, :signed_on, "
        ":competitor, :decision)",
        values,
    )
    return _order((new_id, *values.values()))


def deliver_order(db: Database, ref: str, on: date) -> Order:
    """Mark an order delivered on `on` (again: the day moves; the caller says from when)."""
    order = find_order(db, ref)
    checks.refuse("order", {**order_state(order), "delivered_on": on})
    db.execute("UPDATE orders SET delivered_on = :on WHERE id = :id", {"on": on, "id": order.id})
    return find_order(db, order.ref)


# -- hurdles --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hurdle:
    id: int
    order_id: int
    description: str
    raised_on: date
    resolved_on: date | None
    discussed_after: int | None = None  # store/discussed.py


HURDLE = select(Hurdle, "hurdle")


def find_hurdle(db: Database, hurdle_id: int) -> Hurdle:
    row = db.first(
        f"{HURDLE} WHERE id = :id",
        {"id": hurdle_id},
    )
    if row is None:
        raise NotFound(_("unknown hurdle {id}").format(id=hurdle_id))
    id_, order_id, description, raised_on, resolved_on, after = row
    return Hurdle(id_, order_id, description, day(raised_on), as_date(resolved_on), after)


def add_hurdle(
    db: Database, ref: str, description: str, on: date, discussed: bool = True
) -> Hurdle:
    """A problem; `discussed=False`: no contact logged so far discussed it (only a later one
    counts, store/discussed.py)."""
    order = find_order(db, ref)
    checks.refuse("hurdle", {"raised_on": on}, order_state(order))
    text = clean_name(description, N_("hurdle text"))
    after = None if discussed else db.scalar("SELECT COALESCE(MAX(id), 0) FROM touchpoint")
    new_id = db.insert(
        "INSERT INTO hurdle (order_id, description, raised_on, discussed_after) "
        "VALUES (:order, :text, :on, :after)",
        {"order": order.id, "text": text, "on": on, "after": after},
    )
    return Hurdle(new_id, order.id, text, on, None, after)


def resolve_hurdle(db: Database, hurdle_id: int, on: date) -> Hurdle:
    hurdle = find_hurdle(db, hurdle_id)
    if hurdle.resolved_on is not None:
        raise Invalid(
            _("problem {id} was solved already on {day}").format(
                id=hurdle.id, day=date_text(hurdle.resolved_on)
            )
        )
    checks.refuse("hurdle", {"raised_on": hurdle.raised_on, "resolved_on": on})
    db.execute("UPDATE hurdle SET resolved_on = :on WHERE id = :id", {"on": on, "id": hurdle.id})
    return find_hurdle(db, hurdle.id)


# -- proposals ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    id: int
    order_id: int
    text: str
    sent_on: date
    answer_by: date | None
    agreed_on: date | None
    declined_on: date | None
    note: str


PROPOSAL = select(Proposal, "proposal")


def _proposal(row: tuple) -> Proposal:
    id_, order_id, text, sent_on, answer_by, agreed_on, declined_on, note = row
    return Proposal(
        id_,
        order_id,
        text,
        day(sent_on),
        as_date(answer_by),
        as_date(agreed_on),
        as_date(declined_on),
        note,
    )


def find_proposal(db: Database, proposal_id: int) -> Proposal:
    row = db.first(f"{PROPOSAL} WHERE id = :id", {"id": proposal_id})
    if row is None:
        raise NotFound(_("unknown proposal {id}").format(id=proposal_id))
    return _proposal(row)


def add_proposal(db: Database, ref: str, text: str, on: date, answer_by: date | None) -> Proposal:
    order = find_order(db, ref)
    checks.refuse("proposal", {"sent_on": on, "answer_by": answer_by}, order_state(order))
    text = clean_name(text, N_("proposal text"))
    new_id = db.insert(
        "INSERT INTO proposal (order_id, text, sent_on, answer_by, note) "
        "VALUES (:order, :text, :on, :by, '')",
        {"order": order.id, "text": text, "on": on, "by": answer_by},
    )
    return find_proposal(db, new_id)


def answer_proposal(
    db: Database, proposal_id: int, agreed: bool, on: date, note: str | None = None
) -> tuple[Proposal, Order]:
    """Record the customer's answer; the caller logs the agreement an agreed one is."""
    proposal = find_proposal(db, proposal_id)
    if proposal.agreed_on or proposal.declined_on:
        answered = proposal.agreed_on or proposal.declined_on
        raise Invalid(
            _("proposal {id} was answered already on {day}").format(
                id=proposal.id, day=date_text(answered)
            )
        )
    column = "agreed_on" if agreed else "declined_on"
    checks.refuse("proposal", {"sent_on": proposal.sent_on, column: on})
    db.execute(
        f"UPDATE proposal SET {column} = :on, note = :note WHERE id = :id",
        {"on": on, "note": clean_note(note) or proposal.note, "id": proposal.id},
    )
    order = find_order_by_id(db, proposal.order_id)
    return find_proposal(db, proposal.id), order


def proposals_of(db: Database, account: Account, today: date) -> list[tuple[Proposal, str]]:
    rows = db.all(
        f"SELECT {columns(Proposal, 'p')}, o.ref FROM proposal p "
        "JOIN orders o ON o.id = p.order_id "
        "WHERE o.account_id = :id AND p.sent_on <= :today ORDER BY p.sent_on, p.id",
        {"id": account.id, "today": today},
    )
    return [(_proposal(row[:-1]), row[-1]) for row in rows]


# -- opportunities --------------------------------------------------------------------------


@dataclass(frozen=True)
class Opportunity:
    id: int
    account_id: int
    text: str
    noted_on: date
    source: str | None
    won_order_id: int | None
    dropped_on: date | None


OPPORTUNITY = select(Opportunity, "opportunity")


def as_opportunity(row: tuple) -> Opportunity:
    id_, account_id, text, noted_on, source, won, dropped = row
    return Opportunity(id_, account_id, text, day(noted_on), source, won, as_date(dropped))


def find_opportunity(db: Database, opportunity_id: int) -> Opportunity:
    row = db.first(f"{OPPORTUNITY} WHERE id = :id", {"id": opportunity_id})
    if row is None:
        raise NotFound(_("unknown opportunity {id}").format(id=opportunity_id))
    return as_opportunity(row)


def add_opportunity(
    db: Database, account: Account, text: str, on: date, source: str | None = None
) -> Opportunity:
    new_id = db.insert(
        "INSERT INTO opportunity (account_id, text, noted_on, source) "
        "VALUES (:account, :text, :on, :source)",
        {"account": account.id, "text": clean_name(text, N_("need")), "on": on, "source": source},
    )
    return find_opportunity(db, new_id)


def note_opportunity(
    db: Database, account_name: str, text: str, on: date, source: str | None = None
) -> Opportunity:
    return add_opportunity(db, find_account(db, account_name), text, on, source)


def _open_opportunity(db: Database, opportunity_id: int) -> Opportunity:
    found = find_opportunity(db, opportunity_id)
    if found.won_order_id is not None or found.dropped_on is not None:
        raise Invalid(_("opportunity {id} is closed already").format(id=found.id))
    return found


def win_opportunity(db: Database, opportunity_id: int, order: Order) -> Opportunity:
    found = _open_opportunity(db, opportunity_id)
    if found.account_id != order.account_id:
        raise Invalid(_("opportunity {id} belongs to another account").format(id=found.id))
    rec = {"account_id": found.account_id, "noted_on": found.noted_on, "won_order_id": order.id}
    checks.refuse("opportunity", rec, order_state(order))
    db.execute(
        "UPDATE opportunity SET won_order_id = :order WHERE id = :id",
        {"order": order.id, "id": found.id},
    )
    return find_opportunity(db, found.id)


def drop_opportunity(db: Database, opportunity_id: int, on: date) -> Opportunity:
    found = _open_opportunity(db, opportunity_id)
    checks.refuse("opportunity", {"noted_on": found.noted_on, "dropped_on": on})
    db.execute("UPDATE opportunity SET dropped_on = :on WHERE id = :id", {"on": on, "id": found.id})
    return find_opportunity(db, found.id)
