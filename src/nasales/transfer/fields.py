"""A file's columns as the fields of a kind: `--map`, the header, the row parser."""

from collections.abc import Callable, Iterable

from nasales.errors import Invalid
from nasales.i18n import _
from nasales.transfer.cells import row_parser
from nasales.transfer.kinds import KINDS, Kind
from nasales.transfer.reading import Table, read_table


def parse_map(pairs: Iterable[str], kind: str) -> dict[str, str]:
    """`SRC=FIELD` options as {source column (casefolded): field}."""
    allowed = tuple(f.name for f in KINDS[kind].readable)
    mapping = {}
    for pair in pairs:
        src, sep, target = pair.partition("=")
        target = target.strip().lower()
        if not sep or not src.strip() or not target:
            raise Invalid(
                _("bad --map {pair!r}: use SOURCE=FIELD, e.g. close_date=signed_on").format(
                    pair=pair
                )
            )
        if target not in allowed:
            raise Invalid(
                _("bad --map {pair!r}: {kind} have the fields {fields}").format(
                    pair=pair, kind=kind, fields=", ".join(allowed)
                )
            )
        mapping[src.strip().casefold()] = target
    return mapping


def table_of(lines: Iterable[str], kind: Kind, mapping: dict[str, str], name: str) -> Table:
    """The file's header resolved to `kind`'s fields, and its rows."""
    required = tuple(f.name for f in kind.fields if f.required)
    return read_table(lines, tuple(f.name for f in kind.readable), required, mapping, name)


def parser(table: Table, kind: Kind) -> Callable[[list[str]], tuple[list, list[str]]]:
    """Cells to values, in the order of `kind.readable`, for the columns this file has."""
    place = {f.name: i for i, f in enumerate(kind.readable)}
    plan = []
    for name, index in table.columns.items():
        f = kind.field(name)
        plan.append((place[name], index, f.reader.bind(name, table.decimal), f.required, name))
    return row_parser(plan, [f.empty for f in kind.readable])
