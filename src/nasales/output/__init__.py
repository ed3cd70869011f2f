"""How lists are shown: chosen once (table, plain, json, csv) and used by every list command."""

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from nasales.transfer.csvsafe import guard

if TYPE_CHECKING:
    from nasales.calls import Call


# C0 and C1 control characters (newlines, ESC of terminal escape codes, …) print as a space:
# one call is one line of a cron mail, and stored text never drives the terminal.
_CONTROLS = {code: " " for code in (*range(32), *range(127, 160))}


def one_line(text: object) -> str:
    return str(text).translate(_CONTROLS)


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"


def resolve(fmt: Format | None) -> Format:
    """The default: a Rich table on a terminal, plain lines otherwise (cron mail)."""
    if fmt is not None:
        return fmt
    return Format.table if sys.stdout.isatty() else Format.plain


CALL_COLUMNS = (
    "key",
    "reason",
    "account",
    "order",
    "due",
    "overdue_days",
    "value",
    "owner",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "risk",
    "why",
)


def _flat(call: "Call") -> dict[str, Any]:
    row = call.as_dict()
    person = row.pop("contact") or {}
    for field in ("name", "role", "phone", "email"):
        row[f"contact_{field}"] = person.get(field)
    return row


def _person(contact: dict[str, Any] | None) -> str:
    if not contact:
        return ""
    bits = [contact["name"]]
    if contact.get("role"):
        bits.append(contact["role"])
    if contact.get("phone"):
        bits.append(contact["phone"])
    return ", ".join(bits)


def print_calls(calls: Sequence["Call"], fmt: Format, title: str, quiet: bool = False) -> None:
    if not calls and quiet:
        return
    if fmt is Format.json:
        write_json([c.as_dict() for c in calls])
    elif fmt is Format.csv:
        write_csv(CALL_COLUMNS, (_flat(c) for c in calls))
    elif fmt is Format.plain:
        if not calls:
            print(f"{title}: nothing due.")
        for c in calls:
            i, who = c.item, _person(c.contact)
            late = f" (+{i.overdue_days}wd)" if i.overdue_days else ""
            person = f" — call {who}" if who else ""
            risk = f"risk {c.risk.score}"
            line = f"{i.due}{late} {i.reason} {i.account}{person} — {i.why} [{i.key}] {risk}"
            print(one_line(line))
    else:
        _table(calls, title)


def _table(calls: Sequence["Call"], title: str) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console_out()
    if not calls:
        console.print(Text(f"{title}: nothing due."))
        return
    table = Table(title=Text(f"{title}: {len(calls)} to call"), show_lines=False)
    for header in ("due", "reason", "account", "call", "risk", "why", "key"):
        table.add_column(header, overflow="fold", no_wrap=header in ("due", "risk", "key"))
    for c in calls:
        i = c.item
        due = f"{i.due}" + (f" +{i.overdue_days}" if i.overdue_days else "")
        cells = (i.reason, i.account, _person(c.contact), c.risk.score, i.why, i.key)
        table.add_row(
            Text(due, style="red" if i.overdue_days else ""), *(Text(one_line(x)) for x in cells)
        )
    console.print(table)


def console_out():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def write_json(data: Any) -> None:
    """A list as a JSON array with one object per line, anything else indented."""
    if isinstance(data, list):
        write_json_array(data)
    else:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def write_json_array(rows: Iterable[Any], out: TextIO | None = None) -> int:
    """Rows as a JSON array, one object per line, streamed: Python's C encoder (which does
    not indent) and no list in memory. Returns how many rows."""
    out = out or sys.stdout
    count = 0
    for row in rows:
        out.write(",\n" if count else "[\n")
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]], out: Any = None) -> None:
    writer = csv.writer(out or sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard(row.get(c)) for c in columns])
