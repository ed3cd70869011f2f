"""Export every record of a kind as `import` reads it back (PRODUCT.md §5).

CSV cells are guarded against formula injection (csvsafe); JSON keeps numbers, booleans and
nulls. Rows come in a stable order that does not depend on database ids, so two databases
with the same records export the same bytes.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from nasales.output import write_json_array
from nasales.output.csvsafe import csv_writer, guard
from nasales.transfer.importer import FIELDS

if TYPE_CHECKING:
    from nasales.store.db import Database

# One SELECT per kind, its columns named and ordered as FIELDS[kind].
QUERIES = {
    "accounts": """
        SELECT a.name, a.owner, a.tier, a.clv, a.notes
        FROM account a ORDER BY a.name_key""",
    "contacts": """
        SELECT a.name, c.name, c.role, c.phone, c.email, c.is_primary, c.do_not_call
        FROM contact c JOIN account a ON a.id = c.account_id
        ORDER BY a.name_key, c.name, c.id""",
    "orders": """
        SELECT o.ref, a.name, o.title, o.value, o.status, o.signed_on, o.delivered_on,
               o.competitor, o.decision
        FROM orders o JOIN account a ON a.id = o.account_id
        ORDER BY o.signed_on, o.ref""",
    "touchpoints": """
        SELECT a.name, t.kind, t.date, o.ref, c.name, t.note, t.mood, t.made_by
        FROM touchpoint t JOIN account a ON a.id = t.account_id
        LEFT JOIN orders o ON o.id = t.order_id
        LEFT JOIN contact c ON c.id = t.contact_id
        ORDER BY t.date, t.id""",
    "hurdles": """
        SELECT o.ref, h.description, h.raised_on, h.resolved_on
        FROM hurdle h JOIN orders o ON o.id = h.order_id
        ORDER BY h.raised_on, o.ref, h.id""",
    "reminders": """
        SELECT a.name, o.ref, r.text, r.due, r.done_on
        FROM reminder r JOIN account a ON a.id = r.account_id
        LEFT JOIN orders o ON o.id = r.order_id
        ORDER BY r.due, a.name_key, r.id""",
}
FLAGS = ("primary", "do_not_call")
NUMBERS = ("clv", "value")


def records(db: "Database", kind: str) -> Iterator[dict[str, Any]]:
    """Every record of `kind` as {field: value}, streamed."""
    fields = FIELDS[kind]
    for row in db.stream(QUERIES[kind]):
        record = dict(zip(fields, row, strict=True))
        for flag in FLAGS:
            if flag in record:
                record[flag] = bool(record[flag])
        for name, value in record.items():
            if hasattr(value, "isoformat"):
                record[name] = value.isoformat()
        yield record


def cell(value: Any) -> str:
    """A value as import reads it: yes/no flags, whole numbers without `.0`, guarded text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return guard(value)


def export_records(db: "Database", kind: str, fmt: str, out: TextIO) -> int:
    """Write every record of `kind` to `out` as csv or json; return how many."""
    if fmt == "json":
        return write_json_array(records(db, kind), out)
    count = 0
    writer = csv_writer(out)
    writer.writerow(FIELDS[kind])
    for record in records(db, kind):
        writer.writerow([cell(v) for v in record.values()])
        count += 1
    return count
