"""What `contact export` prints: every field of every record held on one person."""

from nasales.i18n import _
from nasales.store.people import Held


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
        bits = [t["date"], t["kind"], t["account"]]
        bits += [t["order"]] if t["order"] else []
        bits += [_("(with them)")] if t["with_them"] else []
        bits += [f"[{t['mood']}]"] if t["mood"] else []
        bits += [_("by {name}").format(name=t["by"])] if t["by"] else []
        lines.append("  " + " ".join(bits) + (f": {t['note']}" if t["note"] else ""))
    titles = {
        "promises": _("Promises naming them: {n}"),
        "hurdles": _("Hurdles naming them: {n}"),
        "orders": _("Orders naming them: {n}"),
        "account_notes": _("Account notes naming them: {n}"),
        "proposals": _("Proposals naming them: {n}"),
        "opportunities": _("Opportunities naming them: {n}"),
    }
    for section, rows in held.texts.items():
        lines.append(titles[section].format(n=len(rows)))
        for row in rows:
            shown = ", ".join(f"{k}: {v}" for k, v in row.items() if v is not None)
            lines.append(f"  {shown}")
    return lines
