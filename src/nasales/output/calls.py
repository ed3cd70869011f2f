"""The call list (`today`, `agenda`, `digest`): one line or row per call in the human formats,
one record per item in JSON and CSV (scripts act on items)."""

import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from nasales.domain.calls import Call
from nasales.domain.facts import same_person
from nasales.domain.playbook import Item
from nasales.domain.risk import Risk
from nasales.domain.vocabulary import shown_key
from nasales.i18n import _, date_text, ngettext
from nasales.output import (
    SEP,
    Format,
    Renderers,
    console_out,
    one_line,
    render,
    say,
    too_narrow,
    write_csv,
    write_json,
)
from nasales.output.sentences import label, lateness, why
from nasales.output.sentences import when as due_words

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
        call = self._first_call.get(account)
        return call.contact if call else None

    def risk_of(self, item: Item) -> Risk | None:
        """The doubt risk the item's row shows: its account's on the day it is listed."""
        return self._risk_on.get((item.account, item.listed_on or self.today))

    @cached_property
    def _first_call(self) -> dict[str, Call]:
        """Each account's first call: one pass, not one search per item."""
        first: dict[str, Call] = {}
        for call in self.calls:
            first.setdefault(call.account, call)
        return first

    @cached_property
    def _risk_on(self) -> dict[tuple[str, date], Risk | None]:
        return {(c.account, c.first.listed_on or self.today): c.risk for c in self.calls}


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
    return [item_record(i, calls.contact(i.account), calls.risk_of(i)) for i in calls.items]


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


def print_calls(calls: CallList, fmt: Format | None, quiet: bool = False) -> None:
    if not calls.items and quiet:
        return
    render(RENDERERS, fmt, calls)


def _json(calls: CallList) -> None:
    write_json(records(calls))


def _csv(calls: CallList) -> None:
    write_csv(CSV_COLUMNS, (_flat(r) for r in records(calls)))


def _plain(calls: CallList) -> None:
    say(*plain_lines(calls))


def heading(calls: CallList) -> str:
    if not calls.calls:
        return _("{title}: nothing due.").format(title=calls.title)
    n = len(calls.calls)
    return ngettext("{title}: {n} call", "{title}: {n} calls", n).format(title=calls.title, n=n)


# -- the parts of a call, in words ----------------------------------------------------------


def when(item: Item, today: date) -> str:
    """When to call, true on the day the row speaks of: an agenda's call that shows only
    after its due day (snoozed past it) names that day and how late it will be then."""
    day = item.listed_on or today
    if day > max(item.due, today):
        return _("on {day}: {when}").format(
            day=date_text(day), when=due_words(item.due, item.overdue_days, day)
        )
    return due_words(item.due, item.overdue_days, today)


def whom(call: Call) -> str:
    person = call.contact
    if not person:
        return _("no contact person on file")
    bits = [str(person["name"])]
    bits += [str(person[f]) for f in ("role", "phone") if person.get(f)]
    return ", ".join(bits)


def what(item: Item) -> str:
    """The label and the key `done` takes: "promise [manual:4]"."""
    return f"{label(item.reason)} [{_whole(shown_key(item.key))}]"


FOLDED_KEYS = 6  # more keys than this on one line help nobody: the rest is counted


def folded(call: Call) -> str:
    """The call's other items: "+2: promise [manual:4], agreement moment [agreement:JM-1]";
    when there are many (an imported book without call history), counted per label, with
    the first keys and the way to see them all."""
    rest = call.items[1:]
    if len(rest) <= FOLDED_KEYS:
        return f"+{len(rest)}: " + ", ".join(what(i) for i in rest) if rest else ""
    counts: dict[str, int] = {}
    for item in rest:
        counts[label(item.reason)] = counts.get(label(item.reason), 0) + 1
    kinds = ", ".join(f"{name} ×{n}" for name, n in counts.items())
    keys = " ".join(f"[{_whole(shown_key(i.key))}]" for i in rest[:FOLDED_KEYS])
    more = _("and {n} more (all keys: --format json)").format(n=len(rest) - FOLDED_KEYS)
    return f"+{len(rest)}: {kinds}: {keys} {more}"


def handed_away(call: Call, person: str | None) -> str:
    """ "→ Piet" on the owner's list for a call handed to a colleague."""
    to = call.first.handed_to
    if to is None or (person is not None and same_person(to, person)):
        return ""
    return f"→ {to}"


def risk_text(call: Call) -> str:
    return _("risk {score}").format(score=call.risk.score) if call.risk else ""


def _whole(text: str) -> str:
    """Text that must not be split over lines (a name, a key): its spaces do not break."""
    return one_line(text).replace(" ", NBSP)


# -- plain: one line per call, whatever the width (cron mail, grep, a file; PRODUCT.md §3) --


def plain_lines(calls: CallList, titled: bool = False) -> list[str]:
    """One line per call, its fields apart (` · `): when, the customer, whom to call, what
    and why, the other items, a hand-off, the risk. A title only when asked for, or to say
    that nothing is due. Never wrapped, whatever COLUMNS says: a line is a call to whoever
    reads it with grep or a mail client (the table is the view that fits a terminal)."""
    lines = [heading(calls)] if titled or not calls.calls else []
    for call in calls.calls:
        first = call.first
        parts = [
            when(first, calls.today),
            _whole(call.account),
            _whole(whom(call)),
            f"{what(first)}: {one_line(why(first))}",
            folded(call),
            _whole(handed_away(call, calls.person)),
            _whole(risk_text(call)),
        ]
        lines.append(SEP.join(p for p in parts if p).replace(NBSP, " "))
    return lines


def wrap_line(line: str, columns: int, indent: str = "") -> list[str]:
    """`line` wrapped at `columns` (continuation lines indented), non-breaking spaces kept
    whole and printed as spaces."""
    if len(indent + line) <= columns:
        return [(indent + line).replace(NBSP, " ")]
    wrapped = textwrap.wrap(
        line,
        width=max(20, columns),
        initial_indent=indent,
        subsequent_indent=indent + INDENT,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [w.replace(NBSP, " ") for w in wrapped]


# -- table: Rich, one row per call on a wide terminal, two lines per call on a narrow one --


def print_table(calls: CallList) -> None:
    from rich.text import Text

    if too_narrow():  # a table would split names and keys: whole lines, the terminal folds
        say(*plain_lines(calls, titled=True))
        return
    console = console_out()
    console.print(Text(heading(calls), style="bold"))
    if not calls.calls:
        return
    if console.width >= WIDE:
        console.print(_wide_table(calls))
        return
    page = Text()  # one print for the whole list: Rich's cost is per print, not per line
    for call in calls.calls:
        for line, style in _narrow_lines(call, calls, console.width):
            page.append(line + "\n", style=style)
    page.rstrip()
    console.print(page, no_wrap=True, crop=False, overflow="ignore")  # never cut a name


def _wide_table(calls: CallList) -> Any:
    """Columns: when, the customer and whom to call (names whole), what and why, the risk."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    customers = [_customer_lines(c, calls.person) for c in calls.calls]
    name_width = min(36, max(len(line) for lines in customers for line in lines))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)  # never wider than
    table.add_column(_("when"), no_wrap=True)  # its content, whatever COLUMNS says
    table.add_column(_("customer"), no_wrap=True, overflow="ellipsis", min_width=name_width)
    table.add_column(_("call about"), ratio=1)
    table.add_column(_("risk"), no_wrap=True, justify="right")
    for call, lines in zip(calls.calls, customers, strict=True):
        first = call.first
        late = Text(date_text(first.due))
        day = first.listed_on or calls.today
        if day > max(first.due, calls.today):  # an agenda's call snoozed past its due day
            shown = _("on {day}: {when}").format(
                day=date_text(day), when=lateness(first.overdue_days)
            )
            late.append("\n" + shown, "red" if first.overdue_days else "")
        elif first.due == calls.today:
            late.append("\n" + lateness(0))
        elif first.due < calls.today and first.overdue_days:
            late.append("\n" + lateness(first.overdue_days), "red")
        customer = Text(lines[0], style="bold")
        for line in lines[1:]:
            customer.append("\n" + line, style="magenta" if line.startswith("→") else "")
        about = Text(label(first.reason), style="bold")
        about.append(f" [{shown_key(first.key)}]: ", style="dim")
        about.append(one_line(why(first)))
        if more := folded(call):
            about.append("\n" + more.replace(NBSP, " "), style="dim")
        table.add_row(late, customer, about, Text(str(call.risk.score) if call.risk else "–"))
    return table


def _customer_lines(call: Call, person: str | None) -> list[str]:
    """The account, whom to call (name and role, then phone), and a hand-off, one per line."""
    lines = [one_line(call.account)]
    contact = call.contact
    if contact:
        lines.append(
            one_line(contact["name"] + (f" ({contact['role']})" if contact["role"] else ""))
        )
        if contact.get("phone"):
            lines.append(one_line(contact["phone"]))
    else:
        lines.append(_("no contact person on file"))
    if handed := handed_away(call, person):
        lines.append(one_line(handed))
    return lines


def _narrow_lines(call: Call, calls: CallList, columns: int) -> Iterator[tuple[str, str]]:
    """Two lines per call: the customer and whom to call; then when, what (and what else),
    the hand-off and the risk; then why, indented. Names and keys are never split."""
    contact = call.contact or {}
    name = one_line(contact.get("name") or _("no contact person on file"))
    details = [one_line(contact[f]) for f in ("role", "phone") if contact.get(f)]
    phone = [one_line(contact["phone"])] if contact.get("phone") else []
    for extra in (details, phone, []):  # the role first gives way, then the phone
        head = f"{one_line(call.account)} — " + ", ".join([name, *extra])
        if len(head) <= columns:
            break
    yield head, "bold"
    first = call.first
    parts = [when(first, calls.today), what(first), folded(call)]
    parts += [_whole(handed_away(call, calls.person)), _whole(risk_text(call))]
    for line in wrap_line(SEP.join(p for p in parts if p), columns, INDENT):
        yield line, "red" if first.overdue_days else ""
    for line in wrap_line(one_line(why(first)), columns, INDENT):
        yield line, "italic"


RENDERERS: Renderers[CallList] = {
    Format.table: print_table,
    Format.plain: _plain,
    Format.json: _json,
    Format.csv: _csv,
}
