"""Every rule that holds a record against another record, or one of its dates against
another (PRODUCT.md §2, §3): one home, which every way in calls — the commands (store/),
`import` of every kind (transfer/importer.py) and `capture` — so that what one refuses, all
refuse. `CHECKS` is the table docs/import.md prints and tests/test_checks.py replays on
every way in: a new check is one entry here, and the drift test asks for its case.

Pure: a record's columns in (dates as `date` or as ISO text: the store's rows and an import's
rows alike), the user's sentence out. Each check holds one record (`rec`) against `other`:

| record | other |
| --- | --- |
| `order` | what hangs on it (`held`: problems, proposals, the needs it met), or None |
| `hurdle`, `proposal` | its order (`order_state`), or None: then only its own dates count |
| `opportunity` | the order that won it (`order_state`), or None |
| `touchpoint`, `reminder` | the order it names (`order_state`), or None |
| `done` | the contact `done KEY` logs (`date`), against its item (`item`) |
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.vocabulary import shown_key
from nasales.errors import Invalid
from nasales.i18n import N_, _, date_text

Record = Mapping[str, Any]
Test = Callable[[Record, Record | None], str | None]  # what is wrong, or None


@dataclass(frozen=True)
class Check:
    code: str  # its name in the table, the docs and the tests
    records: tuple[str, ...]  # the records it guards
    rule: str  # the rule in a few words, for the docs table (English, like the docs)
    test: Test


CHECKS: list[Check] = []


def problems(record: str, rec: Record, other: Record | None = None) -> list[str]:
    """What is wrong with `rec`, a record of kind `record`, held against `other`."""
    return [p for c in CHECKS if record in c.records and (p := c.test(rec, other)) is not None]


def refuse(record: str, rec: Record, other: Record | None = None) -> None:
    """Raise `Invalid` with what is wrong with `rec`, if anything (the commands' way)."""
    if found := problems(record, rec, other):
        raise Invalid("; ".join(found))


def check_touchpoint(rec: Record, order: Record | None = None) -> list[str]:
    """What is wrong with a touchpoint (`account_id`, `date`) linked to `order`. A touchpoint
    may predate its order's win (the conversation that led to it, PRODUCT.md §2)."""
    return problems("touchpoint", rec, order)


# -- what the checks read of the other record ---------------------------------------------


def order_state(
    ref: str | None,
    status: str,
    signed_on: Any,
    delivered_on: Any = None,
    account_id: int | None = None,
) -> dict[str, Any]:
    """An order as the checks read it."""
    return {
        "ref": ref,
        "status": status,
        "signed_on": signed_on,
        "delivered_on": delivered_on,
        "account_id": account_id,
    }


def held(
    hurdles: int = 0,
    first_raised: Any = None,
    proposals: int = 0,
    first_sent: Any = None,
    first_noted: Any = None,
) -> dict[str, Any]:
    """What hangs on an order: its problems and proposals (how many, the first one's date),
    and the earliest day a need it won was noted."""
    return {
        "hurdles": hurdles,
        "first_raised": first_raised,
        "proposals": proposals,
        "first_sent": first_sent,
        "first_noted": first_noted,
    }


def item(reason: str, name: str, **dates: Any) -> dict[str, Any]:
    """The item `done KEY` logs a contact for: its reason, the order ref or record id its
    key names, and the dates from which a contact can satisfy it (signed_on, delivered_on,
    raised_on, sent_on, counts_from)."""
    return {"reason": reason, "name": name, **dates}


def other_account(ref: str | None) -> str:
    """The sentence for an order named with an account it does not belong to."""
    return _("order {ref!r} belongs to another account").format(ref=ref)


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _before(a: Record | None, later: str, b: Record | None, first: str) -> tuple[str, str] | None:
    """(day, earlier) as people read them when `a[later]` is before `b[first]`."""
    if a is None or b is None:
        return None
    day, earlier = _day(a.get(later)), _day(b.get(first))
    if day is not None and earlier is not None and day < earlier:
        return date_text(day), date_text(earlier)
    return None


def _order(rec: Record | None) -> str:
    """An order in a sentence: by its ref, or (a new row without one) as "this order"."""
    ref = rec.get("ref") if rec is not None else None
    return _("order {ref!r}").format(ref=ref) if ref else _("this order")


def _lost(rec: Record | None) -> bool:
    return rec is not None and rec.get("status") == "lost"


# -- the kinds of check ---------------------------------------------------------------------------


def _register(code: str, records: str, rule: str, test: Test) -> None:
    CHECKS.append(Check(code, tuple(records.split()), rule, test))


def _not_before(
    code: str, records: str, rule: str, dates: str, message: str, *, flip: bool = False
) -> None:
    """`dates` = "LATER of A, FIRST of B" (A, B: rec or other): LATER is not before FIRST.
    `message` (N_) names {day} and {earlier}, and may name {order}; `flip` makes {day} the
    first date (the one that moved) and {earlier} the later."""
    (later, _of, a), (first, _of2, b) = (part.split() for part in dates.split(", "))

    def test(rec: Record, other: Record | None) -> str | None:
        side = {"rec": rec, "other": other}
        days = _before(side[a], later, side[b], first)
        if days is None:
            return None
        day, earlier = days[::-1] if flip else days
        order = _order(rec if "status" in rec else other)
        return _(message).format(day=day, earlier=earlier, order=order)

    _register(code, records, rule, test)


def _on_won(code: str, record: str, message: str) -> None:
    """The order a record hangs on was won; `message` (N_) names it ({order})."""

    def test(rec: Record, other: Record | None) -> str | None:
        return _(message).format(order=_order(other)) if _lost(other) else None

    _register(code, record, "only on a won order", test)


def _not_both(code: str, record: str, rule: str, one: str, other_field: str, message: str) -> None:
    """A record is closed one way or the other, never both; `message` (N_) names {day}."""

    def test(rec: Record, other: Record | None) -> str | None:
        if rec.get(one) is not None and _day(rec.get(other_field)) is not None:
            return _(message).format(day=date_text(_day(rec.get(other_field))))
        return None

    _register(code, record, rule, test)


# -- the table (docs/import.md lists it; tests/test_checks.py replays it) ------------------------

_register(
    "delivered_won",
    "order",
    "only a won order is delivered",
    lambda rec, other: (
        _("{order} was lost; only won orders are delivered").format(order=_order(rec))
        if _lost(rec) and rec.get("delivered_on")
        else None
    ),
)
_not_before(
    "delivered_after_win",
    "order",
    "delivered on or after the win",
    "delivered_on of rec, signed_on of rec",
    N_("delivered on {day}, before {order} was won ({earlier})"),
)
_register(
    "lost_has_nothing_on_it",
    "order",
    "an order with problems or proposals stays won",
    lambda rec, other: (
        _("{order} has problems or proposals on file: a lost order has none").format(
            order=_order(rec)
        )
        if _lost(rec) and other and (other.get("hurdles") or other.get("proposals"))
        else None
    ),
)
_not_before(
    "won_before_its_problems",
    "order",
    "won on or before its first problem",
    "first_raised of other, signed_on of rec",
    N_("{order} cannot be won on {day}: its first problem was raised on {earlier}"),
    flip=True,
)
_not_before(
    "won_before_its_proposals",
    "order",
    "won on or before its first proposal",
    "first_sent of other, signed_on of rec",
    N_("{order} cannot be won on {day}: its first proposal was sent on {earlier}"),
    flip=True,
)
_not_before(
    "won_after_the_need",
    "order",
    "won on or after the need it met was noted",
    "signed_on of rec, first_noted of other",
    N_("won on {day}, before the need was noted ({earlier})"),
)
_on_won("problem_on_won", "hurdle", N_("{order} was lost; problems are recorded on won orders"))
_not_before(
    "problem_after_win",
    "hurdle",
    "raised on or after the win",
    "raised_on of rec, signed_on of other",
    N_("raised on {day}, before the order was won ({earlier})"),
)
_not_before(
    "resolved_after_raised",
    "hurdle",
    "resolved on or after it was raised",
    "resolved_on of rec, raised_on of rec",
    N_("resolved on {day}, before it was raised ({earlier})"),
)
_on_won("proposal_on_won", "proposal", N_("{order} was lost; proposals are for won orders"))
_not_before(
    "proposal_after_win",
    "proposal",
    "sent on or after the win",
    "sent_on of rec, signed_on of other",
    N_("sent on {day}, before the order was won ({earlier})"),
)
_not_before(
    "answer_by_after_sent",
    "proposal",
    "answer_by on or after sent_on",
    "answer_by of rec, sent_on of rec",
    N_("answer by {day} is before the proposal was sent ({earlier})"),
)
for _answer in ("agreed_on", "declined_on"):
    _not_before(
        f"{_answer[:-3]}_after_sent",
        "proposal",
        "answered on or after it was sent",
        f"{_answer} of rec, sent_on of rec",
        N_("answered on {day}, before it was sent ({earlier})"),
    )
_not_both(
    "one_answer",
    "proposal",
    "agreed or declined, not both",
    "agreed_on",
    "declined_on",
    N_("agreed, and declined on {day}: a proposal gets one answer"),
)
_not_before(
    "dropped_after_noted",
    "opportunity",
    "dropped on or after it was noted",
    "dropped_on of rec, noted_on of rec",
    N_("dropped on {day}, before it was noted ({earlier})"),
)
_not_both(
    "won_or_dropped",
    "opportunity",
    "won or dropped, not both",
    "won_order_id",
    "dropped_on",
    N_("won, and dropped on {day}: a need is met or goes away, not both"),
)
_on_won("won_by_a_won_order", "opportunity", N_("{order} was lost; it met no need"))
_not_before(
    "need_before_its_order",
    "opportunity",
    "the order that met it won on or after it was noted",
    "signed_on of other, noted_on of rec",
    N_("won on {day}, before the need was noted ({earlier})"),
)
_register(
    "same_account",
    "touchpoint reminder opportunity",
    "the order it names is one of its account's",
    lambda rec, other: (
        other_account(other.get("ref"))
        if other is not None and other.get("account_id") != rec.get("account_id")
        else None
    ),
)

# `done KEY`: a contact that cannot satisfy its item may not predate it (PRODUCT.md §2)


def _done(code: str, reason: str, start: str, rule: str, message: str) -> None:
    """`done REASON:…` is not dated before the item's `start`; `message` (N_) names {key},
    {day} and {earlier}."""

    def test(rec: Record, other: Record | None) -> str | None:
        if other is None or other.get("reason") != reason:
            return None
        if (days := _before(rec, "date", other, start)) is None:
            return None
        key = shown_key(f"{reason}:{other['name']}")  # as the list shows it
        return _(message).format(key=key, day=days[0], earlier=days[1])

    _register(code, "done", rule, test)


_done(
    "confirm_after_win",
    "confirm",
    "signed_on",
    "done confirm:REF on or after the win",
    N_("{key} asks for a call on or after the win ({earlier}); {day} is before it"),
)
_done(
    "agreement_after_win",
    "agreement",
    "signed_on",
    "done agreement:REF on or after the win",
    N_("{key} asks for an agreement on or after the win ({earlier}); {day} is before it"),
)


def _delivered_by_then(rec: Record, other: Record | None) -> str | None:
    if other is None or other.get("reason") != "post_delivery":
        return None
    delivered, day = _day(other.get("delivered_on")), _day(rec.get("date"))
    if day is not None and (delivered is None or delivered > day):
        return _("order {ref!r} is not delivered by {day}; nothing to check yet").format(
            ref=other["name"], day=date_text(day)
        )
    return None


_register(
    "post_delivery_after_delivery",
    "done",
    "done post_delivery:REF on or after the delivery",
    _delivered_by_then,
)
_done(
    "hurdle_call_after_raised",
    "hurdle",
    "raised_on",
    "done hurdle:ID on or after the problem was raised",
    N_("{key} was raised on {earlier}; a call on {day} cannot have been about it"),
)
_done(
    "proposal_call_after_sent",
    "proposal",
    "sent_on",
    "done proposal:ID on or after it was sent",
    N_("{key} was sent on {earlier}; a call on {day} cannot chase its answer"),
)
_done(
    "lost_call_in_its_window",
    "lost_followup",
    "counts_from",
    "done lost_followup:REF on or after a call counts for its stage",
    N_("{key}: a call counts for this follow-up from {earlier} on; {day} is before it"),
)
