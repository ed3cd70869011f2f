"""`nasales show`: one account on one page, as text or as JSON."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.risk import Risk
from nasales.domain.vocabulary import shown_key
from nasales.i18n import _, date_text, money
from nasales.output import SEP, Format, Renderers, render, say, width, write_json
from nasales.output.calls import NBSP, wrap_line
from nasales.output.capture import captured
from nasales.output.sentences import DECISIONS, explain, factor, score_note, word
from nasales.store.timeline import Timeline


@dataclass(frozen=True)
class AccountView:
    timeline: Timeline
    today: date
    tier: str
    tier_source: str  # "own", "clv" or "won"
    risk: Risk | None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def as_json(view: AccountView) -> dict[str, Any]:
    t = view.timeline
    return {
        "account": t.account.name,
        "owner": t.account.owner,
        "tier": view.tier,
        "tier_source": view.tier_source,
        "clv": t.account.clv,
        "notes": t.account.notes,
        "domains": t.account.domain_list,
        "risk": view.risk.score if view.risk else None,
        # what the factors add up to when the score is capped at 100 or held below 50
        "risk_total": view.risk.total if view.risk else None,
        "risk_held_until": _iso(view.risk.held_until) if view.risk else None,
        "risk_held_for": view.risk.held_for if view.risk else None,  # that call's item key
        "why": [
            {"points": f.points, "factor": f.code, "text": factor(f, view.today)}
            for f in (view.risk.factors if view.risk else ())
            if f.points  # a factor of less than a point is in the fractions line
        ],
        "contacts": [c.fields() for c in t.contacts],
        "team": [{"person": m.person, "role": m.role} for m in t.team],
        "orders": [
            {
                "ref": o.ref,
                "title": o.title,
                "status": o.status,
                "value": o.value,
                "signed_on": _iso(o.signed_on),
                "delivered_on": _iso(o.delivered_on),
                "competitor": o.competitor,
                "decision": o.decision,
            }
            for o in t.orders
        ],
        "touchpoints": [
            {
                "date": _iso(e.date),
                "kind": e.kind,
                "order": e.order,
                "contact": e.contact,
                "note": e.note,
                "mood": e.mood,
                "by": e.by,
                "source": e.source,
                "direction": e.direction,
                "seconds": e.seconds,
            }
            for e in t.touchpoints
        ],
        "hurdles": [
            {
                "id": h.id,
                "order": h.order,
                "description": h.description,
                "raised_on": _iso(h.raised_on),
                "resolved_on": _iso(h.resolved_on),
            }
            for h in t.hurdles
        ],
        "proposals": [
            {
                "id": p.id,
                "order": ref,
                "text": p.text,
                "sent_on": _iso(p.sent_on),
                "answer_by": _iso(p.answer_by),
                "agreed_on": _iso(p.agreed_on),
                "declined_on": _iso(p.declined_on),
                "note": p.note,
            }
            for p, ref in t.proposals
        ],
        "promises": [
            {
                "key": f"manual:{r.id}",
                "text": r.text,
                "due": _iso(r.due),
                "done_on": _iso(r.done_on),
            }
            for r in t.promises
        ],
        "opportunities": [
            {
                "id": o.id,
                "text": o.text,
                "noted_on": _iso(o.noted_on),
                "source": o.source,
                "won_order": o.won_order,
                "dropped_on": _iso(o.dropped_on),
            }
            for o in t.opportunities
        ],
    }


def print_account(view: AccountView, fmt: Format | None) -> None:
    render(RENDERERS, fmt, view)


def _json(view: AccountView) -> None:
    write_json(as_json(view))


def _text(view: AccountView) -> None:
    say(*(line.replace(NBSP, " ") for line in lines(view)))


def _fitted(view: AccountView) -> None:
    """The page on a terminal: each line wrapped at its width (continuation lines indented
    under their own line), amounts and keys never split; whole lines when the width is
    unknown or too narrow, as the list does."""
    say(*fit(lines(view), width()))


def fit(page: list[str], columns: int | None) -> list[str]:
    if columns is None:
        return page
    out: list[str] = []
    for line in page:
        text = line.lstrip(" ")
        indent = line[: len(line) - len(text)]
        out += wrap_line(text.replace("€ ", "€" + NBSP), columns, indent)
    return out


# the same page on a terminal (wrapped at its width) and in a pipe (a line is a line)
RENDERERS: Renderers[AccountView] = {
    Format.table: _fitted,
    Format.plain: _text,
    Format.json: _json,
}


def lines(view: AccountView) -> list[str]:
    t = view.timeline
    a = t.account
    source = {"clv": _("from the CLV"), "won": _("from the value won")}.get(view.tier_source)
    head = [_("owner {owner}").format(owner=a.owner or "–")]
    head.append(_("tier {tier}").format(tier=view.tier) + (f" ({source})" if source else ""))
    if a.clv is not None:
        head.append(_("CLV {amount}").format(amount=money(a.clv)))
    out = [a.name, "  " + " · ".join(head)]
    if a.notes:
        out.append("  " + _("Notes: {notes}").format(notes=a.notes))
    if a.domains:
        out.append("  " + _("E-mail domains: {domains}").format(domains=", ".join(a.domain_list)))
    if view.risk is None:
        out.append(_("Doubt risk: none (no order won)"))
    else:
        out.append(_("Doubt risk {score}/100").format(score=view.risk.score) + ":")
        if note := score_note(view.risk):
            out.append("  " + note)
        shown = [f for f in view.risk.factors if f.points]  # less than a point: in fractions
        if not shown:
            out.append("  " + explain((), view.today))
        out += [f"  {f.points:+d} {factor(f, view.today)}" for f in shown]
    out += _section(
        _("Contacts"),
        [
            c.name
            + (
                f" ({details})"
                if (
                    details := ", ".join(
                        x
                        for x in (
                            c.role,
                            c.phone and c.phone.replace(" ", NBSP),  # whole when wrapped
                            c.email,
                            _("primary") if c.is_primary else None,
                            _("do not call") if c.do_not_call else None,
                        )
                        if x
                    )
                )
                else ""
            )
            for c in t.contacts
        ],
    )
    out += _section(
        _("Account team"), [m.person + (f" ({m.role})" if m.role else "") for m in t.team]
    )
    out += _section(_("Orders"), [_order_line(o) for o in t.orders])
    out += _section(_("Problems"), [_hurdle_line(h) for h in t.hurdles])
    out += _section(_("Proposals"), [_proposal_line(p, ref) for p, ref in t.proposals])
    out += _section(_("Promises"), [_promise_line(r) for r in t.promises])
    out += _section(_("Opportunities"), [_opportunity_line(o) for o in t.opportunities])
    out += _section(_("Touchpoints"), [_entry_line(e) for e in t.touchpoints])
    return out


def _section(title: str, rows: list[str]) -> list[str]:
    return [f"{title}:", *(f"  {r}" for r in rows)] if rows else [f"{title}: –"]


def _order_line(o: Any) -> str:
    bits = [o.ref, f"{word(o.status)} {date_text(o.signed_on)}", o.title]
    if o.value is not None:
        bits.append(money(o.value))
    if o.status == "won":
        if o.delivered_on is not None:
            bits.append(_("delivered {day}").format(day=date_text(o.delivered_on)))
        else:
            bits.append(_("in delivery"))
    elif o.competitor:
        bits.append(_("to {competitor}").format(competitor=o.competitor))
    if o.decision:
        bits.append(_(DECISIONS[o.decision]))
    return SEP.join(b for b in bits if b)


def _hurdle_line(h: Any) -> str:
    if h.resolved_on is not None:
        state = _("solved {day}").format(day=date_text(h.resolved_on))
    else:
        state = _("open")
    return _("#{id} {order} raised {day}: {text} ({state})").format(
        id=h.id, order=h.order, day=date_text(h.raised_on), text=h.description, state=state
    )


def _proposal_line(p: Any, ref: str) -> str:
    if p.agreed_on is not None:
        state = _("agreed {day}").format(day=date_text(p.agreed_on))
    elif p.declined_on is not None:
        state = _("declined {day}").format(day=date_text(p.declined_on))
    elif p.answer_by:
        state = _("waiting, answer by {day}").format(day=date_text(p.answer_by))
    else:
        state = _("waiting for an answer")
    line = _("#{id} {order} sent {day}: {text} ({state})").format(
        id=p.id, order=ref, day=date_text(p.sent_on), text=p.text, state=state
    )
    return line + (f" — {p.note}" if p.note else "")


def _promise_line(r: Any) -> str:
    if r.done_on is not None:
        state = _("done {day}").format(day=date_text(r.done_on))
    else:
        state = _("due {day}").format(day=date_text(r.due))
    return f"{shown_key(f'manual:{r.id}')} {r.text} ({state})"


def _opportunity_line(o: Any) -> str:
    if o.won_order:
        state = _("won: {ref}").format(ref=o.won_order)
    elif o.dropped_on is not None:
        state = _("dropped {day}").format(day=date_text(o.dropped_on))
    else:
        state = _("open")
    source = _(", from {key}").format(key=shown_key(o.source)) if o.source else ""
    return _("#{id} noted {day}{source}: {text} ({state})").format(
        id=o.id, day=date_text(o.noted_on), source=source, text=o.text, state=state
    )


def _entry_line(e: Any) -> str:
    bits = [date_text(e.date), word(e.kind)]
    if e.order:
        bits.append(e.order)
    if e.contact:
        bits.append(_("with {name}").format(name=e.contact))
    if e.mood:
        bits.append(f"[{word(e.mood)}]")
    if e.by:
        bits.append(_("by {name}").format(name=e.by))
    if e.source:
        bits.append(f"({captured(e.source, e.direction, e.seconds)})")
    return " ".join(bits) + (f": {e.note}" if e.note else "")
