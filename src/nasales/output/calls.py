"""The call list (`today`, `agenda`, `digest`): one line or row per call in the human formats,
one record per item in JSON and CSV (scripts act on items)."""

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.calls import Call
from nasales.domain.facts import same_person
from nasales.domain.playbook import Item
from nasales.domain.risk import Risk
from nasales.i18n import _, date_text, money, ngettext
from nasales.output import Format, console_out, one_line, say, width, write_csv, write_json
from nasales.output.sentences import label, lateness, why

NBSP = "\u00a0"
WIDE = 110  # from this many columns on, a call is one table row
INDENT = "    "


@dataclass(frozen=True)
class CallList:
    """A list of calls as of one day: the items in the order of §3, and their calls."""

    title: str
    today: date
    items: list[Item]
    calls: list[Call]
    person: str | None = None  # whose list it is (items handed away are marked)

    def contact(self, account: str) -> Mapping[str, Any] | None:
        return next((c.contact for c in self.calls if c.account == account), None)

    def risk(self, account: str) -> Risk | None:
        return next((c.risk for c in self.calls if c.account == account), None)


def item_record(item: Item, contact: Mapping[str, Any] | None, risk: Risk | None) -> dict:
    return {
        "key": item.key,
        "reason": item.reason,
        "account": item.account,
        "order": item.order,
        "due": item.due.isoformat(),
        "overdue_days": item.overdue_days,
        "value": item.value,
        "owner": item.owner,
        "handed_to": item.handed_to,
        "contact": dict(contact) if contact else None,
        "risk": risk.score if risk else None,
        "why": why(item),
    }


def records(calls: CallList) -> list[dict]:
    return [item_record(i, calls.contact(i.account), calls.risk(i.account)) for i in calls.items]


CSV_COLUMNS = (
    "key",
    "reason",
    "account",
    "order",
    "due",
    "overdue_days",
    "value",
    "owner",
    "handed_to",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "risk",
    "why",
)


def _flat(record: dict) -> dict:
    person = record.pop("contact") or {}
    for field in ("name", "role", "phone", "email"):
        record[f"contact_{field}"] = person.get(field)
    return record


def print_calls(calls: CallList, fmt: Format, quiet: bool = False) -> None:
    if not calls.items and quiet:
        return
    if fmt is Format.json:
        write_json(records(calls))
    elif fmt is Format.csv:
        write_csv(CSV_COLUMNS, (_flat(r) for r in records(calls)))
    elif fmt is Format.plain:
        say(*plain_lines(calls, width()))
    else:
        print_table(calls)


def heading(calls: CallList) -> str:
    if not calls.calls:
        return _("{title}: nothing due.").format(title=calls.title)
    n = len(calls.calls)
    return ngettext("{title}: {n} call", "{title}: {n} calls", n).format(title=calls.title, n=n)


# -- the parts of a call, in words ----------------------------------------------------------


def when(item: Item, today: date) -> str:
    if item.due > today:
        return date_text(item.due)
    if item.overdue_days:
        return f"{date_text(item.due)}, {lateness(item.overdue_days)}"
    return lateness(0)


def whom(call: Call) -> str:
    person = call.contact
    if not person:
        return _("no contact person on file")
    bits = [str(person["name"])]
    bits += [str(person[f]) for f in ("role", "phone") if person.get(f)]
    return ", ".join(bits)


def what(item: Item) -> str:
    return f"{label(item.reason)} [{item.key}]"


def folded(call: Call) -> str:
    """The call's other items: "+2: promise [manual:4], agreement moment [agreement:JM-1]"."""
    rest = call.items[1:]
    if not rest:
        return ""
    return f"+{len(rest)}: " + ", ".join(what(i) for i in rest)


def handed_away(call: Call, person: str | None) -> str:
    """ "→ Piet" on the owner's list for a call handed to a colleague."""
    to = call.first.handed_to
    if to is None or (person is not None and same_person(to, person)):
        return ""
    return f"→ {to}"


def risk_text(call: Call) -> str:
    return _("risk {score}").format(score=call.risk.score) if call.risk else ""


def value_text(call: Call) -> str:
    return money(call.first.value) if call.first.value else ""


# -- plain: one line per call (wrapped, names whole, when the terminal's width is known) ----


def plain_lines(calls: CallList, columns: int | None = None, titled: bool = False) -> list[str]:
    """One line per call; a title only when asked for, or to say that nothing is due."""
    lines = [heading(calls)] if titled or not calls.calls else []
    for call in calls.calls:
        first = call.first
        parts = [
            when(first, calls.today),
            _keep(call.account),
            "—",
            _keep(whom(call)),
            "—",
            f"{label(first.reason)}:",
            one_line(why(first)),
            f"[{first.key}]",
            folded(call),
            _keep(handed_away(call, calls.person)),
            _keep(risk_text(call)),
        ]
        line = " ".join(p for p in parts if p)
        lines += _wrap(line, columns)
    return lines


def _keep(text: str) -> str:
    """Text that must not be split over lines (a name): its spaces are non-breaking while
    the line is wrapped."""
    return one_line(text).replace(" ", NBSP)


def _wrap(line: str, columns: int | None) -> list[str]:
    if columns is None or len(line) <= columns:
        return [line.replace(NBSP, " ")]
    wrapped = textwrap.wrap(
        line,
        width=columns,
        subsequent_indent=INDENT,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [w.replace(NBSP, " ") for w in wrapped]


# -- table: Rich, one row per call on a wide terminal, two lines per call on a narrow one --


def print_table(calls: CallList) -> None:
    from rich.text import Text

    console = console_out()
    console.print(Text(heading(calls), style="bold"))
    if not calls.calls:
        return
    if console.width >= WIDE:
        console.print(_wide_table(calls))
    else:
        for row in _narrow_rows(calls, console.width):
            console.print(row, crop=True, overflow="ellipsis", no_wrap=True)


def _wide_table(calls: CallList) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(_("when"), no_wrap=True)
    table.add_column(_("customer"), no_wrap=True, overflow="ellipsis", ratio=2)
    table.add_column(_("call about"), ratio=5)
    table.add_column(_("risk"), no_wrap=True, justify="right")
    for call in calls.calls:
        first = call.first
        late = Text(when(first, calls.today), style="red" if first.overdue_days else "")
        customer = Text(one_line(call.account), style="bold")
        customer.append("\n" + one_line(whom(call)))
        if handed := handed_away(call, calls.person):
            customer.append("\n" + one_line(handed), style="magenta")
        about = Text(f"{label(first.reason)}: ", style="bold")
        about.append(one_line(why(first)))
        about.append(f" [{first.key}]", style="dim")
        if more := folded(call):
            about.append("\n" + one_line(more), style="dim")
        score = Text(str(call.risk.score) if call.risk else "–")
        table.add_row(late, customer, about, score)
    return table


def _narrow_rows(calls: CallList, columns: int) -> Iterator[Any]:
    """Per call: the customer and whom to call; then when and what, and why, indented."""
    from rich.text import Text

    for call in calls.calls:
        first = call.first
        head = Text(one_line(call.account), style="bold")
        head.append(" — " + one_line(whom(call)))
        tail = " ".join(x for x in (handed_away(call, calls.person), risk_text(call)) if x)
        if tail:
            room = columns - len(head.plain) - len(tail) - 2
            head.append(" " * max(1, room) + one_line(tail))
        yield head
        late = when(first, calls.today)
        line = Text(INDENT)
        line.append(late, style="red" if first.overdue_days else "")
        line.append(f" · {what(first)}")
        if more := folded(call):
            line.append(" · " + one_line(more), style="dim")
        for text in _wrap_text(line, columns):
            yield text
        for text in _wrap(INDENT + one_line(why(first)), columns - 1):
            yield Text(text if text.startswith(INDENT) else INDENT + text, style="italic")


def _wrap_text(line: Any, columns: int) -> Sequence[Any]:
    """A styled line wrapped at word boundaries, continuation lines indented."""
    wrapped = line.wrap(console_out(), columns - len(INDENT))
    out = []
    for n, part in enumerate(wrapped):
        if n:
            part.pad_left(len(INDENT) * 2)
        out.append(part)
    return out
