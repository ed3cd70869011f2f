"""Export every record of a kind as `import` reads it back (PRODUCT.md §5).

The kinds and their fields are declared in `transfer/kinds.py`; the query is built from the
declaration (`store.bulk.export_query`). Every value is written in the form import reads it
into (the same text normalisation), so export -> import into an empty database -> export
gives the same bytes, even for a database an older release wrote. CSV cells are guarded
against formula injection (csvsafe); JSON keeps numbers, booleans and nulls. Rows come in
an order that does not depend on database ids or on the database's collation.
"""

from collections.abc import Callable, Generator
from contextlib import closing
from typing import TYPE_CHECKING, Any, TextIO

from nasales.domain.values import MAX_AMOUNT, ambiguous
from nasales.output import Format, write_json_array
from nasales.output.csvsafe import csv_writer, guard
from nasales.store.bulk import export_query
from nasales.transfer.cells import DAY
from nasales.transfer.kinds import KINDS, NAMED_BY, Kind

if TYPE_CHECKING:
    from nasales.store.db import Database


def query(kind: Kind, dialect: str) -> str:
    columns = [(f.to, NAMED_BY.get(f.refers)) for f in kind.fields]
    by_name = {f.name: f for f in kind.fields}
    sort = []
    for name in kind.sort:
        f = by_name.get(name)
        sort.append((f.to, f.reader is not DAY) if f else (name, True))
    return export_query(dialect, kind.table, columns, sort)


def records(db: "Database", kind: str) -> Generator[dict[str, Any], None, None]:
    """Every record of `kind` as {field: value}, streamed, in the form import reads."""
    declared = KINDS[kind]
    fields = [(f.name, f.reader.show, f.empty) for f in declared.fields]
    cursor = db.stream(query(declared, db.dialect))
    try:
        for row in cursor:
            record = {}
            for (name, show, empty), value in zip(fields, row, strict=True):
                shown = show(value)
                record[name] = empty if shown is None else shown
            yield record
    finally:
        cursor.close()  # on PostgreSQL a named cursor, which lives until closed


def cell(value: Any) -> str:
    """A value as import reads it: yes/no flags, whole numbers without `.0`, amounts never
    ambiguous (transfer/amounts.py), guarded text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_AMOUNT:
        return str(int(value))
    if isinstance(value, float) and ambiguous(text := repr(value)):
        return text + "0"  # `12.345` could be 12 345 to import; `12.3450` shows its point
    return guard(value)


def export_records(db: "Database", kind: str, fmt: Format, out: TextIO) -> int:
    """Write every record of `kind` to `out` as csv or json; return how many."""
    return WRITERS[fmt](db, kind, out)


def _json(db: "Database", kind: str, out: TextIO) -> int:
    with closing(records(db, kind)) as rows:  # its cursor closes before the database does
        return write_json_array(rows, out)


def _csv(db: "Database", kind: str, out: TextIO) -> int:
    count = 0
    writer = csv_writer(out)
    writer.writerow(KINDS[kind].names)
    with closing(records(db, kind)) as rows:  # also when the reader stops reading
        for record in rows:
            writer.writerow([cell(v) for v in record.values()])
            count += 1
    return count


# streamed to a file or stdout, counted: the export's renderers
WRITERS: dict[Format, Callable[["Database", str, TextIO], int]] = {
    Format.csv: _csv,
    Format.json: _json,
}
