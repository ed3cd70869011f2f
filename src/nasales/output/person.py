"""What `contact export` prints: every field of every record held on one person."""

from datetime import date
from typing import Any

from nasales.domain.vocabulary import shown_key
from nasales.i18n import N_, _, date_text
from nasales.output import Format, Renderers, render, say, write_json
from nasales.output.capture import captured
from nasales.output.sentences import word
from nasales.store.people import Change, Held

# The fields shown of a text that names the person (store/people.py TEXTS), in words.
FIELDS = {
    "account": N_("account"),
    "text": N_("text"),
    "description": N_("description"),
    "title": N_("title"),
    "notes": N_("notes"),
    "note": N_("note"),
    "due": N_("due"),
    "done_on": N_("done on"),
    "order": N_("order"),
    "raised_on": N_("raised on"),
    "resolved_on": N_("resolved on"),
    "ref": N_("ref"),
    "sent_on": N_("sent on"),
    "noted_on": N_("noted on"),
    "item": N_("item"),
    "handed_on": N_("handed on"),
    "to": N_("to"),
}


def _day(iso: str) -> str:
    return date_text(date.fromisoformat(iso))


def _value(field: str, value: Any) -> str:
    """A field's value as people read it: days as dates of the user's language."""
    if isinstance(value, str) and field.endswith(("_on", "due")):
        return _day(value)
    if field == "item":
        return shown_key(str(value))  # a hand-off's item, keyed as the list keys it
    return str(value)


def describe(held: Held) -> list[str]:
    lines: list[str] = []
    yes, no = _("yes"), _("no")
    for c in held.contacts:
        lines.append(_("Contact {name} at {account}").format(name=c["name"], account=c["account"]))
        for key, shown in (("role", _("role")), ("phone", _("phone")), ("email", _("email"))):
            lines.append(f"  {shown}: {c[key] or '-'}")
        lines.append(f"  {_('primary')}: {yes if c['primary'] else no}")
        lines.append(f"  {_('do not call')}: {yes if c['do_not_call'] else no}")
    lines.append(_("Touchpoints with them or naming them: {n}").format(n=len(held.touchpoints)))
    for t in held.touchpoints:
        bits = [_day(t["date"]), word(t["kind"]), t["account"]]
        bits += [t["order"]] if t["order"] else []
        bits += [_("(with them)")] if t["with_them"] else []
        bits += [f"[{word(t['mood'])}]"] if t["mood"] else []
        bits += [_("by {name}").format(name=t["by"])] if t["by"] else []
        if t.get("source"):
            bits.append(f"({captured(t['source'], t['direction'], t['seconds'])})")
        lines.append("  " + " ".join(bits) + (f": {t['note']}" if t["note"] else ""))
    titles = {
        "promises": _("Promises naming them: {n}"),
        "hurdles": _("Hurdles naming them: {n}"),
        "orders": _("Orders naming them: {n}"),
        "account_notes": _("Account notes naming them: {n}"),
        "proposals": _("Proposals naming them: {n}"),
        "opportunities": _("Opportunities naming them: {n}"),
        "hand_offs": _("Hand-off notes naming them: {n}"),
    }
    for section, rows in held.texts.items():
        lines.append(titles[section].format(n=len(rows)))
        for row in rows:
            shown = ", ".join(
                f"{_(FIELDS.get(k, k))}: {_value(k, v)}" for k, v in row.items() if v is not None
            )
            lines.append(f"  {shown}")
    return lines


def print_person(held: Held, fmt: Format) -> None:
    render(RENDERERS, fmt, held)


def _json(held: Held) -> None:
    write_json(held.as_dict())


def _plain(held: Held) -> None:
    say(*describe(held))


RENDERERS: Renderers[Held] = {Format.plain: _plain, Format.json: _json}
SECTION_TITLES = {
    "promises": N_("promise"),
    "hurdles": N_("hurdle"),
    "orders": N_("order title"),
    "account_notes": N_("account notes"),
    "proposals": N_("proposal"),
    "opportunities": N_("opportunity"),
    "hand_offs": N_("hand-off note"),
}


def erasure(changes: list[Change], *, made: bool = False) -> list[str]:
    """What an erasure changes, one line each. Before it is made (`made` False) with what it
    erases, for the user to confirm; after it, only what is left (a script's output or a
    cron mail must not repeat what was erased)."""
    lines = []
    for change in changes:
        where = dict(change.fields)
        if change.what == "contact":
            line = (
                _("contact record at {account}: deleted")
                if made
                else _("contact record {name} at {account}: deleted")
            )
            lines.append("  " + line.format(name=change.before, account=where["account"]))
        elif change.table == "touchpoint":
            bits = [_day(where["date"]), word(where["kind"]), where["account"]]
            place = " ".join(bits + ([where["order"]] if where["order"] else []))
            if change.what == "unlink":
                line = _("{place}: no longer linked to them")
            elif change.what == "redact":
                line = (
                    _("{place}: note now {after}")
                    if made
                    else _("{place}: note {before} → {after}")
                )
            else:
                line = _("{place}: note erased") if made else _("{place}: note erased: {note}")
            lines.append(
                "  "
                + line.format(
                    place=place, note=change.before, before=change.before, after=change.after
                )
            )
        else:
            shown = ", ".join(
                f"{_(FIELDS.get(k, k))}: {_value(k, v)}" for k, v in where.items() if v is not None
            )
            line = (
                _("{section} ({where}): now {after}")
                if made
                else _("{section} ({where}): {before} → {after}")
            )
            section = _(SECTION_TITLES[change.section])
            lines.append(
                "  "
                + line.format(
                    section=section, where=shown, before=change.before, after=change.after
                )
            )
    return lines
