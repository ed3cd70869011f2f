"""Every sentence nasales says about an item or a doubt risk, in the user's language.

The playbook and the risk model hand over codes and facts; this module words them. Labels
are the salesperson's words for the reasons (PRODUCT.md §7)."""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from nasales.domain.playbook import Item
from nasales.domain.risk import Factor, Risk
from nasales.domain.vocabulary import shown_key
from nasales.i18n import N_, _, date_text, money, ngettext

if TYPE_CHECKING:
    from nasales.store.orders import Order

if TYPE_CHECKING:
    from nasales.store.discussed import Discussion

LABELS = {
    "hurdle": N_("problem"),
    "manual": N_("promise"),
    "proposal": N_("proposal"),
    "confirm": N_("confirm the choice"),
    "agreement": N_("agreement moment"),
    "post_delivery": N_("after delivery"),
    "lost_followup": N_("lost order"),
    "relationship": N_("relationship"),
}

# The stored words (kinds, moods, statuses, decisions), as the user's language says them.
WORDS = {
    "call": N_("call"),
    "visit": N_("visit"),
    "meeting": N_("meeting"),
    "agreement": N_("agreement"),
    "email": N_("e-mail"),
    "note": N_("note"),
    "positive": N_("positive"),
    "neutral": N_("neutral"),
    "doubt": N_("doubt"),
    "negative": N_("negative"),
    "won": N_("won"),
    "lost": N_("lost"),
    "clear": N_("clear"),
    "narrow": N_("narrow"),
}

# How close a customer's choice was, as `show` says it: "narrow decision", "nipte keuze".
DECISIONS = {"clear": N_("clear decision"), "narrow": N_("narrow decision")}


def label(reason: str) -> str:
    return _(LABELS[reason])


def named(reason: str, key: str) -> str:
    """An item as the list names it, label and key in the user's language: "promise
    [manual:4]", "toezegging [toezegging:4]"."""
    return f"{label(reason)} [{shown_key(key)}]"


def word(value: str | None) -> str:
    """A stored code (kind, mood, status, decision) in the user's language."""
    if value is None:
        return ""
    return _(WORDS[value]) if value in WORDS else value


def recorded_order(order: "Order", account: str) -> str:
    """What `order won`/`order lost` stored, the value as read: "won on 2026-11-20: Van Dijk
    Machinebouw, CNC milling centre, €185,000"."""
    what = ", ".join(p for p in (account, order.title, money(order.value)) if p)
    if order.status == "won":
        return _("won on {day}: {what}").format(day=date_text(order.signed_on), what=what)
    return _("lost on {day}: {what}").format(day=date_text(order.signed_on), what=what)


def days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def lateness(overdue_days: int) -> str:
    """How late a call is: "due today", or "2 working days late"."""
    if overdue_days <= 0:
        return _("due today")
    return ngettext("{n} working day late", "{n} working days late", overdue_days).format(
        n=overdue_days
    )


def when(due: date, overdue_days: int, today: date) -> str:
    """When a call is due, as true on `today`: "due today" only when it falls due today;
    else its day, and how late it is when it is (an item due on Friday reads "2026-04-02",
    not "due today", on Good Friday, the weekend and Easter Monday)."""
    if due == today:
        return lateness(0)
    if due < today and overdue_days > 0:
        return f"{date_text(due)}, {lateness(overdue_days)}"
    return date_text(due)


def why(item: Item) -> str:
    """The one human sentence that says why to call, true on the day the item was judged."""
    d: Mapping[str, Any] = item.detail
    title = d.get("title", item.order or "")
    if item.reason == "hurdle":
        if d.get("resolved_on"):
            return _(
                "{text} ({order}, since {day}): solved on {solved} without telling the customer; "
                "call them and tell them what was done."
            ).format(
                order=item.order,
                day=date_text(d["raised_on"]),
                solved=date_text(d["resolved_on"]),
                text=d["text"],
            )
        return _("{text} ({order}, since {day}): call the customer before it is solved.").format(
            order=item.order, day=date_text(d["raised_on"]), text=d["text"]
        )
    if item.reason == "manual":
        return str(d["text"])  # the label says it is a promise: the promise itself
    if item.reason == "proposal":
        return _(
            "{text}, sent on {sent}; their answer was due {by}: ask whether they agree."
        ).format(sent=date_text(d["sent_on"]), text=d["text"], by=date_text(d["answer_by"]))
    if item.reason == "confirm":
        return _("Won {title} on {day}: call to reassure them they chose well.").format(
            title=title, day=date_text(d["signed_on"])
        )
    if item.reason == "agreement":
        if d["agreed"]:
            text = _(
                "{title} is in delivery, {days} since the last agreement ({day}): propose a "
                "concrete next step for them to agree to."
            )
        else:
            text = _(
                "{title} is in delivery, {days} since the win ({day}) without an agreement: "
                "propose a start-up plan or schedule for them to agree to."
            )
        return text.format(title=title, days=days(d["days"]), day=date_text(d["anchor"]))
    if item.reason == "post_delivery":
        return _(
            "Delivered {title} on {day}: check that it landed well, and ask about their next need."
        ).format(title=title, day=date_text(d["delivered_on"]))
    if item.reason == "lost_followup":
        competitor = d["competitor"] or _("a competitor")
        if d["stage"] == 1:
            text = _(
                "Lost {title} to {competitor} on {day}: keep in touch; they may come to doubt "
                "their choice."
            )
        else:
            text = _(
                "Lost {title} to {competitor} on {day}, {days} ago: ask how it is going; doubt "
                "about their choice may have set in."
            )
        return text.format(
            title=title, competitor=competitor, day=date_text(d["signed_on"]), days=days(d["days"])
        )
    return _relationship(d)


def _relationship(d: Mapping[str, Any]) -> str:
    if d["lost_only"]:
        competitor = d["competitor"] or _("a competitor")
        return _(
            "A prospect who chose {competitor}: {days} since the last contact ({day}); stay in "
            "touch for the next opportunity."
        ).format(competitor=competitor, days=days(d["days"]), day=date_text(d["anchor"]))
    if d.get("anchored") == "delivery":
        return _(
            "Tier {tier} customer, {days} since the last delivery ({day}) and no personal "
            "contact since: keep the relationship warm."
        ).format(tier=d["tier"], days=days(d["days"]), day=date_text(d["anchor"]))
    if d.get("anchored", "order") == "order":
        return _(
            "Tier {tier} customer, no personal contact since the last order ({day}): keep the "
            "relationship warm."
        ).format(tier=d["tier"], day=date_text(d["anchor"]))
    return _(
        "Tier {tier} customer, {days} since the last personal contact ({day}): keep the "
        "relationship warm."
    ).format(tier=d["tier"], days=days(d["days"]), day=date_text(d["anchor"]))


def factor(f: Factor, today: date) -> str:
    """One factor of a doubt risk, in words, as true on `today` (a call due earlier says its
    day, never "due today")."""
    d = f.detail
    if f.code == "problem":
        if d["solved"]:
            text = _("a problem solved without telling the customer ({order}: {text})")
        else:
            text = _("a problem the customer has not heard about ({order}: {text})")
        text = text.format(order=d["order"], text=d["text"])
        if d["days"]:
            text += ", " + ngettext(
                "{n} working day without a call", "{n} working days without a call", d["days"]
            ).format(n=d["days"])
        return text
    if f.code == "confirm":
        return _("the call to confirm the choice of {order} is not made ({late})").format(
            order=d["order"], late=when(d["due"], d["days"], today)
        )
    if f.code == "check":
        return _("the check after the delivery of {order} is not made ({late})").format(
            order=d["order"], late=when(d["due"], d["days"], today)
        )
    if f.code == "silence":
        if d["while"] == "delivery":
            return _("in delivery, {days} without personal contact").format(days=days(d["days"]))
        if d["while"] == "check":
            return _("delivered but not checked, {days} without personal contact").format(
                days=days(d["days"])
            )
        return _("{days} without personal contact since they voiced doubt").format(
            days=days(d["days"])
        )
    if f.code == "agreement":
        if d["delivered"]:
            if d["agreed"]:
                text = _("delivered {days} after the last agreement")
            else:
                text = _("delivered {days} after the win without an agreement")
            return text.format(days=days(d["days"]))
        if d["agreed"]:
            return _("in delivery, {days} since the last agreement").format(days=days(d["days"]))
        return _("in delivery, {days} since the win without an agreement").format(
            days=days(d["days"])
        )
    if f.code == "win":
        return _("won an order {days} ago: doubt peaks right after the decision").format(
            days=days(d["days"])
        )
    if f.code == "narrow":
        return _("a narrow decision between close alternatives")
    if f.code == "fractions":
        return _("the fractions of the points above, added up")
    return _("the customer's latest mood: {mood} ({days} ago)").format(
        mood=word(d["mood"]), days=days(d["days"])
    )


def score_note(risk: Risk) -> str | None:
    """What `show` says under the score when the factors add up to more: "100, capped: the
    factors add up to 120", or "49, held below 50 until the call for problem [hurdle:1] is
    due on 2026-11-30: the factors add up to 65" (the call whose points are held back)."""
    if risk.held_until is not None and risk.held_for is not None:
        return _(
            "{score}, held below 50 until the call for {item} is due on {day}: the factors "
            "add up to {total}"
        ).format(
            score=risk.score,
            item=named(risk.held_for.split(":", 1)[0], risk.held_for),
            day=date_text(risk.held_until),
            total=risk.total,
        )
    if risk.capped:
        return _("{score}, capped: the factors add up to {total}").format(
            score=risk.score, total=risk.total
        )
    return None


def explain(factors: tuple[Factor, ...], today: date) -> str:
    if not factors:
        return _("no sign of doubt")
    return "; ".join(f"{f.points:+d} {factor(f, today)}" for f in factors)


def discussion(hurdle_id: int, contact: "Discussion | None", marked: bool = False) -> str:
    """Whether a problem counts as discussed, and by which contact: never silent."""
    if contact is None:
        if marked:
            return _(
                "problem {id} is not discussed yet: only a personal contact logged from now on "
                "counts"
            ).format(id=hurdle_id)
        return _(
            "problem {id} is not discussed yet: it is on the list until a personal contact"
        ).format(id=hurdle_id)
    what = word(contact.kind)
    if contact.contact:
        what = _("{kind} with {name}").format(kind=what, name=contact.contact)
    return _(
        "problem {id} counts as discussed: {contact} on {day} (if it was not: nasales hurdle "
        "not-discussed {id})"
    ).format(id=hurdle_id, contact=what, day=date_text(contact.on))
