"""`nasales show`: one account on one page."""

from datetime import date

from sqlmodel import Session

from nasales.calls import account_risks
from nasales.domain.rules import load_rules
from nasales.store.facts import Scope, load_book
from nasales.store.records import find_account, timeline


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def account_timeline(session: Session, name: str, today: date) -> list[str]:
    account = find_account(session, name)
    t = timeline(session, account, today)
    book = load_book(session, today, Scope(account_id=account.id))
    risk = account_risks(book, {account.name}, today)[account.name]
    won = sum(o.value or 0 for o in book.orders if o.status == "won")
    tier = account.tier or f"{load_rules().tier_for_value(won)} (from won value)"
    lines = [
        f"{account.name} — owner {account.owner or '-'}, tier {tier}"
        + (f", CLV {_money(account.clv)}" if account.clv is not None else ""),
        f"Doubt risk {risk.score}/100: {risk.explain()}",
        "",
        "Contacts:",
    ]
    for c in t["contacts"]:
        flags = [f for f, on in (("primary", c.is_primary), ("do not call", c.do_not_call)) if on]
        details = ", ".join(x for x in (c.role, c.phone, c.email, *flags) if x)
        lines.append(f"  {c.name}" + (f" ({details})" if details else ""))
    lines.append("Orders:")
    for o in t["orders"]:
        delivered = o.delivered_on is not None and o.delivered_on <= today
        extra = f"delivered {o.delivered_on}" if delivered else ""
        if o.status == "lost" and o.competitor:
            extra = f"to {o.competitor}"
        if o.decision:
            extra += f" ({o.decision} decision)"
        lines.append(
            f"  {o.ref}  {o.status} {o.signed_on}  {o.title}  {_money(o.value)}  {extra}".rstrip()
        )
    lines.append("Hurdles:")
    for h in t["hurdles"]:
        solved = h.resolved_on is not None and h.resolved_on <= today
        state = f"resolved {h.resolved_on}" if solved else "open"
        lines.append(
            f"  #{h.id} {t['refs'][h.order_id]} raised {h.raised_on}: {h.description} ({state})"
        )
    lines.append("Promises:")
    for r in t["reminders"]:
        done = r.done_on is not None and r.done_on <= today
        state = f"done {r.done_on}" if done else f"due {r.due}"
        lines.append(f"  manual:{r.id} {r.text} ({state})")
    lines.append("Touchpoints:")
    for tp in t["touchpoints"]:
        bits = [str(tp.date), tp.kind]
        if tp.order_id:
            bits.append(t["refs"].get(tp.order_id, ""))
        if tp.contact_id:
            bits.append(f"with {t['names'].get(tp.contact_id, '?')}")
        if tp.mood:
            bits.append(f"[{tp.mood}]")
        if tp.made_by:
            bits.append(f"by {tp.made_by}")
        lines.append("  " + " ".join(bits) + (f": {tp.note}" if tp.note else ""))
    return lines
